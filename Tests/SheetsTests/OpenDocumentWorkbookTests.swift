import Foundation
import TestSupport
import XCTest

/// The progress workbook as OpenDocument and as CSV, with independent peers: LibreOffice opens
/// and converts Carnet's .ods, odfpy edits it as a person would, and an .ods LibreOffice made
/// from Carnet's .xlsx imports exactly as that .xlsx does.
final class OpenDocumentWorkbookTests: SheetsTestCase {
    func export(_ plan: String, to path: String, format: String? = nil) throws {
        let r: ShellResult
        if let format {
            r = try carnet("export", "progress", "--ministry", "autorite-terres", "--format", format, "-o", path, "-C", plan)
        } else {
            r = try carnet("export", "progress", "--ministry", "autorite-terres", "-o", path, "-C", plan)
        }
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    func testOpenDocumentAsLibreOfficeAndOdfpySeeIt() throws {
        try requireLibreOffice()
        let plan = try samplePlan()
        let file = work.path + "/avancement.ods"
        try export(plan, to: file)   // the format from the name
        // odfpy: typed cells.
        let o = try odsDump(file)
        XCTAssertEqual(o["Milestones"]?["C3"]?["value"], "m1")
        XCTAssertEqual(o["Milestones"]?["H3"], ["type": "date", "value": "2025-09-15"], "an actual start is a real date cell")
        XCTAssertEqual(o["Commitments"]?["B3"]?["type"], "float", "the commitment's number is a number")
        XCTAssertEqual(o["carnet"]?["B2"]?["value"], try head(plan).trimmingCharacters(in: .whitespacesAndNewlines))

        // LibreOffice converts it to xlsx; openpyxl sees what it sees in Carnet's own xlsx.
        let d = try dump(try libreOffice(file, to: "xlsx"))
        let names = (d["sheets"] as? [[String: Any]] ?? []).map { ($0["name"] as? String ?? "", $0["state"] as? String ?? "") }
        XCTAssertEqual(names.map(\.0), ["Milestones", "Commitments", "lists", "carnet"])
        XCTAssertEqual(names.map(\.1), ["visible", "visible", "hidden", "hidden"])
        let milestones = sheet(d, "Milestones")
        XCTAssertEqual(milestones["protected"] as? Bool, true)
        XCTAssertEqual(milestones["hidden_rows"] as? [Int], [2], "the row of field codes is hidden")
        let validation = (milestones["validations"] as? [[String: Any]])?.first
        XCTAssertEqual(validation?["type"] as? String, "list")
        let formula = validation?["formula1"] as? String ?? ""
        XCTAssertTrue(formula.contains("lists") && formula.contains("$A$1") && formula.contains("$A$4"), formula)
        XCTAssertTrue((validation?["sqref"] as? String ?? "").hasPrefix("G3"), "\(validation ?? [:])")
        let c = cells(d, "Milestones")
        XCTAssertEqual(c["C3"]?["value"] as? String, "m1")
        XCTAssertEqual(c["C3"]?["locked"] as? Bool, true, "definitions are locked")
        XCTAssertEqual(c["G3"]?["value"] as? String, "complete")
        XCTAssertEqual(c["G3"]?["locked"] as? Bool, false, "progress cells are open")
        XCTAssertEqual(c["H3"]?["type"] as? String, "date")
        XCTAssertEqual(c["H3"]?["value"] as? String, "2025-09-15")
    }

    /// openpyxl edits Carnet's xlsx, LibreOffice saves it as .ods: importing the .ods gives the
    /// same commit content and the same report as importing the .xlsx.
    func testOpenDocumentFromLibreOfficeImportsAsTheWorkbook() throws {
        try requireLibreOffice()
        let plan = try samplePlan()
        let file = work.path + "/progress.xlsx"
        try export(plan, to: file)
        let edited = work.path + "/edited.xlsx"
        try edit(file, edited, [["op": "set", "sheet": "Milestones", "cell": "G6", "text": "substantial"],
                                ["op": "set", "sheet": "Milestones", "cell": "I5", "date": "2026-11-20"],
                                ["op": "set", "sheet": "Commitments", "cell": "F3", "text": "Trois ateliers  tenus\nà Dakar"]])
        let ods = try libreOffice(edited, to: "ods")
        let base = try head(plan).trimmingCharacters(in: .whitespacesAndNewlines)
        let viaWorkbook = try carnet("import", "progress", edited, "-C", plan)
        XCTAssertEqual(viaWorkbook.status, 0, viaWorkbook.stderr)
        XCTAssertTrue(viaWorkbook.stdout.contains("05 m4 completion: limited → substantial"), viaWorkbook.stdout)
        XCTAssertTrue(viaWorkbook.stdout.contains("05 m3 actual end: 2026-11-20"), viaWorkbook.stdout)
        let diff = try git("diff", base, "HEAD", in: plan)
        _ = try git("reset", "-q", "--hard", base, in: plan)
        let viaODS = try carnet("import", "progress", ods, "-C", plan)
        XCTAssertEqual(viaODS.status, 0, viaODS.stderr)
        XCTAssertEqual(viaODS.stdout, viaWorkbook.stdout)
        XCTAssertEqual(try git("diff", base, "HEAD", in: plan), diff, "the same records either way")
    }

    /// Export as .ods → odfpy types a choice and a date → import applies exactly that; the
    /// untouched file and the same file again change nothing.
    func testOdfpyEditsImportAsStaffEdits() throws {
        let plan = try samplePlan()
        let file = work.path + "/progress.ods"
        try export(plan, to: file, format: "ods")
        let before = try head(plan)
        let untouched = try carnet("import", "progress", file, "-C", plan)
        XCTAssertEqual(untouched.status, 0, untouched.stderr)
        XCTAssertTrue(untouched.stdout.contains("Nothing to import"), untouched.stdout)
        XCTAssertEqual(try head(plan), before)

        let edited = work.path + "/edited.ods"
        try odsEdit(file, edited, [["sheet": "Milestones", "cell": "G6", "text": "substantial"],
                                   ["sheet": "Milestones", "cell": "I5", "date": "2026-11-20"]])
        let r = try carnet("import", "progress", edited, "-C", plan)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("05 m4 completion: limited → substantial"), r.stdout)
        XCTAssertTrue(r.stdout.contains("05 m3 actual end: 2026-11-20"), r.stdout)
        XCTAssertEqual(try git("diff", "--name-only", "HEAD~1", "HEAD", in: plan).trimmingCharacters(in: .whitespacesAndNewlines),
                       "commitments/05/progress.yaml")
        let again = try carnet("import", "progress", edited, "-C", plan)
        XCTAssertTrue(again.stdout.contains("Nothing to import"), again.stdout)

        // A value typed over the drop-down is checked anyway, named by its cell.
        let wrong = work.path + "/wrong.ods"
        try odsEdit(file, wrong, [["sheet": "Milestones", "cell": "G4", "text": "almost"]])
        let refused = try carnet("import", "progress", wrong, "-C", plan)
        XCTAssertEqual(refused.status, 65)
        XCTAssertTrue(refused.stderr.contains("Milestones!G4: "), refused.stderr)
    }

    /// `--format csv`: one file per visible sheet, the workbook's rows; a text that starts like a
    /// formula is neutralised. The import reads workbooks only, and says so.
    func testProgressAsCSVFolder() throws {
        let plan = try samplePlan()
        let file = work.path + "/progress.xlsx"
        try export(plan, to: file)
        let edited = work.path + "/formula.xlsx"
        try edit(file, edited, [["op": "set", "sheet": "Milestones", "cell": "J5", "text": "=HYPERLINK(\"http://x\")"]])
        XCTAssertEqual(try carnet("import", "progress", edited, "-C", plan).status, 0)

        let folder = work.path + "/csv"
        try export(plan, to: folder, format: "csv")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder).sorted(), ["Commitments.csv", "Milestones.csv"])
        let script = "import csv,json,sys; print(json.dumps(list(csv.reader(open(sys.argv[1], encoding='utf-8', newline='')))))"
        let r = try Shell.run(["python3", "-c", script, folder + "/Milestones.csv"])
        let rows = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String]] ?? []
        XCTAssertEqual(rows.first?[6], "Completion")
        XCTAssertEqual(rows[1][6], "completion", "row 2 holds the field codes, as in the workbook")
        XCTAssertEqual(rows[2][2], "m1")
        XCTAssertEqual(rows[2][7], "2025-09-15")
        XCTAssertEqual(rows[4][9], "'=HYPERLINK(\"http://x\")", "never a formula in a spreadsheet that opens it")

        let folderImport = try carnet("import", "progress", folder, "-C", plan)
        XCTAssertEqual(folderImport.status, 65)
        XCTAssertTrue(folderImport.stderr.contains("is a folder"), folderImport.stderr)
        let csvImport = try carnet("import", "progress", folder + "/Milestones.csv", "-C", plan)
        XCTAssertEqual(csvImport.status, 65)
        XCTAssertTrue(csvImport.stderr.contains(".ods"), csvImport.stderr)
    }

    /// The dashboard's open-data.ods holds what open-data.xlsx holds, with the same types.
    func testOpenDataAsOpenDocument() throws {
        let plan = try samplePlan()
        let site = work.path + "/site"
        let r = try carnet("report", "dashboard", "--out", site, "--as-of", "2026-11-27", "--lang", "en", in: plan)
        XCTAssertEqual(r.status, 0, r.stderr)
        let ods = try odsDump(site + "/open-data.ods")
        let xlsx = try dump(site + "/open-data.xlsx")
        let names = (xlsx["sheets"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        XCTAssertEqual(Set(ods.keys), Set(names))
        var typed = 0
        for name in names {
            let expected = cells(xlsx, name)
            let got = ods[name] ?? [:]
            XCTAssertEqual(Set(got.keys), Set(expected.keys), name)
            for (ref, cell) in expected {
                switch cell["type"] as? String {
                case "date":
                    XCTAssertEqual(got[ref], ["type": "date", "value": cell["value"] as? String ?? ""], "\(name)!\(ref)")
                    typed += 1
                case "n":
                    XCTAssertEqual(got[ref]?["type"], "float", "\(name)!\(ref)")
                    XCTAssertEqual(Double(got[ref]?["value"] ?? ""), (cell["value"] as? NSNumber)?.doubleValue, "\(name)!\(ref)")
                    typed += 1
                default:
                    XCTAssertEqual(got[ref], ["type": "string", "value": cell["value"] as? String ?? ""], "\(name)!\(ref)")
                }
            }
        }
        XCTAssertGreaterThan(typed, 0)
        let index = try String(contentsOfFile: site + "/index.html", encoding: .utf8)
        XCTAssertTrue(index.contains("href=\"open-data.ods\""), "the footer links it")
    }
}
