import Foundation
import TestSupport
import XCTest

/// Issue 14 at the command line, on the second sample (Samples/northmere): official codes are
/// taken wherever a commitment or milestone id is, a draft's gaps survive `carnet format`, and a
/// milestone's lead is refused locally (guardrails) what the hub would refuse.
final class PlanShapesCLITests: CLITestCase {
    private func northmere() throws -> String {
        let plan = work.path + "/northmere"
        try FileManager.default.copyItem(atPath: RepositoryPaths.root().appendingPathComponent("Samples/northmere").path, toPath: plan)
        _ = try git("init", "-q", "-b", "main", in: plan)
        _ = try git("-c", "user.name=Ingrid", "-c", "user.email=ingrid@cabinet.northmere.example", "add", "-A", in: plan)
        _ = try git("-c", "user.name=Ingrid", "-c", "user.email=ingrid@cabinet.northmere.example", "commit", "-q", "-m", "Northmere", in: plan)
        let whoami = try carnet("whoami", "--name", "Ingrid", "--email", "ingrid@cabinet.northmere.example", in: plan)
        XCTAssertEqual(whoami.status, 0, whoami.stderr)
        return plan
    }

    func testOfficialCodesAreTakenWhereIdsAre() throws {
        let plan = try northmere()
        let set = try carnet("milestone", "set", "nm0402", "NM0401.2", "--note", "x", in: plan)
        XCTAssertNotEqual(set.status, 0, "NM0401.2 is a milestone of 01, not of 02")
        let ok = try carnet("milestone", "set", "nm0401", "nm0401.2", "--completion", "substantial", in: plan)
        XCTAssertEqual(ok.status, 0, ok.stderr)
        XCTAssertEqual(try git("log", "-1", "--format=%s", in: plan), "Commitment 01, milestone m2: completion limited → substantial\n")
        let show = try carnet("show", "NM0402", in: plan)
        XCTAssertEqual(show.status, 0, show.stderr)
        XCTAssertTrue(show.stdout.contains("NM0402 — A public register of lobbying meetings"), show.stdout)
        XCTAssertTrue(show.stdout.contains("led by digital-service"), show.stdout)
        let draft = try carnet("show", "NM0403", in: plan)
        XCTAssertTrue(draft.stdout.contains("(draft)") && draft.stdout.contains("Draft, to complete: start, end"), draft.stdout)
        let unknown = try carnet("show", "NM9999", in: plan)
        XCTAssertNotEqual(unknown.status, 0)
    }

    func testADraftsGapsStayGapsThroughFormatAndEdits() throws {
        let plan = try northmere()
        let before = try String(contentsOfFile: plan + "/commitments/03/commitment.yaml", encoding: .utf8)
        let format = try carnet("format", in: plan)
        XCTAssertEqual(format.status, 0, format.stderr)
        let after = try String(contentsOfFile: plan + "/commitments/03/commitment.yaml", encoding: .utf8)
        XCTAssertTrue(after.contains("draft: true"), after)
        XCTAssertFalse(after.contains("contact:"), "a borrowed contact was written:\n\(after)")
        XCTAssertEqual(after.components(separatedBy: "start:").count, before.components(separatedBy: "start:").count, after)
        // A progress edit on the draft works; validate lists the gaps "to complete", in French too.
        let edit = try carnet("milestone", "set", "03", "m1", "--completion", "limited", in: plan)
        XCTAssertEqual(edit.status, 0, edit.stderr)
        let validate = try carnet("validate", in: plan)
        XCTAssertEqual(validate.status, 0, validate.stderr)
        let french = try Shell.run([RepositoryPaths.carnetBinary, "validate"], in: plan,
                                   environment: ["CARNET_LANG": "", "LANG": "fr_FR.UTF-8", "HOME": home.path])
        // (The catalogue writes a no-break space before ':' and inside « ».)
        let said = (french.stdout + french.stderr).replacingOccurrences(of: "\u{202F}", with: " ").replacingOccurrences(of: "\u{A0}", with: " ")
        XCTAssertTrue(said.contains("à compléter : l'engagement en projet 03 n'a pas encore de « start »"), said)
    }

    /// A copy cloned for a ministry refuses before writing what its hub would refuse: here the
    /// Government Digital Service leads milestone m2 of 02 only.
    func testGuardrailsFollowMilestoneLeads() throws {
        let plan = try northmere()
        _ = try git("config", "carnet.role", "ministry", in: plan)
        _ = try git("config", "carnet.ministry", "digital-service", in: plan)
        let own = try carnet("milestone", "set", "02", "m2", "--completion", "limited", "--note", "Prototype online", in: plan)
        XCTAssertEqual(own.status, 0, own.stderr)
        let progress = try String(contentsOfFile: plan + "/commitments/02/progress.yaml", encoding: .utf8)
        XCTAssertTrue(progress.contains("Prototype online"), progress)
        let head = try head(plan)
        let other = try carnet("milestone", "set", "02", "m1", "--note", "not ours", in: plan)
        XCTAssertNotEqual(other.status, 0)
        XCTAssertTrue(other.stderr.contains("digital-service leads milestones m2 of commitment 02"), other.stderr)
        let level = try carnet("commitment", "set", "02", "--completion", "substantial", in: plan)
        XCTAssertNotEqual(level.status, 0)
        XCTAssertTrue(level.stderr.contains("'completion' is written by the lead agency (cabinet-office)"), level.stderr)
        XCTAssertEqual(try self.head(plan), head, "nothing committed")
        XCTAssertEqual(try git("status", "--porcelain", in: plan), "", "nothing written")
    }

    /// `parents_write_for_units: true` (Northmere says so): the Cabinet Office may write for its
    /// unit, the Government Digital Service — here, m2 of 02 is the unit's, and 02 is the
    /// Cabinet Office's anyway, so the test uses 01's m1, led by the Treasury's unit.
    func testAParentWritesForItsUnitOnlyWhenThePlanSaysSo() throws {
        let plan = try northmere()
        _ = try git("config", "carnet.role", "ministry", in: plan)
        _ = try git("config", "carnet.ministry", "treasury", in: plan)
        // The Treasury leads 01 itself; make procurement-office lead 02's m3 for this test.
        let file = plan + "/commitments/02/commitment.yaml"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try text.replacingOccurrences(of: "  - id: m3\n", with: "  - id: m3\n    lead_agency: procurement-office\n")
            .write(toFile: file, atomically: true, encoding: .utf8)
        _ = try git("-c", "user.name=Ingrid", "-c", "user.email=ingrid@cabinet.northmere.example", "commit", "-q", "-a", "-m", "m3", in: plan)
        let parent = try carnet("milestone", "set", "02", "m3", "--note", "For our procurement office", in: plan)
        XCTAssertEqual(parent.status, 0, parent.stderr)
        let planFile = plan + "/plan.yaml"
        try (try String(contentsOfFile: planFile, encoding: .utf8)).replacingOccurrences(of: "parents_write_for_units: true\n", with: "")
            .write(toFile: planFile, atomically: true, encoding: .utf8)
        _ = try git("-c", "user.name=Ingrid", "-c", "user.email=ingrid@cabinet.northmere.example", "commit", "-q", "-a", "-m", "no", in: plan)
        let refused = try carnet("milestone", "set", "02", "m3", "--note", "Again", in: plan)
        XCTAssertNotEqual(refused.status, 0, "without the plan's word, a parent does not write for its unit")
        XCTAssertTrue(refused.stderr.contains("only the lead ministry of commitment 02"), refused.stderr)
    }
}
