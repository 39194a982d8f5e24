import Foundation
import Messages
import Records

/// participation.html: how the forum met, the consultations, how fast stakeholders' questions
/// were answered, and the documents of the process (the public repository the standards ask
/// for). Private details are never published: no sender unless `from_public`, no question or
/// answer text (they may name people; the IRM researcher gets them with `carnet report
/// communications`), no document marked `published: false`.
struct DashboardParticipationPage {
    let site: SiteContext
    let records: ParticipationRecords
    /// Document id → site path of its copied file.
    let documentFiles: [String: String]

    static let name = "participation.html"
    private var l: Localizer { site.l }
    private func t(_ key: String, _ arguments: [String: MessageArgument] = [:]) -> String { Catalogue.text(key, in: l.code, arguments) }

    func render() -> [UInt8] {
        let rules = ParticipationRules(plan: site.overview.plan, records: records, today: site.overview.asOf.planDate)
        let summary = ParticipationSummary(rules)
        return site.page(title: t("part.dash.title"), current: Self.name, [
            .h1(.txt(t("part.dash.title"))),
            .p(.txt(t("part.dash.intro"))),
            .h2(.txt(t("part.dash.meetings"))),
            .p(.txt(summary.quartersWithoutMeeting.isEmpty ? t("part.dash.every-quarter", ["count": .number(summary.quarters)])
                    : t("part.dash.quarter-gaps", ["count": .number(summary.quartersWithoutMeeting.count),
                                                   "quarters": .text(ParticipationRules.Quarter.written(summary.quartersWithoutMeeting, in: l.code))]))),
            meetings(),
            .h2(.txt(t("part.dash.consultations"))),
            consultations(),
            .h2(.txt(t("part.dash.questions"))),
            questions(summary, rules.answers()),
            .h2(.id("documents"), .txt(t("part.dash.documents"))),
            documents(),
        ])
    }

    private func kind(_ k: ForumMeeting.Kind) -> String { t("part.dash.meeting-kind.\(k.rawValue)") }

    private func meetings() -> BodyNode {
        let items = records.sortedMeetings
        guard !items.isEmpty else { return .p(.cls("empty"), .txt(t("part.dash.none"))) }
        return table(caption: nil, header: [l[.date], t("part.dash.kind"), t("part.dash.meeting"), t("part.dash.attendance"), t("part.dash.remote"), t("part.dash.minutes")],
                     rows: items.map { m in [
                         .txt(l.date(m.date)), .txt(kind(m.kind)), inline(l.text(m.title), l),
                         .txt(m.attendance.map { a in
                             t("part.dash.attendance-figures", ["total": .number(a.total), "government": .number(a.government ?? 0),
                                                                "civil": .number(a.civilSociety ?? 0)]) } ?? "—"),
                         .txt(m.remote.map { $0 ? t("part.dash.yes") : t("part.dash.no") } ?? "—"),
                         documentLink(m.minutes),
                     ] })
    }

    private func consultations() -> BodyNode {
        let items = records.sortedConsultations
        guard !items.isEmpty else { return .p(.cls("empty"), .txt(t("part.dash.none"))) }
        return table(caption: nil, header: [t("part.dash.consultation"), t("part.dash.open"), t("part.dash.contributions"), t("part.dash.response")],
                     rows: items.map { c in
                         let days = ParticipationRules.daysOpen(c)
                         let open = "\(l.date(c.opens)) – \(l.date(c.closes)) (" + t("part.dash.days", ["count": .number(days)]) + ")"
                         return [inline(l.text(c.title), l),
                                 days < ParticipationRules.consultationMinimumDays ? .span(.cls("stale"), .txt(open + " " + t("part.dash.too-short"))) : .txt(open),
                                 .txt(c.contributions.map(String.init) ?? "—"), documentLink(c.responseReport)]
                     })
    }

    private func questions(_ s: ParticipationSummary, _ answers: [ParticipationRules.Answer]) -> BodyNode {
        let byID = Dictionary(uniqueKeysWithValues: records.sortedCommunications.map { ($0.id, $0) })
        let state: (ParticipationRules.Answer.State) -> BodyNode = { state in
            switch state {
            case .onTime: return .txt(self.t("part.dash.on-time"))
            case .late: return .span(.cls("stale"), .txt(self.t("part.dash.late")))
            case .pending: return .txt(self.t("part.dash.pending"))
            case .overdue: return .span(.cls("stale"), .txt(self.t("part.dash.overdue")))
            }
        }
        return .group(
            .p(.txt(t("part.dash.questions-summary", ["count": .number(answers.count), "answered": .number(s.answeredOnTime + s.answeredLate.count),
                                                      "late": .number(s.answeredLate.count), "days": .text(s.medianWorkingDays.map(String.init) ?? "—")]))),
            .if(!answers.isEmpty, table(caption: nil,
                header: [t("part.dash.received"), t("part.dash.from"), t("part.dash.channel"), t("part.dash.deadline"), t("part.dash.answered"), t("part.dash.state")],
                rows: answers.map { a in
                    let c = byID[a.communication]
                    return [.txt(l.date(a.received)),
                            .txt(c.map { $0.fromPublic ? $0.from : t("part.dash.private") } ?? "—"),
                            .txt(c.map { t("part.dash.channel.\($0.channel.rawValue)") } ?? "—"),
                            .txt(l.date(a.deadline)), .txt(a.answered.map { l.date($0) } ?? "—"), state(a.state)]
                })))
    }

    private func documents() -> BodyNode {
        let items = records.sortedDocuments.filter(\.published)
        guard !items.isEmpty else { return .p(.cls("empty"), .txt(t("part.dash.none"))) }
        return .ul(.forEach(items) { d in
            .li(documentLink(d.id), .txt(" — " + t("part.dash.document-kind.\(d.kind.rawValue)")), .unwrap(d.date) { .txt(", " + l.date($0)) })
        })
    }

    /// A published document's link (its copied file, or its web address); a dash otherwise.
    private func documentLink(_ id: String?) -> BodyNode {
        guard let id, let d = records.documents[id]?.record, d.published else { return .txt("—") }
        let title = l.plain(d.title)
        if let href = documentFiles[id] {
            return EvidenceCopier.opensInline(href) ? link(href, title) : .a(.attr("href", href), .attr("download", ""), .txt(title))
        }
        if let url = d.url { return .a(.attr("href", url), .attr("rel", "noopener"), .txt(title)) }
        return .txt(title)
    }
}

extension SiteContext {
    /// The civil society reviews of one commitment, beside the government's rating: each
    /// organisation's own completion level, date, comments and links (manual: Sierra Leone's
    /// "checks and balances").
    func civilSocietyReviews(_ reviews: [CivilSocietyReview]) -> BodyNode {
        guard !reviews.isEmpty else { return .group([]) }
        let t = { (key: String, args: [String: MessageArgument]) in Catalogue.text(key, in: self.l.code, args) }
        return .group(
            .h2(.id("civil-society"), .txt(t("part.dash.reviews", [:]))),
            .p(.cls("rule"), .txt(t("part.dash.reviews-note", [:]))),
            .ul(.forEach(reviews) { r in
                .li(ministryLink(r.organisation), .txt(" — "), level(r.completion), .txt(" (\(l.date(r.date)))"),
                    .unwrap(l.text(r.comments)) { block($0, l) },
                    .if(!r.evidence.isEmpty, .ul(.forEach(r.evidence) { e in
                        .li(.a(.attr("href", e.url), .attr("rel", "noopener"), .txt(l.plain(e.title))))
                    })))
            }))
    }
}
