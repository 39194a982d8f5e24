import Foundation
import TestSupport
import XCTest

/// The edit commands take a commitment by its number and a milestone in any case, and refuse
/// what they cannot settle with a message saying what, where, and what to write instead.
final class PeopleInputCommandTests: CLITestCase {
    func testCommitmentByNumberAndMilestoneInCapitals() throws {
        let plan = try samplePlan()
        let result = try carnet("milestone", "set", "5", "M3", "--completion", "complete", in: plan)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try git("log", "-1", "--format=%s", in: plan),
                       "Commitment 05, milestone m3: completion substantial → complete\n")
        let progress = try String(contentsOfFile: plan + "/commitments/05/progress.yaml", encoding: .utf8)
        XCTAssertFalse(progress.contains("M3"), progress)

        let evidence = try carnet("evidence", "add", "5", "--url", "https://example.org/r", "--milestone", "M1", in: plan)
        XCTAssertEqual(evidence.status, 0, evidence.stderr)
        let after = try String(contentsOfFile: plan + "/commitments/05/progress.yaml", encoding: .utf8)
        XCTAssertTrue(after.contains("milestone: m1"), after)
        XCTAssertTrue(after.contains("- id: e5\n"), after)
        let removed = try carnet("evidence", "remove", "5", "E5", in: plan)
        XCTAssertEqual(removed.status, 0, removed.stderr)
        XCTAssertFalse(try String(contentsOfFile: plan + "/commitments/05/progress.yaml", encoding: .utf8).contains("- id: e5\n"))
    }

    func testLevelsAndDatesAsPeopleWriteThemAreStoredCanonically() throws {
        let plan = try samplePlan()
        let french = ["CARNET_LANG": "", "LANG": "fr_FR.UTF-8"]
        let set = try carnetWith(french, ["milestone", "set", "5", "M3", "--completion", "complété", "--actual-end", "30/11/2026"],
                                 in: plan)
        XCTAssertEqual(set.status, 0, set.stderr)
        let english = try carnet("commitment", "set", " 5 ", "--completion", "Not Started", in: plan)
        XCTAssertEqual(english.status, 0, english.stderr)
        let unaccented = try carnetWith(french, ["milestone", "set", "5", "m4", "--completion", "termine", "--actual-end", "Nov 2026"],
                                        in: plan)
        XCTAssertEqual(unaccented.status, 0, unaccented.stderr)
        let progress = try String(contentsOfFile: plan + "/commitments/05/progress.yaml", encoding: .utf8)
        XCTAssertTrue(progress.hasPrefix("commitment: \"05\"\ncompletion: not-started\n"), progress)
        XCTAssertTrue(progress.contains("  - id: m3\n    completion: complete\n"), progress)
        XCTAssertTrue(progress.contains("actual_end: 2026-11-30"), progress)
        XCTAssertTrue(progress.contains("actual_end: 2026-11\n"), progress)

        // A day that could be two is refused with both readings, never guessed; nothing is written.
        let before = try head(plan)
        let ambiguous = try carnet("milestone", "set", "5", "m1", "--actual-end", "03/04/2026", in: plan)
        XCTAssertEqual(ambiguous.status, 64, ambiguous.stderr)
        XCTAssertTrue(ambiguous.stderr.contains("--actual-end: '03/04/2026' could be 4 March 2026 or 3 April 2026"), ambiguous.stderr)
        XCTAssertEqual(try head(plan), before)
    }

    func testANumberTwoFoldersAnswerToIsRefusedNamingBoth() throws {
        let plan = try samplePlan()
        try FileManager.default.createDirectory(atPath: plan + "/commitments/005", withIntermediateDirectories: true)
        let before = try head(plan)
        let result = try carnet("milestone", "set", "5", "m3", "--completion", "complete", in: plan)
        XCTAssertEqual(result.status, 64, result.stderr)
        XCTAssertTrue(result.stderr.contains("'5' could be more than one commitment (005, 05)"), result.stderr)
        XCTAssertEqual(try head(plan), before)
        // The folder's own name is never ambiguous.
        XCTAssertEqual(try carnet("milestone", "set", "05", "m3", "--completion", "complete", in: plan).status, 0)
    }

    func testAMistakeInFrenchSaysWhatWhereAndWhatToDo() throws {
        let plan = try samplePlan()
        let before = try head(plan)
        let french = ["CARNET_LANG": "", "LANG": "fr_FR.UTF-8"]
        let level = try carnetWith(french, ["milestone", "set", "5", "m3", "--completion", "presque"], in: plan)
        XCTAssertEqual(level.status, 64, level.stderr)
        XCTAssertTrue(level.stderr.contains("--completion"), level.stderr)
        XCTAssertTrue(level.stderr.contains("presque"), level.stderr)
        // What to write instead: the levels, in either spelling (Records' parser names them in French).
        XCTAssertTrue(level.stderr.contains("substanti"), level.stderr)
        let date = try carnetWith(french, ["milestone", "set", "5", "m3", "--actual-end", "bientôt"], in: plan)
        XCTAssertEqual(date.status, 64, date.stderr)
        XCTAssertTrue(date.stderr.contains("--actual-end"), date.stderr)
        XCTAssertTrue(date.stderr.contains("n'est pas une date"), date.stderr)
        let nothing = try carnetWith(french, ["commitment", "set", "5"], in: plan)
        XCTAssertEqual(nothing.status, 64, nothing.stderr)
        XCTAssertTrue(nothing.stderr.contains("rien à modifier"), nothing.stderr)
        for result in [level, date, nothing] {
            for english in [" is not ", " give ", " the "] {
                XCTAssertFalse(result.stderr.replacingOccurrences(of: "USAGE", with: "").contains(english), result.stderr)
            }
        }
        XCTAssertEqual(try head(plan), before)
    }

    func testAReportsDayGoesThroughTheSameParsing() throws {
        let plan = try samplePlan()
        let bad = try carnet("report", "dashboard", "--out", work.path + "/site", "--as-of", "someday", in: plan)
        XCTAssertEqual(bad.status, 64, bad.stderr)
        XCTAssertTrue(bad.stderr.contains("--as-of: 'someday' is not a date"), bad.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: work.path + "/site"))
        let good = try carnet("report", "self-assessment", "--term", "mid", "--out", work.path + "/draft.md",
                              "--as-of", "2026-12", in: plan)
        XCTAssertEqual(good.status, 0, good.stderr)
        let noFormat = try carnet("report", "self-assessment", "--term", "mid", "--out", work.path + "/draft.txt", in: plan)
        XCTAssertEqual(noFormat.status, 64, noFormat.stderr)
        XCTAssertTrue(noFormat.stderr.contains("give --format md, html or docx"), noFormat.stderr)
        XCTAssertFalse(noFormat.stderr.contains("<subcommand>"), noFormat.stderr)
    }

    func testWritingCommandsSpeakFrench() throws {
        let french = ["CARNET_LANG": "", "LANG": "fr_FR.UTF-8"]
        let created = try carnetWith(french, ["plan", "init", "plan", "--sample", "--name", "Awa Diallo", "--email", "awa@terres.example"])
        XCTAssertEqual(created.status, 0, created.stderr)
        XCTAssertTrue(created.stdout.hasPrefix("Plan créé dans "), created.stdout)
        let plan = work.path + "/plan"

        let progress = plan + "/commitments/02/progress.yaml"
        let text = try String(contentsOfFile: progress, encoding: .utf8)
        try text.replacingOccurrences(of: "completion: limited", with: "completion: presque")
            .write(toFile: progress, atomically: true, encoding: .utf8)
        let commit = try carnetWith(french, ["commit"], in: plan)
        XCTAssertEqual(commit.status, 65, commit.stderr)
        XCTAssertTrue(commit.stderr.contains("commitments/02/progress.yaml n'est pas valide et n'a pas été enregistré"), commit.stderr)
        XCTAssertTrue(commit.stderr.contains("relancez carnet commit"), commit.stderr)

        let edit = try carnetWith(french, ["milestone", "set", "5", "M3", "--completion", "complete"], in: plan)
        XCTAssertEqual(edit.status, 0, edit.stderr)
        let commit8 = String(try head(plan).prefix(8))
        XCTAssertEqual(edit.stdout, "Enregistré dans le commit \(commit8)\u{00A0}: Commitment 05, milestone m3: completion substantial → complete\n")
        let again = try carnetWith(french, ["milestone", "set", "5", "M3", "--completion", "complete"], in: plan)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stdout.hasPrefix("Rien n'a changé"), again.stdout)
        XCTAssertEqual(String(try head(plan).prefix(8)), commit8)

        let whoami = try carnetWith(french, ["whoami", "--name", "Awa"], in: plan)
        XCTAssertEqual(whoami.status, 64, whoami.stderr)
        XCTAssertTrue(whoami.stderr.contains("indiquez à la fois --name et --email"), whoami.stderr)
        let evidence = try carnetWith(french, ["evidence", "add", "5"], in: plan)
        XCTAssertEqual(evidence.status, 64, evidence.stderr)
        XCTAssertTrue(evidence.stderr.contains("indiquez soit un FICHIER, soit --url ADRESSE"), evidence.stderr)
    }

    /// carnet with environment additions (e.g. a French locale).
    func carnetWith(_ environment: [String: String], _ arguments: [String], in directory: String? = nil) throws -> ShellResult {
        var env = ["HOME": home.path, "XDG_CONFIG_HOME": home.path, "GIT_CONFIG_NOSYSTEM": "1",
                   "CARNET_SAMPLES": RepositoryPaths.root().appendingPathComponent("Samples").path,
                   "CARNET_TODAY": "2026-11-27"]
        for (k, v) in environment { env[k] = v }
        return try Shell.run([RepositoryPaths.carnetBinary] + arguments, in: directory ?? work.path, environment: env)
    }
}
