import Foundation
import Records

extension WorkingCopy {
    /// Sets an evidence entry's title in one of the plan's languages (nil: its first): a
    /// translation is written beside the original and stamped as every text is (TranslationStamp),
    /// so a title changed in the first language marks its translations stale. Through the
    /// engine of every progress edit (access rule, validator, one commit).
    @discardableResult
    public func setEvidenceTitle(_ commitmentID: String, _ evidenceID: String, title: String, language: String? = nil) throws -> String {
        let commitmentID = try self.commitmentID(for: commitmentID)
        return try editProgress(commitmentID) { progress, _, planLanguage in
            guard let index = progress.evidence.firstIndex(where: { $0.id == evidenceID }) else {
                throw WorkspaceError.usage(EvidenceMessage.noSuchEvidence(commitmentID, evidenceID, progress.evidence.map(\.id)))
            }
            progress.evidence[index].title = progress.evidence[index].title.setting(title, language: language, planLanguage: planLanguage)
            return "Commitment \(commitmentID), evidence \(evidenceID): title" + (language.map { " (\($0))" } ?? "")
        }
    }
}
