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

    private func clone(_ name: String, as person: HubFixture.Person) throws -> String { try fixture.gitClone(name, as: person) }

    private func push(_ copy: String, as person: HubFixture.Person, _ refspec: [String] = ["main"],
                      environment: [String: String]? = nil) throws -> ShellResult {
        try fixture.gitPush(copy, as: person, refspec, environment: environment)
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
        // The push log's reference is the hooks' own: no push may write it.
        let log = try push(poc, as: fixture.poc, ["+HEAD:refs/carnet/push-log"])
        XCTAssertNotEqual(log.status, 0)
        XCTAssertNotEqual(try Shell.git(["rev-parse", "refs/carnet/push-log"], in: fixture.hub).stdout.trimmingCharacters(in: .whitespacesAndNewlines),
                          try fixture.head(of: poc))
        // Only the hub's own references besides main: the push log, the hand-over marker (hub
        // init) and the history steps (post-receive), none of them written by a push.
        let refs = try Shell.git(["for-each-ref", "--format=%(refname)"], in: fixture.hub).stdout.split(separator: "\n")
        XCTAssertEqual(refs.filter { !$0.hasPrefix("refs/carnet/steps/") }, ["refs/carnet/hand-over", "refs/carnet/push-log", "refs/heads/main"])
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

    /// Issue 10, class 3: only the point of contact grants access. A ministry may edit its own
    /// file, but not its `members` (people, emails, keys) — in any commit of the push, nor by a
    /// merge that takes back the members the hub has since changed.
    func testAMinistryCannotChangeItsOwnMembers() throws {
        let copy = try clone("wc", as: fixture.terres)
        let main = try fixture.hubMain()
        let file = copy + "/ministries/autorite-terres.yaml"
        let newKey = fixture.dir.path + "/new"
        try fixture.must(Shell.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "new", "-f", newKey]))
        func reset() throws { try fixture.must(fixture.git(["reset", "-q", "--hard", main], in: copy, as: fixture.terres)) }
        func assertRefused(_ what: String, _ line: UInt = #line) throws {
            let result = try push(copy, as: fixture.terres)
            XCTAssertNotEqual(result.status, 0, what, line: line)
            XCTAssertTrue(result.stderr.contains("ministries/autorite-terres.yaml: a ministry cannot change its own members"), "\(what): \(result.stderr)", line: line)
            XCTAssertTrue(result.stderr.contains(what), "\(what): \(result.stderr)", line: line)
            XCTAssertEqual(try fixture.hubMain(), main, line: line)
        }

        // A key of its own, with the ordinary command (which commits locally).
        try fixture.must(fixture.carnetRun(["member", "add", "autorite-terres", "--name", fixture.terres.name, "--email", fixture.terres.email,
                                            "--key", newKey + ".pub"], in: copy))
        try assertRefused("changes the keys of \(fixture.terres.email)")
        try reset()

        // A new person.
        try fixture.must(fixture.carnetRun(["member", "add", "autorite-terres", "--name", "Paul", "--email", "paul@terres.example",
                                            "--key", newKey + ".pub"], in: copy))
        try assertRefused("adds paul@terres.example")
        try reset()

        // Another email for a member (a hand edit), then put back in the next commit: still refused.
        try fixture.edit(file, replacing: "email: \"\(fixture.terres.email)\"", with: "email: \"rosine.abessolo@terres.example\"")
        try fixture.must(fixture.git(["commit", "-q", "-a", "-m", "New address"], in: copy, as: fixture.terres))
        try fixture.must(fixture.git(["revert", "--no-edit", "HEAD"], in: copy, as: fixture.terres))
        try assertRefused("adds rosine.abessolo@terres.example")
        try reset()

        // Its phone number: accepted.
        try fixture.edit(file, replacing: "+00 123 45678", with: "+00 123 45679")
        try fixture.must(fixture.git(["commit", "-q", "-a", "-m", "Our phone number"], in: copy, as: fixture.terres))
        try fixture.must(push(copy, as: fixture.terres))
        XCTAssertEqual(try fixture.hubMain(), try fixture.head(of: copy))
    }

    /// A merge may take one side's members as they are (the hub's, after the point of contact
    /// changed them), but a ministry's push may not leave the hub with other members than it had:
    /// a merge that keeps the ministry's stale list would take back what the point of contact did.
    func testAMergeCannotTakeBackTheMembersThePointOfContactChanged() throws {
        let copy = try clone("wc", as: fixture.terres)
        let poc = try clone("wc-poc", as: fixture.poc)
        let newKey = fixture.dir.path + "/second"
        try fixture.must(Shell.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "second", "-f", newKey]))
        try fixture.must(fixture.carnetRun(["member", "add", "autorite-terres", "--name", fixture.terres.name, "--email", fixture.terres.email,
                                            "--key", newKey + ".pub"], in: poc))
        try fixture.must(push(poc, as: fixture.poc))

        try fixture.edit(copy + "/ministries/autorite-terres.yaml", replacing: "+00 123 45678", with: "+00 123 45679")
        try fixture.must(fixture.git(["commit", "-q", "-a", "-m", "Our phone number"], in: copy, as: fixture.terres))
        try fixture.must(fixture.git(["fetch", "-q", "origin"], in: copy, as: fixture.terres))
        // A merge that keeps our side of the file: the key the point of contact added is gone.
        try fixture.must(fixture.git(["merge", "-q", "-s", "ours", "--no-edit", "origin/main"], in: copy, as: fixture.terres))
        let stale = try push(copy, as: fixture.terres)
        XCTAssertNotEqual(stale.status, 0)
        XCTAssertTrue(stale.stderr.contains("a ministry cannot change its own members"), stale.stderr)
        XCTAssertTrue(stale.stderr.contains("changes the keys of \(fixture.terres.email)"), stale.stderr)

        // The merge that keeps the hub's members and our phone number is accepted.
        try fixture.must(fixture.git(["reset", "-q", "--hard", "HEAD~1"], in: copy, as: fixture.terres))
        try fixture.must(fixture.git(["merge", "-q", "--no-edit", "origin/main"], in: copy, as: fixture.terres))
        let text = try String(contentsOfFile: copy + "/ministries/autorite-terres.yaml", encoding: .utf8)
        XCTAssertTrue(text.contains("+00 123 45679") && text.contains("second"), text)
        try fixture.must(push(copy, as: fixture.terres))
    }

    /// Issue 10, class 3 c: a GitLab or Gitea account is one member or none. Gitea gives the
    /// account's email: only the whole email matches (never the user name). GitLab gives only a
    /// user name: it matches a member's explicit `account`, or else the local part of an email —
    /// and when two people could be meant, the push is refused with how to fix it, never guessed.
    func testServerAccountsNeverStandInForAnotherMember() throws {
        let poc = try clone("wc-poc", as: fixture.poc)
        let key = fixture.dir.path + "/other"
        try fixture.must(Shell.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "other", "-f", key]))
        let key2 = fixture.dir.path + "/other2"
        try fixture.must(Shell.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "other2", "-f", key2]))
        // Another Rosine at min-justice, and someone at autorite-terres whose address shares its
        // local part with the point of contact's.
        try fixture.must(fixture.carnetRun(["member", "add", "min-justice", "--name", "Rosine Ekomi", "--email", "rosine@justice.example",
                                            "--key", key + ".pub"], in: poc))
        let pocLocal = String(fixture.poc.email.split(separator: "@")[0])
        try fixture.must(fixture.carnetRun(["member", "add", "autorite-terres", "--name", "Homonyme", "--email", "\(pocLocal)@terres.example",
                                            "--key", key2 + ".pub"], in: poc))
        try fixture.must(push(poc, as: fixture.poc))

        let copy = try clone("wc", as: fixture.terres)
        try fixture.must(fixture.carnetRun(["milestone", "set", "05", "m1", "--note", "depuis la forge"], in: copy))
        // Gitea: the whole email decides; both Rosines push.
        try fixture.must(push(copy, as: fixture.terres, environment: ["GITEA_PUSHER_NAME": "rosine", "GITEA_PUSHER_EMAIL": "ROSINE@terres.example"]))
        XCTAssertEqual(fixture.pushLog().last?["ministry"] as? String, "autorite-terres")
        // Gitea without an email: the name is never used.
        try fixture.must(fixture.carnetRun(["milestone", "set", "05", "m2", "--note", "sans adresse"], in: copy))
        let nameOnly = try push(copy, as: fixture.terres, environment: ["GITEA_PUSHER_NAME": "jules"])
        XCTAssertNotEqual(nameOnly.status, 0)
        XCTAssertTrue(nameOnly.stderr.contains("Gitea gave no email"), nameOnly.stderr)
        // GitLab: 'rosine' could be either Rosine: refused, with how to fix it.
        let ambiguous = try push(copy, as: fixture.terres, environment: ["GL_USERNAME": "rosine"])
        XCTAssertNotEqual(ambiguous.status, 0)
        XCTAssertTrue(ambiguous.stderr.contains("rosine@justice.example") && ambiguous.stderr.contains("rosine@terres.example"), ambiguous.stderr)
        XCTAssertTrue(ambiguous.stderr.contains("--account"), ambiguous.stderr)
        // GitLab: the point of contact's local part, shared by a ministry member: refused (it
        // used to give the ministry member the point of contact's rights).
        try fixture.edit(copy + "/commitments/05/commitment.yaml", replacing: "number: 5", with: "number: 15")
        try fixture.must(fixture.git(["commit", "-q", "-a", "-m", "Renumber"], in: copy, as: fixture.terres))
        let homonym = try push(copy, as: fixture.terres, environment: ["GL_USERNAME": pocLocal])
        XCTAssertNotEqual(homonym.status, 0)
        XCTAssertTrue(homonym.stderr.contains("could be"), homonym.stderr)
        try fixture.must(fixture.git(["reset", "-q", "--hard", "HEAD~1"], in: copy, as: fixture.terres))

        // The point of contact records GitLab accounts: then each name is one person.
        try fixture.must(fixture.git(["pull", "-q", "--no-rebase", "--no-edit", "origin", "main"], in: poc, as: fixture.poc))
        try fixture.must(fixture.carnetRun(["member", "add", "autorite-terres", "--name", fixture.terres.name, "--email", fixture.terres.email,
                                            "--key", fixture.keyPath(fixture.terres) + ".pub", "--account", "rosine.abessolo"], in: poc))
        try fixture.must(push(poc, as: fixture.poc))
        try fixture.must(fixture.git(["pull", "-q", "--no-rebase", "--no-edit", "origin", "main"], in: copy, as: fixture.terres,
                                     environment: ["CARNET_PUSHER": fixture.identity(fixture.terres)]))
        try fixture.must(push(copy, as: fixture.terres, environment: ["GL_USERNAME": "rosine.abessolo"]))
        XCTAssertEqual(try fixture.hubMain(), try fixture.head(of: copy))
        // Rosine of autorite-terres is known by her account only: 'rosine' is now the other Rosine.
        try fixture.must(fixture.carnetRun(["milestone", "set", "05", "m3", "--note", "encore"], in: copy))
        let other = try push(copy, as: fixture.terres, environment: ["GL_USERNAME": "rosine"])
        XCTAssertNotEqual(other.status, 0)
        XCTAssertTrue(other.stderr.contains("push refused for rosine@justice.example of min-justice"), other.stderr)
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
