import Foundation
import TestSupport
import XCTest

/// The progress workbook, exported by carnet, edited by openpyxl as a person would, imported.
final class ProgressWorkbookTests: SheetsTestCase {
    func export(_ plan: String, _ file: String = "progress.xlsx", ministry: String = "autorite-terres") throws -> String {
        let path = work.path + "/" + file
        let r = try carnet("export", "progress", "--ministry", ministry, "-o", path, "-C", plan)
        XCTAssertEqual(r.status, 0, r.stderr)
        return path
    }

    func testWorkbookAsOpenpyxlSeesIt() throws {
        let plan = try samplePlan()
        let file = try export(plan)
        let d = try dump(file)
        let names = (d["sheets"] as? [[String: Any]] ?? []).map { ($0["name"] as? String ?? "", $0["state"] as? String ?? "") }
        XCTAssertEqual(names.map(\.0), ["Milestones", "Commitments", "lists", "carnet"])
        XCTAssertEqual(names.map(\.1), ["visible", "visible", "hidden", "hidden"])
        let milestones = sheet(d, "Milestones")
        XCTAssertEqual(milestones["protected"] as? Bool, true)
        XCTAssertEqual(milestones["hidden_rows"] as? [Int], [2], "the row of field codes is hidden")
        let validations = milestones["validations"] as? [[String: Any]] ?? []
        XCTAssertEqual(validations.first?["type"] as? String, "list")
        XCTAssertEqual(validations.first?["formula1"] as? String, "lists!$A$1:$A$4")
        let c = cells(d, "Milestones")
        XCTAssertEqual(c["C3"]?["value"] as? String, "m1")
        XCTAssertEqual(c["C3"]?["locked"] as? Bool, true, "definitions are locked")
        XCTAssertEqual(c["G3"]?["value"] as? String, "complete")
        XCTAssertEqual(c["G3"]?["locked"] as? Bool, false, "progress cells are open")
        XCTAssertEqual(c["H3"]?["type"] as? String, "date", "an actual start is a real date cell")
        XCTAssertEqual(c["H3"]?["value"] as? String, "2025-09-15")
        let lists = cells(d, "lists")
        XCTAssertEqual(lists["A1"]?["value"] as? String, "not started")
        let meta = cells(d, "carnet")
        XCTAssertEqual(meta["B2"]?["value"] as? String, try head(plan).trimmingCharacters(in: .whitespacesAndNewlines))
        XCTAssertEqual(meta["B3"]?["value"] as? String, "autorite-terres")
    }

    func testFrenchWorkbookSpeaksFrench() throws {
        let plan = try samplePlan()
        let path = work.path + "/fr.xlsx"
        let r = try carnet("export", "progress", "--ministry", "autorite-terres", "-o", path, "-C", plan,
                           environment: ["CARNET_LANG": "fr"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let d = try dump(path)
        XCTAssertEqual(cells(d, "Étapes clés")["G1"]?["value"] as? String, "Niveau d'achèvement")
        XCTAssertEqual(cells(d, "listes")["A1"]?["value"] as? String, "non débuté")
        // The drop-downs' hidden sheet is named in French too, and their formula names it.
        XCTAssertEqual(sheet(d, "listes")["state"] as? String, "hidden")
        let validations = sheet(d, "Étapes clés")["validations"] as? [[String: Any]] ?? []
        XCTAssertEqual(validations.first?["formula1"] as? String, "listes!$A$1:$A$4")
        // Imported untouched in French: nothing to change. A workbook made before, whose hidden
        // sheet is "lists" (an English one is made the same way), imports in French as well.
        let again = try carnet("import", "progress", path, "-C", plan, environment: ["CARNET_LANG": "fr"])
        XCTAssertEqual(again.status, 0, again.stderr)
        let english = try export(plan, "en.xlsx")
        XCTAssertEqual(sheet(try dump(english), "lists")["state"] as? String, "hidden")
        let older = try carnet("import", "progress", english, "-C", plan, environment: ["CARNET_LANG": "fr"])
        XCTAssertEqual(older.status, 0, older.stderr)
        XCTAssertEqual(try git("rev-list", "--count", "HEAD", in: plan).trimmingCharacters(in: .whitespacesAndNewlines), "1")
    }

    func testUntouchedWorkbookChangesNothing() throws {
        let plan = try samplePlan()
        let file = try export(plan)
        let before = try head(plan)
        let copy = work.path + "/saved.xlsx"
        try edit(file, copy, [])   // opened and saved by openpyxl, nothing changed
        for f in [file, copy] {
            let r = try carnet("import", "progress", f, "-C", plan)
            XCTAssertEqual(r.status, 0, r.stderr)
            XCTAssertTrue(r.stdout.contains("Nothing to import"), r.stdout)
        }
        XCTAssertEqual(try head(plan), before)
    }

    func testPersonEditsBecomeOneCommit() throws {
        let plan = try samplePlan()
        let file = try export(plan)
        let before = try head(plan)
        let edited = work.path + "/edited.xlsx"
        try edit(file, edited, [
            ["op": "set", "sheet": "Milestones", "cell": "G5", "text": "complete"],        // picked in the drop-down
            ["op": "set", "sheet": "Milestones", "cell": "I5", "text": "30/11/2026"],      // a date typed as text
            ["op": "set", "sheet": "Milestones", "cell": "J5", "text": "=HYPERLINK(\"x\")"],  // text starting with =
            ["op": "set", "sheet": "Commitments", "cell": "H3", "date": "2026-12-01"],     // a date where text goes: text
        ])
        let r = try carnet("import", "progress", edited, "-C", plan)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try git("rev-list", "--count", "\(before.trimmingCharacters(in: .whitespacesAndNewlines))..HEAD", in: plan)
            .trimmingCharacters(in: .whitespacesAndNewlines), "1", "one commit")
        let diff = try git("diff", "HEAD~1", "HEAD", "--", ".", in: plan)
        XCTAssertTrue(diff.contains("+    completion: complete"), diff)
        XCTAssertTrue(diff.contains("+    actual_end: 2026-11-30"), diff)
        XCTAssertTrue(diff.contains("=HYPERLINK"), "a formula typed as text is kept as text: \(diff)")
        let files = try git("diff", "--name-only", "HEAD~1", "HEAD", in: plan)
        XCTAssertEqual(files.trimmingCharacters(in: .whitespacesAndNewlines), "commitments/05/progress.yaml")
        let message = try git("log", "-1", "--format=%B", in: plan)
        XCTAssertTrue(message.contains("05 m3 completion: substantial → complete"), message)
        // Imported again: the plan already says it.
        let again = try carnet("import", "progress", edited, "-C", plan)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stdout.contains("Nothing to import"), again.stdout)
        XCTAssertEqual(try carnet("validate", in: plan).status, 0)
    }

    func testEveryProblemNamedNothingWritten() throws {
        let plan = try samplePlan()
        let file = try export(plan)
        let before = try head(plan)
        let edited = work.path + "/bad.xlsx"
        try edit(file, edited, [
            ["op": "set", "sheet": "Milestones", "cell": "G4", "text": "finished-ish"],    // pasted: no list check
            ["op": "set", "sheet": "Milestones", "cell": "H4", "text": "03/04/2026"],      // ambiguous in English
            ["op": "set", "sheet": "Milestones", "cell": "I4", "formula": "=TODAY()"],     // a formula
            ["op": "set", "sheet": "Milestones", "cell": "G3", "text": "complete"],        // fine, but all or nothing
            ["op": "set", "sheet": "Commitments", "cell": "E3", "text": "done"],           // fine
            ["op": "set", "sheet": "Commitments", "cell": "A3", "text": "02"],             // led by min-justice
            ["op": "set", "sheet": "Milestones", "cell": "J40", "text": "a stray entry"],  // a row of no milestone
            ["op": "set", "sheet": "Milestones", "cell": "C5", "text": "m1"],              // m1 twice
        ])
        let r = try carnet("import", "progress", edited, "-C", plan)
        XCTAssertEqual(r.status, 65, r.stdout + r.stderr)
        XCTAssertTrue(r.stderr.contains("Milestones!G4: "), r.stderr)
        XCTAssertTrue(r.stderr.contains("finished-ish"), r.stderr)
        XCTAssertTrue(r.stderr.contains("Milestones!H4: "), r.stderr)
        XCTAssertTrue(r.stderr.contains("Milestones!I4: this cell holds a formula"), r.stderr)
        XCTAssertTrue(r.stderr.contains("Commitments!A3: "), r.stderr)
        XCTAssertTrue(r.stderr.contains("min-justice"), r.stderr)
        XCTAssertTrue(r.stderr.contains("Milestones!J40: this row has entries but no commitment"), r.stderr)
        XCTAssertTrue(r.stderr.contains("Milestones!C5: row 3 already has this milestone"), r.stderr)
        XCTAssertEqual(try head(plan), before, "nothing written")
        XCTAssertEqual(try git("status", "--porcelain", in: plan), "")
    }

    func testFrenchProblemsInFrench() throws {
        let plan = try samplePlan()
        let path = work.path + "/fr.xlsx"
        XCTAssertEqual(try carnet("export", "progress", "--ministry", "autorite-terres", "-o", path, "-C", plan,
                                  environment: ["CARNET_LANG": "fr"]).status, 0)
        let edited = work.path + "/fr2.xlsx"
        try edit(path, edited, [["op": "set", "sheet": "Étapes clés", "cell": "G4", "text": "presque"],
                                ["op": "set", "sheet": "Étapes clés", "cell": "G5", "text": "achevé"],
                                ["op": "set", "sheet": "Étapes clés", "cell": "H5", "text": "03/04/2026"]])
        let r = try carnet("import", "progress", edited, "-C", plan, environment: ["CARNET_LANG": "", "LANG": "fr_FR.UTF-8"])
        XCTAssertEqual(r.status, 65, r.stderr)
        XCTAssertTrue(r.stderr.contains("problème"), r.stderr)
        XCTAssertTrue(r.stderr.contains("'Étapes clés'!G4"), r.stderr)
        XCTAssertFalse(r.stderr.contains("'Étapes clés'!H5"), "03/04/2026 is 3 April in French: \(r.stderr)")
    }

    func testRearrangedColumnsRefused() throws {
        let plan = try samplePlan()
        let file = try export(plan)
        let edited = work.path + "/cols.xlsx"
        try edit(file, edited, [["op": "delete_cols", "sheet": "Milestones", "index": 4]])
        let r = try carnet("import", "progress", edited, "-C", plan)
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.stderr.contains("columns of the sheet \"Milestones\" were moved, added or removed"), r.stderr)
        XCTAssertTrue(r.stderr.contains("carnet export progress"), r.stderr)
    }

    func testWorkbookFromAnotherPlanRefused() throws {
        let plan = try samplePlan()
        let other = try samplePlan("other")
        // Another plan: another first commit, so another history.
        try work.write("other/commitments/05/note.txt", "x")
        XCTAssertEqual(try carnet("milestone", "set", "05", "m4", "--note", "autre", "-C", other).status, 0)
        let file = try export(other, "other.xlsx")
        let r = try carnet("import", "progress", file, "-C", plan)
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.stderr.contains("version of the plan this copy does not have"), r.stderr)
    }

    /// Changes made in the plan since the export are merged field by field, like a sync: the
    /// plan's value stays, the workbook's is kept as a conflict, nothing overwritten silently.
    func testChangesSinceExportMergedLikeSync() throws {
        let plan = try samplePlan()
        let file = try export(plan)
        XCTAssertEqual(try carnet("milestone", "set", "05", "m4", "--note", "Note from the plan", "-C", plan).status, 0)
        XCTAssertEqual(try carnet("milestone", "set", "05", "m3", "--completion", "limited", "-C", plan).status, 0)
        let edited = work.path + "/merge.xlsx"
        try edit(file, edited, [
            ["op": "set", "sheet": "Milestones", "cell": "J6", "text": "Note from the workbook"],   // m4 note: both changed
            ["op": "set", "sheet": "Milestones", "cell": "I5", "date": "2026-11-20"],              // m3 actual end: only here
        ])
        let r = try carnet("import", "progress", edited, "-C", plan)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("Conflict kept (05: milestones.m4.note"), r.stdout)
        let progress = try String(contentsOfFile: plan + "/commitments/05/progress.yaml", encoding: .utf8)
        XCTAssertTrue(progress.contains("actual_end: 2026-11-20"), progress)
        XCTAssertTrue(progress.contains("completion: limited"), "the plan's own later change stays: \(progress)")
        XCTAssertTrue(progress.contains("Note from the plan"), progress)
        XCTAssertTrue(progress.contains("lost: \"Note from the workbook\""), progress)
        let conflicts = try carnet("conflicts", "-C", plan)
        XCTAssertTrue(conflicts.stdout.contains("m4.note"), conflicts.stdout)
    }

    func testMinistryCopyRefusesOtherMinistriesRows() throws {
        let plan = try samplePlan()
        _ = try git("config", "carnet.role", "ministry", in: plan)
        _ = try git("config", "carnet.ministry", "autorite-terres", in: plan)
        let refused = try carnet("export", "progress", "--ministry", "min-justice", "-o", work.path + "/x.xlsx", "-C", plan)
        XCTAssertEqual(refused.status, 77, refused.stderr)
        let path = work.path + "/own.xlsx"
        XCTAssertEqual(try carnet("export", "progress", "-o", path, "-C", plan).status, 0)
        let edited = work.path + "/own2.xlsx"
        try edit(path, edited, [["op": "set", "sheet": "Milestones", "cell": "A3", "text": "08"]])
        let r = try carnet("import", "progress", edited, "-C", plan)
        XCTAssertEqual(r.status, 65, r.stderr)
        XCTAssertTrue(r.stderr.contains("Milestones!A3: "), r.stderr)
        XCTAssertTrue(r.stderr.contains("min-finances"), r.stderr)
    }

    /// Round trip property: random valid edits in random cells → exactly those edits.
    func testRandomEditsGiveExactlyThoseEdits() throws {
        let plan = try samplePlan()
        let file = try export(plan, ministry: "min-finances")
        let original = try dump(file)
        let rows = cells(original, "Milestones").keys.filter { $0.hasPrefix("C") }.compactMap { Int($0.dropFirst()) }.filter { $0 >= 3 }.sorted()
        var random = SeededGenerator(seed: 15)
        let levels = ["not started", "limited", "substantial", "complete"]
        var ops: [[String: Any]] = []
        var expected: [String: String] = [:]   // cell → value
        for row in rows.shuffled(using: &random).prefix(4) {
            let level = levels.randomElement(using: &random)!
            ops.append(["op": "set", "sheet": "Milestones", "cell": "G\(row)", "text": level])
            expected["G\(row)"] = level
            // An actual end in November 2026: after every actual start of the sample.
            let date = String(format: "2026-11-%02d", Int.random(in: 1...27, using: &random))
            ops.append(["op": "set", "sheet": "Milestones", "cell": "I\(row)", "date": date])
            expected["I\(row)"] = date
            let note = "Note \(Int.random(in: 1...1_000_000, using: &random)) — « éè »"
            ops.append(["op": "set", "sheet": "Milestones", "cell": "J\(row)", "text": note])
            expected["J\(row)"] = note
        }
        let edited = work.path + "/random.xlsx"
        try edit(file, edited, ops)
        let r = try carnet("import", "progress", edited, "-C", plan)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try carnet("validate", in: plan).status, 0)
        // Exported again: the edited cells hold the edits, every other cell what it held.
        let after = try dump(try export(plan, "after.xlsx", ministry: "min-finances"))
        let a = cells(after, "Milestones"), o = cells(original, "Milestones")
        for key in Set(a.keys).union(o.keys) {
            let now = a[key]?["value"].map { "\($0)" }
            if let want = expected[key] {
                XCTAssertEqual(now, want, key)
            } else {
                XCTAssertEqual(now, o[key]?["value"].map { "\($0)" }, key)
            }
        }
    }

    /// LibreOffice (an independent writer of xlsx and ods) converts the workbook; the result
    /// imports as the original did.
    func testLibreOfficeRoundTrip() throws {
        let soffice = try Shell.run(["sh", "-c", "command -v soffice"])
        try XCTSkipIf(soffice.status != 0, "LibreOffice is missing: run scripts/install-deps.sh --test")
        let plan = try samplePlan()
        let file = try export(plan)
        let edited = work.path + "/lo-in.xlsx"
        try edit(file, edited, [["op": "set", "sheet": "Milestones", "cell": "G6", "text": "substantial"]])
        let out = work.path + "/lo"
        let profile = "file://" + work.path + "/lo-profile"
        let convert = try Shell.run(["soffice", "-env:UserInstallation=" + profile, "--headless", "--convert-to", "xlsx",
                                     "--outdir", out, edited], environment: ["HOME": home.path])
        XCTAssertEqual(convert.status, 0, convert.stderr)
        let r = try carnet("import", "progress", out + "/lo-in.xlsx", "-C", plan)
        XCTAssertEqual(r.status, 0, r.stderr + r.stdout)
        XCTAssertTrue(r.stdout.contains("05 m4 completion: limited → substantial"), r.stdout)
        let again = try carnet("import", "progress", out + "/lo-in.xlsx", "-C", plan)
        XCTAssertTrue(again.stdout.contains("Nothing to import"), again.stdout)
    }

    /// Through OpenDocument and back (LibreOffice: xlsx → ods → xlsx): the hidden sheets, the
    /// field codes and the dates survive, and the edit made before imports as it was.
    func testOpenDocumentRoundTripByLibreOffice() throws {
        let soffice = try Shell.run(["sh", "-c", "command -v soffice"])
        try XCTSkipIf(soffice.status != 0, "LibreOffice is missing: run scripts/install-deps.sh --test")
        let plan = try samplePlan()
        let file = try export(plan)
        let edited = work.path + "/od.xlsx"
        try edit(file, edited, [["op": "set", "sheet": "Milestones", "cell": "I5", "date": "2026-11-20"]])
        let profile = "file://" + work.path + "/lo-profile"
        func convert(_ input: String, to format: String, into folder: String) throws {
            let r = try Shell.run(["soffice", "-env:UserInstallation=" + profile, "--headless", "--convert-to", format,
                                   "--outdir", folder, input], environment: ["HOME": home.path])
            XCTAssertEqual(r.status, 0, r.stderr)
        }
        try convert(edited, to: "ods", into: work.path + "/ods")
        try convert(work.path + "/ods/od.ods", to: "xlsx", into: work.path + "/back")
        let r = try carnet("import", "progress", work.path + "/back/od.xlsx", "-C", plan)
        XCTAssertEqual(r.status, 0, r.stderr + r.stdout)
        XCTAssertTrue(r.stdout.contains("05 m3 actual end: 2026-11-20"), r.stdout)
        XCTAssertEqual(try git("diff", "--name-only", "HEAD~1", "HEAD", in: plan).trimmingCharacters(in: .whitespacesAndNewlines),
                       "commitments/05/progress.yaml")
    }
}
