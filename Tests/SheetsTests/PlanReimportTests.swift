import Foundation
import TestSupport
import XCTest

/// `carnet plan import` into a plan that already holds records: the optional progress sheet,
/// and rows removed from the workbook (listed and refused, or removed in one commit when asked).
/// Peers: openpyxl fills and edits the workbook (plan_filler.py, workbook_peer.py), PyYAML reads
/// the records back, git says what each commit holds.
final class PlanReimportTests: SheetsTestCase {
    let northmere = RepositoryPaths.root().appendingPathComponent("Samples/northmere").path

    /// The Northmere sample written into the template by openpyxl (with its milestones' progress).
    func northmereWorkbook() throws -> String {
        let template = work.path + "/template.xlsx", out = work.path + "/northmere.xlsx"
        XCTAssertEqual(try carnet("plan", "template", "-o", template).status, 0)
        let filler = RepositoryPaths.root().appendingPathComponent("Tests/SheetsTests/plan_filler.py").path
        let filled = try Shell.run(["python3", filler, template, northmere, out, "--progress"])
        XCTAssertEqual(filled.status, 0, filled.stderr)
        return out
    }

    func importInto(_ plan: String, _ file: String, _ more: String..., environment: [String: String] = [:]) throws -> ShellResult {
        var arguments = ["plan", "import", file, plan] + more
        if !FileManager.default.fileExists(atPath: plan) { arguments += ["--name", "Awa Diallo", "--email", "awa@terres.example"] }
        return try Shell.run([RepositoryPaths.carnetBinary] + arguments, in: work.path,
                             environment: ["HOME": home.path, "XDG_CONFIG_HOME": home.path, "GIT_CONFIG_NOSYSTEM": "1",
                                           "CARNET_TODAY": "2026-11-27"].merging(environment) { $1 })
    }

    /// A YAML file's value at a path of keys, as PyYAML reads it, in JSON.
    func yaml(_ file: String, _ expression: String) throws -> String {
        let r = try Shell.run(["python3", "-c", "import json, sys, yaml; d = yaml.safe_load(open(sys.argv[1])); print(json.dumps(\(expression), sort_keys=True, default=str))", file])
        XCTAssertEqual(r.status, 0, r.stderr)
        return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func commits(_ plan: String) throws -> Int {
        Int(try git("rev-list", "--count", "HEAD", in: plan).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    /// The progress sheet gives each milestone's progress as the sample holds it; the same
    /// workbook again changes nothing; a changed cell is one commit of that file; a bad cell is
    /// named and nothing is written.
    func testProgressSheetImportsMilestoneProgress() throws {
        let file = try northmereWorkbook()
        let plan = work.path + "/plan"
        let r = try importInto(plan, file)
        XCTAssertEqual(r.status, 0, r.stderr + r.stdout)
        for c in ["01", "02"] {
            let expected = try yaml(northmere + "/commitments/\(c)/progress.yaml", "d['milestones']")
            XCTAssertEqual(try yaml(plan + "/commitments/\(c)/progress.yaml", "d['milestones']"), expected, c)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: plan + "/commitments/03/progress.yaml"))
        XCTAssertEqual(try commits(plan), 1)

        let again = try importInto(plan, file)
        XCTAssertTrue(again.stdout.contains("Nothing to import"), again.stdout + again.stderr)

        // Row 4 is 01 m2 (limited): a French word from the drop-down's language is read as any other.
        let changed = work.path + "/changed.xlsx"
        try edit(file, changed, [["op": "set_by_code", "sheet": "Progress", "row": 4, "code": "completion", "text": "achevé"]])
        let update = try importInto(plan, changed)
        XCTAssertEqual(update.status, 0, update.stderr)
        XCTAssertEqual(try commits(plan), 2)
        XCTAssertEqual(try git("diff", "--name-only", "HEAD~1", "HEAD", in: plan).trimmingCharacters(in: .whitespacesAndNewlines),
                       "commitments/01/progress.yaml")
        XCTAssertEqual(try yaml(plan + "/commitments/01/progress.yaml", "[m['completion'] for m in d['milestones']]"),
                       "[\"complete\", \"complete\"]")

        let bad = work.path + "/bad.xlsx"
        try edit(file, bad, [
            ["op": "set_by_code", "sheet": "Progress", "row": 3, "code": "actual_end", "text": "someday"],
            ["op": "set_by_code", "sheet": "Progress", "row": 4, "code": "completion", "text": "presque"],
            ["op": "set_by_code", "sheet": "Progress", "row": 5, "code": "milestone", "text": "m9"],
            // Row 6 (02 m2) made a second row for 01 m2 (row 4).
            ["op": "set_by_code", "sheet": "Progress", "row": 6, "code": "commitment", "text": "01"],
        ])
        let refused = try importInto(plan, bad)
        XCTAssertEqual(refused.status, 65, refused.stderr + refused.stdout)
        for cell in ["Progress!E3: ", "Progress!C4: ", "Progress!B5: ", "Progress!B6: row 4 already"] {
            XCTAssertTrue(refused.stderr.contains(cell), "\(cell) in:\n\(refused.stderr)")
        }
        XCTAssertEqual(try commits(plan), 2)
        XCTAssertEqual(try git("status", "--porcelain", in: plan), "")
    }

    /// What the workbook does not carry stays: an organisation's members (who sync for it)
    /// survive the same workbook imported again (no commit) and a change of its name.
    func testMembersKeptWhenImportedAgain() throws {
        let file = try northmereWorkbook()
        let plan = work.path + "/plan"
        XCTAssertEqual(try importInto(plan, file).status, 0)
        let treasury = plan + "/ministries/treasury.yaml"
        let text = try String(contentsOfFile: treasury, encoding: .utf8) + "members:\n  - name: \"Jo Martin\"\n    email: \"jo@treasury.example\"\n"
        try text.write(toFile: treasury, atomically: true, encoding: .utf8)
        _ = try git("commit", "-q", "-am", "Member", in: plan)
        XCTAssertTrue(try importInto(plan, file).stdout.contains("Nothing to import"))
        XCTAssertEqual(try commits(plan), 2)

        let renamed = work.path + "/renamed.xlsx"
        try edit(file, renamed, [["op": "set_by_code", "sheet": "Organisations", "row": 8, "code": "name", "text": "Treasury of Northmere"]])
        let r = try importInto(plan, renamed)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try git("diff", "--name-only", "HEAD~1", "HEAD", in: plan).trimmingCharacters(in: .whitespacesAndNewlines),
                       "ministries/treasury.yaml")
        XCTAssertEqual(try yaml(treasury, "[d['name'], [m['email'] for m in d['members']]]"),
                       "[\"Treasury of Northmere\", [\"jo@treasury.example\"]]")
    }

    /// A commitment and a milestone deleted from the workbook: listed and refused (nothing
    /// written), in the person's language; with --remove-missing, removed in one commit with
    /// the progress and evidence that go with them; evidence attached to a removed milestone
    /// stays with its commitment. An organisation still named elsewhere is not removed.
    func testRemovedRowsAreListedThenRemovedOnlyWhenAsked() throws {
        let file = try northmereWorkbook()
        let plan = work.path + "/plan"
        XCTAssertEqual(try importInto(plan, file).status, 0)
        // Evidence recorded since: a document for 02, a link attached to 01's milestone m1.
        try FileManager.default.createDirectory(atPath: plan + "/commitments/02/evidence", withIntermediateDirectories: true)
        try Data("%PDF-1.4 report".utf8).write(to: URL(fileURLWithPath: plan + "/commitments/02/evidence/report.pdf"))
        for (c, entry) in [("02", "    file: evidence/report.pdf\n"), ("01", "    url: \"https://example.org/m1\"\n    milestone: m1\n")] {
            let path = plan + "/commitments/\(c)/progress.yaml"
            let text = try String(contentsOfFile: path, encoding: .utf8) + "evidence:\n  - id: e9\n    title: \"Report\"\n" + entry
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        _ = try git("add", "-A", in: plan)
        _ = try git("commit", "-q", "-m", "Evidence", in: plan)
        XCTAssertEqual(try carnet("validate", in: plan).status, 0)
        let before = try head(plan)

        let removed = work.path + "/removed.xlsx"
        try edit(file, removed, [
            ["op": "delete_rows_where", "sheet": "Commitments", "match": ["id": "02"]],
            ["op": "delete_rows_where", "sheet": "Milestones", "match": ["commitment": "02"]],
            ["op": "delete_rows_where", "sheet": "Progress", "match": ["commitment": "02"]],
            ["op": "delete_rows_where", "sheet": "Milestones", "match": ["commitment": "01", "id": "m1"]],
            ["op": "delete_rows_where", "sheet": "Progress", "match": ["commitment": "01", "milestone": "m1"]],
        ])
        let refused = try importInto(plan, removed)
        XCTAssertEqual(refused.status, 65, refused.stderr + refused.stdout)
        XCTAssertTrue(refused.stderr.contains("The plan holds 2 rows the workbook no longer has"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("commitment 02, with its progress and 1 evidence file"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("milestone m1 of commitment 01, with its progress"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("--remove-missing"), refused.stderr)
        XCTAssertEqual(try head(plan), before)
        XCTAssertEqual(try git("status", "--porcelain", in: plan), "")
        let french = try importInto(plan, removed, environment: ["CARNET_LANG": "", "LANG": "fr_FR.UTF-8"])
        XCTAssertEqual(french.status, 65)
        XCTAssertTrue(french.stderr.contains("l'engagement 02, avec son avancement et 1 pièce justificative"), french.stderr)

        let done = try importInto(plan, removed, "--remove-missing")
        XCTAssertEqual(done.status, 0, done.stderr + done.stdout)
        XCTAssertTrue(done.stdout.contains("Removed from the plan (2)"), done.stdout)
        XCTAssertEqual(try commits(plan), 3)
        let names = try git("show", "--name-status", "--format=", "HEAD", in: plan)
        for line in ["D\tcommitments/02/commitment.yaml", "D\tcommitments/02/progress.yaml", "D\tcommitments/02/evidence/report.pdf",
                     "M\tcommitments/01/commitment.yaml", "M\tcommitments/01/progress.yaml"] {
            XCTAssertTrue(names.contains(line), "\(line) in:\n\(names)")
        }
        XCTAssertTrue(try git("log", "-1", "--format=%B", in: plan).contains("commitment 02 removed"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: plan + "/commitments/02"))
        XCTAssertEqual(try git("status", "--porcelain", in: plan), "")
        let progress = plan + "/commitments/01/progress.yaml"
        XCTAssertEqual(try yaml(progress, "[m['id'] for m in d['milestones']]"), "[\"m2\"]")
        XCTAssertEqual(try yaml(progress, "d['evidence']"), "[{\"id\": \"e9\", \"title\": \"Report\", \"url\": \"https://example.org/m1\"}]")
        XCTAssertEqual(try carnet("validate", in: plan).status, 0)
        XCTAssertTrue(try importInto(plan, removed, "--remove-missing").stdout.contains("Nothing to import"))

        // digital-service is still an actor of commitment 01: the one validator refuses its removal.
        let organisation = work.path + "/organisation.xlsx"
        try edit(removed, organisation, [["op": "delete_rows_where", "sheet": "Organisations", "match": ["id": "digital-service"]]])
        let kept = try importInto(plan, organisation, "--remove-missing")
        XCTAssertEqual(kept.status, 65, kept.stderr + kept.stdout)
        XCTAssertTrue(kept.stderr.contains("Commitments!A3: "), kept.stderr)
        XCTAssertEqual(try commits(plan), 3)
        XCTAssertTrue(FileManager.default.fileExists(atPath: plan + "/ministries/digital-service.yaml"))
    }
}
