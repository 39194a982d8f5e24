import Messages
import Records

/// index.html: the plan at a glance — figures, the RAG rule, charts, the list of commitments,
/// a timeline of commitments, overdue milestones with their reasons, unsettled conflicts.
struct DashboardIndexPage {
    let site: SiteContext
    let freshness: [Freshness]

    private var l: Localizer { site.l }
    private var o: PlanOverview { site.overview }

    func render() -> [UInt8] {
        site.page(title: l[.dashboardTitle], current: "index.html", [
            .h1(.txt(l[.dashboardTitle])),
            planFacts(),
            figures(),
            .h2(.id("rating-rule"), .txt(l[.ragRuleHeading])),
            .p(.cls("rule"), .txt(l.format(.ragRule, ["days": .number(RAGRating.redAfterDays)]))),
            charts(),
            commitmentsTable(),
            timeline(),
            overdue(),
            conflicts(),
            .h2(.txt(l[.freshnessHeading])),
            .p(.txt(l.format(.freshnessSummary, ["count": .number(freshness.filter(\.isStale).count), "days": .number(o.staleAfterDays)])), .txt(" "),
               link("ministries.html", l[.seeMinistries])),
            .if(!o.unreadable.isEmpty, .group(
                .h2(.txt(l[.unreadableHeading])),
                .p(.txt(l[.unreadableNote])),
                .ul(.forEach(o.unreadable) { .li(.code(.txt($0))) }))),
        ])
    }

    private func planFacts() -> BodyNode {
        let poc = o.plan.pointOfContact
        return fields([
            (l[.planPeriod], .txt("\(l.date(o.plan.start)) – \(l.date(o.plan.end))")),
            (l[.pointOfContact], .group(.txt(poc.name),
                .unwrap(l.text(poc.title)) { .group(.txt(", "), inline($0, l)) },
                .unwrap(poc.email) { .group(.txt(" — "), .txt($0)) })),
            (l[.reportDate], .txt(l.date(o.asOf))),
        ])
    }

    private func figures() -> BodyNode {
        let milestones = o.commitments.reduce(0) { $0 + $1.milestones.count }
        let done = o.commitments.reduce(0) { $0 + $1.completeMilestones }
        let overdue = o.commitments.reduce(0) { $0 + $1.overdue.count }
        let conflicts = o.commitments.reduce(0) { $0 + $1.conflicts.count }
        let cards: [(String, String)] = [
            (l.number(o.commitments.count), l[.figCommitments]),
            ("\(l.number(done)) / \(l.number(milestones))", l[.figMilestonesDone]),
            (l.number(overdue), l[.figOverdue]),
            ([o.count(.green), o.count(.amber), o.count(.red)].map(l.number).joined(separator: " / "), l[.figRAG]),
            (l.number(conflicts), l[.figConflicts]),
        ]
        return .ul(.cls("cards"), .forEach(cards) { .li(.strong(.txt($0.0)), .txt($0.1)) })
    }

    private func charts() -> BodyNode {
        let levels = CompletionLevel.allCases
        let commitmentBars = levels.map { SVGCharts.Bar(label: l.completion($0), value: o.count($0), style: "level-\($0.rawValue)") }
        var milestoneBars = levels.map { SVGCharts.Bar(label: l.completion($0), value: o.milestoneCount($0), style: "level-\($0.rawValue)") }
        milestoneBars.append(SVGCharts.Bar(label: l[.overdueLabel], value: o.commitments.reduce(0) { $0 + $1.overdue.count }, style: "level-overdue"))
        let ragBars = RAGRating.allCases.reversed().map { SVGCharts.Bar(label: l.rating($0), value: o.count($0), style: "rag-\($0.rawValue)") }
        return .group(
            .h2(.txt(l[.chartsHeading])),
            SVGCharts.bars(id: "chart-commitments", title: l[.chartCommitments], summary: SVGCharts.summary(commitmentBars, l),
                           bars: commitmentBars, valueHeader: l[.commitments], labelHeader: l[.completionLevel], l: l),
            SVGCharts.bars(id: "chart-milestones", title: l[.chartMilestones], summary: SVGCharts.summary(milestoneBars, l),
                           bars: milestoneBars, valueHeader: l[.milestones], labelHeader: l[.completionLevel], l: l),
            SVGCharts.bars(id: "chart-rag", title: l[.chartRAG], summary: SVGCharts.summary(ragBars, l),
                           bars: ragBars, valueHeader: l[.commitments], labelHeader: l[.rating], l: l))
    }

    private func commitmentsTable() -> BodyNode {
        .group(
            .h2(.txt(l[.commitmentsHeading])),
            table(caption: nil, header: [l[.commitment], l[.leadAgency], l[.period], l[.completionLevel], l[.milestonesDone], l[.rating], l[.lastChange]],
                  rows: o.commitments.map { c in [
                      site.commitmentLink(c),
                      site.ministryLink(c.commitment.leadAgency),
                      .txt("\(c.commitment.start.iso) – \(c.commitment.end.iso)"),
                      c.progress == nil ? .span(.cls("marker"), .txt(l[.noProgressRecord])) : site.level(c.completion),
                      .txt("\(l.number(c.completeMilestones)) / \(l.number(c.milestones.count))"),
                      site.ratingBadge(c.rating),
                      .txt(site.history.byCommitment[c.id]?.first.map { l.date(CalendarDay($0.date)) } ?? "—"),
                  ] }))
    }

    private func timeline() -> BodyNode {
        let rows = o.commitments.map { c -> GanttChart.Row in
            let starts = c.milestones.compactMap(\.actualStart)
            let ends = c.milestones.compactMap(\.actualEnd)
            return GanttChart.Row(label: "\(c.commitment.number). \(l.plain(c.commitment.title))",
                                  plannedStart: c.start, plannedEnd: c.end, actualStart: starts.min(),
                                  actualEnd: c.completion == .complete ? ends.max() : nil, overdue: !c.overdue.isEmpty)
        }
        return .group(
            .h2(.txt(l[.timelineHeading])),
            .p(.txt(l[.timelineNote]), .txt(" "), link("timeline.html", l[.navTimeline])),
            Self.gantt(id: "gantt-plan", title: l[.timelineHeading], rows: rows, site: site))
    }

    static func gantt(id: String, title: String, rows: [GanttChart.Row], site: SiteContext) -> BodyNode {
        let o = site.overview
        let from = min(CalendarDay(first: o.plan.start), rows.map(\.plannedStart).min() ?? o.asOf)
        let to = max(CalendarDay(last: o.plan.end), rows.map(\.plannedEnd).max() ?? o.asOf)
        let summary = site.l.list(rows.map { site.l.labelled($0.label, "\($0.plannedStart) – \($0.plannedEnd)") })
        return GanttChart(id: id, title: title, summary: summary, rows: rows, from: from, to: to, asOf: o.asOf, l: site.l).render()
    }

    private func overdue() -> BodyNode {
        let rows: [[BodyNode]] = o.commitments.flatMap { c in
            c.overdue.map { m in [
                site.commitmentLink(c),
                inline(l.text(m.milestone.activity), l),
                .txt(l.date(m.plannedEnd)),
                .txt(l.number(m.daysOverdue ?? 0)),
                site.level(m.completion),
                Self.delayReason(m, c, l),
            ] }
        }
        return .group(
            .h2(.id("overdue"), .txt(l[.overdueHeading])),
            rows.isEmpty ? .p(.txt(l[.noneOverdue]))
                : table(caption: nil, header: [l[.commitment], l[.milestone], l[.plannedEnd], l[.daysLate], l[.completionLevel], l[.delayReason]], rows: rows))
    }

    /// The milestone's own reason, else the commitment's; a missing reason is said, not hidden.
    static func delayReason(_ m: MilestoneStatus, _ c: CommitmentStatus, _ l: Localizer) -> BodyNode {
        if let reason = l.text(m.progress?.delayReason) { return inline(reason, l) }
        if let reason = l.text(c.progress?.delayReason) { return inline(reason, l) }
        return .span(.cls("marker"), .txt(l[.noDelayReason]))
    }

    private func conflicts() -> BodyNode {
        let rows: [[BodyNode]] = o.commitments.flatMap { c in
            c.conflicts.map { x in ConflictRows.row(x, c, site) }
        }
        return .group(
            .h2(.id("conflicts"), .txt(l[.conflictsHeading])),
            .p(.txt(l[.conflictsNote])),
            rows.isEmpty ? .p(.txt(l[.noConflicts])) : ConflictRows.table(rows, l))
    }
}

/// Unsettled merge conflicts (Progress.conflicts), on the overview and the commitment pages.
enum ConflictRows {
    static func row(_ x: FieldConflict, _ c: CommitmentStatus, _ site: SiteContext) -> [BodyNode] {
        [site.commitmentLink(c), .code(.txt(x.field)), .code(.txt(x.kept)), .code(.txt(x.lost)),
         .txt(x.lostBy ?? "—"), .txt(x.lostAt ?? "—")]
    }

    static func table(_ rows: [[BodyNode]], _ l: Localizer) -> BodyNode {
        Report.table(caption: nil, header: [l[.commitment], l[.field], l[.keptValue], l[.lostValue], l[.lostBy], l[.lostAt]], rows: rows)
    }
}
