import Foundation
import TestSupport
import XCTest

/// The progress workbook as a French-speaking official opens it (read by openpyxl): dates shown
/// day first, a month in words, headings not cut; and the untouched workbook imports as no change
/// (the words are read back as the same dates).
final class FrenchWorkbookTests: SheetsTestCase {
    func testAFrenchWorkbookWritesDatesAsFrenchPeopleDoAndReadsThemBack() throws {
        let plan = try samplePlan()
        let file = work.path + "/avancement.xlsx"
        let french = ["CARNET_LANG": "fr"]
        let made = try carnet("export", "progress", "--ministry", "autorite-terres", "-o", file, "-C", plan, environment: french)
        XCTAssertEqual(made.status, 0, made.stderr)
        let script = """
            import openpyxl, sys, json
            ws = openpyxl.load_workbook(sys.argv[1])["Étapes clés"]
            heading = {c.value: c.column_letter for c in ws[1]}
            g = heading["Niveau d'achèvement"]
            print(json.dumps({"start": ws["E3"].value, "actual": ws["H3"].number_format, "is_date": ws["H3"].is_date,
                              "width": ws.column_dimensions[g].width, "heading": len("Niveau d'achèvement")}))
            """
        let read = try Shell.run(["python3", "-c", script, file])
        XCTAssertEqual(read.status, 0, read.stderr)
        let seen = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(read.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(seen["start"] as? String, "septembre 2025", "a month in words, not 2025-09")
        XCTAssertEqual(seen["is_date"] as? Bool, true, "an actual date is still a date cell")
        XCTAssertEqual(seen["actual"] as? String, "dd\\/mm\\/yyyy", "shown day first, as French people write dates")
        XCTAssertGreaterThan(seen["width"] as? Double ?? 0, Double(seen["heading"] as? Int ?? 99), "the heading is not cut")

        let head = try self.head(plan)
        let imported = try carnet("import", "progress", file, "-C", plan, environment: french)
        XCTAssertEqual(imported.status, 0, imported.stdout + imported.stderr)
        XCTAssertEqual(try self.head(plan), head, "the dates in words are the same dates: nothing to import")

        // In English the order stays year first (03/04/2026 is read both ways there).
        let english = work.path + "/progress.xlsx"
        XCTAssertEqual(try carnet("export", "progress", "--ministry", "autorite-terres", "-o", english, "-C", plan).status, 0)
        let format = try Shell.run(["python3", "-c", "import openpyxl, sys; ws = openpyxl.load_workbook(sys.argv[1])['Milestones']; print(ws['H3'].number_format, ws['E3'].value)", english])
        XCTAssertEqual(format.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "yyyy\\-mm\\-dd September 2025")
    }
}
