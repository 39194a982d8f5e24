import ArgumentParser
import Foundation
import Records
import Sync
import Workspace

/// `carnet show C [--json]`: one commitment at a glance, for the ministry staff who report on it.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "One commitment at a glance: milestones, what is due or overdue, evidence, conflicts, last change.")

    @OptionGroup var repository: RepositoryOptions
    @Argument(help: "The commitment's id or number (05 or 5).") var commitment: String
    @Option(name: [.customLong("today"), .customLong("as-of")], help: "The day to judge due and overdue milestones by (default: today).")
    var today: PlanDate?
    @OptionGroup var language: LanguageOption
    @OptionGroup var output: JSONOption

    /// `carnet show --json`: the sheet's keys, plus `conflicts` (as `carnet conflicts --json` gives them).
    struct Report: Encodable {
        var sheet: CommitmentSheet
        var conflicts: [SyncOutcome.Conflict]

        func encode(to encoder: Encoder) throws {
            try sheet.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(conflicts, forKey: .conflicts)
        }
        private enum Key: String, CodingKey { case conflicts }
    }

    func run() throws {
        let copy = try repository.open()
        let sheet = try Failure.guarded(root: copy.root) {
            try copy.commitmentSheet(commitment, today: today ?? .today(), language: language.language)
        }
        let folder = PlanLayout.commitmentDir(sheet.id) + "/"
        let conflicts = try Failure.guarded { try ConflictList.load(at: copy.root.path) }.filter { $0.path.hasPrefix(folder) }
        if output.json { return Console.json(Report(sheet: sheet, conflicts: conflicts)) }
        for line in ShowText.lines(sheet, conflicts: conflicts) { Console.line(line) }
    }
}

/// What `carnet show` prints for a person: every sentence here, so it can move to the catalogue.
enum ShowText {
    static func lines(_ s: CommitmentSheet, conflicts: [SyncOutcome.Conflict]) -> [String] {
        var out: [String] = []
        out.append("Commitment \(s.number) (\(s.id)): \(s.title)")
        out.append("  Lead agency:  \(s.lead.name.map { "\($0) (\(s.lead.id))" } ?? s.lead.id)")
        out.append("  Period:       \(s.start) to \(s.end)")
        out.append("  Completion:   \(s.completion)")
        if let r = s.delayReason { out.append("  Reason for delay: \(r)") }
        out.append("")
        out.append("Milestones (as of \(s.asOf)):")
        for m in s.milestones {
            let actual = [m.actualStart.map { "started \($0)" }, m.actualEnd.map { "ended \($0)" }].compactMap { $0 }
            out.append("  \(m.id)  \(m.completion.padding(toLength: 12, withPad: " ", startingAt: 0)) planned \(m.plannedStart) to \(m.plannedEnd)"
                       + (actual.isEmpty ? "" : "; " + actual.joined(separator: ", ")))
            out.append("      \(shorten(m.activity, 100))")
            switch m.state {
            case "overdue": out.append("      OVERDUE by \(days(m.days ?? 0))")
            case "due": out.append("      due in \(days(m.days ?? 0))")
            default: break
            }
            if m.delayReasonMissing {
                out.append("      no reason for delay: add one with  carnet milestone set \(s.id) \(m.id) --delay-reason \"…\"")
            } else if let reason = m.delayReason {
                out.append("      reason for delay: \(shorten(reason, 100))")
            }
        }
        let overdue = s.milestones.filter { $0.state == "overdue" }.map(\.id)
        let due = s.milestones.filter { $0.state == "due" }.map(\.id)
        let missing = s.milestones.filter(\.delayReasonMissing).map(\.id)
        out.append("  \(s.milestones.filter { $0.completion == "complete" }.count) of \(s.milestones.count) complete"
                   + (overdue.isEmpty ? "" : "; overdue: \(overdue.joined(separator: ", "))")
                   + (due.isEmpty ? "" : "; due within a month: \(due.joined(separator: ", "))")
                   + (missing.isEmpty ? "" : "; reason for delay missing: \(missing.joined(separator: ", "))"))
        out.append("")
        if s.evidence.isEmpty {
            out.append("Evidence: none yet (carnet evidence add \(s.id) FILE, or --url ADDRESS)")
        } else {
            out.append("Evidence:")
            for e in s.evidence {
                out.append("  \(e.id)  \(e.title)" + (e.milestone.map { "  [milestone \($0)]" } ?? ""))
                out.append("      \(e.file ?? e.url ?? "")" + (e.added.map { "  (added \($0))" } ?? ""))
            }
        }
        out.append("")
        if conflicts.isEmpty {
            out.append("Conflicts: none")
        } else {
            out.append("Conflicts to settle (\(conflicts.count)): carnet conflicts shows them, carnet resolve \(s.id) FIELD settles one")
            for c in conflicts {
                out.append("  \(c.path.split(separator: "/").last ?? "")  \(c.field)")
                out.append("      kept: \(shorten(c.kept, 80))" + who(c.keptBy, c.keptAt))
                out.append("      lost: \(shorten(c.lost, 80))" + who(c.lostBy, c.lostAt))
            }
        }
        out.append("")
        if let change = s.lastChange {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withSpaceBetweenDateAndTime]
            out.append("Last change: \(formatter.string(from: change.date)) by \(change.author) <\(change.email)>")
            out.append("  \(change.message.split(separator: "\n").first ?? "")")
        } else {
            out.append("Last change: none recorded")
        }
        return out
    }

    static func days(_ n: Int) -> String { n == 1 ? "1 day" : "\(n) days" }

    static func who(_ by: String?, _ at: String?) -> String {
        let parts = [by, at].compactMap { $0 }
        return parts.isEmpty ? "" : "   (\(parts.joined(separator: ", ")))"
    }

    static func shorten(_ text: String, _ limit: Int) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ")
        return flat.count <= limit ? flat : String(flat.prefix(limit - 1)) + "…"
    }
}
