import Foundation
import Records
import XCTest

/// PlanDate(date:) finds the UTC day by arithmetic; Foundation's Gregorian calendar is the oracle.
final class PlanDateTodayTests: XCTestCase {
    func testTheUTCDayOfAnInstantIsTheCalendarsDay() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var generator = SystemRandomNumberGenerator()
        // Day boundaries (a second either side of midnight), leap days, before 1970, far ahead.
        var instants: [TimeInterval] = [0, -1, 86_399, 86_400, 951_782_400 - 1, 951_782_400, 951_868_800, -2_208_988_800, 4_102_444_800 - 1]
        instants += (0..<2000).map { _ in TimeInterval(Int64.random(in: -3_000_000_000...6_000_000_000, using: &generator)) + 0.5 }
        for instant in instants {
            let date = Date(timeIntervalSince1970: instant)
            let c = calendar.dateComponents([.year, .month, .day], from: date)
            XCTAssertEqual(PlanDate(date: date), .day(year: c.year!, month: c.month!, day: c.day!), "at \(instant)")
        }
    }
}
