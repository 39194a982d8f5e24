import Foundation
import Messages
import Report
import Records
import Workspace

/// The participation rules as the point of contact reads them (docs/WEB.md, "Participation"):
/// each rule's verdict and its findings, from `carnet status`'s own engine (WorkingCopy.status,
/// ParticipationSummary.verdicts): the page shows what status says, never a second reckoning.
extension Desk {
    func participationPage() -> (Int, [UInt8]) {
        page { copy in
            let day = today()
            let status = try copy.status(today: day, selfAssessmentsDue: ParticipationRules.selfAssessmentsDue)
            return (200, Page.participation(language, summary: status.participation, today: day))
        }
    }
}

extension Page {
    static func participation(_ language: String, summary: ParticipationSummary?, today: PlanDate) -> [UInt8] {
        func t(_ key: String, _ a: [String: MessageArgument] = [:]) -> String { Catalogue.text(key, in: language, a) }
        let title = t("part2.web.title")
        guard let summary else {
            return layout(language, title: title, section: .participation, [
                .h1(.txt(title)), .p(.txt(t("part2.web.no-records"))),
            ])
        }
        var asOf: MessageArgument = .text(today.description)
        if case let .day(y, m, d) = today { asOf = .day(year: y, month: m, day: d) }
        return layout(language, title: title, section: .participation, [
            .h1(.txt(title)),
            .p(.cls("summary"), .txt(t("part2.web.intro", ["day": asOf]))),
            .ul(.cls("cards"), .forEach(summary.verdicts(in: language)) { verdict in
                let state = verdict.met.map { $0 ? "met" : "not-met" } ?? "not-judged"
                return .li(.cls(verdict.met == false ? "card late" : "card"), .id("rule-\(verdict.rule.rawValue)"),
                    .h2(.txt(t("part2.web.rule.\(verdict.rule.rawValue)"))),
                    .p(.strong(.txt(t("part2.web.verdict.\(state)")))),
                    verdict.lines.isEmpty ? HTMLNode.p(.txt(t("part2.web.nothing.\(verdict.rule.rawValue)")))
                        : HTMLNode.ul(.forEach(verdict.lines) { .li(.txt($0)) }))
            }),
            .p(.txt(t("part2.web.commands"))),
        ])
    }
}
