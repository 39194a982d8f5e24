import Foundation
import TestSupport
import XCTest

/// `carnet member add`, `carnet hub init`, `carnet hub status` through the binary.
final class HubCLITests: XCTestCase {
    func testMemberAddIsOneValidatedCommit() throws {
        let fixture = try HubFixture()
        let log = try Shell.git(["log", "--format=%s"], in: fixture.plan).stdout.split(separator: "\n")
        XCTAssertEqual(log.count, 4, "the plan, then one commit per member")
        XCTAssertTrue(log[0].contains("Jules Mba <jules@justice.example>, member of min-justice: member added"))
        let ministry = try String(contentsOfFile: fixture.plan + "/ministries/min-justice.yaml", encoding: .utf8)
        XCTAssertTrue(ministry.contains("email: \"jules@justice.example\""), ministry)
        XCTAssertTrue(ministry.contains("ssh-ed25519 "), ministry)
        let plan = try String(contentsOfFile: fixture.plan + "/plan.yaml", encoding: .utf8)
        XCTAssertTrue(plan.contains("members:\n  - name: \"Amélie Dufresne-Kotto\""), plan)

        let before = try fixture.head(of: fixture.plan)
        let bad = fixture.dir.path + "/bad.pub"
        try "ssh-ed25519 garbage".write(toFile: bad, atomically: true, encoding: .utf8)
        let badKey = try fixture.carnetRun(["member", "add", "min-justice", "--name", "X", "--email", "x@j.example", "--key", bad], in: fixture.plan)
        XCTAssertEqual(badKey.status, 64, badKey.stderr)
        let reused = try fixture.carnetRun(["member", "add", "min-sante", "--name", "X", "--email", "x@s.example",
                                            "--key", fixture.keyPath(fixture.justice) + ".pub"], in: fixture.plan)
        XCTAssertEqual(reused.status, 64, reused.stderr)
        XCTAssertTrue(reused.stderr.contains("already the key of Jules Mba"), reused.stderr)
        let unknown = try fixture.carnetRun(["member", "add", "min-inconnu", "--name", "X", "--email", "x@i.example",
                                             "--key", fixture.keyPath(fixture.stranger) + ".pub"], in: fixture.plan)
        XCTAssertEqual(unknown.status, 64, unknown.stderr)
        // The records' own rules (EmailAddress, TextRule, ServerAccount), before anything is written.
        let strangerKey = fixture.keyPath(fixture.stranger) + ".pub"
        for (option, value, says) in [("--email", "x@j.example\nssh-ed25519 AAAA", "U+000A"), ("--email", "x y@j.example", "a space"),
                                      ("--email", "\"x\"@j.example", "'\"'"), ("--name", "X\u{1B}[2J", "U+001B"),
                                      ("--account", "x y", "--account")] {
            var arguments = ["member", "add", "min-justice", "--name", "X", "--email", "x@j.example", "--key", strangerKey, "--account", "x"]
            arguments[arguments.firstIndex(of: option)! + 1] = value
            let refused = try fixture.carnetRun(arguments, in: fixture.plan)
            XCTAssertEqual(refused.status, 64, "\(option) \(value): \(refused.stderr)")
            XCTAssertTrue(refused.stderr.contains(says), "\(option) \(value): \(refused.stderr)")
        }
        XCTAssertEqual(try fixture.head(of: fixture.plan), before, "a refused member add commits nothing")
        XCTAssertEqual(try Shell.git(["status", "--porcelain"], in: fixture.plan).stdout, "")
    }

    func testHubInitMakesAGuardedBareCopy() throws {
        let fixture = try HubFixture()
        XCTAssertEqual(try Shell.git(["rev-parse", "--is-bare-repository"], in: fixture.hub).stdout, "true\n")
        XCTAssertEqual(try fixture.hubMain(), try fixture.head(of: fixture.plan))
        XCTAssertEqual(try Shell.git(["symbolic-ref", "HEAD"], in: fixture.hub).stdout, "refs/heads/main\n")
        XCTAssertEqual(try Shell.git(["remote"], in: fixture.hub).stdout, "")
        let hook = try String(contentsOfFile: fixture.hub + "/hooks/pre-receive", encoding: .utf8)
        XCTAssertTrue(hook.contains("\(fixture.carnet) hub verify") || hook.contains("hub verify"), hook)
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: fixture.hub + "/hooks/post-receive"))
        let again = try fixture.carnetRun(["hub", "init", fixture.hub, "--from", fixture.plan])
        XCTAssertEqual(again.status, 73, again.stderr)
    }

    func testHubStatusPerMinistry() throws {
        let fixture = try HubFixture()
        let copy = fixture.dir.path + "/wc"
        try fixture.must(fixture.git(["clone", "-q", fixture.hub, copy], in: fixture.dir.path, as: fixture.terres))
        try fixture.must(fixture.carnetRun(["whoami", "--name", fixture.terres.name, "--email", fixture.terres.email], in: copy))
        try fixture.must(fixture.carnetRun(["milestone", "set", "05", "m1", "--note", "fait"], in: copy))
        try fixture.must(fixture.git(["push", "-q", "origin", "main"], in: copy, as: fixture.terres,
                                     environment: ["CARNET_PUSHER": fixture.identity(fixture.terres)]))

        let result = try fixture.must(fixture.carnetRun(["hub", "status", "--hub", fixture.hub, "--json"]))
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(json["staleAfterDays"] as? Int, 60)
        let rows = try XCTUnwrap(json["ministries"] as? [[String: Any]])
        let terres = try XCTUnwrap(rows.first { $0["id"] as? String == "autorite-terres" })
        XCTAssertEqual(terres["commitments"] as? [String], ["05"])
        XCTAssertEqual(terres["lastPushBy"] as? String, fixture.identity(fixture.terres))
        XCTAssertEqual(terres["lastChangeSummary"] as? String, "Commitment 05, milestone m1: note")
        XCTAssertEqual(terres["silent"] as? Bool, false)
        let justice = try XCTUnwrap(rows.first { $0["id"] as? String == "min-justice" })
        XCTAssertNil(justice["lastPush"] as? String)
        XCTAssertEqual(justice["commitments"] as? [String], ["02"])

        // Told that more than a day of silence is too long, a ministry that pushed today is not flagged.
        let text = try fixture.must(fixture.carnetRun(["hub", "status", "--hub", fixture.hub, "--stale-days", "1"])).stdout
        XCTAssertTrue(text.contains("autorite-terres [ok]"), text)
        XCTAssertTrue(text.contains("last push: "), text)
    }

    /// A ministry's commit subject and the plan's names reach the point of contact's terminal
    /// through `carnet hub status`: on one line each, with no control sequence.
    func testHubStatusShowsAPushedSubjectOnOneLineWithoutControlSequences() throws {
        let fixture = try HubFixture()
        let copy = fixture.dir.path + "/wc"
        try fixture.must(fixture.git(["clone", "-q", fixture.hub, copy], in: fixture.dir.path, as: fixture.terres))
        try fixture.edit(copy + "/commitments/05/progress.yaml", replacing: "completion: substantial", with: "completion: complete")
        let subject = "Done \u{1B}]0;pwned\u{07}\u{1B}[2J\rFAKE\u{2028}LINE\u{202E}txt"
        try fixture.must(fixture.git(["commit", "-q", "-a", "--cleanup=verbatim", "-m", subject + "\n\nbody"], in: copy, as: fixture.terres))
        try fixture.must(fixture.git(["push", "-q", "origin", "main"], in: copy, as: fixture.terres,
                                     environment: ["CARNET_PUSHER": fixture.identity(fixture.terres)]))

        let text = try fixture.must(fixture.carnetRun(["hub", "status", "--hub", fixture.hub])).stdout
        XCTAssertNil(TerminalOracle.firstControl(in: text), text.debugDescription)
        XCTAssertFalse(text.contains("]0;pwned") || text.contains("[2J"), text)
        XCTAssertTrue(text.split(separator: "\n").contains { $0.hasPrefix("  last change: ") && $0.contains("FAKE") && $0.contains("LINE") },
                      text)
        let json = try fixture.must(fixture.carnetRun(["hub", "status", "--hub", fixture.hub, "--json"])).stdout
        XCTAssertNil(TerminalOracle.firstControl(in: json), json.debugDescription)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let terres = try XCTUnwrap((object["ministries"] as? [[String: Any]])?.first { $0["id"] as? String == "autorite-terres" })
        XCTAssertEqual(terres["lastChangeSummary"] as? String, subject)
    }
}
