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
    /// Each milestone's name as people read it (its official code, else its id) and planned end.
    var named: [String: (name: String, end: PlanDate)] = [:]
    /// Red, amber or green as the dashboard rates it (RAGRating.of).
    var rating: RAGRating = .green
    /// The ids of the plan's themes it names.
    var themes: [String] = []

    /// Something late or silent: what the point of contact's "Needs attention" lists.
    var needsAttention: Bool { !overdue.isEmpty || !missingReasons.isEmpty || staleDays != nil }
}

extension Page {
    /// The whole plan's commitments (a copy that is not a ministry's): a page of them at a time,
    /// narrowed as the point of contact asks (PlanListing).
    static func wholePlan(_ language: String, plan: PlanSummaries, listing: PlanListing) -> [UInt8] {
        func t(_ key: String, _ a: [String: MessageArgument] = [:]) -> String { Catalogue.text(key, in: language, a) }
        return layout(language, title: t("web.commitments.all"), section: .commitments, [
            .h1(.txt(t("web.commitments.all"))),
            planListing(language, path: "/", listing: listing, items: plan.items, plan: plan),
        ])
    }

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
    /// `leads`: ministries' names by id, for lists of the whole plan (each card says who leads it).
    static func commitmentCards(_ language: String, _ items: [CommitmentSummary], staleAfter: Int, underHeading: Bool = false,
                                leads: [String: String]? = nil) -> HTMLNode {
        .ul(.cls("cards"), .forEach(items) { c in
            // Made once for what it shows (WrittenCards), then written again as it was.
            let key = WrittenCards.Key(c, language: language, staleAfter: staleAfter, nested: underHeading,
                                       lead: leads.map { $0[c.lead] ?? c.lead })
            if let known = writtenCards.card(key) { return .written(known) }
            let made = WrittenHTML(card(language, c, staleAfter: staleAfter, underHeading: underHeading, leads: leads))
            writtenCards.keep(made, for: key)
            return .written(made)
        })
    }

    /// The cards already written, shared by every list of every page.
    static let writtenCards = WrittenCards()

    private static func card(_ language: String, _ c: CommitmentSummary, staleAfter: Int, underHeading: Bool,
                             leads: [String: String]?) -> HTMLNode {
        func t(_ key: String, _ a: [String: MessageArgument] = [:]) -> String { Catalogue.text(key, in: language, a) }
        return .li(.cls(c.overdue.isEmpty ? "card" : "card late"),
                    heading(underHeading, .a(.href("/c/\(c.id)"), .txt(t("web.commitment.heading", ["number": .text(c.number.map(String.init) ?? c.id), "title": .text(c.title)])))),
                    .dl(
                        .unwrap(leads) { names in .group(.dt(.txt(t("report.leadAgency"))), .dd(.txt(names[c.lead] ?? c.lead))) },
                        .dt(.txt(t("web.field.completion"))), .dd(.txt(levelName(c.completion, language))),
                        .dt(.txt(t("web.commitments.milestones"))),
                        .dd(.txt(t("eyes.milestones-complete", ["count": .number(c.milestonesComplete), "total": .number(c.milestones)]))),
                        .if(!c.overdue.isEmpty, .group(.dt(.txt(t("web.commitments.overdue"))), .dd(.strong(milestoneLinks(language, c, c.overdue))))),
                        .if(!c.due.isEmpty, .group(.dt(.txt(t("web.commitments.due"))), .dd(milestoneLinks(language, c, c.due)))),
                        .if(!c.missingReasons.isEmpty, .group(.dt(.txt(t("web.commitments.missing-reason"))), .dd(milestoneLinks(language, c, c.missingReasons)))),
                        .unwrap(c.staleDays) { days in
                            .group(.dt(.txt(t("web.commitments.stale"))),
                                   .dd(.txt(t("web.commitments.stale-days", ["count": .number(days), "limit": .number(staleAfter)]))))
                        }))
    }

    /// Milestones named as people read them, with their planned end ("étape clé m2 (fin prévue :
    /// mars 2026)", not a bare "m2"), each a link to its form on the commitment's page.
    private static func milestoneLinks(_ language: String, _ c: CommitmentSummary, _ ids: [String]) -> HTMLNode {
        .group(.forEach(ids.enumerated()) { i, id in
            let named = c.named[id]
            let words = Catalogue.text("eyes.card.milestone", in: language, [
                "milestone": .text(named?.name ?? id), "end": named.map { $0.end.spoken } ?? .text("—")])
            return .group(.if(i > 0, .txt(", ")), .a(.href("/c/\(c.id)#milestone-\(id)"), .txt(words)))
        })
    }

    /// A card's title: a second-level heading, a third under a heading of its own (a ministry's).
    private static func heading(_ nested: Bool, _ content: HTMLNode) -> HTMLNode {
        nested ? .h3(content) : .h2(content)
    }
}
