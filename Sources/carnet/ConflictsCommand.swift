import ArgumentParser
import Foundation
import Messages
import Records
import Sync

/// `carnet conflicts [--json]`
struct ConflictsCommand: ParsableCommand {
    static let configuration: CommandConfiguration = {
        CommandConfiguration(commandName: "conflicts", abstract: Catalogue.text("help.conflicts.abstract"),
                             discussion: Catalogue.text("help.conflicts.discussion"))
    }()

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var output: JSONOption
    @OptionGroup var language: MessagesLanguageOption

    func run() throws {
        let conflicts = try Failure.guarded { try ConflictList.load(at: repository.repository) }
        if output.json { return Console.json(conflicts) }
        if conflicts.isEmpty { return Console.line(Catalogue.text("cli.conflicts.none")) }
        for c in conflicts { ConflictsText.lines(c).forEach { Console.line($0) } }
        Console.line("")
        Console.line(Catalogue.text("cli.conflicts.summary", ["count": .number(conflicts.count)]))
    }
}

/// What `carnet conflicts` (and `carnet show`, for one commitment) says of a conflict.
enum ConflictsText {
    static func lines(_ c: SyncOutcome.Conflict) -> [String] {
        ["\(c.path)  \(c.field)"]
            + values(c, indent: "    ", limit: nil, sayUnknown: true)
            + ["    " + Catalogue.text("cli.conflicts.settle", ["target": .text(short(c))])]
    }

    /// The kept and the lost value, each with who wrote it and when. Shortened to `limit`
    /// characters on one line, or whole with its lines indented; an author history does not
    /// name is said so when `sayUnknown`.
    static func values(_ c: SyncOutcome.Conflict, indent: String, limit: Int?, sayUnknown: Bool) -> [String] {
        [("cli.conflicts.kept", c.kept, c.keptBy, c.keptAt, "cli.conflicts.kept-author-unknown"),
         ("cli.conflicts.lost", c.lost, c.lostBy, c.lostAt, "cli.conflicts.lost-author-unknown")].map { key, value, by, at, unknown in
            let shown = limit.map { ShowText.shorten(value, $0) } ?? value.replacingOccurrences(of: "\n", with: "\n" + indent + "      ")
            let parts = [by, at].compactMap { $0 }
            let who = parts.isEmpty ? (sayUnknown ? Catalogue.text(unknown) : nil) : parts.joined(separator: ", ")
            return indent + Catalogue.text(key, ["value": .text(shown)]) + (who.map { "   (\($0))" } ?? "")
        }
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
}
