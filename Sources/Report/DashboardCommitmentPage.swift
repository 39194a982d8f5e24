import Foundation
import Messages
import Records

/// commitment-<id>.html: every field of the commitment template, its progress, milestones
/// (table and timeline), evidence, unsettled conflicts and recent history.
struct DashboardCommitmentPage {
    let site: SiteContext
    let status: CommitmentStatus
    /// Evidence id → site-relative path of the copied file (absent when not copied).
    let evidenceFiles: [String: String]

    private var l: Localizer { site.l }
    private var c: Commitment { status.commitment }

    func render() -> [UInt8] {
        let title = "\(l.titlePrefix(c))\(l.plain(c.title))\(l.draftMark(c))"
        return site.page(title: title, current: "", [
            .h1(.txt(l.titlePrefix(c)), inline(l.text(c.title), l), .txt(l.draftMark(c))),
            // Status first: where it stands, its milestones, its evidence; the template's
            // prose (problem, solution, relevance…) comes after, folded.
            .p(.cls("status"), .txt(l.label(.rating)), site.ratingBadge(status.rating), .txt(" — "),
               .txt(l.label(.completionLevel)), site.level(status.completion), .txt(" — "),
               .txt(l.label(.leadAgency)), site.ministryLink(c.leadAgency), .txt(" — "),
               .txt(l.period(c.start, c.end)), .txt(" — "),
               .a(.attr("href", "index.html#rating-rule"), .txt(l[.ragRuleHeading]))),
            site.civilSocietyReviews(site.reviews[status.id] ?? []),
            .h2(.txt(l[.progressHeading])),
            progress(),
            .h2(.txt(l[.milestones])),
            milestones(),
            DashboardIndexPage.gantt(id: "gantt-\(status.id)", title: l[.timelineHeading], rows: ganttRows(), site: site),
            DashboardPeriodSection(site: site, status: status).render(),
            .h2(.id("evidence"), .txt(l[.evidenceHeading])),
            evidence(),
            .if(site.isInternal && !status.conflicts.isEmpty, .group(
                .h2(.txt(l[.conflictsHeading])),
                ConflictRows.table(status.conflicts.map { ConflictRows.row($0, status, site) }, l))),
            .h2(.txt(l[.historyHeading])),
            history(),
            .h2(.id("template"), .txt(l[.templateHeading])),
            .element(named: "details", nodes: [
                .element(named: "summary", nodes: [.txt(l[DashPhrase.showTemplate])]),
                template()]),
        ])
    }

    private func text(_ t: RecordText?) -> BodyNode { block(l.text(t), l) }

    private func actors(_ ids: [String]) -> BodyNode {
        ids.isEmpty ? .span(.cls("empty"), .txt("—")) : .ul(.forEach(ids) { .li(site.ministryLink($0)) })
    }

    private func template() -> BodyNode {
        let info = c.additionalInformation
        return fields([
            (l[.numberAndName], .group(.txt("\(c.number). "), inline(l.text(c.title), l))),
            (l[.startEnd], .txt(l.period(c.start, c.end))),
            (l[.leadAgency], site.ministryLink(c.leadAgency)),
            (l[.themes], c.themes.isEmpty ? .txt("—") : .ul(.forEach(c.themes) { .li(inline(l.text($0), l)) })),
            (l[.qProblem], text(c.description.problem)),
            (l[.qCommitment], text(c.description.commitment)),
            (l[.qSolution], text(c.description.solution)),
            (l[.qRelevance], text(c.description.relevance)),
            (l[.ogpValues], .txt(c.description.values.map { l.value($0) }.joined(separator: ", "))),
            (l[.infoBudget], text(info?.budget)),
            (l[.infoProgrammes], text(info?.programmes)),
            (l[.infoDevelopmentPlan], text(info?.developmentPlan)),
            (l[.infoSDGs], text(info?.sdgs)),
            (l[.infoOther], text(info?.other)),
            (l[.contactName], .txt(c.contact.name)),
            (l[.contactTitle], .group(inline(l.text(c.contact.title), l),
                                      .unwrap(c.contact.organisation) { .group(.txt(", "), site.ministryLink($0)) })),
        ] + (site.contactDetails(c.contact).map { [(l[.contactEmailPhone], .txt($0))] } ?? []) + [
            (l[.stateActors], actors(c.otherActors?.state ?? [])),
            (l[.nonStateActors], actors(c.otherActors?.nonState ?? [])),
        ])
    }

    private func progress() -> BodyNode {
        guard let p = status.progress else { return .p(.cls("marker"), .txt(l[.noProgressRecord])) }
        return fields([
            (l[.completionLevel], site.level(p.completion)),
            (l[.results], text(p.results)),
            (l[.nextSteps], text(p.nextSteps)),
            (l[.delayReason], l.text(p.delayReason) == nil ? .txt("—") : text(p.delayReason)),
        ])
    }

    /// The milestones; a column no milestone fills (deliverable, budget, note) is left out.
    private func milestones() -> BodyNode {
        let ms = status.milestones
        let hasDeliverable = ms.contains { l.text($0.milestone.deliverable) != nil }
        let hasBudget = ms.contains { l.text($0.milestone.budget) != nil }
        let hasNote = ms.contains { l.text($0.progress?.note) != nil || $0.daysOverdue != nil }
        var header = [l[.milestone]]
        if hasDeliverable { header.append(l[.deliverable]) }
        if hasBudget { header.append(l[.budget]) }
        header += [l[.plannedDates], l[.actualDates], l[.completionLevel]]
        if hasNote { header.append(l[.note]) }
        return table(caption: nil, header: header, rows: ms.map { m in
            var row: [BodyNode] = [.group(.strong(.txt(l.milestoneName(m.milestone))), .txt(" "), inline(l.text(m.milestone.activity), l))]
            if hasDeliverable { row.append(inline(l.text(m.milestone.deliverable), l)) }
            if hasBudget { row.append(inline(l.text(m.milestone.budget), l)) }
            row += [
                .txt("\(l.date(m.milestone.start)) – \(l.date(m.milestone.end))"),
                .txt(l.actualDates(start: m.progress?.actualStart.map { l.date($0) }, end: m.progress?.actualEnd.map { l.date($0) },
                                   level: m.completion)),
                .group(site.level(m.completion), .unwrap(m.daysOverdue) { .group(.br(), .span(.cls("stale"), .txt(l.format(.overdueBy, ["count": .number($0)])))) }),
            ]
            if hasNote {
                row.append(.group(.unwrap(l.text(m.progress?.note)) { block($0, l) },
                                  .if(m.daysOverdue != nil, .p(.strong(.txt(l.label(.delayReason))), DashboardIndexPage.delayReason(m, status, l)))))
            }
            return row
        })
    }

    private func ganttRows() -> [GanttChart.Row] {
        status.milestones.map { m in
            GanttChart.Row(label: "\(l.milestoneName(m.milestone)) \(l.plain(m.milestone.activity))", plannedStart: m.plannedStart,
                           plannedEnd: m.plannedEnd, actualStart: m.actualStart, actualEnd: m.actualEnd,
                           overdue: m.daysOverdue != nil)
        }
    }

    private func evidence() -> BodyNode {
        guard !status.evidence.isEmpty else { return .p(.txt(l[.noEvidence])) }
        // A milestone is named as everywhere else on the page: its official code when it has one.
        let names = Dictionary(status.milestones.map { ($0.milestone.id, l.milestoneName($0.milestone)) }, uniquingKeysWith: { a, _ in a })
        return .group(
            .p(.cls("rule"), .txt(l[.evidenceDownloadRule])),
            .ul(.forEach(status.evidence) { e in
                .li(evidenceLink(e),
                    .unwrap(e.milestone) { .txt(" — \(l[.milestone]) \(names[$0] ?? $0)") },
                    .unwrap(e.added) { .txt(" — \(l[.added]) \(l.date($0))") })
            }))
    }

    private func evidenceLink(_ e: ProgressRecord.Evidence) -> BodyNode {
        let title = l.text(e.title)
        if let path = evidenceFiles[e.id] {
            // Only a file a browser shows without running anything opens in it (EvidenceCopier).
            if EvidenceCopier.opensInline(path) { return .a(.attr("href", path), inline(title, l)) }
            let name = path.split(separator: "/").last.map { $0.removingPercentEncoding ?? String($0) } ?? ""
            return .group(.a(.attr("href", path), .attr("download", ""), inline(title, l)),
                          .txt(" "), .span(.cls("marker"), .txt(l.format(.evidenceDownload, ["name": .text(name)]))))
        }
        if let url = e.url, url.lowercased().hasPrefix("https://") || url.lowercased().hasPrefix("http://") {
            return .a(.attr("href", url), .attr("rel", "external"), inline(title, l))
        }
        return .group(inline(title, l), .txt(" "), .span(.cls("marker"), .txt(l[.evidenceMissing])))
    }

    /// Recent changes. Public: the day and what changed, written from the files each change
    /// touched. Internal: also who made it, the commit's summary and the files.
    private func history() -> BodyNode {
        let changes = site.history.byCommitment[status.id] ?? []
        guard site.history.available else { return .p(.txt(l[.freshUnknown])) }
        let note: BodyNode = changes.count >= ChangeHistory.defaultPerCommitment
            ? .p(.txt(l.format(.historyCapped, ["count": .number(changes.count)])))
            : (!site.history.complete ? .p(.txt(l.format(.freshNoChangeSince, ["date": .text(site.history.oldestRead.map { l.date(CalendarDay($0)) } ?? "—")]))) : .empty)
        guard !changes.isEmpty else { return .group(.p(.txt(l[.noHistory])), note) }
        let prefix = "commitments/\(status.id)/"
        let names = Dictionary(status.milestones.map { ($0.milestone.id, l.milestoneName($0.milestone)) }, uniquingKeysWith: { a, _ in a })
        func what(_ ch: Change) -> BodyNode {
            .txt(l.list(ChangeDescription.describe(ch, commitment: status.id, l, milestoneName: { names[$0] ?? $0 })))
        }
        guard site.isInternal else {
            return .group(table(caption: nil, header: [l[.date], l[.summary]],
                                rows: changes.map { ch in [.txt(l.date(CalendarDay(ch.date))), what(ch)] }), note)
        }
        return .group(
            table(caption: nil, header: [l[.date], l[.author], l[.summary], l[.files]],
                  rows: changes.map { ch in [
                      .txt(l.date(CalendarDay(ch.date))), .txt(ch.author),
                      .group(what(ch), .br(), .code(.txt(ch.summary))),
                      .span(.cls("files"), .txt(ch.paths(inCommitment: status.id).map { String(decoding: $0.utf8.dropFirst(prefix.utf8.count), as: UTF8.self) }.joined(separator: ", "))),
                  ] }),
            note)
    }
}
