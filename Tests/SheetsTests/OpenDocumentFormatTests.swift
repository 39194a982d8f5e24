import Foundation
import Spreadsheet
import TestSupport
import XCTest

/// The OpenDocument writer and reader, and CSV, on their own: what is written reads back the
/// same (also through LibreOffice), the format is told by content, and hostile files are
/// refused with a message, never a crash.
final class OpenDocumentFormatTests: SheetsTestCase {
    let awkward = ["=1+1", "+33 1 23", "-x", "@SUM(A1)", "a & b < c > d \"q\" 'a'", "ligne 1\nligne 2\ttab",
                   "  espaces  ", "_x000D_ littéral", "005", "é\u{301} 👩🏽‍💻 中文", "a   b"]

    func testWrittenCellsReadBackTypedWhateverTheName() throws {
        var written = Sheet(name: "Données & co")
        written.rows = awkward.map { [Cell(.text($0)), Cell(.day(year: 2026, month: 2, day: 28)), Cell(.number(3.5)), Cell(.empty),
                                    Cell(.number(12))] }
        written.hiddenRows = [1]
        var meta = Sheet(name: "carnet", rows: [[Cell(.text("format")), Cell(.text("carnet-progress-1"))]])
        meta.hidden = true
        let data = try ODSWriter.data(Workbook(sheets: [written, meta]))
        // The mimetype entry first and stored: the kind of file is in its first bytes (ODF 1.3 Part 2, 3.3).
        XCTAssertEqual(String(decoding: data[30..<38], as: UTF8.self), "mimetype")
        XCTAssertEqual(String(decoding: data[38..<84], as: UTF8.self), "application/vnd.oasis.opendocument.spreadsheet")
        // Told by content: the same bytes named .xlsx read as OpenDocument.
        let back = try SpreadsheetReader.read(data, file: "misnamed.xlsx")
        XCTAssertEqual(back.sheets.map(\.name), ["Données & co", "carnet"])
        XCTAssertEqual(back.sheets.map(\.hidden), [false, true])
        XCTAssertEqual(back.sheets[0].hiddenRows, [1])
        for (i, text) in awkward.enumerated() {
            XCTAssertEqual(back.sheets[0].cell(i, 0), ReadCell(.text(text)), text)
            XCTAssertEqual(back.sheets[0].cell(i, 1), ReadCell(.day(year: 2026, month: 2, day: 28)))
            XCTAssertEqual(back.sheets[0].cell(i, 2), ReadCell(.number(3.5)))
            XCTAssertNil(back.sheets[0].cell(i, 3))
            XCTAssertEqual(back.sheets[0].cell(i, 4), ReadCell(.number(12)))
        }
        XCTAssertEqual(back.sheets[1].cell(0, 1), ReadCell(.text("carnet-progress-1")))

        // odfpy, independently: every text as written, typed.
        let file = work.path + "/t.ods"
        try data.write(to: URL(fileURLWithPath: file))
        let o = try odsDump(file)
        for (i, text) in awkward.enumerated() {
            XCTAssertEqual(o["Données & co"]?["A\(i + 1)"], ["type": "string", "value": text], text)
            XCTAssertEqual(o["Données & co"]?["B\(i + 1)"], ["type": "date", "value": "2026-02-28"])
            XCTAssertEqual(o["Données & co"]?["C\(i + 1)"], ["type": "float", "value": "3.5"])
        }

        // LibreOffice, independently: it opens the file and converts it to xlsx, which openpyxl reads.
        try requireLibreOffice()
        let xlsx = try libreOffice(file, to: "xlsx")
        let d = try dump(xlsx)
        XCTAssertEqual(sheet(d, "carnet")["state"] as? String, "hidden")
        XCTAssertEqual(sheet(d, "Données & co")["hidden_rows"] as? [Int], [2])
        let seen = cells(d, "Données & co")
        for (i, text) in awkward.enumerated() {
            XCTAssertEqual(seen["A\(i + 1)"]?["type"] as? String, "s", text)
            // A literal `_x000D_` is OOXML's own escape: how LibreOffice writes it in xlsx is its
            // business; and LibreOffice drops a tab (`text:tab`) on its way to xlsx, from an .ods
            // written by odfpy just the same (odfpy, above, reads Carnet's tab back).
            if !text.contains("_x") && !text.contains("\t") { XCTAssertEqual(seen["A\(i + 1)"]?["value"] as? String, text, "as LibreOffice read it") }
            XCTAssertEqual(seen["B\(i + 1)"]?["type"] as? String, "date")
            XCTAssertEqual(seen["B\(i + 1)"]?["value"] as? String, "2026-02-28")
            XCTAssertEqual(seen["C\(i + 1)"]?["value"] as? Double, 3.5)
        }
    }

    /// A part over 10 MB once unzipped (a 1,000 × 10 plan's content.xml is 13 MB) reads whole:
    /// libxml2 given it in one piece stopped at 10 MB.
    func testLargePartReadsWhole() throws {
        var big = Sheet(name: "S")
        big.rows = (0..<20_000).map { r in (0..<6).map { Cell(.text("row \(r) cell \($0) " + String(repeating: "x", count: 60)), editable: $0 > 2) } }
        let book = try SpreadsheetReader.read(try ODSWriter.data(Workbook(sheets: [big])), file: "big.ods")
        XCTAssertEqual(book.sheets[0].rowCount, 20_000)
        XCTAssertEqual(book.sheets[0].cell(19_999, 5)?.value, .text("row 19999 cell 5 " + String(repeating: "x", count: 60)))
    }

    static let header = """
        <?xml version="1.0" encoding="UTF-8"?><office:document-content \
        xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" \
        xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>
        """
    static let footer = "</office:spreadsheet></office:body></office:document-content>"

    func ods(_ tables: String, mimetype: String = "application/vnd.oasis.opendocument.spreadsheet", raw: String? = nil) throws -> Data {
        try zip(["mimetype": mimetype, "content.xml": raw ?? (Self.header + tables + Self.footer)],
                name: "h-\(UUID().uuidString.prefix(6)).ods", order: ["mimetype"])
    }

    func testWhatOtherWritersPutInACellIsReadAsShown() throws {
        // As LibreOffice writes: a million empty rows repeated, repeated cells, a comment, a
        // formula, a covered cell, spaces as text:s, a string value attribute.
        let table = """
            <table:table table:name="S"><table:table-row>\
            <table:table-cell office:value-type="string"><text:p>a<text:s text:c="2"/>b</text:p>\
            <office:annotation><text:p>a comment</text:p></office:annotation></table:table-cell>\
            <table:table-cell table:formula="of:=1+1" office:value-type="float" office:value="2"><text:p>2</text:p></table:table-cell>\
            <table:table-cell table:number-columns-repeated="2" office:value-type="float" office:value="7"><text:p>7</text:p></table:table-cell>\
            <table:covered-table-cell/><table:table-cell office:value-type="date" office:date-value="2026-11-30T00:00:00"><text:p>30/11/26</text:p></table:table-cell>\
            <table:table-cell office:value-type="boolean" office:boolean-value="true"><text:p>VRAI</text:p></table:table-cell>\
            </table:table-row>\
            <table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>\
            </table:table>
            """
        let book = try ODSReader.read(try ods(table), file: "lo.ods")
        let s = book.sheets[0]
        XCTAssertEqual(s.cell(0, 0), ReadCell(.text("a  b")), "the comment is not part of the value")
        XCTAssertEqual(s.cell(0, 1)?.formula, true, "a formula is flagged, never evaluated")
        XCTAssertEqual(s.cell(0, 2), ReadCell(.number(7)))
        XCTAssertEqual(s.cell(0, 3), ReadCell(.number(7)))
        XCTAssertEqual(s.cell(0, 5), ReadCell(.day(year: 2026, month: 11, day: 30)))
        XCTAssertEqual(s.cell(0, 6), ReadCell(.text("TRUE")))
        XCTAssertEqual(s.rowCount, 1)
    }

    func testHostileOpenDocumentRefused() throws {
        let xxe = """
            <?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><office:document-content>&e;</office:document-content>
            """
        XCTAssertThrowsError(try SpreadsheetReader.read(try ods("", raw: xxe), file: "x.ods")) { error in
            XCTAssertEqual(error as? SpreadsheetError, .declaresEntities("content.xml"))
        }
        let bomb = try ods("<table:table table:name=\"S\"><table:table-row><table:table-cell><text:p>@BOMB@</text:p></table:table-cell></table:table-row></table:table>")
        XCTAssertLessThan(bomb.count, 2 << 20)
        XCTAssertThrowsError(try SpreadsheetReader.read(bomb, file: "bomb.ods")) { error in
            XCTAssertEqual(error as? SpreadsheetError, .tooLarge("content.xml"))
        }
        XCTAssertThrowsError(try SpreadsheetReader.read(try ods("", mimetype: "application/vnd.oasis.opendocument.text"), file: "t.odt")) { error in
            XCTAssertEqual(error as? SpreadsheetError, .notAWorkbook("t.odt"))
        }
        // A few bytes that claim millions of rows or columns of content stop at the caps.
        let rows = "<table:table table:name=\"S\"><table:table-row table:number-rows-repeated=\"2000000\"><table:table-cell office:value-type=\"string\"><text:p>x</text:p></table:table-cell></table:table-row></table:table>"
        let columns = "<table:table table:name=\"S\"><table:table-row><table:table-cell table:number-columns-repeated=\"999999999\" office:value-type=\"string\"><text:p>x</text:p></table:table-cell></table:table-row></table:table>"
        let spaces = "<table:table table:name=\"S\"><table:table-row><table:table-cell><text:p>" + String(repeating: "<text:s text:c=\"999999999\"/>", count: 40)
            + "</text:p></table:table-cell></table:table-row></table:table>"
        for hostile in [rows, columns, spaces] {
            XCTAssertThrowsError(try SpreadsheetReader.read(try ods(hostile), file: "r.ods")) { error in
                XCTAssertEqual(error as? SpreadsheetError, .tooLarge("content.xml"))
            }
        }
        XCTAssertThrowsError(try SpreadsheetReader.read(try ods("<table:table table:name=\"S\"><table:table-row>"), file: "b.ods")) { error in
            guard case .malformed(let part, _)? = error as? SpreadsheetError else { return XCTFail("\(error)") }
            XCTAssertEqual(part, "content.xml")
        }
        let noContent = try zip(["mimetype": "application/vnd.oasis.opendocument.spreadsheet"], name: "n.ods")
        XCTAssertThrowsError(try SpreadsheetReader.read(noContent, file: "n.ods")) { error in
            XCTAssertEqual(error as? SpreadsheetError, .notAWorkbook("n.ods"))
        }
    }

    /// Bounds that held for one cell or one sheet, claimed again and again: 150 cells of just
    /// under 1 MiB of `text:s` spaces each (25 bytes of XML for 64 KiB), and sheets of a million
    /// repeated rows (within each sheet's caps). A few kilobytes zipped must not make Carnet hold
    /// gigabytes: the whole part's text and everything kept in all sheets are bounded too.
    func testRepeatsAndSpacesAreBoundedForTheWholeWorkbook() throws {
        let mebibyte = String(repeating: "<text:s text:c=\"65536\"/>", count: 15)
        let cells = (0..<150).map { "<table:table-cell><text:p>\($0)" + mebibyte + "</text:p></table:table-cell>" }.joined()
        let spaces = "<table:table table:name=\"S\"><table:table-row>" + cells + "</table:table-row></table:table>"
        let sheet = "<table:table table:name=\"S@\"><table:table-row table:number-rows-repeated=\"1000000\">"
            + "<table:table-cell office:value-type=\"string\" office:string-value=\"x\"/></table:table-row></table:table>"
        let sheets = (0..<5).map { sheet.replacingOccurrences(of: "@", with: "\($0)") }.joined()
        for hostile in [spaces, sheets] {
            let file = try ods(hostile)
            XCTAssertLessThan(file.count, 64 << 10)
            XCTAssertThrowsError(try SpreadsheetReader.read(file, file: "r.ods")) { error in
                XCTAssertEqual(error as? SpreadsheetError, .tooLarge("content.xml"))
            }
        }
        // One such sheet is within the bounds, as before.
        let one = try SpreadsheetReader.read(try ods(sheet), file: "one.ods")
        XCTAssertEqual(one.sheets[0].rowCount, 1_000_000)
    }

    /// The check for `<!DOCTYPE` reads bytes: a part that declares another encoding (UTF-7
    /// writes `<` as `+ADw-`) would hide its DTD from it. Parts are UTF-8, as every spreadsheet
    /// program writes them, or they are refused.
    func testAPartInAnotherEncodingCannotHideADoctype() throws {
        let body = """
            @DOCTYPE@<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
            xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">\
            <office:body><office:spreadsheet><table:table table:name="S"><table:table-row>\
            <table:table-cell><text:p>&e;</text:p></table:table-cell><table:table-cell><text:p>&f;</text:p></table:table-cell>\
            </table:table-row></table:table></office:spreadsheet></office:body></office:document-content>
            """
        let doctypes = ["<!DOCTYPE office:document-content [<!ENTITY e \"INJECTED\"><!ENTITY f SYSTEM \"file:///etc/hostname\">]>",
                        "<!DOCTYPE office:document-content [<!ENTITY f SYSTEM \"file:///etc/hostname\"><!ENTITY e \"INJECTED\">]>",
                        "<!DOCTYPE office:document-content [<!ENTITY % p \"<!ENTITY e 'INJECTED'><!ENTITY f 'INJECTED'>\"> %p;]>"]
        for encoding in ["UTF-7", "utf-7", "UTF7"] {
            for doctype in doctypes {
                let raw = "<?xml version=\"1.0\" encoding=\"\(encoding)\"?>"
                    + body.replacingOccurrences(of: "@DOCTYPE@", with: doctype).replacingOccurrences(of: "<", with: "+ADw-")
                XCTAssertThrowsError(try SpreadsheetReader.read(try ods("", raw: raw), file: "u.ods"), encoding) { error in
                    guard case .malformed(let part, let reason)? = error as? SpreadsheetError else { return XCTFail("\(error)") }
                    XCTAssertEqual(part, "content.xml")
                    XCTAssertTrue(reason.contains(encoding), reason)
                }
            }
        }
        // Declared UTF-8, in any spelling, still reads.
        let plain = "<?xml version='1.0' encoding='utf-8'?>" + Self.header.drop { $0 != ">" }.dropFirst()
            + "<table:table table:name=\"S\"><table:table-row><table:table-cell><text:p>ok</text:p></table:table-cell></table:table-row></table:table>"
            + Self.footer
        XCTAssertEqual(try SpreadsheetReader.read(try ods("", raw: plain), file: "p.ods").sheets[0].cell(0, 0), ReadCell(.text("ok")))
    }

    /// A hundred thousand elements inside one another (zipped by Carnet's own writer, no helper's
    /// command line in the way): read as a stream, the depth costs no recursion, so the cell
    /// reads as written and nothing crashes (libxml2 2.9 as Foundation drives it takes the depth).
    func testDeepNestingReadsWithoutACrash() throws {
        let depth = 100_000
        let xml = Self.header + "<table:table table:name=\"S\"><table:table-row><table:table-cell><text:p>"
            + String(repeating: "<text:span>", count: depth) + "x" + String(repeating: "</text:span>", count: depth)
            + "</text:p></table:table-cell></table:table-row></table:table>" + Self.footer
        let file = try OfficePackage.zip([("mimetype", "application/vnd.oasis.opendocument.spreadsheet"), ("content.xml", xml)],
                                         date: Date(timeIntervalSince1970: 0), stored: ["mimetype"])
        XCTAssertEqual(try SpreadsheetReader.read(file, file: "deep.ods").sheets.first?.cell(0, 0), ReadCell(.text("x")))
    }

    /// Bytes that are not UTF-8 in a name, an attribute or a text (a mutated file, found by
    /// fuzzing `carnet import progress`): Foundation's XMLParser traps on such a name, so the
    /// part is refused before it is parsed. A message, never a crash.
    func testBytesThatAreNotUTF8AreRefusedBeforeParsing() throws {
        let cell = "<table:table table:name=\"S\"><table:table-row><table:table-cell><text:p>a</text:p></table:table-cell></table:table-row></table:table>"
        for (from, to) in [("<text:p>", "<tex\u{1}:p>"), ("</text:p>", "</tex\u{1}:p>"), ("table:name=\"S\"", "table:name=\"S\u{1}\""), (">a<", ">a\u{1}<")] {
            var xml = Data((Self.header + cell.replacingOccurrences(of: from, with: to) + Self.footer).utf8)
            // U+0001 stands for the byte: a lone 0xC3 (the start of a two-byte sequence, cut).
            while let at = xml.firstIndex(of: 0x01) { xml[at] = 0xC3 }
            let file = try OfficePackage.zip([("mimetype", Data("application/vnd.oasis.opendocument.spreadsheet".utf8)), ("content.xml", xml)],
                                             date: Date(timeIntervalSince1970: 0), stored: ["mimetype"])
            XCTAssertThrowsError(try SpreadsheetReader.read(file, file: "m.ods"), to) { error in
                XCTAssertEqual(error as? SpreadsheetError, .malformed("content.xml", "not UTF-8"))
            }
        }
    }

    func testCSVWrittenReadsBackAndNeverRunsAFormula() throws {
        let data = CSVText.data([["heading", "other"]] + awkward.map { [$0, "x"] })
        let back = try CSVText.sheet(data, name: "S", file: "s.csv")
        for (i, text) in awkward.enumerated() {
            XCTAssertEqual(back.cell(i + 1, 0), ReadCell(.text(text)), text)
        }
        // Python's csv module, independently: a cell that starts like a formula starts with an apostrophe.
        let file = work.path + "/s.csv"
        try data.write(to: URL(fileURLWithPath: file))
        let r = try Shell.run(["python3", "-c", "import csv,json,sys; print(json.dumps([r[0] for r in csv.reader(open(sys.argv[1], encoding='utf-8', newline=''))]))", file])
        let read = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String] ?? []
        XCTAssertEqual(Array(read.dropFirst().prefix(4)), ["'=1+1", "'+33 1 23", "'-x", "'@SUM(A1)"])
    }

    func testCSVEncodingsAndSeparators() throws {
        let text = "a;b\r\n\"x; y\";\"l1\nl2\"\r\n'=1+1;@x\r\n"
        for data in [Data(text.utf8), Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8)] {
            let s = try CSVText.sheet(data, name: "S", file: "s.csv")
            XCTAssertEqual(s.cell(0, 1), ReadCell(.text("b")))
            XCTAssertEqual(s.cell(1, 0), ReadCell(.text("x; y")))
            XCTAssertEqual(s.cell(1, 1), ReadCell(.text("l1\nl2")))
            XCTAssertEqual(s.cell(2, 0), ReadCell(.text("=1+1")), "text, never a formula")
            XCTAssertEqual(s.cell(2, 1), ReadCell(.text("@x")))
        }
        let utf16 = Data([0xFF, 0xFE]) + "a,b\r\n".data(using: .utf16LittleEndian)!
        let latin1 = "caf\u{E9},b\r\n".data(using: .isoLatin1)!
        for data in [utf16, latin1] {
            XCTAssertThrowsError(try CSVText.sheet(data, name: "S", file: "w.csv")) { error in
                XCTAssertEqual(error as? SpreadsheetError, .notUTF8("w.csv"))
            }
        }
        XCTAssertThrowsError(try CSVText.sheet(Data("a,\"never closed\r\n".utf8), name: "S", file: "q.csv")) { error in
            guard case .malformed("q.csv", _)? = error as? SpreadsheetError else { return XCTFail("\(error)") }
        }
    }
}
