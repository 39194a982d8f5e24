import Foundation
import LocalSSH
import TestSupport
import XCTest

/// The guarded hub end to end: real sshd, real ssh keys, real git pushing through
/// `carnet hub serve` (the forced command) into `carnet hub verify` (the pre-receive hook).
final class HubSSHTests: XCTestCase {
    private var fixture: HubFixture!
    private var ssh: SSHHub!
    private var server: SSHServer { ssh.server }

    override func setUpWithError() throws {
        fixture = try HubFixture()
        ssh = try SSHHub(fixture)
    }

    override func tearDown() {
        ssh = nil
        fixture = nil
    }

    private func commitAll(_ copy: String, _ person: HubFixture.Person, _ message: String) throws -> String {
        try fixture.must(fixture.git(["commit", "-q", "-a", "-m", message], in: copy, as: person))
        return try fixture.head(of: copy)
    }

    func testAllowedPushesLandAndAreLogged() throws {
        let terres = try ssh.clone(fixture.terres)
        let justice = try ssh.clone(fixture.justice)

        // A ministry records progress on the commitment it leads (05), and edits its own file.
        try fixture.must(fixture.carnetRun(["milestone", "set", "05", "m1", "--note", "Atelier tenu"], in: terres))
        try fixture.edit(terres + "/ministries/autorite-terres.yaml", replacing: "+00 123 45678", with: "+00 123 45679")
        _ = try commitAll(terres, fixture.terres, "Our phone number")
        try fixture.must(ssh.push(terres, fixture.terres))
        XCTAssertEqual(try fixture.hubMain(), try fixture.head(of: terres))

        // Another ministry, behind the hub, merges (a merge commit) and pushes its own progress.
        try fixture.must(fixture.carnetRun(["milestone", "set", "02", "m1", "--note", "Décret en préparation"], in: justice))
        XCTAssertNotEqual(try ssh.push(justice, fixture.justice).status, 0, "behind the hub: git refuses the non-fast-forward")
        try ssh.pull(justice, fixture.justice)
        try fixture.must(ssh.push(justice, fixture.justice))
        XCTAssertEqual(try fixture.hubMain(), try fixture.head(of: justice))

        // The point of contact writes a commitment definition.
        let poc = try ssh.clone(fixture.poc)
        try fixture.edit(poc + "/commitments/05/commitment.yaml", replacing: "number: 5", with: "number: 15")
        _ = try commitAll(poc, fixture.poc, "Commitment 05 renumbered")
        try fixture.must(ssh.push(poc, fixture.poc))
        XCTAssertEqual(try fixture.hubMain(), try fixture.head(of: poc))
        XCTAssertEqual(try Shell.git(["fsck", "--strict"], in: fixture.hub).status, 0)

        let log = fixture.pushLog()
        XCTAssertEqual(log.map { $0["pusher"] as? String }, [
            fixture.identity(fixture.terres), fixture.identity(fixture.justice), fixture.identity(fixture.poc)])
        XCTAssertEqual(log.map { $0["ministry"] as? String }, ["autorite-terres", "min-justice", nil])
        XCTAssertEqual((log[0]["commits"] as? [[String: Any]])?.count, 2)
        XCTAssertEqual(log[2]["new"] as? String, try fixture.hubMain())
    }

    func testRefusedPushesLeaveTheHubUntouchedAndTheCommitsInTheCopy() throws {
        let terres = try ssh.clone(fixture.terres)
        let main = try fixture.hubMain()
        let objects = try fixture.hubObjects()

        func assertRefused(_ mentions: [String], _ line: UInt = #line) throws {
            let result = try ssh.push(terres, fixture.terres)
            XCTAssertNotEqual(result.status, 0, line: line)
            for text in mentions { XCTAssertTrue(result.stderr.contains(text), "no '\(text)' in: \(result.stderr)", line: line) }
            XCTAssertTrue(result.stderr.contains("remote: carnet hub: push refused"), result.stderr, line: line)
            XCTAssertEqual(try fixture.hubMain(), main, "main moved", line: line)
            XCTAssertEqual(try fixture.hubObjects(), objects, "objects reached the hub", line: line)
            let head = try fixture.head(of: terres)
            XCTAssertFalse(try fixture.hubHas(head), line: line)
            XCTAssertEqual(try Shell.git(["cat-file", "-e", head], in: terres).status, 0, "the commit left the copy", line: line)
        }
        func reset() throws { try fixture.must(fixture.git(["reset", "-q", "--hard", main], in: terres, as: fixture.terres)) }

        // Another ministry's progress (02 is led by min-justice).
        try fixture.must(fixture.carnetRun(["milestone", "set", "02", "m1", "--note", "pas à nous"], in: terres))
        let other = try fixture.head(of: terres)
        try assertRefused([String(other.prefix(8)), "commitments/02/progress.yaml", "only the lead ministry of commitment 02 (min-justice)"])
        try reset()

        // A commitment definition, even of its own commitment.
        try fixture.edit(terres + "/commitments/05/commitment.yaml", replacing: "number: 5", with: "number: 15")
        _ = try commitAll(terres, fixture.terres, "Renumber")
        try assertRefused(["commitments/05/commitment.yaml", "commitment definitions are written by the point of contact"])
        try reset()

        // An invalid record in a file it owns.
        let progress = terres + "/commitments/05/progress.yaml"
        let text = try String(contentsOfFile: progress, encoding: .utf8)
        let completion = try XCTUnwrap(text.split(separator: "\n").first { $0.hasPrefix("completion:") })
        try fixture.edit(progress, replacing: String(completion), with: "completion: finished")
        _ = try commitAll(terres, fixture.terres, "Invalid completion")
        try assertRefused(["commitments/05/progress.yaml", "invalid record"])
        try reset()

        // A change smuggled in one commit and reverted in the next: the net change is nothing.
        try fixture.must(fixture.carnetRun(["milestone", "set", "02", "m1", "--note", "en douce"], in: terres))
        let smuggled = try fixture.head(of: terres)
        try fixture.must(fixture.git(["revert", "--no-edit", "HEAD"], in: terres, as: fixture.terres))
        XCTAssertEqual(try Shell.git(["diff", "--stat", main, "HEAD"], in: terres).stdout, "")
        try assertRefused([String(smuggled.prefix(8)), "commitments/02/progress.yaml"])
        XCTAssertFalse(try fixture.hubHas(smuggled))
        // Each refused push is logged as refused (by verify: the post-receive hook never ran).
        let log = fixture.pushLog()
        XCTAssertEqual(log.map { $0["outcome"] as? String }, Array(repeating: "refused", count: 4))
        XCTAssertEqual(Set(log.map { $0["pusher"] as? String }), [fixture.identity(fixture.terres)])
        XCTAssertTrue((log.first?["refusals"] as? [String])?.first?.contains("only the lead ministry of commitment 02") == true, "\(log)")
    }

    /// Issue 11, item 9: the point of contact, in its own copy cloned over SSH, sees that a
    /// ministry's push was refused (when, by whom, the first rule) and that a later accepted
    /// push rescued it: the hooks publish the push log as refs/carnet/push-log, and
    /// `carnet hub status` in a copy fetches it with main over the transport sync uses.
    func testPointOfContactSeesARefusedPushAndItsRescueFromItsCopy() throws {
        let poc = fixture.dir.path + "/poc-copy"
        try fixture.must(fixture.carnetRun(["clone", server.url(fixture.hub), poc, "--point-of-contact",
                                            "--identity", fixture.keyPath(fixture.poc), "--known-hosts", server.knownHosts]))
        // Nothing published yet: the status says so, it does not claim "never".
        let before = try fixture.must(fixture.carnetRun(["hub", "status"], in: poc)).stdout
        XCTAssertTrue(before.contains("The push log cannot be seen from here"), before)
        XCTAssertTrue(before.contains("last push: unknown"), before)
        XCTAssertFalse(before.contains("last push: never"), before)

        let terres = try ssh.clone(fixture.terres)
        let main = try fixture.hubMain()
        try fixture.must(fixture.carnetRun(["milestone", "set", "02", "m1", "--note", "pas à nous"], in: terres))
        XCTAssertNotEqual(try ssh.push(terres, fixture.terres).status, 0)
        var status = try statusJSON(in: poc)
        XCTAssertEqual(status["pushLogVisible"] as? Bool, true)
        var row = try XCTUnwrap(status.ministries["autorite-terres"])
        XCTAssertEqual(row["lastRefusedPushBy"] as? String, fixture.identity(fixture.terres))
        XCTAssertTrue((row["lastRefusedRule"] as? String)?.contains("only the lead ministry of commitment 02 (min-justice)") == true, "\(row)")
        XCTAssertEqual(row["rescued"] as? Bool, false)
        XCTAssertNil(row["lastPush"] as? String)
        XCTAssertNil(status.ministries["min-justice"]?["rescued"] as? Bool)
        let stuck = try fixture.must(fixture.carnetRun(["hub", "status"], in: poc)).stdout
        XCTAssertTrue(stuck.contains("NOT rescued"), stuck)

        try fixture.must(fixture.git(["reset", "-q", "--hard", main], in: terres, as: fixture.terres))
        try fixture.must(fixture.carnetRun(["milestone", "set", "05", "m1", "--note", "Atelier tenu"], in: terres))
        try fixture.must(ssh.push(terres, fixture.terres))
        status = try statusJSON(in: poc)
        row = try XCTUnwrap(status.ministries["autorite-terres"])
        XCTAssertEqual(row["rescued"] as? Bool, true)
        XCTAssertEqual(row["lastPushBy"] as? String, fixture.identity(fixture.terres))
        XCTAssertNotNil(row["lastRefusedPush"] as? String)
        XCTAssertEqual(row["lastChangeSummary"] as? String, "Commitment 05, milestone m1: note")
        XCTAssertEqual(status["head"] as? String, try fixture.hubMain(), "the status reads the hub's main, fetched")
        XCTAssertEqual(fixture.pushLog().map { $0["outcome"] as? String }, ["refused", "accepted"])
        // The copy's own branch and sync's remote-tracking branch are left alone.
        XCTAssertEqual(try Shell.git(["rev-parse", "HEAD"], in: poc).stdout.trimmingCharacters(in: .whitespacesAndNewlines), main)
    }

    private func statusJSON(in directory: String) throws -> [String: Any] {
        let result = try fixture.must(fixture.carnetRun(["hub", "status", "--json"], in: directory))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    func testUnknownKeyGetsNothing() throws {
        let stranger = fixture.stranger
        let ls = try fixture.git(["ls-remote", server.url(fixture.hub)], in: fixture.dir.path, as: stranger, environment: ssh.environment(stranger))
        XCTAssertNotEqual(ls.status, 0)
        XCTAssertEqual(ls.stdout, "")
        XCTAssertTrue(ls.stderr.contains("Permission denied"), ls.stderr)
        let target = fixture.dir.path + "/wc-stranger"
        XCTAssertNotEqual(try fixture.git(["clone", "-q", server.url(fixture.hub), target], in: fixture.dir.path, as: stranger, environment: ssh.environment(stranger)).status, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: target + "/plan.yaml"))
    }

    func testMemberKeysOpenTheHubAndNothingElse() throws {
        let key = fixture.keyPath(fixture.terres)
        for command in ["ls /", "git-upload-pack '/etc'", "git-receive-pack '\(fixture.hub)'; touch /tmp/pwned",
                        "git-upload-pack '\(fixture.hub)' extra", "sh -c id"] {
            let result = try server.ssh(key: key, command: command)
            XCTAssertNotEqual(result.status, 0, command)
            XCTAssertTrue(result.stderr.contains("carnet: error: "), "\(command): \(result.stderr)")
            XCTAssertEqual(result.stdout, "", command)
        }
        // Fetching works over the same key (git's own quoting of the path included).
        let ls = try fixture.git(["ls-remote", server.url(fixture.hub)], in: fixture.dir.path, as: fixture.terres, environment: ssh.environment(fixture.terres))
        XCTAssertEqual(ls.status, 0, ls.stderr)
        XCTAssertTrue(ls.stdout.contains(try fixture.hubMain()))
    }

    /// Issue 10, class 2, end to end: a ministry writes into its own file a member whose email
    /// holds a line break followed by a bare key line (the stranger's). The hub refuses the push;
    /// and when the point of contact writes the same file straight into the hub (no hook runs on
    /// a fetch into the hub), authorized-keys still writes no line without `restrict` and the
    /// forced command: the stranger's key opens nothing on the real sshd.
    func testAnEmailWithALineBreakNeverBecomesAnAuthorizedKeysLine() throws {
        let strangerKey = try String(contentsOfFile: fixture.keyPath(fixture.stranger) + ".pub", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let mallory = fixture.dir.path + "/mallory"
        try fixture.must(Shell.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "mallory", "-f", mallory]))
        let malloryKey = try String(contentsOfFile: mallory + ".pub", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let entry = """
              - name: "Mallory"
                email: "mallory@terres.example\\n\(strangerKey)"
                keys:
                  - "\(malloryKey)"

            """
        func addEntry(in copy: String) throws {
            let file = copy + "/ministries/autorite-terres.yaml"
            let text = try String(contentsOfFile: file, encoding: .utf8)
            XCTAssertTrue(text.hasSuffix("\n"), text)
            XCTAssertTrue(text.contains("\nmembers:\n"), "members are the file's last key: \(text)")
            try (text + entry).write(toFile: file, atomically: true, encoding: .utf8)
        }

        let terres = try ssh.clone(fixture.terres)
        let main = try fixture.hubMain()
        try addEntry(in: terres)
        XCTAssertNotEqual(try fixture.carnetRun(["validate"], in: terres).status, 0, "carnet validate refuses it locally")
        _ = try commitAll(terres, fixture.terres, "A new colleague")
        let refused = try ssh.push(terres, fixture.terres)
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.stderr.contains("'members[1].email' holds U+000A (a line break)"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("a ministry cannot change its own members"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("adds a person whose email is not valid"), refused.stderr)
        XCTAssertEqual(try fixture.hubMain(), main)

        // The point of contact writes it into the hub itself, bypassing the hook.
        let poc = fixture.dir.path + "/poc-direct"
        try fixture.must(fixture.git(["clone", "-q", fixture.hub, poc], in: fixture.dir.path, as: fixture.poc))
        try addEntry(in: poc)
        _ = try commitAll(poc, fixture.poc, "Written straight into the hub")
        try fixture.must(fixture.git(["fetch", "-q", poc, "main:main"], in: fixture.hub, as: fixture.poc))
        XCTAssertEqual(try fixture.hubMain(), try fixture.head(of: poc))

        let keys = try fixture.carnetRun(["hub", "authorized-keys", "--hub", fixture.hub])
        XCTAssertEqual(keys.status, 0, keys.stderr)
        XCTAssertTrue(keys.stderr.contains("is left out"), keys.stderr)
        let hub = URL(fileURLWithPath: fixture.hub).resolvingSymlinksInPath().path
        let written = try AuthorizedKeysFile.assertEveryLineIsForced(keys.stdout, carnet: fixture.carnet, hub: hub)
        XCTAssertEqual(Set(written.map(\.identity)), Set([fixture.poc, fixture.terres, fixture.justice].map(fixture.identity)))
        XCTAssertFalse(keys.stdout.contains(String(strangerKey.split(separator: " ")[1])), keys.stdout)

        // The real sshd, reading the new file: the stranger's key gets nothing.
        try keys.stdout.write(toFile: fixture.dir.path + "/authorized_keys", atomically: true, encoding: .utf8)
        let shell = try server.ssh(key: fixture.keyPath(fixture.stranger), command: "id")
        XCTAssertNotEqual(shell.status, 0)
        XCTAssertEqual(shell.stdout, "")
        XCTAssertTrue(shell.stderr.contains("Permission denied"), shell.stderr)
    }
}

private extension Dictionary where Key == String, Value == Any {
    /// The status's rows by ministry id.
    var ministries: [String: [String: Any]] {
        Dictionary<String, [String: Any]>(uniqueKeysWithValues: ((self["ministries"] as? [[String: Any]]) ?? []).compactMap { row in
            (row["id"] as? String).map { ($0, row) }
        })
    }
}
