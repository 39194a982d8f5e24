import Foundation
import Messages
import Records

/// A digest in words, in one language: a subject, a plain-text body and an HTML body saying the
/// same. The HTML has no script, no remote image, no link that counts a reading: nothing in it
/// tells anyone that the message was opened.
public struct ReminderText: Sendable {
    public let subject: String
    public let plain: String
    public let html: String

    /// `language`: the reader's (their `language`, else the plan's), when the catalogue has it.
    public static func language(for person: Person, plan: Plan) -> String {
        for code in [person.language, plan.language].compactMap({ $0 }) where Catalogue.shared.speaks(code) { return code }
        return "en"
    }

    public init(_ digest: ReminderDigest, snapshot: PlanSnapshot, plan: Plan, today: PlanDate, weeks: Int) {
        let lang = Self.language(for: digest.person, plan: plan)
        func say(_ key: String, _ arguments: [String: MessageArgument] = [:]) -> String { Catalogue.text(key, in: lang, arguments) }
        func text(_ t: Text?) -> String { t.map { $0.value(in: lang, planLanguage: plan.language) ?? $0.anyValue(preferring: lang) } ?? "" }
        let names = digest.ministries.map { id in snapshot.ministries[id]?.record.map { text($0.name) } ?? id }

        subject = say("remind.subject", ["day": Self.day(today), "count": .number(digest.items.count)])
        var lines: [String] = [say("remind.greeting", ["name": .text(digest.person.name)]), ""]
        var html: [HTMLNode] = [.p(.txt(say("remind.greeting", ["name": .text(digest.person.name)])))]
        let intro = names.isEmpty
            ? say("remind.intro-contact", ["plan": .text(text(plan.title)), "day": Self.day(today)])
            : say("remind.intro", ["ministries": .text(names.joined(separator: ", ")), "plan": .text(text(plan.title)), "day": Self.day(today)])
        lines += [intro, ""]
        html.append(.p(.txt(intro)))

        for section in ReminderItem.Section.allCases {
            let items = digest.items.filter { $0.section == section }
            guard !items.isEmpty else { continue }
            let heading = say("remind.section.\(section.rawValue)", ["count": .number(weeks)])
            let sentences = items.map { Self.sentence($0, snapshot: snapshot, say: say, text: text) }
            lines.append(heading)
            lines += sentences.map { "  - " + $0 }
            lines.append("")
            html.append(.h2(.txt(heading)))
            html.append(.ul(.forEach(sentences) { .li(.txt($0)) }))
        }
        let closing = say(digest.isPointOfContact ? "remind.closing-contact" : "remind.closing")
        let footer = say("remind.footer", ["name": .text(plan.pointOfContact.name)])
        lines += [closing, "", "-- ", footer]
        html.append(.p(.txt(closing)))
        html.append(.element(named: "hr", nodes: []))
        html.append(.p(.element(named: "small", nodes: [.txt(footer)])))
        plain = lines.joined(separator: "\n") + "\n"
        self.html = String(decoding: HTMLNode.document(
            language: lang,
            head: [.meta(.attr("charset", "utf-8")), .title(.txt(subject))],
            body: html), as: UTF8.self) + "\n"
    }

    static func day(_ date: PlanDate) -> MessageArgument {
        let d = CalendarDay(first: date)
        return .day(year: d.year, month: d.month, day: d.day)
    }

    static func day(_ iso: String?) -> MessageArgument {
        guard let iso, let date = PlanDate(iso) else { return .text(iso ?? "") }
        return day(date)
    }

    /// One item as a sentence: what, which commitment or milestone, by when.
    static func sentence(_ item: ReminderItem, snapshot: PlanSnapshot, say: (String, [String: MessageArgument]) -> String,
                         text: (Text?) -> String) -> String {
        let c = item.commitment.flatMap { snapshot.commitments[$0]?.commitment?.record }
        let m = item.milestone.flatMap { c?.milestone($0) }
        var arguments: [String: MessageArgument] = ["day": day(item.date), "count": .number(item.days ?? 0),
                                                    "id": .text(item.subject ?? "")]
        if let c {
            arguments["commitment"] = .text(say("remind.commitment", ["number": .text(c.code ?? String(c.number)), "title": .text(text(c.title))]))
        } else if let id = item.commitment {
            arguments["commitment"] = .text(id)
        }
        if let m {
            arguments["milestone"] = .text(say("remind.milestone", ["id": .text(m.spokenName), "title": .text(text(m.activity))]))
        } else if let id = item.milestone {
            arguments["milestone"] = .text(id)
        }
        // A quarter is kept neutral ("2026-Q2") and written here the reader's way ("T2 2026").
        if item.kind == .forumMeetingDue, let quarter = item.subject.flatMap({ ParticipationRules.Quarter($0) }) {
            arguments["id"] = quarter.argument
        }
        if item.kind == .selfAssessmentDue || item.kind == .selfAssessmentOverdue || item.kind == .selfAssessmentConsultation,
           let term = item.subject {
            arguments["term"] = .text(say("remind.term.\(term)", [:]))
        }
        // The period by its months (ReportingPeriod.spoken), as the period pages name it.
        if item.kind == .updateMissing, let id = item.subject, let plan = snapshot.plan?.record,
           let period = ReportingPeriods.of(plan).periods.first(where: { $0.id == id }) {
            arguments["name"] = period.spoken
            return say("dash4.remind.update-missing", arguments)
        }
        return say("remind.item.\(item.kind.rawValue)", arguments)
    }
}
