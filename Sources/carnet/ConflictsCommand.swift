import ArgumentParser
import Foundation
import Records
import Sync

/// `carnet conflicts [--json]`
struct ConflictsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conflicts",
        abstract: "Values that lost a concurrent edit, kept in the records until settled.",
        discussion: "Settle one with: carnet resolve COMMITMENT FIELD --keep | --take-lost | --value TEXT")

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var output: JSONOption

    func run() throws {
        let conflicts = try Failure.guarded { try ConflictList.load(at: repository.repository) }
        if output.json { return Console.json(conflicts) }
        if conflicts.isEmpty { return Console.line(ConflictsText.none) }
        for c in conflicts { ConflictsText.lines(c).forEach { Console.line($0) } }
        Console.line(ConflictsText.summary(conflicts.count))
    }
}

/// What `carnet conflicts` says: one place, so it can move to the message catalogue.
enum ConflictsText {
    static let none = "No conflicts to settle."

    static func lines(_ c: SyncOutcome.Conflict) -> [String] {
        [
            "\(c.path)  \(c.field)",
            "    kept: \(indent(c.kept))\(who(c.keptBy, c.keptAt, unknown: "author not found in history"))",
            "    lost: \(indent(c.lost))\(who(c.lostBy, c.lostAt, unknown: "author not recorded"))",
            "    settle: carnet resolve \(short(c)) --keep | --take-lost | --value TEXT",
        ]
    }

    static func summary(_ n: Int) -> String {
        "\n\(n) conflict\(n == 1 ? "" : "s") to settle"
    }

    /// The short form `carnet resolve` takes: commitment and field, or the file for other records.
    static func short(_ c: SyncOutcome.Conflict) -> String {
        switch PlanLayout.kind(of: c.path) {
        case .progress(let id), .commitment(let id):
            let field = c.field.hasPrefix("milestones.") ? String(c.field.dropFirst("milestones.".count)) : c.field
            return "\(id) \(quoted(field))"
        default:
            return "\(c.path) \(quoted(c.field))"
        }
    }

    private static func quoted(_ s: String) -> String { s.contains(" ") ? "\"\(s)\"" : s }

    private static func indent(_ s: String) -> String { s.replacingOccurrences(of: "\n", with: "\n          ") }

    private static func who(_ by: String?, _ at: String?, unknown: String) -> String {
        let parts = [by, at].compactMap { $0 }
        return "   (\(parts.isEmpty ? unknown : parts.joined(separator: ", ")))"
    }
}
