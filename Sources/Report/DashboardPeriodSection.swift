import Messages
import Records

/// The commitment page's "Reporting periods" section: the commitment's and each milestone's
/// completion at the end of every closed period (periods/<id>.yaml, as the point of contact
/// closed it), then as of the report date, with what changed since the column before.
struct DashboardPeriodSection {
    let site: SiteContext
    let status: CommitmentStatus

    private var l: Localizer { site.l }
    private var o: PlanOverview { site.overview }

    func render() -> BodyNode {
        let closed = o.closedPeriods
        guard !closed.isEmpty else {
            return .group(.h2(.id("periods"), .txt(l[.periodsHeading])), .p(.txt(noneClosed())), site.periodLinks(anchor: "c-\(status.id)"))
        }
        // Each closed period by its months, as people name it ("September 2025 – February 2026").
        let names = closed.map { l.span(CalendarDay(first: $0.start), CalendarDay(last: $0.end)) }
        let header = [l[.milestone]] + names + [l.format(.periodsNow, ["date": .text(l.date(o.asOf))])]
        // One row for the commitment, then one per milestone; a column is a period, then now.
        var rows: [[BodyNode]] = []
        let commitmentLevels = closed.map { $0.commitment(status.id)?.completion } + [status.completion]
        rows.append([.strong(.txt(l[.commitment]))] + cells(commitmentLevels))
        var changes: [[String]] = Array(repeating: [], count: commitmentLevels.count)
        note(commitmentLevels, name: l[.commitment], into: &changes)
        for m in status.milestones {
            let levels = closed.map { $0.commitment(status.id)?.milestone(m.milestone.id)?.completion } + [m.completion]
            // By its official code when it has one (Milestone.spokenName), as everywhere else.
            rows.append([.txt(m.milestone.spokenName)] + cells(levels))
            note(levels, name: m.milestone.spokenName, into: &changes)
        }
        let labels = names + [l.format(.periodsNow, ["date": .text(l.date(o.asOf))])]
        return .group(
            .h2(.id("periods"), .txt(l[.periodsHeading])),
            site.periodLinks(anchor: "c-\(status.id)"),
            table(caption: nil, header: header, rows: rows),
            .h3(.txt(l[.periodsChanges])),
            .ul(.forEach(Array(1..<labels.count)) { i in
                .li(.txt(l.labelled(labels[i], changes[i].isEmpty ? l[.periodsNoChange] : l.list(changes[i]))))
            }))
    }

    /// Why the table is not there yet, for a citizen or a minister: what closing a period means,
    /// then the period that ended and awaits closing, or else when the first one ends.
    private func noneClosed() -> String {
        let ended = o.periods.periods.last { $0.end < o.asOf }
        let when: String?
        if let ended {
            when = Catalogue.text("dash3.none-ended", in: l.code, ["name": .text(l.span(ended)), "date": .text(l.date(ended.end))])
        } else {
            when = o.periods.periods.first.map { Catalogue.text("dash3.none-first", in: l.code, ["name": .text(l.span($0)), "date": .text(l.date($0.end))]) }
        }
        return Catalogue.text("dash3.none", in: l.code) + (when.map { " " + $0 } ?? "")
    }

    /// A level per column; "limited (was: not started)" where it moved since the column before.
    private func cells(_ levels: [CompletionLevel?]) -> [BodyNode] {
        levels.enumerated().map { i, level in
            guard let level else { return .txt("—") }
            guard i > 0, let before = levels[i - 1], before != level else { return site.level(level) }
            return .group(site.level(level), .txt(" " + l.format(.periodsWas, ["level": .text(l.completion(before))])))
        }
    }

    /// "m2: not started → complete" for each column where the level moved.
    private func note(_ levels: [CompletionLevel?], name: String, into changes: inout [[String]]) {
        for i in levels.indices.dropFirst() {
            guard let before = levels[i - 1], let now = levels[i], before != now else { continue }
            changes[i].append(l.labelled(name, "\(l.completion(before)) → \(l.completion(now))"))
        }
    }
}
