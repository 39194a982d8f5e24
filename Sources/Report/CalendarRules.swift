import Records

/// Which of a plan's two self-assessments (manual §2 I: one after the first year of
/// implementation, one after the end of the two-year cycle). Raw values are plan.yaml's keys.
public enum SelfAssessmentTerm: String, Sendable, CaseIterable {
    case midTerm = "mid_term"
    case endTerm = "end_term"

    /// Accepts the CLI's `mid` / `end` as well as plan.yaml's keys.
    public init?(argument: String) {
        switch argument {
        case "mid", "mid_term", "mid-term": self = .midTerm
        case "end", "end_term", "end-term": self = .endTerm
        default: return nil
        }
    }
}

/// The calendar rules of the manual's section 2, for one two-year cycle.
///
/// A cycle is named by the year its plan is due (`cycleYear`): even for the even-year group,
/// odd for the odd-year group. The plan is due 30 June of that year (the manual dates the
/// amendment window from "the submission deadline (30 June of next year)"), and implementation
/// ends 30 June of the second year after it.
///
/// The manual's calendar tables are missing from this edition ("AJOUT DU CALENDRIER"), so the
/// self-assessment deadlines follow OGP's published calendar of the same rules: three months
/// after the period they report on ends (30 September), mid-term after the first year of
/// implementation, end-of-term after the end of the cycle.
public struct PlanCalendar: Sendable, Equatable {
    public let cycleYear: Int

    /// Months between the end of a reporting period and its self-assessment's deadline.
    public static let selfAssessmentGraceMonths = 3
    /// Days the draft self-assessment must be open for public comment (manual §7 II).
    public static let consultationDays = ParticipationRules.consultationMinimumDays
    /// A plan must cover at least this many months of implementation (§2 III.4).
    public static let minimumImplementationMonths = 18

    public init(cycleYear: Int) { self.cycleYear = cycleYear }

    /// The cycle a plan belongs to: the one whose implementation ends when the plan ends
    /// (30 June of the second year); a plan ending in the first half of a year belongs to the
    /// cycle ending that June, one ending later to the next.
    public init(plan: Plan) {
        let end = CalendarDay(last: plan.end)
        let endYear = end.month <= 6 ? end.year : end.year + 1
        self.init(cycleYear: endYear - 2)
    }

    /// Whether the cycle year matches the year group (even group, even year).
    public func matches(_ group: Plan.YearGroup) -> Bool {
        (cycleYear % 2 == 0) == (group == .even)
    }

    /// When the plan is due on the OGP website.
    public var planDeadline: CalendarDay { CalendarDay(cycleYear, 6, 30) }

    /// Implementation nominally starts the day after the plan is due.
    public var implementationStart: CalendarDay { CalendarDay(cycleYear, 7, 1) }

    /// The end of implementation: 30 June of the second year (§2 I, §7 I).
    public var endOfImplementation: CalendarDay { CalendarDay(cycleYear + 2, 6, 30) }

    /// Last day the plan may be amended (one year after its deadline, §7 I).
    public var amendmentDeadline: CalendarDay { CalendarDay(cycleYear + 1, 6, 30) }

    /// The last day of the period a self-assessment reports on.
    public func reportingPeriodEnd(_ term: SelfAssessmentTerm) -> CalendarDay {
        switch term {
        case .midTerm: return CalendarDay(cycleYear + 1, 6, 30)
        case .endTerm: return endOfImplementation
        }
    }

    /// When a self-assessment is due on the OGP website.
    public func selfAssessmentDue(_ term: SelfAssessmentTerm) -> CalendarDay {
        reportingPeriodEnd(term).adding(months: PlanCalendar.selfAssessmentGraceMonths)
    }

    /// The latest two-week public consultation that still ends by the due date.
    public func consultationWindow(_ term: SelfAssessmentTerm) -> ClosedRange<CalendarDay> {
        let due = selfAssessmentDue(term)
        return due.adding(days: -PlanCalendar.consultationDays)...due.adding(days: -1)
    }

    /// The next plan is drafted during the last six months of implementation (§2 I).
    public var nextPlanDrafting: ClosedRange<CalendarDay> {
        CalendarDay(cycleYear + 2, 1, 1)...endOfImplementation
    }

    /// The IRM's mid-term progress report, by January of the second year (§2 I).
    public var irmProgressReport: CalendarDay { CalendarDay(cycleYear + 2, 1, 31) }

    /// Whether implementation from `start` to `end` lasts at least 18 months (§2 III.4).
    public static func coversMinimum(start: CalendarDay, end: CalendarDay) -> Bool {
        start.adding(months: minimumImplementationMonths).adding(days: -1) <= end
    }

    /// The latest start that still leaves 18 months before the end of implementation.
    public var latestStartForMinimum: CalendarDay {
        endOfImplementation.adding(days: 1).adding(months: -PlanCalendar.minimumImplementationMonths)
    }
}
