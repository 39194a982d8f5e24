import Foundation
import Messages

/// A conflict as staff read it: the field in the words of the commitment page ("Milestone m4:
/// Completion level", not `milestones.m4.completion`), a level in the manual's words, a time as a
/// date. The form still sends the record's own field name and value: only what is shown changes.
struct ConflictWording {
    var language: String

    private func t(_ key: String, _ a: [String: MessageArgument] = [:]) -> String { Catalogue.text(key, in: language, a) }

    /// The progress fields the commitment page edits, by their name in the record.
    private static let fieldKeys = [
        "completion": "web.field.completion", "actual_start": "web.field.actual-start", "actual_end": "web.field.actual-end",
        "note": "web.field.note", "delay_reason": "web.field.delay-reason", "results": "web.field.results",
        "next_steps": "web.field.next-steps",
    ]

    /// `milestones.m4.completion` → ("m4", "completion"); `results` → (nil, "results").
    private func parts(_ field: String) -> (milestone: String?, name: String) {
        let pieces = field.split(separator: ".", maxSplits: 2).map(String.init)
        if pieces.count == 3, pieces[0] == "milestones" { return (pieces[1], pieces[2]) }
        return (nil, field)
    }

    private func fieldWords(_ name: String) -> String { Self.fieldKeys[name].map { t($0) } ?? name }

    func heading(_ c: ConflictView) -> String {
        let (milestone, name) = parts(c.field)
        // "Engagement 5", as the commitment's page says it, not its folder's "05".
        guard let commitment = c.commitment.map({ Int($0).map(String.init) ?? $0 }) else {
            return t("web.conflicts.heading-file", ["file": .text(c.path), "field": .text(c.field)])
        }
        if let milestone {
            return t("wfix.conflicts.heading-milestone", ["commitment": .text(commitment), "milestone": .text(milestone),
                                                          "field": .text(fieldWords(name))])
        }
        return t("web.conflicts.heading", ["commitment": .text(commitment), "field": .text(fieldWords(name))])
    }

    /// A completion level in the manual's words, a date as people write it ("novembre 2026");
    /// any other value as written.
    func value(_ value: String, of c: ConflictView) -> String {
        let name = parts(c.field).name
        if name == "actual_start" || name == "actual_end" { return Page.planDate(value, language) }
        guard name == "completion", Catalogue.shared.has("web.level.\(value)", in: language) else { return value }
        return t("web.level.\(value)")
    }

    /// A level or a date: settled by choosing one side, never by writing both.
    func isChoice(_ c: ConflictView) -> Bool { ["completion", "actual_start", "actual_end"].contains(parts(c.field).name) }

    /// `2026-12-01T00:58:27Z` → "1 December 2026, 00:58 UTC"; anything else as written.
    func when(_ stamp: String) -> String {
        guard let date = ISO8601DateFormatter().date(from: stamp) else { return stamp }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        guard let year = c.year, let month = c.month, let day = c.day, let hour = c.hour, let minute = c.minute else { return stamp }
        return t("wfix.conflicts.when", ["day": .day(year: year, month: month, day: day),
                                         "time": .text(String(format: "%02d:%02d", hour, minute))])
    }
}
