import Foundation
import TestSupport
import XCTest

/// `carnet commitment define` and `carnet milestone define`: the web app's definition engine from
/// a terminal, in any of the plan's languages; one commit or nothing, with git as the oracle.
final class DefineCommandTests: CLITestCase {
    func testACommitmentsTitleIsDefinedInEnglishBesideTheFrench() throws {
        let plan = try samplePlan()
        let result = try carnet("commitment", "define", "1", "--title", "Open citizens' budget", "--code", "VAL-01", "--lang", "en", in: plan)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try git("log", "-1", "--format=%s", in: plan), "Commitment 01 definition: title; code\n")
        XCTAssertEqual(try git("diff", "--name-only", "HEAD~1", "HEAD", in: plan), "commitments/01/commitment.yaml\n")
        XCTAssertEqual(try git("status", "--porcelain", in: plan), "")
        let yaml = try git("show", "HEAD:commitments/01/commitment.yaml", in: plan)
        XCTAssertTrue(yaml.contains("en: \"Open citizens' budget\""), yaml)
        XCTAssertTrue(yaml.contains("fr: \"Budget citoyen et données budgétaires ouvertes\""), yaml)
        XCTAssertTrue(yaml.contains("code: \"VAL-01\""), yaml)
        XCTAssertEqual(try carnet("validate", in: plan).status, 0)
        // The same values again: nothing to commit.
        let again = try carnet("commitment", "define", "1", "--title", "Open citizens' budget", "--lang", "en", in: plan)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(try git("rev-list", "--count", "HEAD", in: plan), "2\n")
    }

    func testAMilestonesActivityAndEndAreDefined() throws {
        let plan = try samplePlan()
        let result = try carnet("milestone", "define", "01", "M2", "--activity", "Publier chaque mois les données d'exécution.",
                                "--end", "2026-12", in: plan)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try git("log", "-1", "--format=%s", in: plan), "Commitment 01 definition: milestone m2 activity; milestone m2 end 2026-12\n")
        let diff = try git("diff", "-U0", "HEAD~1", "HEAD", in: plan)
        XCTAssertTrue(diff.contains("+      fr: \"Publier chaque mois les données d'exécution.\""), diff)
        XCTAssertTrue(diff.contains("+    end: 2026-12"), diff)
    }

    func testARefusedDefinitionWritesNothingAndSaysWhichField() throws {
        let plan = try samplePlan()
        let head = try git("rev-parse", "HEAD", in: plan)
        let yaml = try String(contentsOfFile: plan + "/commitments/01/commitment.yaml", encoding: .utf8)
        let unknown = try carnet("commitment", "define", "01", "--lead-agency", "nobody-at-all", in: plan)
        XCTAssertEqual(unknown.status, 65, unknown.stderr)
        XCTAssertTrue(unknown.stderr.contains("lead_agency: "), unknown.stderr)
        XCTAssertTrue(unknown.stderr.contains("nobody-at-all"), unknown.stderr)
        let milestone = try carnet("milestone", "define", "01", "m9", "--activity", "Rien", in: plan)
        XCTAssertEqual(milestone.status, 64, milestone.stderr)
        XCTAssertTrue(milestone.stderr.contains("m9"), milestone.stderr)
        let date = try carnet("commitment", "define", "01", "--end", "bientôt", in: plan)
        XCTAssertEqual(date.status, 64, date.stderr)
        XCTAssertTrue(date.stderr.contains("--end"), date.stderr)
        XCTAssertEqual(try carnet("commitment", "define", "01", in: plan).status, 64, "nothing to change")
        XCTAssertEqual(try git("rev-parse", "HEAD", in: plan), head, "nothing committed")
        XCTAssertEqual(try git("status", "--porcelain", in: plan), "", "nothing written")
        XCTAssertEqual(try String(contentsOfFile: plan + "/commitments/01/commitment.yaml", encoding: .utf8), yaml)
    }
}
