import ArgumentParser
import Foundation
import Sync

/// `carnet conflicts [--json]`
struct ConflictsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conflicts",
        abstract: "Values that lost a concurrent edit, kept in the records until settled.",
        discussion: "Settle one with: carnet resolve FILE FIELD --keep | --take-lost")

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var output: JSONOption

    func run() throws {
        let conflicts = try Failure.guarded { try ConflictList.load(at: repository.repository) }
        if output.json { return Console.json(conflicts) }
        if conflicts.isEmpty { return Console.line("No conflicts to settle.") }
        for c in conflicts {
            Console.line("\(c.path)  \(c.field)")
            Console.line("    kept: \(c.kept.replacingOccurrences(of: "\n", with: "\n          "))")
            let by = [c.lostBy, c.lostAt].compactMap { $0 }.joined(separator: ", ")
            Console.line("    lost: \(c.lost.replacingOccurrences(of: "\n", with: "\n          "))\(by.isEmpty ? "" : "   (\(by))")")
        }
        Console.line("\n\(conflicts.count) conflict\(conflicts.count == 1 ? "" : "s"); settle with: carnet resolve FILE FIELD --keep | --take-lost")
    }
}
