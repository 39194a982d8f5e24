import Foundation
import TestSupport
import XCTest

/// `carnet plan template` and `carnet plan import`, with independent peers: openpyxl fills the
/// blank template from the Northmere sample's YAML as read by PyYAML (plan_filler.py), and
/// LibreOffice re-saves it. Northmere is the sample with the simplest shape for a spreadsheet
/// (one language, so every text is one cell) while holding every column: codes, themes, a
/// parent, milestone leads, a draft with gaps, reporting period ends.
final class PlanImportTests: SheetsTestCase {
    let sample = RepositoryPaths.root().appendingPathComponent("Samples/northmere").path
    static var filler: String { RepositoryPaths.root().appendingPathComponent("Tests/SheetsTests/plan_filler.py").path }

    func filledTemplate(_ name: String = "filled.xlsx", environment: [String: String] = [:], headingsOnly: Bool = false) throws -> String {
        let template = work.path + "/template-" + name
        let t = try carnet("plan", "template", "-o", template, environment: environment)
        XCTAssertEqual(t.status, 0, t.stderr)
        let out = work.path + "/" + name
        let r = try Shell.run(["python3", Self.filler, template, sample, out] + (headingsOnly ? ["--headings-only"] : []))
        XCTAssertEqual(r.status, 0, r.stderr)
        return out
    }

    /// The record files of a plan folder, relative path → bytes (progress and evidence left out:
    /// the plan workbook holds the plan's definition, not its progress).
    func definitionFiles(_ root: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let base = URL(fileURLWithPath: root)
        for relative in try FileManager.default.subpathsOfDirectory(atPath: root) where !relative.hasPrefix(".git") {
            guard relative == "plan.yaml" || relative.hasPrefix("ministries/") && relative.hasSuffix(".yaml")
                    || relative.hasSuffix("/commitment.yaml") else { continue }
            files[relative] = try Data(contentsOf: base.appendingPathComponent(relative))
        }
        return files
    }

    func assertSameAsSample(_ plan: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let expected = try definitionFiles(sample), got = try definitionFiles(plan)
        XCTAssertEqual(Set(got.keys), Set(expected.keys), file: file, line: line)
        for (path, data) in expected where got[path] != data {
            XCTFail("\(path) differs:\n" + String(decoding: got[path] ?? Data(), as: UTF8.self), file: file, line: line)
        }
    }

    func commitCount(_ plan: String) throws -> Int {
        Int(try git("rev-list", "--count", "HEAD", in: plan).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    func testTemplateAsOpenpyxlSeesIt() throws {
        let file = work.path + "/t.xlsx"
        XCTAssertEqual(try carnet("plan", "template", "-o", file).status, 0)
        let d = try dump(file)
        let names = (d["sheets"] as! [[String: Any]]).map { $0["name"] as! String }
        XCTAssertEqual(names, ["Plan", "Organisations", "Commitments", "Milestones", "Progress", "lists"])
        let orgs = sheet(d, "Organisations")
        XCTAssertEqual(orgs["hidden_rows"] as? [Int], [2])
        XCTAssertEqual(cells(d, "Organisations")["C1"]?["value"] as? String, "Kind")
        XCTAssertEqual(cells(d, "Organisations")["C2"]?["value"] as? String, "kind")
        let validations = orgs["validations"] as! [[String: Any]]
        XCTAssertEqual(validations.first?["formula1"] as? String, "lists!$A$1:$A$6")
        XCTAssertEqual(sheet(d, "lists")["state"] as? String, "hidden")
    }

    /// The template filled from the sample's YAML by openpyxl imports as the sample's own
    /// records, byte for byte; the same workbook again makes no commit; one changed cell makes
    /// one commit of that one file.
    func testFilledTemplateImportsTheSampleByteForByte() throws {
        let file = try filledTemplate()
        let plan = work.path + "/imported"
        let r = try carnet("plan", "import", file, plan, "--name", "Awa Diallo", "--email", "awa@terres.example")
        XCTAssertEqual(r.status, 0, r.stderr + r.stdout)
        XCTAssertTrue(r.stdout.contains("Plan created in"), r.stdout)
        XCTAssertTrue(r.stdout.contains("Commitment 03 is imported as a draft"), r.stdout)
        try assertSameAsSample(plan)
        XCTAssertEqual(try commitCount(plan), 1)
        XCTAssertEqual(try git("status", "--porcelain", in: plan), "")

        let again = try carnet("plan", "import", file, plan)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stdout.contains("Nothing to import"), again.stdout)
        XCTAssertEqual(try commitCount(plan), 1)

        let changed = work.path + "/changed.xlsx"
        try edit(file, changed, [["op": "set_by_code", "sheet": "Commitments", "row": 3, "code": "title", "text": "Open contracting everywhere"]])
        let update = try carnet("plan", "import", changed, plan)
        XCTAssertEqual(update.status, 0, update.stderr)
        XCTAssertEqual(try commitCount(plan), 2)
        XCTAssertEqual(try git("diff", "--name-only", "HEAD~1", "HEAD", in: plan).trimmingCharacters(in: .whitespacesAndNewlines),
                       "commitments/01/commitment.yaml")
        XCTAssertTrue(try git("show", "HEAD:commitments/01/commitment.yaml", in: plan).contains("title: \"Open contracting everywhere\""))
    }

    /// A sheet made in French, headings only (no hidden code row): the same records.
    func testFrenchHeadingsOnlyImportTheSame() throws {
        let french = ["CARNET_LANG": "", "LANG": "fr_FR.UTF-8"]
        let file = try filledTemplate("fr.xlsx", environment: french, headingsOnly: true)
        let d = try dump(file)
        XCTAssertEqual(cells(d, "Engagements")["H1"]?["value"] as? String, "Organisme d'exécution")
        XCTAssertNotEqual(cells(d, "Engagements")["H2"]?["value"] as? String, "lead_agency")
        let plan = work.path + "/fr-plan"
        let r = try carnet("plan", "import", file, plan, "--name", "Awa Diallo", "--email", "awa@terres.example", environment: french)
        XCTAssertEqual(r.status, 0, r.stderr + r.stdout)
        XCTAssertTrue(r.stdout.contains("Plan créé dans"), r.stdout)
        try assertSameAsSample(plan)
    }

    /// Every problem named by its cell, in the person's language; nothing written.
    func testProblemsNamedBySheetAndCellNothingWritten() throws {
        let file = try filledTemplate()
        let bad = work.path + "/bad.xlsx"
        try edit(file, bad, [
            ["op": "set_by_code", "sheet": "Milestones", "row": 3, "code": "start", "text": "someday"],
            ["op": "set_by_code", "sheet": "Organisations", "row": 4, "code": "kind", "text": "club"],
            ["op": "set_by_code", "sheet": "Commitments", "row": 4, "code": "title", "formula": "=HYPERLINK(\"http://x\")"],
            ["op": "set_by_code", "sheet": "Commitments", "row": 5, "code": "id", "text": "../../etc"],
        ])
        let plan = work.path + "/bad-plan"
        let r = try carnet("plan", "import", bad, plan)
        XCTAssertEqual(r.status, 65, r.stderr + r.stdout)
        for cell in ["Milestones!H3: ", "Organisations!C4: ", "Commitments!D4: ", "Commitments!A5: "] {
            XCTAssertTrue(r.stderr.contains(cell), "\(cell) in:\n\(r.stderr)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: plan))
        let fr = try carnet("plan", "import", bad, plan, environment: ["CARNET_LANG": "", "LANG": "fr_FR.UTF-8"])
        XCTAssertEqual(fr.status, 65)
        // The catalogue puts no-break spaces inside « »: the words are checked around them.
        XCTAssertTrue(fr.stderr.contains("Organisations!C4: «"), fr.stderr)
        XCTAssertTrue(fr.stderr.contains("club\u{202F}» ne fait pas partie des choix"), fr.stderr)
        XCTAssertEqual(fr.stderr.components(separatedBy: "Commitments!D4: ").count, 2, "the formula named once: \(fr.stderr)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: plan))
    }

    /// Re-saved by LibreOffice (xlsx → xlsx), the filled template imports the same.
    func testLibreOfficeRoundTripImportsTheSame() throws {
        let soffice = try Shell.run(["sh", "-c", "command -v soffice"])
        try XCTSkipIf(soffice.status != 0, "LibreOffice is missing: run scripts/install-deps.sh --test")
        let file = try filledTemplate("lo.xlsx")
        let out = work.path + "/lo-out"
        let convert = try Shell.run(["soffice", "-env:UserInstallation=file://" + work.path + "/lo-profile", "--headless",
                                     "--convert-to", "xlsx", "--outdir", out, file], environment: ["HOME": home.path])
        XCTAssertEqual(convert.status, 0, convert.stderr)
        let plan = work.path + "/lo-plan"
        let r = try carnet("plan", "import", out + "/lo.xlsx", plan, "--name", "Awa Diallo", "--email", "awa@terres.example")
        XCTAssertEqual(r.status, 0, r.stderr + r.stdout)
        try assertSameAsSample(plan)
    }

    /// The filled template saved by LibreOffice as .ods, and as a folder of CSV files written by
    /// Python's csv module (French file names, one file with a byte-order mark and semicolons):
    /// each imports as the sample's own records, byte for byte. A file in another encoding is
    /// refused, nothing written.
    func testOpenDocumentAndCSVFolderImportTheSample() throws {
        try requireLibreOffice()
        let file = try filledTemplate("od.xlsx")
        let ods = try libreOffice(file, to: "ods")
        let fromODS = work.path + "/from-ods"
        let r = try carnet("plan", "import", ods, fromODS, "--name", "Awa Diallo", "--email", "awa@terres.example")
        XCTAssertEqual(r.status, 0, r.stderr + r.stdout)
        try assertSameAsSample(fromODS)

        let folder = work.path + "/csv-plan"
        let script = """
            import csv, datetime, os, sys, openpyxl
            wb = openpyxl.load_workbook(sys.argv[1])
            names = {"Plan": "Plan", "Organisations": "Organismes", "Commitments": "Engagements", "Milestones": "Étapes clés",
                     "Progress": "Avancement"}
            os.makedirs(sys.argv[2])
            for ws in wb.worksheets:
                if ws.sheet_state != "visible":
                    continue
                french = ws.title == "Commitments"
                with open(os.path.join(sys.argv[2], names[ws.title] + ".csv"), "w", encoding="utf-8-sig" if french else "utf-8", newline="") as f:
                    w = csv.writer(f, delimiter=";" if french else ",")
                    for row in ws.iter_rows(values_only=True):
                        w.writerow(["" if v is None else v.strftime("%Y-%m-%d") if isinstance(v, datetime.datetime) else v for v in row])
            """
        let made = try Shell.run(["python3", "-c", script, file, folder])
        XCTAssertEqual(made.status, 0, made.stderr)
        let fromCSV = work.path + "/from-csv"
        let c = try carnet("plan", "import", folder, fromCSV, "--name", "Awa Diallo", "--email", "awa@terres.example")
        XCTAssertEqual(c.status, 0, c.stderr + c.stdout)
        try assertSameAsSample(fromCSV)

        let plan = folder + "/Plan.csv"
        let text = try String(contentsOfFile: plan, encoding: .utf8)
        try XCTUnwrap((text + "é").data(using: .isoLatin1)).write(to: URL(fileURLWithPath: plan))
        let refused = try carnet("plan", "import", folder, work.path + "/latin1")
        XCTAssertEqual(refused.status, 65)
        XCTAssertTrue(refused.stderr.contains("Plan.csv is not UTF-8"), refused.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: work.path + "/latin1"))
    }

    /// `--format ods` as LibreOffice sees it, and `--format csv`: one file per visible sheet.
    func testTemplateAsOpenDocumentAndCSV() throws {
        try requireLibreOffice()
        let file = work.path + "/t.ods"
        XCTAssertEqual(try carnet("plan", "template", "--format", "ods", "-o", file).status, 0)
        let d = try dump(try libreOffice(file, to: "xlsx"))
        XCTAssertEqual((d["sheets"] as? [[String: Any]] ?? []).map { $0["name"] as? String ?? "" },
                       ["Plan", "Organisations", "Commitments", "Milestones", "Progress", "lists"])
        XCTAssertEqual(sheet(d, "lists")["state"] as? String, "hidden")
        let orgs = sheet(d, "Organisations")
        XCTAssertEqual(orgs["hidden_rows"] as? [Int], [2])
        XCTAssertEqual(cells(d, "Organisations")["C1"]?["value"] as? String, "Kind")
        let validation = (orgs["validations"] as? [[String: Any]])?.first
        XCTAssertEqual(validation?["type"] as? String, "list")
        XCTAssertTrue((validation?["sqref"] as? String ?? "").hasPrefix("C3"), "\(validation ?? [:])")

        let folder = work.path + "/template-csv"
        XCTAssertEqual(try carnet("plan", "template", "--format", "csv", "-o", folder).status, 0)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder).sorted(),
                       ["Commitments.csv", "Milestones.csv", "Organisations.csv", "Plan.csv", "Progress.csv"])
    }
}
