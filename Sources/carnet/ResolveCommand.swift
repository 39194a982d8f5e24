import ArgumentParser
import Foundation
import Sync

/// `carnet resolve COMMITMENT FIELD (--keep | --take-lost | --value TEXT)`, or the long form
/// `carnet resolve FILE FIELD …` (as `carnet conflicts` lists them).
struct ResolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: "Settle one conflict with an ordinary commit: keep the current value, take the lost one back, or write a new one.",
        discussion: """
            Short form: carnet resolve 05 m4.note --keep  (a commitment, by id or number, and the field as
            carnet conflicts shows it; milestones. and evidence. may be left out).
            Long form: carnet resolve commitments/05/progress.yaml milestones.m4.note --keep
            """)

    @OptionGroup var repository: RepositoryOptions
    @Argument(help: "The commitment (05 or 5), or the record file as listed by carnet conflicts.") var target: String
    @Argument(help: "The field, e.g. m2.completion (or milestones.m2.completion).") var field: String
    @Flag(help: "Keep the value the record has now.") var keep = false
    @Flag(name: .customLong("take-lost"), help: "Put the lost value back.") var takeLost = false
    @Option(help: "Write this text instead (both values combined, say); checked like any edit.") var value: String?

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

/// What `carnet resolve` says: one place, so it can move to the message catalogue.
enum ResolveText {
    enum How { case keep, takeLost, value }

    static let chooseOne = "say which value stays: --keep, --take-lost or --value TEXT"

    static func settled(_ field: String, _ file: String, _ how: How, _ commit: String) -> String {
        let what: String
        switch how {
        case .keep: what = "kept the current value"
        case .takeLost: what = "took the lost value back"
        case .value: what = "wrote the value given"
        }
        return "settled \(field) in \(file) (\(what)): commit \(commit.prefix(8))"
    }
}
