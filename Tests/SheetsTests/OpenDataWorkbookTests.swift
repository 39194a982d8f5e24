import Foundation
import TestSupport
import XCTest

/// The dashboard's open-data.xlsx holds what its CSV files hold, typed, as openpyxl reads it.
final class OpenDataWorkbookTests: SheetsTestCase {
    func testWorkbookHoldsTheCSVTablesTyped() throws {
        let plan = try samplePlan()
        let site = work.path + "/site"
        let r = try carnet("report", "dashboard", "--out", site, "--as-of", "2026-11-27", "--lang", "en", in: plan)
        XCTAssertEqual(r.status, 0, r.stderr)
        let script = """
            import csv, datetime, os, sys, openpyxl
            site = sys.argv[1]
            wb = openpyxl.load_workbook(os.path.join(site, "open-data.xlsx"))
            bad, typed = [], {"int": 0, "date": 0}
            for ws in wb.worksheets:
                rows = list(csv.reader(open(os.path.join(site, ws.title + ".csv"), encoding="utf-8", newline="")))
                cells = []
                for row in ws.iter_rows(values_only=True):
                    out = []
                    for v in row:
                        if isinstance(v, datetime.datetime): typed["date"] += 1; v = v.strftime("%Y-%m-%d")
                        elif isinstance(v, int): typed["int"] += 1; v = str(v)
                        elif isinstance(v, float) and v.is_integer(): typed["int"] += 1; v = str(int(v))
                        out.append("" if v is None else v)
                    cells.append(out)
                # CSV cells starting like a formula carry an apostrophe the workbook does not need.
                rows = [[c[1:] if c.startswith("'") else c for c in r] for r in rows]
                cells = [r + [""] * (len(rows[0]) - len(r)) for r in cells]
                if cells != rows: bad.append(ws.title)
            print(sorted(ws.title for ws in wb.worksheets), bad, typed["int"] > 0, typed["date"] > 0)
            """
        let check = try Shell.run(["python3", "-c", script, site])
        XCTAssertEqual(check.status, 0, check.stderr)
        XCTAssertEqual(check.stdout.trimmingCharacters(in: .whitespacesAndNewlines),
                       "['commitments', 'evidence', 'milestones', 'ministries', 'themes'] [] True True", "the public site's tables: no conflicts")
    }
}
