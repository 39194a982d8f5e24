import ArgumentParser
import Foundation
import Messages
import Records
import Workspace

/// Where the plan repository is: shared by every command that works in one.
struct RepositoryOptions: ParsableArguments {
    // Optional, so that ArgumentParser adds no "(default: .)" in English to the help.
    @Option(name: [.customShort("C"), .customLong("repo")],
            help: ArgumentHelp(Catalogue.text("help.option.repo"), valueName: Catalogue.text("help.value.folder")))
    var path: String?

    /// The folder given, or the current one.
    var repository: String { path ?? "." }

    func open() throws -> WorkingCopy {
        try Failure.guarded { try WorkingCopy(at: repository) }
    }
}

/// `--lang CODE` on a command that only prints: the language of its messages. Speaking has
/// read it before parsing (the parser's own errors must already speak it); an unknown code
/// falls back silently (docs/LANGUAGES.md).
struct MessagesLanguageOption: ParsableArguments {
    @Option(name: .customLong("lang"),
            help: ArgumentHelp(Catalogue.text("help.option.lang-messages", ["codes": .text(Wording.languageCodes)]), valueName: Catalogue.text("help.value.code")))
    var language: String?
}

/// `--lang CODE` on a command that writes text into a record: the language of the texts given,
/// and of the messages.
struct LanguageOption: ParsableArguments {
    @Option(name: .customLong("lang"),
            help: ArgumentHelp(Catalogue.text("help.option.lang-texts"), valueName: Catalogue.text("help.value.code")))
    var language: String?

    func validate() throws {
        if let language, !LanguageCode.isValid(language) {
            throw ValidationError(Catalogue.text("cli.lang.not-a-code", ["code": .text(language)]))
        }
    }
}

struct JSONOption: ParsableArguments {
    @Flag(name: .customLong("json"), help: ArgumentHelp(Catalogue.text("help.option.json")))
    var json = false
}

extension PlanDate: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

extension CompletionLevel: ExpressibleByArgument {
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}
