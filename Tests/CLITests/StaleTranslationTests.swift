import Foundation
import TestSupport
import XCTest

/// A translation left behind when the first-language text changed is marked stale, end to end:
/// a hand edit of the French, committed, marks the English (validate warns, the dashboard says
/// "translation to review"); a hand edit of the English, committed, clears it.
final class StaleTranslationTests: CLITestCase {
    let path = "commitments/09/progress.yaml"

    func edit(_ plan: String, _ old: String, _ new: String) throws {
        let file = plan + "/" + path
        let text = try String(contentsOfFile: file, encoding: .utf8)
        XCTAssertTrue(text.contains(old), old)
        try text.replacingOccurrences(of: old, with: new).write(toFile: file, atomically: true, encoding: .utf8)
    }

    func dashboard(_ plan: String, _ name: String) throws -> String {
        let out = work.path + "/" + name
        let result = try carnet("report", "dashboard", "-C", plan, "--lang", "en", "--out", out, "--as-of", "2026-11-27")
        XCTAssertEqual(result.status, 0, result.stderr)
        return try String(contentsOfFile: out + "/commitment-09.html", encoding: .utf8)
    }

    func testEditingTheFirstLanguageMarksTheOthersStaleAndEditingThemClearsIt() throws {
        let plan = try samplePlan()
        XCTAssertFalse(try dashboard(plan, "before").contains("[translation to review]"))

        // The French results change; the English does not.
        try edit(plan, "412 contrats de concession ont été inventoriés", "415 contrats de concession ont été inventoriés")
        var commit = try carnet("commit", "-m", "Résultats 09", "-C", plan)
        XCTAssertEqual(commit.status, 0, commit.stderr)
        XCTAssertEqual(try git("status", "--porcelain", in: plan), "", "the fingerprint is committed with the edit")
        let committed = try String(contentsOfFile: plan + "/" + path, encoding: .utf8)
        XCTAssertTrue(committed.contains("en_from: \""), committed)

        var validate = try carnet("validate", in: plan)
        XCTAssertEqual(validate.status, 0, "a warning, never an error: " + validate.stdout + validate.stderr)
        let warning = (validate.stdout + validate.stderr).split(separator: "\n").filter { $0.contains("results.en") }
        XCTAssertEqual(warning.count, 1, validate.stdout + validate.stderr)
        XCTAssertTrue(warning.first?.contains(path) ?? false, "names the file: \(warning)")
        XCTAssertTrue(warning.first?.contains("warning") ?? false, "\(warning)")
        XCTAssertTrue(warning.first?.contains("results.fr") ?? false, "\(warning)")

        // status and show list it, in words and in --json.
        let status = try carnet("status", "-C", plan)
        XCTAssertTrue(status.stdout.contains("1 translation to review"), status.stdout)
        XCTAssertTrue(status.stdout.contains("\(path):") && status.stdout.contains("results (en)"), status.stdout)
        let statusJSON = try carnet("status", "--json", "-C", plan)
        let listed = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(statusJSON.stdout.utf8)) as? [String: Any])?["staleTranslations"] as? [[String: Any]])
        XCTAssertEqual(listed.map { $0["field"] as? String }, ["results"])
        XCTAssertEqual(listed.map { $0["language"] as? String }, ["en"])
        XCTAssertTrue(try carnet("show", "9", "-C", plan).stdout.contains("results (en)"))
        XCTAssertFalse(try carnet("show", "1", "-C", plan).stdout.contains("translation to review"))
        let french = try carnet("status", "-C", plan, "--lang", "fr")
        XCTAssertTrue(french.stdout.contains("1 traduction à revoir"), french.stdout)

        let stale = try dashboard(plan, "stale")
        XCTAssertTrue(stale.contains("412 concession contracts"), "the English is still published")
        XCTAssertEqual(stale.components(separatedBy: "[translation to review]").count - 1, 1, "only the results are marked")

        // Another edit of the French alone keeps it stale; then the English is corrected.
        try edit(plan, "415 contrats", "416 contrats")
        commit = try carnet("commit", "-C", plan)
        XCTAssertEqual(commit.status, 0, commit.stderr)
        XCTAssertTrue(try dashboard(plan, "still").contains("[translation to review]"))

        try edit(plan, "412 concession contracts", "416 concession contracts")
        commit = try carnet("commit", "-C", plan)
        XCTAssertEqual(commit.status, 0, commit.stderr)
        validate = try carnet("validate", in: plan)
        XCTAssertFalse((validate.stdout + validate.stderr).contains("results.en"), validate.stdout + validate.stderr)
        XCTAssertFalse(try carnet("status", "-C", plan).stdout.contains("to review"))
        let fresh = try dashboard(plan, "fresh")
        XCTAssertTrue(fresh.contains("416 concession contracts"))
        XCTAssertFalse(fresh.contains("[translation to review]"))
    }

    func testTheCLIStampsTheTranslationItWrites() throws {
        let plan = try samplePlan()
        try edit(plan, "412 contrats de concession", "415 contrats de concession")
        XCTAssertEqual(try carnet("commit", "-C", plan).status, 0)
        XCTAssertTrue(try dashboard(plan, "stale").contains("[translation to review]"))
        // Writing the English with the CLI clears the mark, as a hand edit does.
        let set = try carnet("commitment", "set", "09", "--results", "415 concession contracts were inventoried.", "--lang", "en", "-C", plan)
        XCTAssertEqual(set.status, 0, set.stderr)
        XCTAssertFalse(try dashboard(plan, "fresh").contains("[translation to review]"))
    }
}
