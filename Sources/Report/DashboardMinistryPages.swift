import Foundation
import Messages
import Records

/// ministries.html (every organisation with its freshness) and ministry-<id>.html (one
/// organisation: contacts, commitments led and taken part in, when it last reported).
struct DashboardMinistryPages {
    let site: SiteContext
    let freshness: [Freshness]

    private var l: Localizer { site.l }
    private var o: PlanOverview { site.overview }

    func freshnessCell(_ f: Freshness) -> BodyNode {
        .group(.txt(f.describe(l)), .if(f.isStale, .group(.txt(" "), .span(.cls("stale"), .txt(l[.staleFlag])))))
    }

    func list() -> [UInt8] {
        // Organisations sorted by name as people read them, not by their ids.
        let byName = freshness.map { ($0, o.ministryName($0.ministry, l).folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)) }
            .sorted { ($0.1, $0.0.ministry) < ($1.1, $1.0.ministry) }.map(\.0)
        return site.page(title: l[.ministriesHeading], current: "ministries.html", [
            .h1(.txt(l[.ministriesHeading])),
            .h2(.txt(l[.freshnessHeading])),
            .p(.cls("rule"), .txt(l.format(.freshnessRule, ["days": .number(o.staleAfterDays)]))),
            table(caption: nil, header: [l[.organisation], l[.kind], l[.commitmentsLed], l[.lastReport]],
                  rows: byName.map { f in [
                      site.ministryLink(f.ministry),
                      .txt(o.ministries[f.ministry].map { l.kind($0.kind) } ?? "—"),
                      .txt(l.number(f.leads)),
                      freshnessCell(f),
                  ] }),
        ])
    }

    func page(_ f: Freshness) -> [UInt8]? {
        guard let ministry = o.ministries[f.ministry] else { return nil }
        let led = o.led(by: f.ministry)
        let involved = o.involving(f.ministry)
        let milestonesLed = o.milestonesLed(by: f.ministry)
        return site.page(title: l.plain(ministry.name), current: "", [
            .h1(inline(l.text(ministry.name), l)),
            .p(.cls("print-note"), .txt(l[DashPhrase.sheetPrint])),
            fields([
                (l[.kind], .txt(l.kind(ministry.kind))),
                (l[.lastReport], freshnessCell(f)),
                (l[.lastRecordChange], .txt(f.lastRecordChange.map { l.date($0) } ?? "—")),
            ]),
            .h2(.txt(l[.contacts])),
            ministry.contacts.isEmpty ? .p(.txt("—")) : .ul(.forEach(ministry.contacts) { p in
                .li(.txt(p.name),
                    .unwrap(l.text(p.title)) { .group(.txt(", "), inline($0, l)) },
                    .unwrap(site.contactDetails(p)) { .group(.txt(" — "), .txt($0)) })
            }),
            .h2(.id("led"), .txt(l[.commitmentsLed])),
            commitments(led),
            .if(!milestonesLed.isEmpty, .group(
                .h2(.txt(Catalogue.text("shapes.report.milestones-led", in: l.code))),
                .ul(.forEach(milestonesLed) { pair in
                    .li(site.commitmentLink(pair.0), .txt(": "),
                        .txt(pair.1.map { l.milestoneName($0.milestone) + " (" + l.completion($0.completion) + ")" }.joined(separator: ", ")))
                }))),
            MinistrySheet(site: site, led: led).dueAndLate(),
            .h2(.txt(l[.commitmentsInvolved])),
            commitments(involved),
        ])
    }

    private func commitments(_ list: [CommitmentStatus]) -> BodyNode {
        list.isEmpty ? .p(.txt("—")) : table(caption: nil, header: [l[.commitment], l[.completionLevel], l[.milestonesDone], l[.rating]],
            rows: list.map { c in [site.commitmentLink(c), site.level(c.completion),
                                   .txt("\(l.number(c.completeMilestones)) / \(l.number(c.milestones.count))"), site.ratingBadge(c.rating)] })
    }
}

/// timeline.html: one Gantt chart per commitment, milestone by milestone.
struct DashboardTimelinePage {
    let site: SiteContext

    func render() -> [UInt8] {
        let l = site.l
        return site.page(title: l[.navTimeline], current: "timeline.html", [
            .h1(.txt(l[.navTimeline])),
            .p(.txt(l[.ganttLegend]), .txt(" "), .txt(l.date(site.overview.asOf)), .txt(".")),
            .forEach(site.overview.commitments) { c -> BodyNode in
                .group(
                    .h2(site.commitmentLink(c)),
                    DashboardIndexPage.gantt(id: "gantt-\(c.id)", title: "\(c.commitment.number). \(l.plain(c.commitment.title))",
                        rows: c.milestones.map { m in
                            GanttChart.Row(label: "\(l.milestoneName(m.milestone)) \(l.plain(m.milestone.activity))", plannedStart: m.plannedStart,
                                           plannedEnd: m.plannedEnd, actualStart: m.actualStart, actualEnd: m.actualEnd,
                                           overdue: m.daysOverdue != nil)
                        }, site: site))
            },
        ])
    }
}
