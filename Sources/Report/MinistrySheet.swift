import Messages
import Records

/// What a ministry's page adds for the point of contact to send it (printed, or saved as PDF
/// through the browser's print style): the milestones of the commitments it leads that fall
/// due soon, and those already late with their reasons.
struct MinistrySheet {
    let site: SiteContext
    let led: [CommitmentStatus]

    /// "Due soon": planned to end within this many days of the report date, not complete.
    static let dueWithinDays = 90

    private var l: Localizer { site.l }

    func due() -> [(CommitmentStatus, MilestoneStatus)] {
        let asOf = site.overview.asOf, limit = asOf.adding(days: Self.dueWithinDays)
        return led.flatMap { c in
            c.milestones.filter { $0.completion != .complete && $0.daysOverdue == nil && $0.plannedEnd >= asOf && $0.plannedEnd <= limit }
                .map { (c, $0) }
        }.sorted { $0.1.plannedEnd < $1.1.plannedEnd }
    }

    func late() -> [(CommitmentStatus, MilestoneStatus)] {
        led.flatMap { c in c.overdue.map { (c, $0) } }.sorted { ($0.1.daysOverdue ?? 0) > ($1.1.daysOverdue ?? 0) }
    }

    func dueAndLate() -> BodyNode {
        let due = due(), late = late()
        return .group(
            .h2(.id("due"), .txt(l.format(DashPhrase.sheetDue, ["count": .number(Self.dueWithinDays)]))),
            due.isEmpty ? .p(.txt(l[DashPhrase.sheetNoneDue])) : table(caption: nil,
                header: [l[.commitment], l[.milestone], l[.plannedEnd], l[.completionLevel]],
                rows: due.map { c, m in [site.commitmentLink(c), .group(.strong(.txt(m.milestone.id)), .txt(" "), inline(l.text(m.milestone.activity), l)),
                                         .txt(l.date(m.plannedEnd)), site.level(m.completion)] }),
            .h2(.id("late"), .txt(l[DashPhrase.sheetLate])),
            late.isEmpty ? .p(.txt(l[DashPhrase.sheetNoneLate])) : table(caption: nil,
                header: [l[.commitment], l[.milestone], l[.plannedEnd], l[.daysLate], l[.delayReason]],
                rows: late.map { c, m in [site.commitmentLink(c), .group(.strong(.txt(m.milestone.id)), .txt(" "), inline(l.text(m.milestone.activity), l)),
                                          .txt(l.date(m.plannedEnd)), .txt(l.number(m.daysOverdue ?? 0)),
                                          DashboardIndexPage.delayReason(m, c, l)] }))
    }
}
