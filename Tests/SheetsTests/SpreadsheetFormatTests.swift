import Foundation
import Spreadsheet
import TestSupport
import XCTest

/// The XLSX writer and reader on their own: what is written reads back the same (also through
/// openpyxl), and hostile files are refused with a message, never a crash.
final class SpreadsheetFormatTests: SheetsTestCase {
    let awkward = ["=1+1", "+33 1 23", "-x", "@SUM(A1)", "a & b < c > d \"q\" 'a'", "ligne 1\nligne 2\ttab",
                   "  espaces  ", "_x000D_ littéral", "005", "é\u{301} 👩🏽‍💻 中文"]

    func testWrittenTextReadsBackExactly() throws {
        var sheet = Sheet(name: "Données & co")
        sheet.rows = awkward.map { [Cell(.text($0)), Cell(.day(year: 2026, month: 2, day: 28)), Cell(.number(3.5))] }
        let data = try XLSXWriter.data(Workbook(sheets: [sheet]))
        let back = try XLSXReader.read(data, file: "t.xlsx")
        XCTAssertEqual(back.sheets.first?.name, "Données & co")
        for (i, text) in awkward.enumerated() {
            XCTAssertEqual(back.sheets[0].cell(i, 0), ReadCell(.text(text)), text)
            XCTAssertEqual(back.sheets[0].cell(i, 1), ReadCell(.day(year: 2026, month: 2, day: 28)))
            XCTAssertEqual(back.sheets[0].cell(i, 2), ReadCell(.number(3.5)))
        }
        // openpyxl, independently: every string is a string, never a formula.
        let file = work.path + "/t.xlsx"
        try data.write(to: URL(fileURLWithPath: file))
        let seen = cells(try dump(file), "Données & co")
        for (i, text) in awkward.enumerated() {
            XCTAssertEqual(seen["A\(i + 1)"]?["type"] as? String, "s", text)
            XCTAssertEqual(seen["A\(i + 1)"]?["value"] as? String, text.replacingOccurrences(of: "é\u{301}", with: "é\u{301}"))
            XCTAssertEqual(seen["B\(i + 1)"]?["value"] as? String, "2026-02-28")
        }
    }

    static let rels = """
        <?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
        """
    static let book = """
        <?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
        xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>
        """
    static let bookRels = """
        <?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>\
        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>
        """

    func workbook(sheet: String, strings: String = "<sst/>") throws -> Data {
        try zip(["_rels/.rels": Self.rels, "xl/workbook.xml": Self.book, "xl/_rels/workbook.xml.rels": Self.bookRels,
                 "xl/worksheets/sheet1.xml": sheet, "xl/sharedStrings.xml": strings], name: "h-\(UUID().uuidString.prefix(6)).xlsx")
    }

    func testZipBombStopsAtTheLimit() throws {
        let data = try workbook(sheet: "<worksheet><sheetData/></worksheet>", strings: "<sst><si><t>@BOMB@</t></si></sst>")
        XCTAssertLessThan(data.count, 2 << 20, "300 MiB of zeros deflate to almost nothing")
        XCTAssertThrowsError(try XLSXReader.read(data, file: "bomb.xlsx")) { error in
            XCTAssertEqual(error as? SpreadsheetError, .tooLarge("xl/sharedStrings.xml"))
        }
    }

    func testEntitiesRefused() throws {
        let xxe = """
            <?xml version="1.0"?><!DOCTYPE sst [<!ENTITY x SYSTEM "file:///etc/passwd">]><sst><si><t>&x;</t></si></sst>
            """
        let data = try workbook(sheet: "<worksheet><sheetData/></worksheet>", strings: xxe)
        XCTAssertThrowsError(try XLSXReader.read(data, file: "x.xlsx")) { error in
            XCTAssertEqual(error as? SpreadsheetError, .declaresEntities("xl/sharedStrings.xml"))
        }
    }

    func testFormulaFlaggedNotEvaluated() throws {
        let sheet = """
            <worksheet><sheetData><row r="1"><c r="A1"><f>1+1</f><v>2</v></c><c r="B1" t="inlineStr"><is><t>=1+1</t></is></c></row></sheetData></worksheet>
            """
        let book = try XLSXReader.read(try workbook(sheet: sheet), file: "f.xlsx")
        XCTAssertEqual(book.sheets[0].cell(0, 0)?.formula, true)
        XCTAssertEqual(book.sheets[0].cell(0, 1), ReadCell(.text("=1+1")))
    }

    func testGarbageRefusedWithAMessage() throws {
        for bytes in [Data(), Data("PK\u{3}\u{4}not really".utf8), Data(repeating: 0x41, count: 1000)] {
            XCTAssertThrowsError(try XLSXReader.read(bytes, file: "g.xlsx")) { error in
                XCTAssertEqual(error as? SpreadsheetError, .notAWorkbook("g.xlsx"))
            }
        }
        let broken = try workbook(sheet: "<worksheet><sheetData><row><c r=\"A1\"")
        XCTAssertThrowsError(try XLSXReader.read(broken, file: "b.xlsx")) { error in
            guard case .malformed(let part, _)? = error as? SpreadsheetError else { return XCTFail("\(error)") }
            XCTAssertEqual(part, "xl/worksheets/sheet1.xml")
        }
        let huge = try workbook(sheet: "<worksheet><sheetData><row r=\"99999999\"/></sheetData></worksheet>")
        XCTAssertThrowsError(try XLSXReader.read(huge, file: "h.xlsx"))
    }

    /// Each sheet within its caps, the workbook not: what is kept (cells, and rows or hidden-row
    /// marks) is bounded for the whole workbook, in both formats (Limits.cellsPerWorkbook).
    func testTheWorkbooksCapHoldsAcrossSheetsInBothFormats() throws {
        func sheet(_ name: String) -> Sheet {
            Sheet(name: name, rows: (0..<3).map { r in (0..<2).map { Cell(.text("\(name)\(r)\($0)")) } })
        }
        let workbook = Workbook(sheets: [sheet("A"), sheet("B")])
        for format in [SpreadsheetFormat.xlsx, .ods] {
            let data = try SpreadsheetWriter.data(workbook, format: format)
            var limits = XLSXReader.Limits()
            limits.cellsPerWorkbook = 10
            XCTAssertThrowsError(try SpreadsheetReader.read(data, file: "w", limits: limits), "\(format)") { error in
                guard case .tooLarge(_)? = error as? SpreadsheetError else { return XCTFail("\(format): \(error)") }
            }
            limits.cellsPerWorkbook = 20
            XCTAssertEqual(try SpreadsheetReader.read(data, file: "w", limits: limits).sheets.count, 2, "\(format)")
        }
    }

    /// A central directory naming entries past the end of the file (found by fuzzing `carnet
    /// import progress` with mutated workbooks): ZIPFoundation's in-memory reader trapped on it.
    /// Every entry's offset is moved past the end: a message, never a crash.
    func testAZipWhoseEntriesPointPastItsEndIsRefusedNotACrash() throws {
        let workbook = Workbook(sheets: [Sheet(name: "A", rows: [[Cell(.text("x"))]])])
        for format in [SpreadsheetFormat.xlsx, .ods] {
            let written = try SpreadsheetWriter.data(workbook, format: format)
            for field in [42] {   // the relative offset of the local header
                var bytes = [UInt8](written)
                var i = 0
                while i + 46 <= bytes.count {
                    if bytes[i] == 0x50, bytes[i + 1] == 0x4B, bytes[i + 2] == 0x01, bytes[i + 3] == 0x02 {
                        let value = UInt32(bytes.count + 4096)
                        for k in 0..<4 { bytes[i + field + k] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(k))) }
                    }
                    i += 1
                }
                XCTAssertThrowsError(try SpreadsheetReader.read(Data(bytes), file: "m"), "\(format) \(field)") { error in
                    XCTAssertNotNil(error as? SpreadsheetError, "\(error)")
                }
            }
        }
    }
}
