import Foundation
import Messages
import XCTest

/// A stretch of days and a quarter written as people write them, in the shipped catalogues
/// (issue 16: a period page titled "p2", a French page reading "2026-Q1").
final class SpanAndQuarterTests: XCTestCase {
    private func written(_ value: MessageArgument, _ code: String) -> String { Catalogue.shared.written(value, in: code) }

    func testWholeMonthsAreWrittenByTheirNamesWithTheYearSaidOnce() {
        XCTAssertEqual(written(.span(first: 2026_03_01, last: 2026_08_31), "en"), "March – August 2026")
        XCTAssertEqual(written(.span(first: 2026_03_01, last: 2026_08_31), "fr"), "mars – août 2026")
        XCTAssertEqual(written(.span(first: 2025_09_01, last: 2026_02_28), "en"), "September 2025 – February 2026")
        XCTAssertEqual(written(.span(first: 2025_09_01, last: 2026_02_28), "fr"), "septembre 2025 – février 2026")
        XCTAssertEqual(written(.span(first: 2026_03_01, last: 2026_03_31), "fr"), "mars 2026", "one whole month is that month")
        XCTAssertEqual(written(.span(first: 2028_02_01, last: 2028_02_29), "en"), "February 2028", "29 February ends a leap month")
        XCTAssertEqual(written(.span(first: 2026_02_01, last: 2026_02_28), "en"), "February 2026")
    }

    func testOtherSpansAreWrittenByTheirDays() {
        XCTAssertEqual(written(.span(first: 2026_03_01, last: 2026_03_15), "fr"), "1er – 15 mars 2026")
        XCTAssertEqual(written(.span(first: 2026_03_01, last: 2026_03_15), "en"), "1 – 15 March 2026")
        XCTAssertEqual(written(.span(first: 2026_03_15, last: 2026_09_14), "fr"), "15 mars – 14 septembre 2026")
        XCTAssertEqual(written(.span(first: 2026_03_15, last: 2027_03_14), "en"), "15 March 2026 – 14 March 2027")
        XCTAssertEqual(written(.span(first: 2026_12_01, last: 2027_01_15), "fr"), "1er décembre 2026 – 15 janvier 2027")
        XCTAssertEqual(written(.span(first: 2026_07_14, last: 2026_07_14), "fr"), "14 juillet 2026", "a single day")
        XCTAssertEqual(written(.span(first: 2026_02_01, last: 2026_02_27), "en"), "1 – 27 February 2026", "not the whole month")
    }

    func testASpanThatIsNotOneIsShownAsItCameNeverTrappedOn() {
        // A stored message read from a hub or a file may hold anything.
        XCTAssertEqual(written(.span(first: 2026_02_30, last: 2026_03_31), "en"), "20260230 – 20260331")
        XCTAssertEqual(written(.span(first: 2026_09_01, last: 2026_03_31), "en"), "20260901 – 20260331", "ends before it starts")
        XCTAssertEqual(written(.span(first: Int.min, last: Int.max), "fr"), "\(Int.min) – \(Int.max)")
        XCTAssertEqual(written(.quarter(year: 2026, number: 5), "fr"), "2026-Q5")
        XCTAssertEqual(written(.quarter(year: Int.max, number: 1), "en"), "Q1 \(Int.max)")
    }

    func testQuartersInEachLanguage() {
        XCTAssertEqual(written(.quarter(year: 2026, number: 1), "en"), "Q1 2026")
        XCTAssertEqual(written(.quarter(year: 2026, number: 1), "fr"), "T1 2026")
        XCTAssertEqual(Catalogue.text("part.status.forum-due", in: "fr", ["quarter": .quarter(year: 2026, number: 4)]),
                       Catalogue.text("part.status.forum-due", in: "fr", ["quarter": .text("T4 2026")]))
    }

    func testSpansAndQuartersSurviveJSON() throws {
        let message = StoredMessage("format.label", ["label": .span(first: 2026_03_01, last: 2026_08_31), "value": .quarter(year: 2026, number: 2)])
        let data = try JSONEncoder().encode(message)
        XCTAssertEqual(try JSONDecoder().decode(StoredMessage.self, from: data), message)
        XCTAssertEqual(message.text(in: "fr"), "mars – août 2026\u{00A0}: T2 2026")
    }
}
