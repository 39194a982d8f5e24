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
            commitmentsList(),
            .if(!site.periodUpdates.isEmpty, .group(
                .h2(.id("periods"), .txt(l[PeriodPhrase.indexHeading])),
                .p(.txt(l[PeriodPhrase.indexNote])),
                site.periodLinks())),
            .h2(.id("rating-rule"), .txt(l[.ragRuleHeading])),
            .p(.cls("rule"), .txt(l.format(.ragRule, ["days": .number(RAGRating.redAfterDays)]))),
            charts(),
            timeline(),
            overdue(),
            .if(site.isInternal, conflicts()),
            .if(site.isInternal, DashboardActivity(site: site).section()),
            .if(site.isInternal, DashboardRefusedPushesSection(site: site, log: site.refusedPushes).render()),
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
            (l[.planPeriod], .txt(l.period(o.plan.start, o.plan.end))),
            (l[.pointOfContact], .group(.txt(poc.name),
                .unwrap(l.text(poc.title)) { .group(.txt(", "), inline($0, l)) },
                .unwrap(site.contactDetails(poc)) { .group(.txt(" — "), .txt($0)) })),
            (l[.reportDate], .txt(l.date(o.asOf))),
        ])
    }

    /// The figures, each a link to the list it counts.
    private func figures() -> BodyNode {
        let milestones = o.commitments.reduce(0) { $0 + $1.milestones.count }
        let done = o.commitments.reduce(0) { $0 + $1.completeMilestones }
        let overdue = o.commitments.reduce(0) { $0 + $1.overdueCount }
        let conflicts = o.commitments.reduce(0) { $0 + $1.conflicts.count }
        func card(_ figure: BodyNode, _ label: String) -> BodyNode { .li(.strong(figure), .txt(label)) }
        let rag: [BodyNode] = RAGRating.allCases.reversed().enumerated().map { i, r in
            .group(.if(i > 0, .txt(" / ")), .a(.href(CommitmentFilter.rating(r).page), .attr("aria-label", l.labelled(l.rating(r), l.number(o.count(r)))),
                                               .txt(l.number(o.count(r)))))
        }
        return .ul(.cls("cards"),
            card(.a(.href("#commitments"), .txt(l.number(o.commitments.count))), l[.figCommitments]),
            card(.a(.href("timeline.html"), .txt("\(l.number(done)) / \(l.number(milestones))")), l[.figMilestonesDone]),
            card(.a(.href("#overdue"), .txt(l.number(overdue))), l[.figOverdue]),
            card(.group(rag), l[.figRAG]),
            .if(site.isInternal, card(.a(.href("#conflicts"), .txt(l.number(conflicts))), l[.figConflicts])))
    }

    private func charts() -> BodyNode {
        let levels = CompletionLevel.allCases
        let commitmentBars = levels.map { SVGCharts.Bar(label: l.completion($0), value: o.count($0), style: "level-\($0.rawValue)") }
        // Each milestone counted once, by its level: late ones are among them (a bar of their
        // own counted them twice), said in a line under the chart with a link to their list.
        let milestoneBars = levels.map { SVGCharts.Bar(label: l.completion($0), value: o.milestoneCount($0), style: "level-\($0.rawValue)") }
        let late = o.commitments.reduce(0) { $0 + $1.overdueCount }
        let ragBars = RAGRating.allCases.reversed().map { SVGCharts.Bar(label: l.rating($0), value: o.count($0), style: "rag-\($0.rawValue)") }
        return .group(
            .h2(.txt(l[.chartsHeading])),
            SVGCharts.bars(id: "chart-commitments", title: l[.chartCommitments], summary: SVGCharts.summary(commitmentBars, l),
                           bars: commitmentBars, valueHeader: l[.commitments], labelHeader: l[.completionLevel], l: l),
            SVGCharts.bars(id: "chart-milestones", title: l[.chartMilestones], summary: SVGCharts.summary(milestoneBars, l),
                           bars: milestoneBars, valueHeader: l[.milestones], labelHeader: l[.completionLevel], l: l),
            .p(.a(.href("#overdue"), .txt(l.format(DashPhrase.milestonesOfWhichLate,
                ["count": .number(late), "total": .number(milestoneBars.reduce(0) { $0 + $1.value })])))),
            SVGCharts.bars(id: "chart-rag", title: l[.chartRAG], summary: SVGCharts.summary(ragBars, l),
                           bars: ragBars, valueHeader: l[.commitments], labelHeader: l[.rating], l: l))
    }

    /// The list first: grouped (by lead ministry so far), with the switch and the filters.
    private func commitmentsList() -> BodyNode {
        let list = CommitmentList(site: site)
        return .group(
            .h2(.id("commitments"), .txt(l[.commitmentsHeading])),
            list.navigation(current: "index.html"),
            list.grouped(.ministry))
    }

    private func timeline() -> BodyNode {
        let rows = o.commitments.map { c -> GanttChart.Row in
            let starts = c.milestones.compactMap(\.actualStart)
            let ends = c.milestones.compactMap(\.actualEnd)
            return GanttChart.Row(label: "\(c.commitment.number). \(l.plain(c.commitment.title))",
                                  plannedStart: c.start, plannedEnd: c.end, actualStart: starts.min(),
                                  actualEnd: c.completion == .complete ? ends.max() : nil, overdue: c.overdueCount > 0)
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
        // Read aloud by screen readers, and shown on hover: dates as the page writes them, not 2025-10-01.
        let summary = site.l.list(rows.map { site.l.labelled($0.label, site.l.span($0.plannedStart, $0.plannedEnd)) })
        return Scroll.box(GanttChart(id: id, title: title, summary: summary, rows: rows, from: from, to: to, asOf: o.asOf, l: site.l).render(), label: title)
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
