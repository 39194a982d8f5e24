import Foundation
import Git
import Hub
import TestSupport
import XCTest

/// The pre-receive rules through git's local transport: git runs receive-pack and the hook in
/// the same way as over SSH, and the pusher's identity comes from the environment, as
/// `carnet hub serve`, GitLab or Gitea set it.
final class HubVerifyTests: XCTestCase {
    private var fixture: HubFixture!

    override func setUpWithError() throws { fixture = try HubFixture() }
    override func tearDown() { fixture = nil }

    private func clone(_ name: String, as person: HubFixture.Person) throws -> String {
        let target = fixture.dir.path + "/" + name
        try fixture.must(fixture.git(["clone", "-q", fixture.hub, target], in: fixture.dir.path, as: person))
        try fixture.must(fixture.carnetRun(["whoami", "--name", person.name, "--email", person.email], in: target))
        return target
    }

    private func push(_ copy: String, as person: HubFixture.Person, _ refspec: [String] = ["main"],
                      environment: [String: String]? = nil) throws -> ShellResult {
        try fixture.git(["push", "origin"] + refspec, in: copy, as: person,
                        environment: environment ?? ["CARNET_PUSHER": fixture.identity(person)])
    }

    func testMainCannotBeRewrittenDeletedOrJoinedByOtherBranches() throws {
        let poc = try clone("wc-poc", as: fixture.poc)
        let main = try fixture.hubMain()
        try fixture.must(fixture.carnetRun(["milestone", "set", "05", "m1", "--note", "réécrit"], in: poc))
        try fixture.must(push(poc, as: fixture.poc))
        // Even the point of contact cannot rewrite history: the hook refuses before git's own check.
        try fixture.must(fixture.git(["reset", "-q", "--hard", main], in: poc, as: fixture.poc))
        try fixture.must(fixture.carnetRun(["milestone", "set", "05", "m2", "--note", "autre histoire"], in: poc))
        let forced = try push(poc, as: fixture.poc, ["+main"])
        XCTAssertNotEqual(forced.status, 0)
        let other = try push(poc, as: fixture.poc, ["HEAD:refs/heads/brouillon"])
        XCTAssertNotEqual(other.status, 0)
        XCTAssertTrue(other.stderr.contains("refs/heads/brouillon: a hub has one branch, main"), other.stderr)
        let deleted = try push(poc, as: fixture.poc, [":main"])
        XCTAssertNotEqual(deleted.status, 0)
        XCTAssertEqual(try Shell.git(["for-each-ref", "--format=%(refname)"], in: fixture.hub).stdout, "refs/heads/main\n")
    }

    func testNonFastForwardIsRefusedByTheHookItself() throws {
        // git's receive.denyNonFastForwards is a second lock; the hook must hold on its own.
        try fixture.must(Shell.git(["config", "receive.denyNonFastForwards", "false"], in: fixture.hub))
        let poc = try clone("wc-poc", as: fixture.poc)
        try fixture.must(fixture.git(["commit", "-q", "--amend", "-m", "rewritten"], in: poc, as: fixture.poc))
        let result = try push(poc, as: fixture.poc, ["+main"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("main cannot be rewritten"), result.stderr)
    }

    func testPusherMustBeKnownToThePlan() throws {
        let copy = try clone("wc", as: fixture.terres)
        try fixture.must(fixture.carnetRun(["milestone", "set", "05", "m1", "--note", "x"], in: copy))
        let none = try push(copy, as: fixture.terres, environment: [:])
        XCTAssertTrue(none.stderr.contains("no pusher identity"), none.stderr)
        let stranger = try push(copy, as: fixture.terres, environment: ["CARNET_PUSHER": fixture.identity(fixture.stranger)])
        XCTAssertTrue(stranger.stderr.contains("is not a member of this plan"), stranger.stderr)
        // The right email in the wrong ministry is not the same person on the hub.
        let wrong = try push(copy, as: fixture.terres, environment: ["CARNET_PUSHER": "min-justice:\(fixture.terres.email)"])
        XCTAssertTrue(wrong.stderr.contains("is not a member of this plan"), wrong.stderr)
        XCTAssertNotEqual(try fixture.hubMain(), try fixture.head(of: copy))
    }

    func testGitLabAndGiteaAccountsAreMappedToMembers() throws {
        let copy = try clone("wc", as: fixture.terres)
        try fixture.must(fixture.carnetRun(["milestone", "set", "05", "m1", "--note", "depuis GitLab"], in: copy))
        let unknown = try push(copy, as: fixture.terres, environment: ["GL_USERNAME": "mallory"])
        XCTAssertTrue(unknown.stderr.contains("'mallory' is not a member"), unknown.stderr)
        try fixture.must(push(copy, as: fixture.terres, environment: ["GL_USERNAME": "rosine"]))
        try fixture.must(fixture.carnetRun(["milestone", "set", "02", "m1", "--note", "depuis Gitea"], in: copy))
        let refused = try push(copy, as: fixture.terres, environment: ["GITEA_PUSHER_NAME": "rosine", "GITEA_PUSHER_EMAIL": fixture.terres.email])
        XCTAssertTrue(refused.stderr.contains("only the lead ministry of commitment 02"), refused.stderr)
        XCTAssertEqual(fixture.pushLog().last?["ministry"] as? String, "autorite-terres")
    }

    func testPointOfContactWritesEverythingButNothingInvalid() throws {
        let poc = try clone("wc-poc", as: fixture.poc)
        try fixture.must(fixture.carnetRun(["milestone", "set", "02", "m1", "--note", "pour le ministère"], in: poc))
        try fixture.edit(poc + "/commitments/02/commitment.yaml", replacing: "number: 2", with: "number: 12")
        try fixture.must(fixture.git(["commit", "-q", "-a", "-m", "Renumber 02"], in: poc, as: fixture.poc))
        try fixture.must(push(poc, as: fixture.poc))
        // An invalid record is refused, even from the point of contact.
        try fixture.edit(poc + "/commitments/05/commitment.yaml", replacing: "lead_agency: autorite-terres", with: "lead_agency: inconnue")
        try fixture.must(fixture.git(["commit", "-q", "-a", "-m", "Unknown lead"], in: poc, as: fixture.poc))
        let result = try push(poc, as: fixture.poc)
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("commitments/05/commitment.yaml"), result.stderr)
        XCTAssertTrue(result.stderr.contains("invalid record"), result.stderr)
        // Deleting a ministry breaks the commitment it leads, a file the push did not touch.
        try fixture.must(fixture.git(["reset", "-q", "--hard", "HEAD~1"], in: poc, as: fixture.poc))
        try fixture.must(fixture.git(["rm", "-q", "ministries/min-justice.yaml"], in: poc, as: fixture.poc))
        try fixture.must(fixture.git(["commit", "-q", "-m", "Remove min-justice"], in: poc, as: fixture.poc))
        let broken = try push(poc, as: fixture.poc)
        XCTAssertNotEqual(broken.status, 0)
        XCTAssertTrue(broken.stderr.contains("commitments/02/commitment.yaml"), broken.stderr)
    }

    func testVerifyReadsThePushFromQuarantine() throws {
        // A push of new objects is judged before git moves them into the hub: the hook must read
        // them from GIT_OBJECT_DIRECTORY. A verdict on the wrong objects would refuse this push.
        let copy = try clone("wc", as: fixture.terres)
        let evidence = fixture.dir.path + "/compte-rendu.txt"
        try "Compte rendu de l'atelier".write(toFile: evidence, atomically: true, encoding: .utf8)
        try fixture.must(fixture.carnetRun(["evidence", "add", "05", evidence, "--title", "Compte rendu"], in: copy))
        try fixture.must(push(copy, as: fixture.terres))
        XCTAssertEqual(try fixture.hubMain(), try fixture.head(of: copy))
    }

    func testPreviewJudgesAPushInAWorkingCopy() throws {
        let copy = try clone("wc", as: fixture.terres)
        let old = try XCTUnwrap(ObjectID(hex: try fixture.hubMain()))
        let me = HubIdentity.ministry(id: "autorite-terres", email: fixture.terres.email)
        try fixture.must(fixture.carnetRun(["milestone", "set", "05", "m1", "--note", "à nous"], in: copy))
        let good = try XCTUnwrap(ObjectID(hex: try fixture.head(of: copy)))
        XCTAssertTrue(try HubHooks.preview(repository: copy, old: old, new: good, as: me).accepted)
        try fixture.must(fixture.carnetRun(["milestone", "set", "02", "m1", "--note", "pas à nous"], in: copy))
        let bad = try XCTUnwrap(ObjectID(hex: try fixture.head(of: copy)))
        let verdict = try HubHooks.preview(repository: copy, old: old, new: bad, as: me)
        XCTAssertEqual(verdict.refusals.map(\.path), ["commitments/02/progress.yaml"])
        XCTAssertTrue(verdict.report().contains("only the lead ministry of commitment 02"), verdict.report())
    }

    /// The hub's refusal quotes the pushed record and commit; git relays the hook's stderr to
    /// the pusher's terminal as `remote: …` as it is (git 2.39 passes control bytes through).
    /// Nothing in it may drive that terminal.
    func testTheHubsRefusalReachesThePusherWithoutControlSequences() throws {
        let poc = try clone("wc-poc", as: fixture.poc)
        try fixture.edit(poc + "/commitments/05/commitment.yaml", replacing: "lead_agency: autorite-terres",
                         with: #"lead_agency: "inconnue\e]0;pwned\a\e[2J\rFAKE\u202E""#)
        try fixture.must(fixture.git(["commit", "-q", "-a", "--cleanup=verbatim", "-m", "Lead \u{1B}]0;pwned\u{07}\u{1B}[2J\r\u{202E}"],
                                     in: poc, as: fixture.poc))
        let result = try push(poc, as: fixture.poc)
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("commitments/05/commitment.yaml"), result.stderr)
        XCTAssertNil(TerminalOracle.firstControl(in: result.stderr), result.stderr.debugDescription)
        XCTAssertFalse(result.stderr.contains("]0;pwned"), result.stderr)
        XCTAssertFalse(result.stderr.contains("[2J"), result.stderr)
    }
}
