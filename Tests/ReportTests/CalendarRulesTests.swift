import Records
@testable import Report
import XCTest

/// The calendar rules of the manual's section 2.
final class CalendarRulesTests: XCTestCase {
    func day(_ s: String) -> CalendarDay { CalendarDay(first: PlanDate(s)!) }

    func testDayArithmetic() {
        XCTAssertEqual(day("2024-02-28").adding(days: 1), day("2024-02-29"))
        XCTAssertEqual(day("2023-02-28").adding(days: 1), day("2023-03-01"))
        XCTAssertEqual(day("2025-12-31").adding(days: 1), day("2026-01-01"))
        XCTAssertEqual(day("2025-06-30").days(to: day("2026-06-30")), 365)
        XCTAssertEqual(day("2025-10-31").adding(months: 4), day("2026-02-28"), "clamped to the month's last day")
        XCTAssertEqual(day("2025-06-30").adding(months: -6), day("2024-12-30"))
        XCTAssertEqual(CalendarDay(last: PlanDate("2026-02")!), day("2026-02-28"))
    }

    func testEndOfImplementationIsThirtyJuneOfTheSecondYear() {
        let odd = PlanCalendar(cycleYear: 2025)
        XCTAssertEqual(odd.planDeadline, day("2025-06-30"))
        XCTAssertEqual(odd.implementationStart, day("2025-07-01"))
        XCTAssertEqual(odd.endOfImplementation, day("2027-06-30"))
        XCTAssertEqual(odd.amendmentDeadline, day("2026-06-30"))
        XCTAssertEqual(odd.nextPlanDrafting, day("2027-01-01")...day("2027-06-30"))
        XCTAssertEqual(odd.irmProgressReport, day("2027-01-31"))
        XCTAssertTrue(odd.matches(.odd))
        XCTAssertFalse(odd.matches(.even))
    }

    func testCycleOfTheSamplePlan() throws {
        let plan = try XCTUnwrap(Fixtures.snapshot().plan?.record)
        let calendar = PlanCalendar(plan: plan)
        XCTAssertEqual(calendar.cycleYear, 2025)
        XCTAssertTrue(calendar.matches(plan.yearGroup))
        XCTAssertEqual(calendar.endOfImplementation, CalendarDay(last: plan.end))
    }

    func testSelfAssessmentDueDatesAndConsultationWindow() {
        let even = PlanCalendar(cycleYear: 2016)
        XCTAssertEqual(even.reportingPeriodEnd(.midTerm), day("2017-06-30"))
        XCTAssertEqual(even.selfAssessmentDue(.midTerm), day("2017-09-30"))
        XCTAssertEqual(even.selfAssessmentDue(.endTerm), day("2018-09-30"))
        let window = even.consultationWindow(.midTerm)
        XCTAssertEqual(window.lowerBound, day("2017-09-16"))
        XCTAssertEqual(window.upperBound, day("2017-09-29"))
        XCTAssertEqual(window.lowerBound.days(to: window.upperBound) + 1, 14, "two weeks")
    }

    func testLatenessClasses() {
        let due = day("2025-06-30")
        XCTAssertEqual(Lateness(delivered: day("2025-06-01"), due: due).category, .onTime)
        XCTAssertEqual(Lateness(delivered: due, due: due).category, .onTime)
        XCTAssertEqual(Lateness(delivered: day("2025-07-01"), due: due), Lateness(delivered: day("2025-07-01"), due: due))
        XCTAssertEqual(Lateness(delivered: day("2025-07-01"), due: due).category, .late)
        XCTAssertEqual(Lateness(delivered: day("2025-07-01"), due: due).daysLate, 1)
        XCTAssertEqual(Lateness(delivered: day("2025-10-30"), due: due).category, .late, "exactly four months is not more")
        XCTAssertEqual(Lateness(delivered: day("2025-10-31"), due: due).category, .overFourMonths)
        XCTAssertEqual(Lateness(delivered: day("2025-12-30"), due: due).category, .overFourMonths, "exactly six months")
        XCTAssertEqual(Lateness(delivered: day("2025-12-31"), due: due).category, .overSixMonths)
        XCTAssertEqual(Lateness(delivered: day("2025-12-31"), due: due).daysLate, 184)
    }

    func testDeliveryStatus() {
        let due = day("2026-09-30")
        XCTAssertEqual(DeliveryStatus(due: due, delivered: nil, asOf: day("2026-09-20")), .upcoming(daysLeft: 10))
        XCTAssertEqual(DeliveryStatus(due: due, delivered: nil, asOf: day("2027-03-01")),
                       .overdue(Lateness(delivered: day("2027-03-01"), due: due)))
        guard case let .delivered(_, lateness) = DeliveryStatus(due: due, delivered: day("2026-10-16"), asOf: day("2027-01-01")) else {
            return XCTFail("delivered")
        }
        XCTAssertEqual(lateness.category, .late)
        XCTAssertEqual(lateness.daysLate, 16)
    }

    func testEighteenMonthMinimum() {
        let cycle = PlanCalendar(cycleYear: 2025)
        let end = cycle.endOfImplementation
        XCTAssertEqual(cycle.latestStartForMinimum, day("2026-01-01"))
        XCTAssertTrue(PlanCalendar.coversMinimum(start: day("2025-07-01"), end: end))
        XCTAssertTrue(PlanCalendar.coversMinimum(start: day("2026-01-01"), end: end), "exactly 18 months")
        XCTAssertFalse(PlanCalendar.coversMinimum(start: day("2026-01-02"), end: end))
    }

    func testTermArguments() {
        XCTAssertEqual(SelfAssessmentTerm(argument: "mid"), .midTerm)
        XCTAssertEqual(SelfAssessmentTerm(argument: "end"), .endTerm)
        XCTAssertEqual(SelfAssessmentTerm(argument: "end_term"), .endTerm)
        XCTAssertNil(SelfAssessmentTerm(argument: "final"))
    }
}
