import Foundation
import Git
import Messages
import Records

/// The language a person chose for this working copy's messages (`carnet language fr`), kept in
/// the copy's git configuration (`carnet.language`): it is this machine's choice, not the plan's.
extension WorkingCopy {
    static let languageKey = "carnet.language"

    public var languageSetting: String? {
        (try? repository.configString(Self.languageKey)).flatMap { $0 }.flatMap(LanguageChoice.code)
    }

    public func setLanguageSetting(_ code: String) throws {
        try git { try repository.setConfigString(Self.languageKey, code) }
    }

    /// The plan's languages, first the plan's own (empty when plan.yaml cannot be read).
    public var planLanguages: [String] {
        PlanSnapshot(root: root, only: []).plan?.record?.languages ?? []
    }
}
