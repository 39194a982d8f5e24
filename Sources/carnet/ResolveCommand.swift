import ArgumentParser
import Foundation
import Messages
import Sync

/// `carnet resolve COMMITMENT FIELD (--keep | --take-lost | --value TEXT)`, or the long form
/// `carnet resolve FILE FIELD …` (as `carnet conflicts` lists them).
struct ResolveCommand: ParsableCommand {
    static let configuration: CommandConfiguration = {
        CommandConfiguration(commandName: "resolve", abstract: Catalogue.text("help.resolve.abstract"),
                             discussion: Catalogue.text("help.resolve.discussion"))
    }()

    @OptionGroup var repository: RepositoryOptions
    @Argument(help: ArgumentHelp(Catalogue.text("help.resolve.target"), valueName: Catalogue.text("help.value.commitment")))
    var target: String
    @Argument(help: ArgumentHelp(Catalogue.text("help.resolve.field"), valueName: Catalogue.text("help.value.field")))
    var field: String
    @Flag(help: ArgumentHelp(Catalogue.text("help.resolve.keep"))) var keep = false
    @Flag(name: .customLong("take-lost"), help: ArgumentHelp(Catalogue.text("help.resolve.take-lost"))) var takeLost = false
    @Option(help: ArgumentHelp(Catalogue.text("help.resolve.value"), valueName: Catalogue.text("help.value.text"))) var value: String?
    @OptionGroup var language: MessagesLanguageOption

    func validate() throws {
        if [keep, takeLost, value != nil].filter({ $0 }).count != 1 {
            throw ValidationError(ResolveText.chooseOne)
        }
    }

    func run() throws {
        let root = try repository.open().root
        do {
            let (file, field) = try Failure.guarded { try ConflictResolver.locate(target, field: self.field, in: root.path) }
            let commit = try Failure.guarded {
                if let value {
                    return try ConflictResolver.resolve(in: repository.repository, file: file, field: field, value: value)
                }
                return try ConflictResolver.resolve(in: repository.repository, file: file, field: field, choice: keep ? .keep : .takeLost)
            }
            let shown = file.hasPrefix(root.path + "/") ? String(file.dropFirst(root.path.count + 1)) : file
            Console.line(ResolveText.settled(field, shown, keep ? .keep : value == nil ? .takeLost : .value, commit))
        } catch let failure as ConflictResolver.Failure {
            Console.error(failure.message)
            throw ExitCode(failure.exitCode)
        }
    }
}

/// What `carnet resolve` says.
enum ResolveText {
    enum How {
        case keep, takeLost, value

        var words: String {
            switch self {
            case .keep: Catalogue.text("cli.resolve.how.keep")
            case .takeLost: Catalogue.text("cli.resolve.how.take-lost")
            case .value: Catalogue.text("cli.resolve.how.value")
            }
        }
    }

    static var chooseOne: String { Catalogue.text("cli.resolve.choose-one") }

    static func settled(_ field: String, _ file: String, _ how: How, _ commit: String) -> String {
        Catalogue.text("cli.resolve.settled", ["field": .text(field), "file": .text(file), "commit": .text(String(commit.prefix(8))),
                                               "how": .text(how.words)])
    }
}
