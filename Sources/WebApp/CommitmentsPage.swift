import Foundation
import Messages
import Records
import Report
import Workspace

struct CommitmentSummary {
    var id: String
    var number: Int?
    var title: String
    var completion: String
    var milestonesComplete: Int
    var milestones: Int
    /// Milestones as people name them (Commitment.Milestone.spokenName: `C01.1.1`, else `m3`).
    var overdue: [String]
    var due: [String]
    var missingReasons: [String]
    /// Days since the last change to the commitment's folder, when over the plan's threshold.
    var staleDays: Int? = nil
    /// The ministry that leads it.
    var lead: String = ""

    /// Something late or silent: what the point of contact's "Needs attention" lists.
    var needsAttention: Bool { !overdue.isEmpty || !missingReasons.isEmpty || staleDays != nil }
}

extension Page {
    static func commitments(_ language: String, ministry: String?, ministryName: String?, items: [CommitmentSummary],
                             staleAfter: Int = 60) -> [UInt8] {
        func t(_ key: String, _ a: [String: MessageArgument] = [:]) -> String { Catalogue.text(key, in: language, a) }
        let title = ministry == nil ? t("web.commitments.all") : t("web.commitments.title")
        let overdue = items.filter { !$0.overdue.isEmpty }.count
        let due = items.filter { !$0.due.isEmpty }.count
        return layout(language, title: title, section: .commitments, [
            .h1(.txt(title)),
            .unwrap(ministry) { id in .p(.txt(t("web.commitments.ministry", ["ministry": .text(ministryName ?? id)]))) },
            .p(.cls("summary"), .txt(t("web.commitments.summary", ["count": .number(items.count), "overdue": .number(overdue), "due": .number(due)]))),
            .if(items.isEmpty, .p(.txt(t("web.commitments.none")))),
            commitmentCards(language, items, staleAfter: staleAfter),
        ])
    }

    /// One card a commitment: its completion, milestones, what is late, how long without change.
    static func commitmentCards(_ language: String, _ items: [CommitmentSummary], staleAfter: Int, underHeading: Bool = false) -> HTMLNode {
        func t(_ key: String, _ a: [String: MessageArgument] = [:]) -> String { Catalogue.text(key, in: language, a) }
        return .ul(.cls("cards"), .forEach(items) { c in
                .li(.cls(c.overdue.isEmpty ? "card" : "card late"),
                    heading(underHeading, .a(.href("/c/\(c.id)"), .txt(t("web.commitment.heading", ["number": .text(c.number.map(String.init) ?? c.id), "title": .text(c.title)])))),
                    .dl(
                        .dt(.txt(t("web.field.completion"))), .dd(.txt(levelName(c.completion, language))),
                        .dt(.txt(t("web.commitments.milestones"))),
                        .dd(.txt(t("web.commitments.milestones-complete", ["done": .number(c.milestonesComplete), "count": .number(c.milestones)]))),
                        .if(!c.overdue.isEmpty, .group(.dt(.txt(t("web.commitments.overdue"))), .dd(.strong(.txt(c.overdue.joined(separator: ", ")))))),
                        .if(!c.due.isEmpty, .group(.dt(.txt(t("web.commitments.due"))), .dd(.txt(c.due.joined(separator: ", "))))),
                        .if(!c.missingReasons.isEmpty, .group(.dt(.txt(t("web.commitments.missing-reason"))), .dd(.txt(c.missingReasons.joined(separator: ", "))))),
                        .unwrap(c.staleDays) { days in
                            .group(.dt(.txt(t("web.commitments.stale"))),
                                   .dd(.txt(t("web.commitments.stale-days", ["count": .number(days), "limit": .number(staleAfter)]))))
                        }))
        })
    }

    /// A card's title: a second-level heading, a third under a heading of its own (a ministry's).
    private static func heading(_ nested: Bool, _ content: HTMLNode) -> HTMLNode {
        nested ? .h3(content) : .h2(content)
    }
}
