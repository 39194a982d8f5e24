@testable import Records
@testable import Report
import XCTest

/// The calendar a plan follows: the 2017 manual's rules by default, or the plan's own
/// (`calendar: rules: plan`), with `year_group` used; and the plan's reporting periods.
final class PlanCalendarStatedTests: XCTestCase {
    func day(_ s: String) -> CalendarDay { CalendarDay(first: PlanDate(s)!) }

    /// The sample's plan.yaml with some lines replaced, read as a record.
    func plan(_ replacements: [(String, String)] = [], adding extra: String = "") throws -> (Plan?, RecordSource) {
        var text = try String(contentsOf: Fixtures.sample.appendingPathComponent("plan.yaml"), encoding: .utf8)
        for (old, new) in replacements {
            XCTAssertTrue(text.contains(old), old)
            text = text.replacingOccurrences(of: old, with: new)
        }
        let source = RecordSource(bytes: Array((text + extra).utf8), path: "plan.yaml")
        return (Plan.read(source), source)
    }

    func testTheManualsRulesStayTheDefault() throws {
        // A plan ending 31 December: the manual's cycle ends the next 30 June, whatever the plan says.
        let (p, source) = try plan([("end: 2027-06-30", "end: 2026-12-31"), ("year_group: odd", "year_group: even")])
        let plan = try XCTUnwrap(p, "\(source.diagnostics)")
        let calendar = PlanCalendar(plan: plan)
        XCTAssertNil(calendar.stated)
        XCTAssertEqual(calendar.cycleYear, 2025)
        XCTAssertEqual(calendar.endOfImplementation, day("2027-06-30"))
        XCTAssertEqual(calendar.selfAssessmentDue(.endTerm), day("2027-09-30"))
        // The dashboard's mismatch is validate's warning too (one rule).
        XCTAssertFalse(calendar.matches(plan.yearGroup))
        let warnings = PlanValidator().checkCalendar(plan, source)
        // September 2025 – December 2026 is also shorter than 18 months.
        XCTAssertEqual(warnings.map(\.code), ["periods.records.group-mismatch", "periods.records.short-plan"])
        XCTAssertEqual(warnings.first?.severity, .warning)
    }

    func testAPlanStatedCalendarIsFollowedAndUsesTheYearGroup() throws {
        // A four-year plan ending 31 December, even group, with its own calendar.
        let (p, source) = try plan([("start: 2025-09-01", "start: 2025-01-01"), ("end: 2027-06-30", "end: 2028-12-31"),
                                     ("year_group: odd", "year_group: even")],
                                    adding: "calendar:\n  rules: plan\n  end_term_due: 2029-02-28\n")
        let plan = try XCTUnwrap(p, "\(source.diagnostics)")
        XCTAssertEqual(plan.calendar, CalendarRule(rules: .plan, due: [.endTerm: PlanDate("2029-02-28")!]))
        let calendar = PlanCalendar(plan: plan)
        XCTAssertEqual(calendar.cycleYear, 2024, "due in 2024 (even), before it starts in January 2025")
        XCTAssertTrue(calendar.matches(plan.yearGroup))
        XCTAssertEqual(calendar.endOfImplementation, day("2028-12-31"), "not forced to 30 June")
        XCTAssertEqual(calendar.selfAssessmentDue(.endTerm), day("2029-02-28"), "as stated")
        XCTAssertEqual(calendar.reportingPeriodEnd(.midTerm), day("2026-12-31"))
        XCTAssertEqual(calendar.selfAssessmentDue(.midTerm), day("2027-03-31"), "three months after the midpoint")
        XCTAssertEqual(calendar.nextPlanDrafting, day("2028-07-01")...day("2028-12-31"))
        XCTAssertEqual(PlanValidator().checkCalendar(plan, source).count, 0)
        // Odd group, same dates: due the odd year before.
        let (oddPlan, _) = try self.plan([("start: 2025-09-01", "start: 2025-01-01"), ("end: 2027-06-30", "end: 2028-12-31")],
                                adding: "calendar:\n  rules: plan\n")
        XCTAssertEqual(PlanCalendar(plan: try XCTUnwrap(oddPlan)).cycleYear, 2023)
        // Written back canonically, and read again the same.
        let again = Plan.read(RecordSource(bytes: Array(plan.canonicalYAML.utf8), path: "plan.yaml"))
        XCTAssertEqual(again, plan)
    }

    func testACalendarRuleMistakeIsSaidWhereItIs() throws {
        let (_, source) = try plan(adding: "calendar:\n  rules: nouvelles\n")
        XCTAssertTrue(source.diagnostics.contains { $0.code == "periods.records.calendar-rules" }, "\(source.diagnostics)")
        let (_, order) = try plan(adding: "calendar:\n  rules: plan\n  mid_term_due: 2027-01-31\n  end_term_due: 2026-12-31\n")
        XCTAssertTrue(order.diagnostics.contains { $0.code == "periods.records.calendar-due-order" }, "\(order.diagnostics)")
    }

    func testReportingPeriodsByRuleAndByDates() throws {
        let sample = try XCTUnwrap(try plan().0)
        let periods = ReportingPeriods.of(sample)
        XCTAssertEqual(periods.periods.map(\.id), ["p1", "p2", "p3", "p4"])
        XCTAssertEqual(periods.periods.map(\.end), [day("2026-02-28"), day("2026-08-31"), day("2027-02-28"), day("2027-06-30")])
        XCTAssertEqual(periods.periods[1].start, day("2026-03-01"))
        XCTAssertEqual(periods.named("2"), periods.periods[1])
        XCTAssertEqual(periods.named("P3"), periods.periods[2])
        XCTAssertNil(periods.named("p0"))
        XCTAssertEqual(periods.containing(day("2026-03-01"))?.id, "p2")
        XCTAssertEqual(periods.lastEnded(by: day("2026-11-30"))?.id, "p2")
        XCTAssertEqual(periods.previous(periods.periods[1])?.id, "p1")

        let (quarterly, _) = try plan([("every_months: 6", "every_months: 3")])
        XCTAssertEqual(ReportingPeriods.of(try XCTUnwrap(quarterly)).periods.count, 8)
        let (dated, source) = try plan([("reporting_periods:\n  every_months: 6\n", "reporting_periods:\n  ends:\n    - 2026-03-31\n    - 2026-12-31\n")])
        let byDates = ReportingPeriods.of(try XCTUnwrap(dated, "\(source.diagnostics)"))
        XCTAssertEqual(byDates.periods.map(\.end), [day("2026-03-31"), day("2026-12-31")])
        XCTAssertEqual(byDates.periods.first?.start, day("2025-09-01"))

        for (bad, key) in [("reporting_periods:\n  every_months: 0\n", "periods.records.months-range"),
                           ("reporting_periods:\n  ends:\n    - 2026-12-31\n    - 2026-03-31\n", "periods.records.ends-order"),
                           ("reporting_periods:\n  ends:\n    - 2028-01-31\n", "periods.records.end-after-plan"),
                           ("reporting_periods:\n  every_months: 6\n  ends:\n    - 2026-03-31\n", "periods.records.rule-both"),
                           ("reporting_periods:\n  ends:\n    - demain\n", "periods.records.end-not-date")] {
            let (_, s) = try plan([("reporting_periods:\n  every_months: 6\n", bad)])
            XCTAssertTrue(s.diagnostics.contains { $0.code == key }, "\(key): \(s.diagnostics)")
        }
    }
}
