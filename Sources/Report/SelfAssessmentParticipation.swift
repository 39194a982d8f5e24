import Messages
import Records

/// Sections 2A–2C of the self-assessment drafted from the participation records (manual §7 II,
/// "Processus du plan d'action national"): how the forum met, the consultations, the answers
/// to stakeholders, the documents published, civil society's own reviews. What the records say
/// is written out; the manual's guide stays after it, for what only people can tell.
struct SelfAssessmentParticipation {
    let overview: PlanOverview
    let records: ParticipationRecords
    let l: Localizer

    private func t(_ key: String, _ arguments: [String: MessageArgument] = [:]) -> String { Catalogue.text(key, in: l.code, arguments) }
    private func p(_ text: String) -> DocBlock { .paragraph([DocSpan(text)]) }

    private var rules: ParticipationRules {
        ParticipationRules(plan: overview.plan, records: records, today: overview.asOf.planDate)
    }

    /// 2A: throughout the cycle — the forum, the answers, the repository.
    func throughoutTheCycle() -> [DocBlock] {
        let meetings = records.sortedMeetings
        guard !records.isEmpty else { return [] }
        var out: [DocBlock] = []
        let forum = meetings.filter { $0.kind == .forum }
        let quarters = rules.quarters().filter { !$0.current }
        let met = quarters.filter { !$0.meetings.isEmpty }.count
        out.append(p(t("part.sa.forum", ["count": .number(forum.count), "others": .number(meetings.count - forum.count),
                                         "met": .number(met), "quarters": .number(quarters.count),
                                         "remote": .number(meetings.filter { $0.remote == true }.count)])))
        let counted = meetings.compactMap(\.attendance)
        if !counted.isEmpty {
            out.append(p(t("part.sa.attendance", ["count": .number(counted.count),
                                                  "government": .number(counted.compactMap(\.government).reduce(0, +)),
                                                  "civil": .number(counted.compactMap(\.civilSociety).reduce(0, +)),
                                                  "total": .number(counted.map(\.total).reduce(0, +))])))
        }
        let gaps = quarters.filter(\.meetings.isEmpty).map(\.quarter.description)
        if !gaps.isEmpty { out.append(p(t("part.sa.forum-gaps", ["quarters": .text(ParticipationRules.Quarter.written(gaps, in: l.code))]))) }
        let answers = rules.answers()
        if !answers.isEmpty {
            let summary = ParticipationSummary(rules)
            out.append(p(t("part.sa.questions", ["count": .number(answers.count), "answered": .number(summary.answeredOnTime + summary.answeredLate.count),
                                                 "ontime": .number(summary.answeredOnTime), "days": .text(summary.medianWorkingDays.map(String.init) ?? "—")])))
        }
        let published = records.sortedDocuments.filter(\.published)
        if !published.isEmpty {
            out.append(p(t("part.sa.documents", ["count": .number(published.count)])))
            out.append(.bullets(published.map { d in [DocSpan(l.plain(d.title))] + (d.date.map { [DocSpan(" (\(l.date($0)))")] } ?? []) }))
        }
        return out
    }

    /// 2B: developing the plan — consultations on the draft plan.
    func developingThePlan() -> [DocBlock] { consultations(records.sortedConsultations.filter { $0.subject == .draftPlan }) }

    /// 2C: implementation, monitoring and reporting — the other consultations, published
    /// progress, civil society's reviews.
    func implementation() -> [DocBlock] {
        var out = consultations(records.sortedConsultations.filter { $0.subject != .draftPlan })
        let updates = records.sortedDocuments.filter { $0.published && $0.kind == .progressUpdate }
        if !updates.isEmpty {
            out.append(p(t("part.sa.progress-updates", ["count": .number(updates.count),
                                                        "dates": .text(updates.compactMap(\.date).map { l.date($0) }.joined(separator: ", "))])))
        }
        let reviews = overview.commitments.flatMap { c in records.reviews(of: c.id).map { (c, $0) } }
        if !reviews.isEmpty {
            out.append(p(t("part.sa.reviews", ["count": .number(Set(reviews.map(\.1.organisation)).count), "commitments": .number(Set(reviews.map(\.0.id)).count)])))
            out.append(.bullets(reviews.map { c, r in
                [DocSpan(overview.ministryName(r.organisation, l), .strong),
                 DocSpan(" — " + t("part.sa.review-line", ["number": .text(String(c.commitment.number)), "level": .text(l.completion(r.completion)),
                                                            "government": .text(l.completion(c.completion)), "date": .text(l.date(r.date))]))]
            }))
        }
        return out
    }

    private func consultations(_ items: [Consultation]) -> [DocBlock] {
        items.map { c in
            let report = c.responseReport.flatMap { records.documents[$0]?.record }.map { l.plain($0.title) }
            var text = t("part.sa.consultation", ["title": .text(l.plain(c.title)), "opens": .text(l.date(c.opens)), "closes": .text(l.date(c.closes)),
                                                  "count": .number(ParticipationRules.daysOpen(c))])
            if let n = c.contributions { text += " " + t("part.sa.contributions", ["count": .number(n)]) }
            if let report { text += " " + t("part.sa.response-report", ["title": .text(report)]) }
            return p(text)
        }
    }
}
