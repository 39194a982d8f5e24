import Foundation
import TestSupport
import XCTest

/// Editing commands end to end: each is one commit, with git as the oracle.
final class EditingTests: CLITestCase {
    func testPlanInitFromSampleIsOneValidCommit() throws {
        let plan = try samplePlan()
        XCTAssertEqual(try git("log", "--format=%an <%ae>|%s", in: plan),
                       "Awa Diallo <awa@terres.example>|Plan created from the sample valdoria\n")
        XCTAssertEqual(try Shell.git(["fsck", "--full", "--strict"], in: plan).status, 0)
        XCTAssertEqual(try git("status", "--porcelain", in: plan), "")
        let validate = try carnet("validate", in: plan)
        XCTAssertEqual(validate.status, 0, validate.stdout + validate.stderr)
        XCTAssertTrue(validate.stderr.contains("0 errors"), validate.stderr)
    }

    func testPlanInitRefusesANonEmptyFolderAndNeedsAnAuthor() throws {
        try work.write("taken/file.txt", "x")
        XCTAssertEqual(try carnet("plan", "init", "taken", "--sample", "--name", "A", "--email", "a@b.example").status, 73)
        let noAuthor = try carnet("plan", "init", "anonymous", "--sample")
        XCTAssertEqual(noAuthor.status, 78, noAuthor.stderr)
        XCTAssertTrue(noAuthor.stderr.contains("carnet whoami"), noAuthor.stderr)
    }

    func testMilestoneSetIsOneCommitChangingOnlyItsLines() throws {
        let plan = try samplePlan()
        let result = try carnet("milestone", "set", "05", "m4", "--completion", "substantial", in: plan)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try git("log", "-1", "--format=%s", in: plan),
                       "Commitment 05, milestone m4: completion limited → substantial\n")
        let numstat = try git("diff", "--numstat", "HEAD~1", "HEAD", in: plan)
        XCTAssertEqual(numstat, "1\t1\tcommitments/05/progress.yaml\n")
        let diff = try git("diff", "-U0", "HEAD~1", "HEAD", in: plan)
        XCTAssertTrue(diff.contains("-    completion: limited\n+    completion: substantial\n"), diff)
        XCTAssertEqual(try git("status", "--porcelain", in: plan), "")
    }

    func testMilestoneSetWithDatesNoteAndTranslation() throws {
        let plan = try samplePlan()
        let result = try carnet("milestone", "set", "07", "m1", "--completion", "limited", "--actual-start", "2026-11-02",
                                "--note", "Formulaire en test", "-C", plan)
        XCTAssertEqual(result.status, 0, result.stderr)
        let english = try carnet("milestone", "set", "07", "m1", "--note", "Form being tested", "--lang", "en", "-C", plan)
        XCTAssertEqual(english.status, 0, english.stderr)
        let progress = try String(contentsOfFile: plan + "/commitments/07/progress.yaml", encoding: .utf8)
        XCTAssertTrue(progress.contains("actual_start: 2026-11-02"), progress)
        XCTAssertTrue(progress.contains("fr: \"Formulaire en test\"\n      en: \"Form being tested\""), progress)
        XCTAssertEqual(try git("rev-list", "--count", "HEAD", in: plan), "3\n")
    }

    func testRefusedEditsWriteNothing() throws {
        let plan = try samplePlan()
        let before = try head(plan)
        let original = try Data(contentsOf: URL(fileURLWithPath: plan + "/commitments/05/progress.yaml"))

        let badLevel = try carnet("milestone", "set", "05", "m1", "--completion", "almost", "-C", plan)
        XCTAssertEqual(badLevel.status, 64, badLevel.stderr)
        let noSuchMilestone = try carnet("milestone", "set", "05", "m9", "--completion", "complete", "-C", plan)
        XCTAssertEqual(noSuchMilestone.status, 64)
        XCTAssertTrue(noSuchMilestone.stderr.contains("m1, m2, m3, m4"), noSuchMilestone.stderr)
        let noSuchCommitment = try carnet("commitment", "set", "99", "--completion", "complete", "-C", plan)
        XCTAssertEqual(noSuchCommitment.status, 64)
        let impossibleDate = try carnet("milestone", "set", "05", "m1", "--actual-end", "2026-02-30", "-C", plan)
        XCTAssertEqual(impossibleDate.status, 64, impossibleDate.stderr)
        // Valid arguments, invalid record: ends before it starts.
        let backwards = try carnet("milestone", "set", "05", "m4", "--actual-end", "2025-01-01", "-C", plan)
        XCTAssertEqual(backwards.status, 65, backwards.stderr)
        XCTAssertTrue(backwards.stderr.contains("commitments/05/progress.yaml:"), backwards.stderr)
        XCTAssertTrue(backwards.stderr.contains("nothing was written"), backwards.stderr)

        XCTAssertEqual(try head(plan), before)
        XCTAssertEqual(try git("status", "--porcelain", in: plan), "")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: plan + "/commitments/05/progress.yaml")), original)
    }

    func testCommitmentSet() throws {
        let plan = try samplePlan()
        let result = try carnet("commitment", "set", "08", "--completion", "limited", "--results", "Premier lot publié",
                                "--next-step", "Publier le second lot", "-C", plan)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try git("log", "-1", "--format=%s", in: plan),
                       "Commitment 08: completion not-started → limited; results; next steps\n")
        XCTAssertEqual(try carnet("validate", plan).status, 0)
    }

    func testEvidenceAddCopiesTheDocumentAndCommitsBoth() throws {
        let plan = try samplePlan()
        try work.write("Procès verbal.pdf", "%PDF-1.4 minutes")
        let result = try carnet("evidence", "add", "05", work.path + "/Procès verbal.pdf", "--milestone", "m2",
                                "--title", "PV de la réunion", "-C", plan)
        XCTAssertEqual(result.status, 0, result.stderr)
        let files = try git("-c", "core.quotepath=false", "show", "--name-only", "--format=", "HEAD", in: plan)
        XCTAssertEqual(files, "commitments/05/evidence/Procès-verbal.pdf\ncommitments/05/progress.yaml\n")
        let url = try carnet("evidence", "add", "05", "--url", "https://example.org/report", "-C", plan)
        XCTAssertEqual(url.status, 0, url.stderr)
        let notURL = try carnet("evidence", "add", "05", "--url", "ftp://x", "-C", plan)
        XCTAssertEqual(notURL.status, 64)
        let badMilestone = try carnet("evidence", "add", "05", work.path + "/Procès verbal.pdf", "--milestone", "m9", "-C", plan)
        XCTAssertEqual(badMilestone.status, 64)
        // The refused edit took its copy back out.
        XCTAssertEqual(try git("status", "--porcelain", "--untracked-files=all", in: plan), "")
        XCTAssertEqual(try carnet("validate", plan).status, 0)
    }

    func testLogJSONFromHistory() throws {
        let plan = try samplePlan()
        try carnet("milestone", "set", "05", "m4", "--completion", "substantial", "-C", plan)
        try carnet("milestone", "set", "01", "m4", "--completion", "complete", "-C", plan)
        let log = try carnet("log", "05", "--json", "-C", plan)
        XCTAssertEqual(log.status, 0, log.stderr)
        let entries = try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as? [[String: Any]]
        XCTAssertEqual(entries?.count, 2)
        XCTAssertEqual(entries?.first?["author"] as? String, "Awa Diallo")
        XCTAssertEqual(entries?.first?["files"] as? [String], ["commitments/05/progress.yaml"])
        XCTAssertEqual(try carnet("log", "42", "-C", plan).status, 64)
    }

    func testNotAPlan() throws {
        let result = try carnet("status", "-C", work.path)
        XCTAssertEqual(result.status, 66, result.stderr)
        XCTAssertFalse(result.stderr.contains("Fatal"), result.stderr)
    }
}
