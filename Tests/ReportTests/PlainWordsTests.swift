import Foundation
import Records
@testable import Report
import XCTest

/// Words a citizen or a minister reads where the dashboard showed plumbing (issue 16): a
/// milestone's actual dates as a phrase, never "… – …"; what "no reporting period closed yet"
/// means, and which period ended or ends when; periods by their months on the draft's cover.
/// The sample as of 1 December 2026: p1 (September 2025 – February 2026) and p2 (March –
/// August 2026) have ended, none is closed.
final class PlainWordsTests: XCTestCase {
    func site(_ language: ReportLanguage, asOf: PlanDate = Fixtures.asOf) throws -> URL {
        let out = try Fixtures.temporaryDirectory(self, "plain-words")
        try Dashboard(snapshot: Fixtures.snapshot(), language: language, asOf: asOf).write(to: out)
        return out
    }

    /// The cell of the milestone table's "actual dates" column for milestone `m` of a page.
    func actualCell(_ html: String, milestone code: String, column: String) throws -> String {
        let row = try XCTUnwrap(html.components(separatedBy: "<tr").first { $0.contains(">\(code)<") && $0.contains("data-label=\"\(column)\">") }, code)
        let cell = try XCTUnwrap(row.range(of: "data-label=\"\(column)\">"), row)
        return String(row[cell.upperBound...].prefix { $0 != "<" })
    }

    func testActualDatesAreWordsNotEllipses() throws {
        let en = try Fixtures.read(site(.en).appendingPathComponent("commitment-05.html"))
        XCTAssertFalse(en.contains("… –") || en.contains("– …"), "no ellipsis for an unknown date")
        let name05 = { (m: String) in try self.actualCell(en, milestone: m, column: "Actual dates") }
        XCTAssertEqual(try name05("m1"), "15 September 2025 – 28 November 2025")
        XCTAssertEqual(try name05("m3"), "started 2 February 2026, not finished")
        let two = try Fixtures.read(site(.en).appendingPathComponent("commitment-02.html"))
        XCTAssertEqual(try actualCell(two, milestone: "m4", column: "Actual dates"), "not started")

        let fr = try Fixtures.read(site(.fr).appendingPathComponent("commitment-05.html"))
        XCTAssertFalse(fr.contains("… –") || fr.contains("– …"))
        XCTAssertEqual(try actualCell(fr, milestone: "m3", column: "Dates réelles"), "début\u{A0}: 2 février 2026\u{202F}; pas encore achevée")
        let deux = try Fixtures.read(site(.fr).appendingPathComponent("commitment-02.html"))
        XCTAssertEqual(try actualCell(deux, milestone: "m4", column: "Dates réelles"), "pas encore commencée")
    }

    /// Each case of the phrase, including those the sample lacks (a complete milestone whose
    /// end was not recorded, an end without a start).
    func testEveryCaseOfActualDatesHasItsWords() {
        for (code, expected) in [("en", ["not started", "dates not recorded", "started 3 March 2026, not finished",
                                         "started 3 March 2026, end not recorded", "finished 30 June 2026, start not recorded",
                                         "3 March 2026 – 30 June 2026"]),
                                 ("fr", ["pas encore commencée", "dates non renseignées", "début\u{A0}: 3 mars 2026\u{202F}; pas encore achevée",
                                         "début\u{A0}: 3 mars 2026\u{202F}; date d’achèvement non renseignée",
                                         "achevée\u{A0}: 30 juin 2026\u{202F}; date de début non renseignée", "3 mars 2026 – 30 juin 2026"])] {
            let l = Localizer(language: code == "fr" ? .fr : .en, planLanguage: nil)
            let start = l.date(CalendarDay(2026, 3, 3)), end = l.date(CalendarDay(2026, 6, 30))
            let got = [l.actualDates(start: nil, end: nil, level: .notStarted), l.actualDates(start: nil, end: nil, level: .limited),
                       l.actualDates(start: start, end: nil, level: .substantial), l.actualDates(start: start, end: nil, level: .complete),
                       l.actualDates(start: nil, end: end, level: .complete), l.actualDates(start: start, end: end, level: .complete)]
            XCTAssertEqual(got.map { $0.replacingOccurrences(of: "'", with: "’") }, expected, code)
        }
    }

    /// No period closed: the commitment page says what closing one means, and which period
    /// ended and awaits closing — or, before any has ended, when the first one ends.
    func testNoClosedPeriodIsExplainedWithTheNextStep() throws {
        let en = try Fixtures.read(site(.en).appendingPathComponent("commitment-05.html"))
        XCTAssertTrue(en.contains("No reporting period has been closed yet. At the end of each period, the point of contact records"), en)
        XCTAssertTrue(en.contains("The period March – August 2026 ended on 31 August 2026: its state will be recorded for good once "
                                  + "the point of contact closes it."), en)
        let early = try Fixtures.read(site(.en, asOf: PlanDate("2025-12-01")!).appendingPathComponent("commitment-05.html"))
        XCTAssertTrue(early.contains("The first period, September 2025 – February 2026, ends on 28 February 2026."), early)

        let fr = try Fixtures.read(site(.fr).appendingPathComponent("commitment-05.html")).replacingOccurrences(of: "'", with: "’")
        XCTAssertTrue(fr.contains("Aucune période de rapport n’a encore été close."), fr)
        XCTAssertTrue(fr.contains("La période mars – août 2026 s’est terminée le 31 août 2026\u{A0}: son état sera enregistré définitivement"), fr)
    }
}
