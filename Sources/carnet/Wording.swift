import Daemon
import Foundation
import Messages
import Records
import Sync

/// How the reading commands write the plan's values for a person: completion levels, plan
/// dates, moments and aligned labels, in the person's language. The records keep the canonical
/// values; `--json` shows those, never these.
enum Wording {
    // Each value its own literal key, so that the catalogue test sees every key used and the
    // compiler every case added.

    /// A completion level as a word ("substantiel"); an unknown value as it is.
    static func completion(_ raw: String) -> String {
        switch CompletionLevel(rawValue: raw) {
        case .notStarted: Catalogue.text("cli.completion.not-started")
        case .limited: Catalogue.text("cli.completion.limited")
        case .substantial: Catalogue.text("cli.completion.substantial")
        case .complete: Catalogue.text("cli.completion.complete")
        case nil: raw
        }
    }

    /// What happened to a file edited by hand ("modifié").
    static func change(_ raw: String) -> String {
        switch raw {
        case "added": Catalogue.text("cli.status.change.added")
        case "modified": Catalogue.text("cli.status.change.modified")
        case "deleted": Catalogue.text("cli.status.change.deleted")
        case "renamed": Catalogue.text("cli.status.change.renamed")
        case "type-changed": Catalogue.text("cli.status.change.type-changed")
        default: raw
        }
    }

    /// What a sync came to, as `carnet status` recalls it; an unknown value as it is.
    static func syncOutcome(_ raw: String) -> String {
        switch SyncOutcome.Status(rawValue: raw) {
        case .inSync: Catalogue.text("cli.sync-outcome.in-sync")
        case .hubUnreachable: Catalogue.text("cli.sync-outcome.hub-unreachable")
        case .invalidRecords: Catalogue.text("cli.sync-outcome.invalid-records")
        case .refused: Catalogue.text("cli.sync-outcome.refused")
        case .busy: Catalogue.text("cli.sync-outcome.busy")
        case .hubLocked: Catalogue.text("cli.sync-outcome.hub-locked")
        case .notConfigured: Catalogue.text("cli.sync-outcome.not-configured")
        case .failed: Catalogue.text("cli.sync-outcome.failed")
        case .stalled: Catalogue.text("links.sync-outcome.stalled")
        case .linkLost: Catalogue.text("links.sync-outcome.link-lost")
        case nil: raw
        }
    }

    /// What the daemon's last attempt came to.
    static func attempt(_ result: SyncAttempt.Result) -> String {
        switch result {
        case .synced: Catalogue.text("cli.attempt.synced")
        case .unreachable: Catalogue.text("cli.attempt.unreachable")
        case .invalidRecords: Catalogue.text("cli.attempt.invalid-records")
        case .refused: Catalogue.text("cli.attempt.refused")
        case .busy: Catalogue.text("cli.attempt.busy")
        case .failed: Catalogue.text("cli.attempt.failed")
        case .needsPerson: Catalogue.text("cli.attempt.needs-person")
        case .stalled: Catalogue.text("links.attempt.stalled")
        case .linkLost: Catalogue.text("links.attempt.link-lost")
        }
    }

    /// What the daemon is doing (DaemonState.state); an unknown state as it is.
    static func daemonState(_ raw: String) -> String {
        switch raw {
        case "starting": Catalogue.text("cli.daemon-state.starting")
        case "idle": Catalogue.text("cli.daemon-state.idle")
        case "syncing": Catalogue.text("cli.daemon-state.syncing")
        case "stopped": Catalogue.text("cli.daemon-state.stopped")
        default: raw
        }
    }

    /// The column a completion word is padded to in lists: the longest word, and a space.
    static var completionWidth: Int {
        (CompletionLevel.allCases.map { completion($0.rawValue).count }.max() ?? 11) + 1
    }

    /// The languages Carnet speaks, as codes for a person to type: "en, fr".
    static var languageCodes: String { Catalogue.shared.codes.joined(separator: ", ") }

    static func padded(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    /// A date as the plan writes it ("2026-09", "2026-02-02") as a person reads it ("septembre
    /// 2026", "2 février 2026"); anything else as it is.
    static func planDate(_ text: String) -> String {
        switch PlanDate(text) {
        case .day(let y, let m, let d): return Catalogue.text("cli.date", ["date": .day(year: y, month: m, day: d)])
        case .month(let y, let m): return Catalogue.text("cli.date", ["date": .month(year: y, month: m)])
        case nil: return text
        }
    }

    /// "from September 2025 to June 2027": the `key` for months, `key-days` when both are days
    /// (French says "du 1er septembre au 30 juin" for days, "de septembre à juin" for months).
    static func span(_ key: String, _ start: String, _ end: String) -> String {
        var isDay = false
        if case .day = PlanDate(start), case .day = PlanDate(end) { isDay = true }
        return Catalogue.text(isDay ? key + "-days" : key, ["start": .text(planDate(start)), "end": .text(planDate(end))])
    }

    /// Parts of one line joined the language's way ("a; b" / "a ; b").
    static func joined(_ parts: [String]) -> String {
        guard var out = parts.first else { return "" }
        for part in parts.dropFirst() { out = Catalogue.text("cli.and-then", ["first": .text(out), "next": .text(part)]) }
        return out
    }

    /// A moment on this computer's clock: "today, 14:05", "yesterday, 09:30", "3 days ago, 18:00",
    /// then the date ("2 March 2026, 14:05") from a week back or in the future.
    static func moment(_ date: Date, now: Date = Date()) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .current
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let days = calendar.dateComponents([.day], from: calendar.startOfDay(for: date), to: calendar.startOfDay(for: now)).day ?? -1
        let day: String
        switch days {
        case 0: day = Catalogue.text("format.today")
        case 1: day = Catalogue.text("format.yesterday")
        case 2..<7: day = Catalogue.text("format.days-ago", ["count": .number(days)])
        default: day = Catalogue.text("cli.date", ["date": .day(year: parts.year ?? 0, month: parts.month ?? 1, day: parts.day ?? 1)])
        }
        let two = { (n: Int?) in n.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "00" }
        return Catalogue.text("cli.moment", ["day": .text(day),
                                              "time": .text(Catalogue.text("cli.clock", ["hour": .text(two(parts.hour)), "minute": .text(two(parts.minute))]))])
    }

    /// Labels and values in two columns ("  dernière synchronisation :  aujourd'hui, 14:05"):
    /// the values start together whatever the language's labels are.
    static func aligned(_ rows: [(label: String, value: String)], indent: String = "  ", gap: Int = 1) -> [String] {
        let width = (rows.map { $0.label.count }.max() ?? 0) + gap
        return rows.map { indent + padded($0.label, width) + $0.value }
    }

    /// The column `aligned` puts values at, for lines that continue a value.
    static func valueColumn(_ labels: [String], indent: String = "  ") -> String {
        String(repeating: " ", count: indent.count + (labels.map(\.count).max() ?? 0) + 1)
    }
}
