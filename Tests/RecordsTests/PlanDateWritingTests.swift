import Foundation
import XCTest
@testable import Records

/// PlanDate writes its digits itself (String(format:) went through CFString on Linux): the
/// text stays what `%04d-%02d-%02d` writes, which is the oracle here, for every shape of number.
final class PlanDateWritingTests: XCTestCase {
    func testDigitsAreWhatPrintfWrites() {
        for year in [-12345, -5, 0, 7, 99, 999, 2026, 9999, 12345] {
            for month in [0, 1, 9, 10, 12, 123] {
                XCTAssertEqual(PlanDate.month(year: year, month: month).description, String(format: "%04d-%02d", year, month))
                for day in [1, 9, 10, 31] {
                    XCTAssertEqual(PlanDate.day(year: year, month: month, day: day).description,
                                   String(format: "%04d-%02d-%02d", year, month, day))
                }
            }
        }
    }
}
