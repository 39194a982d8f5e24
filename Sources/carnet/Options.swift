import ArgumentParser
import Foundation
import Records
import Workspace

/// Where the plan repository is: shared by every command that works in one.
struct RepositoryOptions: ParsableArguments {
    @Option(name: [.customShort("C"), .customLong("repo")], help: "The plan repository (default: the current folder).")
    var repository: String = "."

    func open() throws -> WorkingCopy {
        try Failure.guarded { try WorkingCopy(at: repository) }
    }
}

/// For text written into a record: which language it is in.
struct LanguageOption: ParsableArguments {
    @Option(name: .customLong("lang"), help: "Language of the texts given (default: the plan's own language).")
    var language: String?

    func validate() throws {
        if let language, !LanguageCode.isValid(language) {
            throw ValidationError("'\(language)' is not a language code: use two or three lowercase letters (fr, en)")
        }
    }
}

struct JSONOption: ParsableArguments {
    @Flag(name: .customLong("json"), help: "Print the result as JSON, for scripts.")
    var json = false
}

extension PlanDate: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

extension CompletionLevel: ExpressibleByArgument {
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}
