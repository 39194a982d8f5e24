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
    /// What the plan states itself (plan.yaml `calendar: {rules: plan}`): its own end is the end
    /// of implementation, and its own self-assessment due dates, when given, are the deadlines.
    /// nil: the 2017 manual's rules (the default).
    public let stated: StatedCalendar?

    /// Months between the end of a reporting period and its self-assessment's deadline.
    public static let selfAssessmentGraceMonths = 3
    /// Days the draft self-assessment must be open for public comment (manual §7 II).
    public static let consultationDays = ParticipationRules.consultationMinimumDays
    /// A plan must cover at least this many months of implementation (§2 III.4).
    public static let minimumImplementationMonths = 18

    public init(cycleYear: Int, stated: StatedCalendar? = nil) {
        self.cycleYear = cycleYear
        self.stated = stated
    }

    /// The manual's rules: the cycle a plan belongs to is the one whose implementation ends when
    /// the plan ends (30 June of the second year); a plan ending in the first half of a year
    /// belongs to the cycle ending that June, one ending later to the next.
    ///
    /// A plan that states its own calendar follows it: it was due in the last year of its year
    /// group up to the year it starts (`year_group` decides, so the two never contradict each
    /// other), and implementation ends when the plan says.
    public init(plan: Plan) {
        if let rule = plan.calendar, rule.rules == .plan {
            let start = CalendarDay(first: plan.start)
            // The deadline is 30 June: a plan starting before July was due the year before.
            var year = start.month >= 7 ? start.year : start.year - 1
            if (year % 2 == 0) != (plan.yearGroup == .even) { year -= 1 }
            self.init(cycleYear: year, stated: StatedCalendar(rule: rule, start: start, end: CalendarDay(last: plan.end)))
            return
        }
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

    /// The end of implementation: 30 June of the second year (§2 I, §7 I), or the plan's own end.
    public var endOfImplementation: CalendarDay { stated?.end ?? CalendarDay(cycleYear + 2, 6, 30) }

    /// Last day the plan may be amended (one year after its deadline, §7 I).
    public var amendmentDeadline: CalendarDay { CalendarDay(cycleYear + 1, 6, 30) }

    /// The last day of the period a self-assessment reports on.
    public func reportingPeriodEnd(_ term: SelfAssessmentTerm) -> CalendarDay {
        switch term {
        case .midTerm: return stated?.midpoint ?? CalendarDay(cycleYear + 1, 6, 30)
        case .endTerm: return endOfImplementation
        }
    }

    /// When a self-assessment is due on the OGP website: as the plan states it, or three months
    /// after the period it reports on.
    public func selfAssessmentDue(_ term: SelfAssessmentTerm) -> CalendarDay {
        if let due = stated?.rule.due[term] { return CalendarDay(last: due) }
        return reportingPeriodEnd(term).adding(months: PlanCalendar.selfAssessmentGraceMonths)
    }

    /// The latest two-week public consultation that still ends by the due date.
    public func consultationWindow(_ term: SelfAssessmentTerm) -> ClosedRange<CalendarDay> {
        let due = selfAssessmentDue(term)
        return due.adding(days: -PlanCalendar.consultationDays)...due.adding(days: -1)
    }

    /// The next plan is drafted during the last six months of implementation (§2 I).
    public var nextPlanDrafting: ClosedRange<CalendarDay> {
        endOfImplementation.adding(days: 1).adding(months: -6)...endOfImplementation
    }

    /// The IRM's mid-term progress report, by January of the second year (§2 I); for a plan with
    /// its own calendar, seven months after its midpoint (the same distance).
    public var irmProgressReport: CalendarDay {
        guard let stated else { return CalendarDay(cycleYear + 2, 1, 31) }
        let day = stated.midpoint.adding(months: 7)
        return CalendarDay(day.year, day.month, PlanDate.daysIn(year: day.year, month: day.month))
    }

    /// Whether implementation from `start` to `end` lasts at least 18 months (§2 III.4).
    public static func coversMinimum(start: CalendarDay, end: CalendarDay) -> Bool {
        start.adding(months: minimumImplementationMonths).adding(days: -1) <= end
    }

    /// The latest start that still leaves 18 months before the end of implementation.
    public var latestStartForMinimum: CalendarDay {
        endOfImplementation.adding(days: 1).adding(months: -PlanCalendar.minimumImplementationMonths)
    }
}

/// plan.yaml's `calendar`: a plan that follows its own calendar rather than the 2017 manual's
/// (OGP's rules have changed since: four-year plans, other end dates).
///
///     calendar:
///       rules: plan
///       mid_term_due: 2027-03-31     # optional: three months after the midpoint otherwise
///       end_term_due: 2029-03-31     # optional: three months after the plan's end otherwise
public struct CalendarRule: Sendable, Equatable {
    public enum Rules: String, Sendable, CaseIterable {
        case manual2017 = "manual-2017"
        case plan
    }
    public var rules: Rules
    public var due: [SelfAssessmentTerm: PlanDate]

    public init(rules: Rules, due: [SelfAssessmentTerm: PlanDate] = [:]) {
        self.rules = rules
        self.due = due
    }
}

/// The dates a plan-stated calendar fixes, as days.
public struct StatedCalendar: Sendable, Equatable {
    public let rule: CalendarRule
    public let start: CalendarDay
    public let end: CalendarDay

    /// The end of the first half of implementation (what the mid-term self-assessment covers).
    /// Counted in whole months when the plan runs whole months (1 January 2025 – 31 December
    /// 2028: 31 December 2026), else in days.
    public var midpoint: CalendarDay {
        let after = end.adding(days: 1)
        let months = (after.year * 12 + after.month) - (start.year * 12 + start.month)
        if after.day == start.day, months >= 2 { return start.adding(months: months / 2).adding(days: -1) }
        return start.adding(days: start.days(to: end) / 2)
    }
}

extension MapNode {
    /// plan.yaml's `calendar` (CalendarRule); nil when absent or unreadable (reported).
    func calendarRule() -> CalendarRule? {
        guard let map = map("calendar") else { return nil }
        let rules = map.string("rules", required: true)
        var due: [SelfAssessmentTerm: PlanDate] = [:]
        if let d = map.date("mid_term_due") { due[.midTerm] = d }
        if let d = map.date("end_term_due") { due[.endTerm] = d }
        map.finish("calendar")
        guard let rules else { return nil }
        guard let chosen = CalendarRule.Rules(rawValue: rules) else {
            source.report(map.value("rules"), Said("periods.records.calendar-rules", ["value": .text(rules),
                "choices": .text(CalendarRule.Rules.allCases.map(\.rawValue).joined(separator: ", "))]))
            return nil
        }
        if let mid = due[.midTerm], let end = due[.endTerm], end.lastDay <= mid.lastDay {
            source.report(map.value("end_term_due"), Said("periods.records.calendar-due-order", ["end": .text(end.description), "mid": .text(mid.description)]))
        }
        return CalendarRule(rules: chosen, due: due)
    }
}

extension CalendarRule {
    var yaml: YAMLValue {
        var e: [(String, YAMLValue)] = [("rules", .token(rules.rawValue))]
        if let d = due[.midTerm] { e.append(("mid_term_due", .token(d.description))) }
        if let d = due[.endTerm] { e.append(("end_term_due", .token(d.description))) }
        return .map(e)
    }

    /// One line, for a conflict kept by sync.
    public var conflictText: String {
        "rules: \(rules.rawValue)" + (due[.midTerm].map { ", mid_term_due: \($0)" } ?? "") + (due[.endTerm].map { ", end_term_due: \($0)" } ?? "")
    }
}
