import ArgumentParser
import Foundation
import Messages
import Records
import Sync
import Workspace

/// `carnet show C [--json]`: one commitment at a glance, for the ministry staff who report on it.
struct ShowCommand: ParsableCommand {
    static let configuration: CommandConfiguration = {
        CommandConfiguration(commandName: "show", abstract: Catalogue.text("help.show.abstract"),
                             discussion: Catalogue.text("help.show.discussion"))
    }()

    @OptionGroup var repository: RepositoryOptions
    @Argument(help: ArgumentHelp(Catalogue.text("help.show.commitment"), valueName: Catalogue.text("help.value.commitment")))
    var commitment: String
    @Option(name: [.customLong("today"), .customLong("as-of")],
            help: ArgumentHelp(Catalogue.text("help.show.today"), valueName: Catalogue.text("help.value.day")))
    var today: PlanDate?
    @OptionGroup var language: LanguageOption
    @OptionGroup var output: JSONOption

    /// `carnet show --json`: the sheet's keys, plus `conflicts` (as `carnet conflicts --json` gives them).
    struct Report: Encodable {
        var sheet: CommitmentSheet
        var conflicts: [SyncOutcome.Conflict]
        var staleTranslations: [StaleTranslationsText.Item]

        func encode(to encoder: Encoder) throws {
            try sheet.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(conflicts, forKey: .conflicts)
            try container.encode(staleTranslations, forKey: .staleTranslations)
        }
        private enum Key: String, CodingKey { case conflicts, staleTranslations }
    }

    func run() throws {
        let copy = try repository.open()
        let sheet = try Failure.guarded(root: copy.root) {
            try copy.commitmentSheet(commitment, today: today ?? .today(), language: language.language,
                                     past: today.map { CalendarDay(first: $0) < CalendarDay(first: .today()) } ?? false)
        }
        let folder = PlanLayout.commitmentDir(sheet.id) + "/"
        let conflicts = try Failure.guarded { try ConflictList.load(at: copy.root.path) }.filter { $0.path.hasPrefix(folder) }
        let stale = ((try? copy.staleTranslations()) ?? []).filter { $0.path.hasPrefix(folder) }
        if output.json {
            return Console.json(Report(sheet: sheet, conflicts: conflicts, staleTranslations: StaleTranslationsText.items(stale)))
        }
        for line in ShowText.lines(sheet, conflicts: conflicts) { Console.line(line) }
        if !stale.isEmpty { Console.line("") }
        for line in StaleTranslationsText.lines(stale) { Console.line(line) }
    }
}

/// What `carnet show` prints for a person, in the person's language.
enum ShowText {
    static func lines(_ s: CommitmentSheet, conflicts: [SyncOutcome.Conflict]) -> [String] {
        var out: [String] = []
        let title = (s.code.map { "\($0) — " } ?? "") + s.title + (s.draft == true ? " " + Catalogue.text("shapes.report.draft") : "")
        out.append(Catalogue.text("cli.show.title", ["number": .text(String(s.number)), "id": .text(s.id), "title": .text(title)]))
        if let gaps = s.toComplete {
            out.append("  " + Catalogue.text("shapes.cli.to-complete", ["fields": .text(gaps.joined(separator: ", "))]))
        }
        let lead = s.lead.name.map { "\($0) (\(s.lead.id))" } ?? s.lead.id
        out += Wording.aligned([
            (Catalogue.text("cli.show.lead"), lead),
            (Catalogue.text("cli.show.period"), Wording.span("cli.show.from-to", s.start, s.end)),
            (Catalogue.text("cli.show.completion"), Wording.completion(s.completion)),
        ], gap: 2)
        if let reason = s.delayReason { out.append("  " + Catalogue.text("cli.show.delay-reason", ["reason": .text(reason)])) }
        out.append("")
        out.append(Catalogue.text("cli.show.milestones", ["day": .text(Wording.planDate(s.asOf))]))
        let width = Wording.completionWidth
        for m in s.milestones {
            let actual = [m.actualStart.map { Catalogue.text("cli.show.started", ["day": .text(Wording.planDate($0))]) },
                          m.actualEnd.map { Catalogue.text("cli.show.ended", ["day": .text(Wording.planDate($0))]) }].compactMap { $0 }
            let planned = Wording.span("cli.show.planned", m.plannedStart, m.plannedEnd)
            out.append("  \(m.id)\(m.code.map { " (\($0))" } ?? "")  \(Wording.padded(Wording.completion(m.completion), width)) "
                       + Wording.joined([planned] + (actual.isEmpty ? [] : [actual.joined(separator: ", ")])))
            out.append("      \(shorten(m.activity, 100))")
            if let lead = m.lead { out.append("      " + Catalogue.text("shapes.cli.milestone-lead", ["lead": .text(lead)])) }
            switch m.state {
            case "overdue": out.append("      " + Catalogue.text("cli.show.overdue-by", ["days": .message(key: "format.days", arguments: ["count": .number(m.days ?? 0)])]))
            case "due": out.append("      " + Catalogue.text("cli.show.due-in", ["days": .message(key: "format.days", arguments: ["count": .number(m.days ?? 0)])]))
            default: break
            }
            if m.delayReasonMissing {
                out.append("      " + Catalogue.text("cli.show.no-delay-reason", ["id": .text(s.id), "milestone": .text(m.id)]))
            } else if let reason = m.delayReason {
                out.append("      " + Catalogue.text("cli.show.reason", ["reason": .text(shorten(reason, 100))]))
            }
        }
        let overdue = s.milestones.filter { $0.state == "overdue" }.map(\.id)
        let due = s.milestones.filter { $0.state == "due" }.map(\.id)
        let missing = s.milestones.filter(\.delayReasonMissing).map(\.id)
        var summary = [Catalogue.text("cli.show.complete-of", ["done": .number(s.milestones.filter { $0.completion == "complete" }.count),
                                                               "count": .number(s.milestones.count)])]
        if !overdue.isEmpty { summary.append(Catalogue.text("cli.show.summary-overdue", ["milestones": .text(overdue.joined(separator: ", "))])) }
        if !due.isEmpty { summary.append(Catalogue.text("cli.show.summary-due", ["milestones": .text(due.joined(separator: ", "))])) }
        if !missing.isEmpty { summary.append(Catalogue.text("cli.show.summary-reason-missing", ["milestones": .text(missing.joined(separator: ", "))])) }
        out.append("  " + Wording.joined(summary))
        out.append("")
        if s.evidence.isEmpty {
            out.append(Catalogue.text("cli.show.no-evidence", ["id": .text(s.id)]))
        } else {
            out.append(Catalogue.text("cli.show.evidence"))
            for e in s.evidence {
                out.append("  \(e.id)  \(e.title)" + (e.milestone.map { "  " + Catalogue.text("cli.show.evidence-milestone", ["milestone": .text($0)]) } ?? ""))
                out.append("      \(e.file ?? e.url ?? "")" + (e.added.map { "  " + Catalogue.text("cli.show.added", ["day": .text(Wording.planDate($0))]) } ?? ""))
            }
        }
        out.append("")
        if conflicts.isEmpty {
            out.append(Catalogue.text("cli.show.no-conflicts"))
        } else {
            out.append(Catalogue.text("cli.show.conflicts", ["count": .number(conflicts.count), "id": .text(s.id)]))
            for c in conflicts {
                out.append("  \(c.path.split(separator: "/").last ?? "")  \(c.field)")
                out += ConflictsText.values(c, indent: "      ", limit: 80, sayUnknown: false)
            }
        }
        out.append("")
        if let change = s.lastChange {
            out.append(Catalogue.text("cli.show.last-change", ["when": .text(Wording.moment(change.date)), "author": .text(change.author), "email": .text(change.email)]))
            out.append("  \(change.message.split(separator: "\n").first ?? "")")
        } else {
            out.append(Catalogue.text("cli.show.no-last-change"))
        }
        return out
    }

    static func shorten(_ text: String, _ limit: Int) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ")
        return flat.count <= limit ? flat : String(flat.prefix(limit - 1)) + "…"
    }
}
