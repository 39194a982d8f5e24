import Foundation
import TestSupport
import XCTest

/// Edits made in any text editor: listed by status, committed when valid, never rewritten when not.
final class HandEditTests: CLITestCase {
    func testStatusListsAndCommitCommitsValidHandEdits() throws {
        let plan = try samplePlan()
        let file = plan + "/commitments/09/progress.yaml"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try text.replacingOccurrences(of: "completion: limited", with: "completion: substantial")
            .write(toFile: file, atomically: true, encoding: .utf8)
        let status = try carnet("status", "--json", "-C", plan)
        XCTAssertEqual(status.status, 0, status.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
        let pending = json?["pending"] as? [[String: Any]]
        XCTAssertEqual(pending?.first?["path"] as? String, "commitments/09/progress.yaml")
        XCTAssertEqual(pending?.first?["change"] as? String, "modified")

        let commit = try carnet("commit", "-m", "Avancement 09", "-C", plan)
        XCTAssertEqual(commit.status, 0, commit.stderr)
        XCTAssertEqual(try git("log", "-1", "--format=%s|%an", in: plan), "Avancement 09|Awa Diallo\n")
        XCTAssertEqual(try git("status", "--porcelain", in: plan), "")
        XCTAssertEqual(try carnet("commit", "-C", plan).stdout, "Nothing to commit.\n")
    }

    func testInvalidHandEditIsNeverCommittedNorRewritten() throws {
        let plan = try samplePlan()
        let bad = plan + "/commitments/02/progress.yaml"
        let good = plan + "/commitments/03/progress.yaml"
        let badText = try String(contentsOfFile: bad, encoding: .utf8)
            .replacingOccurrences(of: "\"02\"\ncompletion: limited\n", with: "\"02\"\ncompletion: nearly\nmood: great\n")
        try badText.write(toFile: bad, atomically: true, encoding: .utf8)
        let goodText = try String(contentsOfFile: good, encoding: .utf8)
            .replacingOccurrences(of: "\"03\"\ncompletion: substantial\n", with: "\"03\"\ncompletion: limited\n")
        try goodText.write(toFile: good, atomically: true, encoding: .utf8)
        let before = try head(plan)

        let commit = try carnet("commit", "-C", plan)
        XCTAssertEqual(commit.status, 65, commit.stderr)
        XCTAssertTrue(commit.stderr.contains("commitments/02/progress.yaml:2:13: error: 'nearly' is not a valid completion"), commit.stderr)
        XCTAssertTrue(commit.stderr.contains("unknown key 'mood'"), commit.stderr)
        // The valid file was committed; the invalid one is exactly as typed, still pending.
        XCTAssertNotEqual(try head(plan), before)
        XCTAssertEqual(try git("show", "--name-only", "--format=", "HEAD", in: plan), "commitments/03/progress.yaml\n")
        XCTAssertEqual(try String(contentsOfFile: bad, encoding: .utf8), badText)
        XCTAssertEqual(try git("status", "--porcelain", in: plan), " M commitments/02/progress.yaml\n")
        // An edit command on the invalid file refuses too, and leaves it alone.
        let edit = try carnet("milestone", "set", "02", "m1", "--completion", "complete", "-C", plan)
        XCTAssertEqual(edit.status, 65, edit.stderr)
        XCTAssertEqual(try String(contentsOfFile: bad, encoding: .utf8), badText)
    }

    func testValidatePrintsCompilerStyleDiagnosticsAndExits65() throws {
        let plan = try samplePlan()
        try "commitment: \"04\"\ncompletion: complete\nmilestones:\n  - id: m1\n    completion: complete\n    actual_end: 2017-02-30\n"
            .write(toFile: plan + "/commitments/04/progress.yaml", atomically: true, encoding: .utf8)
        let result = try carnet("validate", in: plan)
        XCTAssertEqual(result.status, 65)
        XCTAssertTrue(result.stdout.contains("commitments/04/progress.yaml:6:17: error: '2017-02-30' is not a real date for 'actual_end'"), result.stdout)
        let one = try carnet("validate", "commitments/04/progress.yaml", in: plan)
        XCTAssertEqual(one.status, 65)
        XCTAssertFalse(one.stdout.contains("commitments/05"), one.stdout)
        let json = try carnet("validate", "--json", in: plan)
        let items = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        XCTAssertTrue(items?.contains { $0["line"] as? Int == 6 && $0["severity"] as? String == "error" } ?? false)
        XCTAssertEqual(try carnet("validate", "nowhere.yaml", in: plan).status, 66)
    }

    func testFormatRewritesOnlyValidRecords() throws {
        let plan = try samplePlan()
        try "commitment: '01'\ncompletion:   substantial\n".write(toFile: plan + "/commitments/01/progress.yaml", atomically: true, encoding: .utf8)
        try "commitment: \"02\"\ncompletion: nope\n".write(toFile: plan + "/commitments/02/progress.yaml", atomically: true, encoding: .utf8)
        XCTAssertEqual(try carnet("format", "--check", plan).status, 1)
        XCTAssertEqual(try carnet("format", plan).status, 0)
        XCTAssertEqual(try String(contentsOfFile: plan + "/commitments/01/progress.yaml", encoding: .utf8),
                       "commitment: \"01\"\ncompletion: substantial\n")
        XCTAssertEqual(try String(contentsOfFile: plan + "/commitments/02/progress.yaml", encoding: .utf8),
                       "commitment: \"02\"\ncompletion: nope\n")
    }
}
