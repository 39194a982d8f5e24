import Foundation
import Spreadsheet
import TestSupport
import XCTest

/// Flat OpenDocument spreadsheets (.fods: the whole document as one XML file), read by the
/// .ods reader's own XML part. Peers: LibreOffice writes the .fods (`--convert-to fods`) from
/// a workbook openpyxl filled or edited; the import must give what the .xlsx gives.
final class FlatOpenDocumentTests: SheetsTestCase {
    static let header = """
        <?xml version="1.0" encoding="UTF-8"?><office:document \
        xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" \
        xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:mimetype="%@"><office:body><office:spreadsheet>
        """
    static let footer = "</office:spreadsheet></office:body></office:document>"

    func flat(_ tables: String, mimetype: String = "application/vnd.oasis.opendocument.spreadsheet") -> Data {
        Data((Self.header.replacingOccurrences(of: "%@", with: mimetype) + tables + Self.footer).utf8)
    }

    func testFlatDocumentReadsAsItsTablesAndHostileOnesAreRefused() throws {
        let table = """
            <table:table table:name="S"><table:table-row>\
            <table:table-cell office:value-type="string"><text:p>a<text:s text:c="2"/>b</text:p></table:table-cell>\
            <table:table-cell office:value-type="date" office:date-value="2026-11-30"><text:p>30/11/26</text:p></table:table-cell>\
            <table:table-cell table:formula="of:=1+1" office:value-type="float" office:value="2"><text:p>2</text:p></table:table-cell>\
            </table:table-row></table:table>
            """
        // Told by content: the name says .xlsx, the bytes (after a byte-order mark) are XML.
        let book = try SpreadsheetReader.read(Data([0xEF, 0xBB, 0xBF]) + flat(table), file: "misnamed.xlsx")
        XCTAssertEqual(book.sheets.map(\.name), ["S"])
        XCTAssertEqual(book.sheets[0].cell(0, 0), ReadCell(.text("a  b")))
        XCTAssertEqual(book.sheets[0].cell(0, 1), ReadCell(.day(year: 2026, month: 11, day: 30)))
        XCTAssertEqual(book.sheets[0].cell(0, 2)?.formula, true, "a formula is flagged, never evaluated")

        // A flat text document, XML that is not OpenDocument, an .ods's content.xml alone, text.
        let content = """
            <?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
            xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><office:body><office:spreadsheet>\(table)\
            </office:spreadsheet></office:body></office:document-content>
            """
        for (name, data) in [("t.fodt", flat(table, mimetype: "application/vnd.oasis.opendocument.text")),
                             ("page.fods", Data("<html><body><table><tr><td>x</td></tr></table></body></html>".utf8)),
                             ("content.fods", Data(content.utf8)), ("notes.fods", Data("< not xml at all".utf8))] {
            XCTAssertThrowsError(try SpreadsheetReader.read(data, file: name), name) { error in
                XCTAssertEqual(error as? SpreadsheetError, .notAWorkbook(name))
            }
        }
        let xxe = """
            <?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><office:document>&e;</office:document>
            """
        XCTAssertThrowsError(try SpreadsheetReader.read(Data(xxe.utf8), file: "x.fods")) { error in
            XCTAssertEqual(error as? SpreadsheetError, .declaresEntities("x.fods"))
        }
        let rows = "<table:table table:name=\"S\"><table:table-row table:number-rows-repeated=\"2000000\"><table:table-cell office:value-type=\"string\"><text:p>x</text:p></table:table-cell></table:table-row></table:table>"
        XCTAssertThrowsError(try SpreadsheetReader.read(flat(rows), file: "r.fods")) { error in
            XCTAssertEqual(error as? SpreadsheetError, .tooLarge("r.fods"))
        }
        XCTAssertThrowsError(try SpreadsheetReader.read(flat("<table:table table:name=\"S\"><table:table-row>"), file: "b.fods")) { error in
            guard case .malformed(let part, _)? = error as? SpreadsheetError else { return XCTFail("\(error)") }
            XCTAssertEqual(part, "b.fods")
        }
        // The CLI says so in words (65), naming the formats it reads.
        let plan = try samplePlan()
        let file = work.path + "/t.fodt"
        try flat(table, mimetype: "application/vnd.oasis.opendocument.text").write(to: URL(fileURLWithPath: file))
        let r = try carnet("import", "progress", file, "-C", plan)
        XCTAssertEqual(r.status, 65, r.stderr)
        XCTAssertTrue(r.stderr.contains("t.fodt is not a spreadsheet Carnet reads") && r.stderr.contains(".fods"), r.stderr)
    }

    /// openpyxl edits Carnet's progress .xlsx, LibreOffice saves it as .fods: importing the .fods
    /// gives the same report and the same commit content as importing the .xlsx.
    func testProgressFromLibreOfficeFlatFileImportsAsTheWorkbook() throws {
        try requireLibreOffice()
        let plan = try samplePlan()
        let file = work.path + "/progress.xlsx"
        let e = try carnet("export", "progress", "--ministry", "autorite-terres", "-o", file, "-C", plan)
        XCTAssertEqual(e.status, 0, e.stderr)
        let edited = work.path + "/edited.xlsx"
        try edit(file, edited, [["op": "set", "sheet": "Milestones", "cell": "G6", "text": "substantial"],
                                ["op": "set", "sheet": "Milestones", "cell": "I5", "date": "2026-11-20"],
                                ["op": "set", "sheet": "Commitments", "cell": "F3", "text": "Trois ateliers  tenus\nà Dakar"]])
        let fods = try libreOffice(edited, to: "fods")
        XCTAssertTrue(try String(contentsOfFile: fods, encoding: .utf8).contains("office:mimetype=\"application/vnd.oasis.opendocument.spreadsheet\""))
        let base = try head(plan).trimmingCharacters(in: .whitespacesAndNewlines)
        let viaWorkbook = try carnet("import", "progress", edited, "-C", plan)
        XCTAssertEqual(viaWorkbook.status, 0, viaWorkbook.stderr)
        XCTAssertTrue(viaWorkbook.stdout.contains("05 m4 completion: limited → substantial"), viaWorkbook.stdout)
        let diff = try git("diff", base, "HEAD", in: plan)
        _ = try git("reset", "-q", "--hard", base, in: plan)
        let viaFlat = try carnet("import", "progress", fods, "-C", plan)
        XCTAssertEqual(viaFlat.status, 0, viaFlat.stderr)
        XCTAssertEqual(viaFlat.stdout, viaWorkbook.stdout)
        XCTAssertEqual(try git("diff", base, "HEAD", in: plan), diff, "the same records either way")
        // The same flat file again: nothing to import.
        XCTAssertTrue(try carnet("import", "progress", fods, "-C", plan).stdout.contains("Nothing"))
    }

    /// The blank plan template filled by openpyxl from the Northmere sample, saved by
    /// LibreOffice as .fods: `plan import` writes the sample's own records, byte for byte.
    func testPlanFromLibreOfficeFlatFileImportsTheSample() throws {
        try requireLibreOffice()
        let sample = RepositoryPaths.root().appendingPathComponent("Samples/northmere").path
        let template = work.path + "/template.xlsx", filled = work.path + "/filled.xlsx"
        XCTAssertEqual(try carnet("plan", "template", "-o", template).status, 0)
        let filler = RepositoryPaths.root().appendingPathComponent("Tests/SheetsTests/plan_filler.py").path
        let f = try Shell.run(["python3", filler, template, sample, filled])
        XCTAssertEqual(f.status, 0, f.stderr)
        let fods = try libreOffice(filled, to: "fods")
        let plan = work.path + "/from-fods"
        let r = try carnet("plan", "import", fods, plan, "--name", "Awa Diallo", "--email", "awa@terres.example")
        XCTAssertEqual(r.status, 0, r.stderr + r.stdout)
        for relative in try FileManager.default.subpathsOfDirectory(atPath: sample)
        where relative == "plan.yaml" || relative.hasPrefix("ministries/") && relative.hasSuffix(".yaml") || relative.hasSuffix("/commitment.yaml") {
            XCTAssertEqual(try String(contentsOfFile: plan + "/" + relative, encoding: .utf8),
                           try String(contentsOfFile: sample + "/" + relative, encoding: .utf8), relative)
        }
    }
}
