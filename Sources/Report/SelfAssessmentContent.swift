import Messages
import Records

/// The self-assessment report's content (manual §7 II, "Modèle d'un Rapport d'auto-évaluation"):
/// its seven sections in order. Section 4 is filled from the records, one completion template
/// per commitment and a summary table; elsewhere what the records hold is pre-filled and the
/// rest is an explicit placeholder that says what to write, in the manual's words.
struct SelfAssessmentContent {
    let overview: PlanOverview
    let term: SelfAssessmentTerm
    let l: Localizer
    /// The participation records, drafted into sections 2A–2C.
    var participation = ParticipationRecords()
    /// The period whose end the figures are taken at, if the report is about one.
    var reportedPeriod: ReportingPeriod?
    /// The periods closed by the report's day (nil: those the records hold). The figures are
    /// read at the reported period's end, when a period closed since was not closed yet.
    var closedPeriodIDs: Set<String>?
    /// The plan's logo (DocBlock.logo), on the cover above the country.
    var logo: DocBlock?

    private var plan: Plan { overview.plan }

    func document() -> ReportDocument {
        let termName = term == .midTerm ? l[.midTermReport] : l[.endTermReport]
        let title = "\(termName) — \(l.plain(plan.title))"
        // The cover page: country, plan, report, period, date; the draft note; then a new page.
        var blocks: [DocBlock] = logo.map { [$0] } ?? []
        blocks += [
            .paragraph([DocSpan(l.plain(plan.country), .strong)]),
            .title(title),
            .paragraph([DocSpan(l.label(.planPeriod), .strong), DocSpan(l.period(plan.start, plan.end))]),
            .paragraph([DocSpan(l.labelPlain(DashPhrase.coverDate) + " ", .strong), DocSpan(l.date(overview.asOf))]),
            .paragraph([DocSpan(draftNote(), .emphasis)]),
            .paragraph([DocSpan(periodNote())]),
        ]
        if let p = reportedPeriod {
            blocks.append(.paragraph([DocSpan(Catalogue.text("dash3.sa.figures", in: l.code, [
                "name": .text(l.span(p)), "end": .text(l.date(p.end))]), .strong)]))
        }
        blocks += [
            .pageBreak,
        ]
        blocks += introduction()
        blocks += process()
        blocks += [.heading(level: 1, text: l[.sa3]), .placeholder(l[.sa3Guide])]
        blocks += implementation()
        blocks += [.heading(level: 1, text: l[.sa5]), .placeholder(l[.sa5Guide])]
        blocks += [.heading(level: 1, text: l[.sa6]), .placeholder(l[.sa6Guide])]
        blocks += [
            .heading(level: 1, text: l[.sa7]),
            .heading(level: 2, text: l[.sa7A]), .placeholder(l[.sa7AGuide]),
            .heading(level: 2, text: l[.sa7B]), .placeholder(l[.sa7BGuide]),
            .heading(level: 2, text: l[.sa7C]), .placeholder(l[.sa7CGuide]),
            .heading(level: 2, text: l[.sa7D]), .placeholder(l[.sa7DGuide]),
        ]
        return ReportDocument(title: title, language: l.code, blocks: blocks)
    }

    /// Says it is a draft, the two-week consultation it needs and when it is due (§2, §7 II).
    private func draftNote() -> String {
        let cal = overview.calendar
        let window = cal.consultationWindow(term)
        return l.format(.saDraftNote, ["date": .text(l.date(overview.asOf)), "opening": .text(l.date(window.lowerBound)),
                                       "due": .text(l.date(cal.selfAssessmentDue(term)))])
    }

    /// The stretch of implementation the report covers (the term's reporting period, by the
    /// plan's calendar) and the plan's reporting periods within it, closed or not.
    private func periodNote() -> String {
        let start = CalendarDay(first: plan.start)
        let end = overview.calendar.reportingPeriodEnd(term)
        let closed = closedPeriodIDs ?? Set(overview.closedPeriods.map(\.period))
        // Each period by its months, as the dashboard's period pages name it.
        let within = overview.periods.periods.filter { $0.start <= end }.map { p in
            Catalogue.text(closed.contains(p.id) ? "dash3.sa.covered-closed" : "dash3.sa.covered-open", in: l.code, ["name": .text(l.span(p))])
        }
        return l.format(.periodsCovers, ["start": .text(l.date(start)), "end": .text(l.date(end)), "periods": .text(l.list(within))])
    }

    private func introduction() -> [DocBlock] {
        let values = OGPValue.allCases.map { v in
            // The label is bold, the colon and count are not: the separator comes from format.label.
            [DocSpan(l.value(v), .strong), DocSpan(l.labelled("", l.format(.saCommitmentCount,
                ["count": .number(overview.commitments.filter { $0.commitment.description.values.contains(v) }.count)])))]
        }
        return [
            .heading(level: 1, text: l[.sa1]),
            .paragraph([DocSpan(l.format(.saIntroFacts, ["count": .number(overview.commitments.count), "start": .text(l.date(plan.start)), "end": .text(l.date(plan.end))]))]),
            .bullets(values),
            .placeholder(l[.sa1Guide]),
        ]
    }

    private func process() -> [DocBlock] {
        var submitted: DocLine = []
        let deadline = overview.calendar.planDeadline
        if let day = plan.submitted.map({ CalendarDay(first: $0) }) {
            let lateness = Lateness(delivered: day, due: deadline)
            submitted = [DocSpan(l.format(.saSubmitted, ["date": .text(l.date(day)), "deadline": .text(l.date(deadline)), "lateness": .text(l.lateness(lateness.category))]))]
        }
        let nonState = Set(overview.commitments.flatMap { $0.commitment.otherActors?.nonState ?? [] }).sorted()
        var implementation: [DocBlock] = []
        if !nonState.isEmpty {
            implementation.append(.paragraph([DocSpan(l[.saNonStateActors])]))
            implementation.append(.bullets(nonState.map { [DocSpan(overview.ministryName($0, l))] }))
        }
        let drafted = SelfAssessmentParticipation(overview: overview, records: participation, l: l)
        var blocks: [DocBlock] = [.heading(level: 1, text: l[.sa2]), .heading(level: 2, text: l[.sa2A])]
        blocks += drafted.throughoutTheCycle()
        blocks += [.placeholder(l[.sa2AGuide]), .heading(level: 2, text: l[.sa2B])]
        if !submitted.isEmpty { blocks.append(.paragraph(submitted)) }
        blocks += drafted.developingThePlan()
        blocks += [.placeholder(l[.sa2BGuide]), .heading(level: 2, text: l[.sa2C])]
        blocks += implementation
        blocks += drafted.implementation()
        blocks.append(.placeholder(l[.sa2CGuide]))
        return blocks
    }

    private func implementation() -> [DocBlock] {
        var blocks: [DocBlock] = [
            .heading(level: 1, text: l[.sa4]),
            .placeholder(l[.sa4Guide]),
            .heading(level: 2, text: l[.saSummaryTable]),
            .table(header: [l[.number], l[.commitment], l[.leadAgency], l[.completionLevel], l[.milestonesDone], l[.endDate]],
                   rows: overview.commitments.map { c in [
                       [[DocSpan(String(c.commitment.number))]],
                       [(c.commitment.code.map { [DocSpan($0 + " — ")] } ?? []) + (l.text(c.commitment.title).map(l.spans) ?? [])
                        + (c.commitment.draft ? [DocSpan(l.draftMark(c.commitment))] : [])],
                       [[DocSpan(overview.ministryName(c.commitment.leadAgency, l))]],
                       [[DocSpan(c.progress == nil ? l[.noProgressRecord] : l.completion(c.completion))]],
                       [[DocSpan("\(l.number(c.completeMilestones)) / \(l.number(c.milestones.count))")]],
                       [[DocSpan(l.date(c.commitment.end))]],
                   ] }, weights: [1, 5, 3, 2, 2, 2]),
        ]
        if !overview.unreadable.isEmpty {
            blocks.append(.paragraph([DocSpan(l[.unreadableNote], .placeholder), DocSpan(" " + overview.unreadable.joined(separator: ", "))]))
        }
        for c in overview.commitments {
            blocks += CompletionTemplate(status: c, overview: overview, l: l).blocks()
        }
        return blocks
    }
}
