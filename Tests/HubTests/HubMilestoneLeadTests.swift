import Foundation
import LocalSSH
import TestSupport
import XCTest

/// Issue 14, item 1: a lead per milestone, over a real sshd, pushes by the git CLI judged by the
/// hub's verify. Commitment 02 is led by min-justice; the point of contact makes autorite-terres
/// the lead of its milestone m2. autorite-terres may then write m2's progress and evidence, and
/// nothing else of 02; min-justice still writes all of 02.
final class HubMilestoneLeadTests: XCTestCase {
    private var fixture: HubFixture!
    private var ssh: SSHHub!

    override func setUpWithError() throws {
        fixture = try HubFixture()
        ssh = try SSHHub(fixture)
        // The point of contact gives m2 of commitment 02 its own lead, and pushes it.
        let poc = try ssh.clone(fixture.poc)
        let file = poc + "/commitments/02/commitment.yaml"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try text.replacingOccurrences(of: "  - id: m2\n", with: "  - id: m2\n    lead_agency: autorite-terres\n")
            .write(toFile: file, atomically: true, encoding: .utf8)
        try fixture.must(fixture.git(["commit", "-q", "-a", "-m", "m2 of 02 led by autorite-terres"], in: poc, as: fixture.poc))
        try fixture.must(ssh.push(poc, fixture.poc))
    }

    override func tearDown() {
        ssh = nil
        fixture = nil
    }

    func testAMilestoneLeadWritesItsMilestoneOnly() throws {
        let terres = try ssh.clone(fixture.terres)

        // Its milestone's progress: accepted, and the hub holds it.
        try fixture.must(fixture.carnetRun(["milestone", "set", "02", "m2", "--completion", "limited", "--note", "Serveurs livrés"], in: terres))
        try fixture.must(ssh.push(terres, fixture.terres))
        XCTAssertEqual(try fixture.hubMain(), try fixture.head(of: terres))
        let hubProgress = try Shell.git(["show", "main:commitments/02/progress.yaml"], in: fixture.hub).stdout
        XCTAssertTrue(hubProgress.contains("Serveurs livrés"), hubProgress)

        // Evidence of its milestone, with its document: accepted.
        let scan = fixture.dir.path + "/recette-registre.txt"
        try "Procès-verbal de recette du registre".write(toFile: scan, atomically: true, encoding: .utf8)
        try fixture.must(fixture.carnetRun(["evidence", "add", "02", scan, "--milestone", "m2", "--title", "Recette"], in: terres))
        try fixture.must(ssh.push(terres, fixture.terres))
        XCTAssertEqual(try fixture.hubMain(), try fixture.head(of: terres))

        // Another milestone of the same commitment: refused, naming the part and the lead.
        try fixture.must(fixture.carnetRun(["milestone", "set", "02", "m1", "--note", "pas à nous"], in: terres))
        try ssh.assertRefused(terres, fixture.terres, ["commitments/02/progress.yaml", "autorite-terres leads milestones m2 of commitment 02",
                                                   "'milestones.m1' is written by the lead agency (min-justice)"])

        // The commitment-level fields: refused.
        try fixture.must(fixture.carnetRun(["commitment", "set", "02", "--results", "Tout va bien"], in: terres))
        try ssh.assertRefused(terres, fixture.terres, ["'results' is written by the lead agency (min-justice)"])

        // Evidence of another milestone: refused (the entry, and its document).
        let other = fixture.dir.path + "/decret.txt"
        try "Décret".write(toFile: other, atomically: true, encoding: .utf8)
        try fixture.must(fixture.carnetRun(["evidence", "add", "02", other, "--milestone", "m1", "--title", "Décret"], in: terres))
        try ssh.assertRefused(terres, fixture.terres, ["commitments/02/evidence/decret.txt", "commitments/02/progress.yaml"])

        // A commitment it has no milestone in: the commitment rule, as before.
        try fixture.must(fixture.carnetRun(["milestone", "set", "01", "m1", "--note", "non"], in: terres))
        try ssh.assertRefused(terres, fixture.terres, ["only the lead ministry of commitment 01"])

        // The commitment's lead still writes every part, the milestone led by another included.
        let justice = try ssh.clone(fixture.justice)
        try fixture.must(fixture.carnetRun(["commitment", "set", "02", "--results", "Registre en recette"], in: justice))
        try fixture.must(fixture.carnetRun(["milestone", "set", "02", "m2", "--note", "Vu par la Justice"], in: justice))
        try fixture.must(ssh.push(justice, fixture.justice))
        XCTAssertEqual(try fixture.hubMain(), try fixture.head(of: justice))
    }

    /// Two agencies write the same progress file the same day: each its own part, then the one
    /// behind merges (git's merge, field by field through Carnet's merge driver or not) and pushes.
    func testTwoLeadsOfOneCommitmentMergeAndBothLand() throws {
        let terres = try ssh.clone(fixture.terres)
        let justice = try ssh.clone(fixture.justice)
        try fixture.must(fixture.carnetRun(["milestone", "set", "02", "m1", "--note", "Décret signé"], in: justice))
        try fixture.must(ssh.push(justice, fixture.justice))
        try fixture.must(fixture.carnetRun(["milestone", "set", "02", "m2", "--note", "Serveurs livrés"], in: terres))
        XCTAssertNotEqual(try ssh.push(terres, fixture.terres).status, 0, "behind the hub")
        try ssh.pull(terres, fixture.terres)
        try fixture.must(ssh.push(terres, fixture.terres))
        let hubProgress = try Shell.git(["show", "main:commitments/02/progress.yaml"], in: fixture.hub).stdout
        XCTAssertTrue(hubProgress.contains("Décret signé") && hubProgress.contains("Serveurs livrés"), hubProgress)
    }

    /// A ministry cannot make itself a milestone's lead: commitment.yaml is the point of contact's,
    /// and so is a commitment's `draft` flag.
    func testOnlyThePointOfContactNamesMilestoneLeadsAndDrafts() throws {
        let terres = try ssh.clone(fixture.terres)
        try fixture.edit(terres + "/commitments/02/commitment.yaml", replacing: "  - id: m1\n", with: "  - id: m1\n    lead_agency: autorite-terres\n")
        try fixture.must(fixture.git(["commit", "-q", "-a", "-m", "m1 is ours"], in: terres, as: fixture.terres))
        try ssh.assertRefused(terres, fixture.terres, ["commitments/02/commitment.yaml", "commitment definitions are written by the point of contact"])
        try fixture.edit(terres + "/commitments/05/commitment.yaml", replacing: "lead_agency: autorite-terres\n", with: "lead_agency: autorite-terres\ndraft: true\n")
        try fixture.must(fixture.git(["commit", "-q", "-a", "-m", "05 is a draft"], in: terres, as: fixture.terres))
        try ssh.assertRefused(terres, fixture.terres, ["commitments/05/commitment.yaml", "commitment definitions are written by the point of contact"])
    }
}
