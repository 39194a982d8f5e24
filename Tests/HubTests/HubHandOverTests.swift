import Foundation
import LocalSSH
import TestSupport
import XCTest

/// A sync's hand-over (refs/carnet/incoming/<role>/<commit>): the hub's proc-receive hook
/// (`carnet hub merge`) merges it onto main and judges the merge as the pusher's push. Pushes
/// here are made by the real git CLI through git's receive-pack and the real hooks; the sync
/// test runs carnet over a real sshd.
final class HubHandOverTests: XCTestCase {
    private var fixture: HubFixture!

    override func setUpWithError() throws { fixture = try HubFixture() }
    override func tearDown() { fixture = nil }

    private func commitAll(_ copy: String, as person: HubFixture.Person, _ message: String) throws -> String {
        try fixture.must(fixture.git(["add", "-A"], in: copy, as: person))
        try fixture.must(fixture.git(["commit", "-q", "-m", message], in: copy, as: person))
        return try fixture.head(of: copy)
    }

    /// git push of HEAD as a hand-over, named as `carnet hub serve` names the pusher.
    private func handOver(_ copy: String, as person: HubFixture.Person, role: String? = nil) throws -> ShellResult {
        let head = try fixture.head(of: copy)
        return try fixture.gitPush(copy, as: person, ["HEAD:refs/carnet/incoming/\(role ?? person.ministry ?? "poc")/\(head)"])
    }

    private func incomingRefs() throws -> String {
        try Shell.git(["for-each-ref", "refs/carnet/incoming"], in: fixture.hub).stdout
    }

    func testAHandOverBehindTheHubIsMergedOntoMainAsThePushersOwnSync() throws {
        let terres = try fixture.gitClone("wc-terres", as: fixture.terres)
        let justice = try fixture.gitClone("wc-justice", as: fixture.justice)
        try fixture.edit(justice + "/ministries/min-justice.yaml", replacing: "+00 21 42 30 05", with: "+00 21 42 30 06")
        _ = try commitAll(justice, as: fixture.justice, "Our phone")
        try fixture.must(fixture.gitPush(justice, as: fixture.justice))
        let moved = try fixture.hubMain()

        // autorite-terres, behind the hub, hands over its own change: no fetch, no race.
        try fixture.edit(terres + "/ministries/autorite-terres.yaml", replacing: "+00 123 45678", with: "+00 123 45679")
        let tip = try commitAll(terres, as: fixture.terres, "Our phone too")
        let result = try fixture.must(handOver(terres, as: fixture.terres))
        XCTAssertTrue(result.stderr.contains("carnet-main: "), result.stderr)

        let main = try fixture.hubMain()
        let parents = try Shell.git(["rev-list", "--parents", "-n", "1", main], in: fixture.hub).stdout.split(separator: " ").map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        XCTAssertEqual(parents, [main, tip, moved], "a merge: the pushed commit first, then main")
        let show = { (path: String) in try Shell.git(["show", "main:" + path], in: self.fixture.hub).stdout }
        XCTAssertTrue(try show("ministries/min-justice.yaml").contains("+00 21 42 30 06"))
        XCTAssertTrue(try show("ministries/autorite-terres.yaml").contains("+00 123 45679"))
        XCTAssertEqual(try Shell.git(["log", "-1", "--format=%ae %s", main], in: fixture.hub).stdout,
                       "\(fixture.terres.email) Sync: merge the hub's changes\n", "authored by the pusher, as their sync's merge")
        XCTAssertEqual(try incomingRefs(), "", "a hand-over leaves no reference behind")
        XCTAssertEqual(try Shell.git(["fsck", "--strict"], in: fixture.hub).status, 0)
        let last = fixture.pushLog().last
        XCTAssertEqual(last?["ref"] as? String, "refs/heads/main")
        XCTAssertEqual(last?["pusher"] as? String, fixture.identity(fixture.terres))
        XCTAssertEqual(last?["new"] as? String, main)

        // Handed over again, it is already there: accepted, nothing moves.
        try fixture.must(fixture.gitPush(terres, as: fixture.terres, ["HEAD:refs/carnet/incoming/autorite-terres/\(tip)"]))
        XCTAssertEqual(try fixture.hubMain(), main)
    }

    /// The attack: commits that pass as a push from where they left main, but whose merge onto
    /// main as it is now writes where the pusher may not. The hub's merge is judged as the
    /// pusher's push to main, so it is refused, and main and the hub's references stay as they were.
    func testTheHubsMergeWritesNothingThePusherCouldNotPush() throws {
        let terres = try fixture.gitClone("wc-terres", as: fixture.terres)
        // Meanwhile the point of contact gives commitment 05 to min-justice.
        let poc = try fixture.gitClone("wc-poc", as: fixture.poc)
        try fixture.edit(poc + "/commitments/05/commitment.yaml", replacing: "lead_agency: autorite-terres", with: "lead_agency: min-justice")
        _ = try commitAll(poc, as: fixture.poc, "05 moves to min-justice")
        try fixture.must(fixture.gitPush(poc, as: fixture.poc))
        let main = try fixture.hubMain()
        // Every reference but the push log's publication, which a refusal moves (it is logged).
        let references = {
            try Shell.git(["for-each-ref"], in: self.fixture.hub).stdout.split(separator: "\n").filter { !$0.hasSuffix("refs/carnet/push-log") }
        }
        let refs = try references()
        XCTAssertTrue(refs.contains { $0.hasSuffix("refs/heads/main") }, "\(refs)")

        // autorite-terres, from before that, writes 05's progress "as its lead" and hands it over.
        try fixture.must(fixture.carnetRun(["milestone", "set", "05", "m1", "--note", "Toujours à nous"], in: terres))
        let result = try handOver(terres, as: fixture.terres)
        XCTAssertNotEqual(result.status, 0, "the hub merged a write the pusher may not make")
        XCTAssertTrue(result.stderr.contains("commitments/05/progress.yaml"), result.stderr)
        XCTAssertTrue(result.stderr.contains("(min-justice)"), result.stderr)
        XCTAssertEqual(try fixture.hubMain(), main)
        XCTAssertEqual(try references(), refs)
        XCTAssertEqual(fixture.pushLog().last?["outcome"] as? String, "refused")

        // The same merge pushed to main by hand is refused for the same reason: one rule.
        try fixture.must(fixture.git(["pull", "-q", "--no-rebase", "--no-edit", "origin", "main"], in: terres, as: fixture.terres))
        let direct = try fixture.gitPush(terres, as: fixture.terres)
        XCTAssertNotEqual(direct.status, 0)
        XCTAssertTrue(direct.stderr.contains("commitments/05/progress.yaml"), direct.stderr)
    }

    func testOnlyAWellFormedHandOverAloneIsTaken() throws {
        let terres = try fixture.gitClone("wc-terres", as: fixture.terres)
        try fixture.edit(terres + "/ministries/autorite-terres.yaml", replacing: "+00 123 45678", with: "+00 123 45679")
        let tip = try commitAll(terres, as: fixture.terres, "Our phone")
        let main = try fixture.hubMain()
        // Another name than the commit, a deeper path, a hand-over alongside main, a file the
        // pusher may not write: each refused, main unmoved, no reference left.
        for refspec in [["HEAD:refs/carnet/incoming/autorite-terres/\(main)"],
                        ["HEAD:refs/carnet/incoming/autorite-terres/x/\(tip)"],
                        ["HEAD:refs/carnet/incoming/Terres/\(tip)"],
                        ["HEAD:refs/heads/main", "HEAD:refs/carnet/incoming/autorite-terres/\(tip)"]] {
            let result = try fixture.gitPush(terres, as: fixture.terres, refspec)
            XCTAssertNotEqual(result.status, 0, "\(refspec) was taken: \(result.stderr)")
            XCTAssertEqual(try fixture.hubMain(), main, "\(refspec)")
            XCTAssertEqual(try incomingRefs(), "", "\(refspec)")
        }
        try fixture.edit(terres + "/plan.yaml", replacing: "stale_after_days: 60", with: "stale_after_days: 30")
        _ = try commitAll(terres, as: fixture.terres, "Not ours")
        let result = try handOver(terres, as: fixture.terres)
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("plan.yaml"), result.stderr)
        XCTAssertEqual(try fixture.hubMain(), main)
        // A stranger's key is not a member: nothing lands.
        let stranger = try fixture.gitPush(terres, as: fixture.terres, ["HEAD:refs/carnet/incoming/min-justice/\(try fixture.head(of: terres))"],
                                           environment: ["CARNET_PUSHER": fixture.identity(fixture.stranger)])
        XCTAssertNotEqual(stranger.status, 0)
        XCTAssertEqual(try fixture.hubMain(), main)
    }

    /// `carnet sync` over SSH: a copy behind the hub lands in one round, through the hub's
    /// merge; a conflict the hub's merge decided is reported as a merge of the copy's own would.
    func testSyncBehindTheHubLandsInOneRoundOverSSH() throws {
        let server = try fixture.startSSH()
        func clone(_ person: HubFixture.Person) throws -> String {
            let target = fixture.dir.path + "/sync-\(person.key)"
            let role = person.ministry.map { ["--ministry", $0] } ?? ["--point-of-contact"]
            try fixture.must(fixture.carnetRun(["clone", server.url(fixture.hub), target] + role
                                               + ["--identity", fixture.keyPath(person), "--known-hosts", server.knownHosts]))
            try fixture.must(fixture.carnetRun(["whoami", "--name", person.name, "--email", person.email], in: target))
            return target
        }
        let terres = try clone(fixture.terres)
        let poc = try clone(fixture.poc)
        try fixture.must(fixture.carnetRun(["milestone", "set", "05", "m1", "--note", "Version du point de contact"], in: poc))
        try fixture.must(fixture.carnetRun(["sync"], in: poc))
        try fixture.must(fixture.carnetRun(["milestone", "set", "05", "m1", "--note", "Version du ministère"], in: terres))
        let result = try fixture.must(fixture.carnetRun(["sync", "--json"], in: terres))
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        XCTAssertEqual(json?["rounds"] as? Int, 1, result.stdout)
        XCTAssertEqual(try fixture.head(of: terres), try fixture.hubMain(), "the copy is at main as the hub merged it")
        let merge = try Shell.git(["log", "-1", "--format=%P%n%ae", "main"], in: fixture.hub).stdout
        XCTAssertEqual(merge.split(separator: "\n").last.map(String.init), fixture.terres.email)
        XCTAssertEqual(merge.split(separator: "\n").first?.split(separator: " ").count, 2, "merged by the hub")
        XCTAssertTrue(result.stdout.contains("Version du ministère"), "the conflict is reported: \(result.stdout)")
        XCTAssertEqual(try Shell.git(["status", "--porcelain"], in: terres).stdout, "")
        XCTAssertEqual(try Shell.git(["for-each-ref", "refs/carnet/incoming"], in: fixture.hub).stdout, "")
        XCTAssertNil(try Shell.git(["config", "carnet.hubMerges"], in: terres).stdout.nilIfEmpty)
    }
}

private extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
