import Foundation
import Hub
import Messages
import Records
import Report

/// The point of contact's pages: every ministry's freshness and refusals, what needs attention
/// across the plan, the self-assessment draft's form.
extension Page {
    /// How many overdue milestones a ministry's card names.
    static let overdueShown = 10

    static func ministries(_ language: String, status: HubStatus?, csrf: String, notice: String?, problem: String?) -> [UInt8] {
        func t(_ key: String, _ a: [String: MessageArgument] = [:]) -> String { Catalogue.text(key, in: language, a) }
        let never = t(status?.pushLogVisible == false ? "web.contact.ministries.unknown" : "web.contact.ministries.never")
        // The hub's times are ISO stamps ("2026-11-30T10:02:11Z"): written as a date and time.
        let wording = ConflictWording(language: language)
        func when(_ at: String?, by: String?) -> String {
            guard let at else { return never }
            return by.map { t("web.contact.ministries.at-by", ["at": .text(wording.when(at)), "by": .text($0)]) } ?? wording.when(at)
        }
        /// "05/m3" (the hub's overdue milestones): "engagement 5, étape clé m3", a link to its form.
        func milestone(_ path: String) -> HTMLNode {
            let parts = path.split(separator: "/", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { return .txt(path) }
            let number = Int(parts[0]).map(String.init) ?? parts[0]
            return .a(.href("/c/\(parts[0])#milestone-\(parts[1])"),
                      .txt(t("eyes.ministries.milestone", ["commitment": .text(number), "milestone": .text(parts[1])])))
        }
        return layout(language, title: t("web.contact.ministries.title"), section: .ministries, [
            .h1(.txt(t("web.contact.ministries.title"))),
            .unwrap(notice) { .p(.cls("notice"), .attr("role", "status"), .txt($0)) },
            .unwrap(problem) { .div(.cls("problems"), .attr("role", "alert"), .p(.strong(.txt(t("web.contact.ministries.failed")))), .p(.txt($0))) },
            status.map { s in
                .group(
                    .p(.txt(t("web.contact.ministries.explained", ["hub": .text(s.hub), "count": .number(s.staleAfterDays)]))),
                    .if(!s.pushLogVisible, .p(.txt(t("web.contact.ministries.no-log")))),
                    .ul(.cls("cards"), .forEach(s.ministries) { m in
                        let stuck = m.lastRefusedPush != nil && m.rescued != true
                        return .li(.cls(m.silent || stuck ? "card late" : "card"),
                            .h2(.txt(t("web.contact.ministries.heading", ["name": .text(m.name), "id": .text(m.id)]))),
                            .dl(
                                .dt(.txt(t("web.contact.ministries.state"))),
                                .dd(m.silent ? .strong(.txt(t("web.contact.ministries.silent", ["count": .number(m.silentDays ?? 0)])))
                                             : .txt(t("web.contact.ministries.heard"))),
                                .dt(.txt(t("web.contact.ministries.leads"))),
                                .dd(m.commitments.isEmpty ? .txt(t("web.contact.ministries.nothing"))
                                    : .group(.forEach(m.commitments.enumerated()) { i, c in
                                        .group(.if(i > 0, .txt(", ")), .a(.href("/c/\(c)"), .txt(c)))
                                    })),
                                .dt(.txt(t("web.contact.ministries.last-push"))), .dd(.txt(when(m.lastPush, by: m.lastPushBy))),
                                .dt(.txt(t("web.contact.ministries.last-change"))),
                                // The commit's subject stays as written (commit messages are English by design, docs/LANGUAGES.md), set apart.
                                .dd(m.lastChange.map { at in HTMLNode.group(.txt(wording.when(at)),
                                                                     .unwrap(m.lastChangeSummary) { .group(.br(), .span(.cls("quiet"), .txt($0))) }) }
                                    ?? .txt(t("web.contact.ministries.never"))),
                                .unwrap(m.lastRefusedPush) { at in
                                    .group(.dt(.txt(t("web.contact.ministries.refused"))),
                                           .dd(stuck ? .strong(.txt(t("web.contact.ministries.stuck", ["when": .text(when(at, by: m.lastRefusedPushBy))])))
                                                     : .txt(t("web.contact.ministries.rescued", ["when": .text(when(at, by: m.lastRefusedPushBy))]))),
                                           .unwrap(m.lastRefusedRule) { .dd(.txt($0)) })
                                },
                                // The first few (a ministry of a large plan can have hundreds overdue), then a
                                // link to its own Needs attention list, where they all are.
                                .if(!m.overdueMilestones.isEmpty, .group(.dt(.txt(t("web.contact.ministries.overdue"))),
                                                                         .dd(.group(.forEach(m.overdueMilestones.prefix(overdueShown).enumerated()) { i, path in
                                                                             .group(.if(i > 0, .txt(", ")), milestone(path))
                                                                         }),
                                                                         .if(m.overdueMilestones.count > overdueShown, .group(.txt(" "),
                                                                             .a(.href("/attention?ministry=" + (m.id.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")),
                                                                                .txt(t("wpoc4.ministries.more", ["count": .number(m.overdueMilestones.count - overdueShown)]))))))))))
                    }))
            } ?? .p(.txt(t("web.contact.ministries.not-yet"))),
            .element(named: "form", nodes: [
                .attr("method", "post"), .attr("action", "/ministries"),
                .voidElement(named: "input", nodes: [.attr("type", "hidden"), .attr("name", "csrf"), .attr("value", csrf)]),
                .element(named: "button", nodes: [.attr("type", "submit"), .txt(t("web.contact.ministries.ask"))]),
            ]),
        ])
    }

    /// Every commitment with an overdue milestone, an overdue one without its reason, or no
    /// change for longer than the plan asks: a page of them at a time (PlanListing), narrowed as
    /// the point of contact asks.
    static func attention(_ language: String, items: [CommitmentSummary], plan: PlanSummaries, listing: PlanListing) -> [UInt8] {
        func t(_ key: String, _ a: [String: MessageArgument] = [:]) -> String { Catalogue.text(key, in: language, a) }
        return layout(language, title: t("web.contact.attention.title"), section: .attention, [
            .h1(.txt(t("web.contact.attention.title"))),
            .p(.txt(t("web.contact.attention.summary", ["count": .number(items.count), "total": .number(plan.items.count)]))),
            planListing(language, path: "/attention", listing: listing, items: items, plan: plan),
        ])
    }

    static func selfAssessment(_ language: String, planLanguage: String?) -> [UInt8] {
        func t(_ key: String, _ a: [String: MessageArgument] = [:]) -> String { Catalogue.text(key, in: language, a) }
        let chosen = ReportLanguage(rawValue: language)?.rawValue ?? planLanguage ?? "en"
        return layout(language, title: t("web.contact.draft.title"), section: .selfAssessment, [
            .h1(.txt(t("web.contact.draft.title"))),
            .p(.txt(t("web.contact.draft.explained"))),
            .element(named: "form", nodes: [
                .attr("method", "get"), .attr("action", "/self-assessment/draft"),
                .element(named: "fieldset", nodes: [
                    .element(named: "legend", nodes: [.txt(t("web.contact.draft.term-label"))]),
                    .forEach([("mid_term", "web.contact.draft.mid"), ("end_term", "web.contact.draft.end")].enumerated()) { i, term in
                        .div(.cls("choice"),
                             .voidElement(named: "input", nodes: [.attr("type", "radio"), .attr("name", "term"), .attr("value", term.0),
                                                                  .id("term-" + term.0), .if(i == 0, .attr("checked", "checked"))]),
                             .element(named: "label", nodes: [.attr("for", "term-" + term.0), .txt(t(term.1))]))
                    },
                ]),
                .div(.cls("field"),
                     .element(named: "label", nodes: [.attr("for", "draft-language"), .txt(t("web.contact.draft.language"))]),
                     .element(named: "select", nodes: [.id("draft-language"), .attr("name", "language"),
                        .forEach(ReportLanguage.allCases) { l in
                            .element(named: "option", nodes: [.attr("value", l.rawValue), .if(l.rawValue == chosen, .attr("selected", "selected")),
                                                              .txt(Catalogue.text("web.contact.draft.language-name", in: l.rawValue))])
                        }])),
                .element(named: "button", nodes: [.attr("type", "submit"), .txt(t("web.contact.draft.download"))]),
            ]),
        ])
    }
}
