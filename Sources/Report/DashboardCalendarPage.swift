import Messages
import Records

/// calendar.html: the plan's calendar by the rules of the manual's section 2 — deadlines,
/// the two-week consultation windows, and how late each delivery was or is heading to be.
struct DashboardCalendarPage {
    let site: SiteContext

    private var l: Localizer { site.l }
    private var o: PlanOverview { site.overview }

    func status(_ s: DeliveryStatus) -> BodyNode {
        switch s {
        case let .delivered(day, lateness):
            return .txt(l.format(.deliveredOn, ["date": .text(l.date(day))]) + " — " + describe(lateness))
        case let .upcoming(days):
            return .txt(days == 0 ? l.ago(days: 0) : l.format(.dueIn, ["count": .number(days)]))  // due today: "today", not "in 0 days"
        case let .overdue(lateness):
            return .span(.cls("stale"), .txt(l[.notDelivered] + " — " + describe(lateness)))
        }
    }

    /// "en retard de 60 jours (noté dans le rapport du MEI)": one sentence per category, the
    /// days inside it (two parentheses in a row read as a list of afterthoughts).
    func describe(_ lateness: Lateness) -> String {
        lateness.category == .onTime ? l.lateness(.onTime)
            : Catalogue.text("eyes.late.\(lateness.category.rawValue)", in: l.code, ["count": .number(lateness.daysLate)])
    }

    func render() -> [UInt8] {
        let cal = o.calendar
        let plan = o.plan
        let start = CalendarDay(first: plan.start)
        let end = CalendarDay(last: plan.end)
        var rows: [[BodyNode]] = [
            [.txt(l[.calPlanDeadline]), .txt(l.date(cal.planDeadline)),
             status(DeliveryStatus(due: cal.planDeadline, delivered: plan.submitted.map { CalendarDay(first: $0) }, asOf: o.asOf))],
            [.txt(l[.calImplementation]), .txt("\(l.date(start)) – \(l.date(end))"),
             .txt(PlanCalendar.coversMinimum(start: start, end: end)
                  ? l.format(.calCovers18, ["months": .number(PlanCalendar.minimumImplementationMonths)])
                  : l.format(.calShort18, ["months": .number(PlanCalendar.minimumImplementationMonths), "date": .text(l.date(cal.latestStartForMinimum))]))],
            [.txt(l[.calEndOfImplementation]), .txt(l.date(cal.endOfImplementation)),
             .txt(end == cal.endOfImplementation ? l[.calEndMatches] : l.format(.calEndDiffers, ["date": .text(l.date(end))]))],
            [.txt(l[.calAmendment]), .txt(l.date(cal.amendmentDeadline)), .txt("—")],
            [.txt(l[.calIRMReport]), .txt(l.date(cal.irmProgressReport)), .txt("—")],
        ]
        for term in SelfAssessmentTerm.allCases {
            let window = cal.consultationWindow(term)
            let name = term == .midTerm ? l[.midTermReport] : l[.endTermReport]
            rows.append([.txt(l.format(.calConsultation, ["name": .text(name)])), .txt("\(l.date(window.lowerBound)) – \(l.date(window.upperBound))"),
                         .txt(l[.calConsultationNote])])
            rows.append([.txt(name), .txt(l.date(cal.selfAssessmentDue(term))),
                         status(DeliveryStatus(due: cal.selfAssessmentDue(term),
                                               delivered: plan.selfAssessments[term.rawValue].map { CalendarDay(first: $0) }, asOf: o.asOf))])
        }
        rows.append([.txt(l[.calNextPlan]), .txt("\(l.date(cal.nextPlanDrafting.lowerBound)) – \(l.date(cal.nextPlanDrafting.upperBound))"), .txt("—")])
        return site.page(title: l[.navCalendar], current: "calendar.html", [
            .h1(.txt(l[.navCalendar])),
            .p(.txt(l.format(.calYearGroup, ["group": .text(plan.yearGroup == .even ? l[.evenYears] : l[.oddYears]), "year": .text(String(cal.cycleYear))]))),
            .if(!cal.matches(plan.yearGroup), .p(.cls("stale"), .txt(l[.calGroupMismatch]))),
            table(caption: nil, header: [l[.calEvent], l[.date], l[.calStatus]], rows: rows),
            .h2(.txt(l[.calRulesHeading])),
            .ul(.forEach([Phrase.calRuleLate, .calRule4, .calRule6, .calRule18, .calRuleDue]) { .li(.txt(l[$0])) }),
        ])
    }
}
