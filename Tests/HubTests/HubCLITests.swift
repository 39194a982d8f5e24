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

    /// Issue 11, item 10: one history walker, merges credited one way. autorite-terres is
    /// silent (its records last changed in 2020, it never pushed); min-justice merges the hub's
    /// main, which brings the point of contact's 2020 edit of autorite-terres' file. The merge
    /// took that file as it was on one side: it is not autorite-terres' last change (which
    /// would make it look active today), and min-justice is not the changer of its file.
    func testHubStatusDoesNotCreditAMergeWithTheChangesItCarried() throws {
        let fixture = try HubFixture()
        // The plan's history as if written in January 2020 (same trees, same authors).
        var parent: String?
        let order = try Shell.git(["rev-list", "--reverse", "main"], in: fixture.plan).stdout.split(separator: "\n")
        for (index, commit) in order.enumerated() {
            let fields = try Shell.git(["show", "-s", "--format=%an%x00%ae%x00%T%x00%B", String(commit)], in: fixture.plan).stdout
                .split(separator: "\0", omittingEmptySubsequences: false).map(String.init)
            let date = "2020-01-0\(index + 1)T10:00:00Z"
            let result = try fixture.must(Shell.run(["git", "commit-tree", fields[2], "-m", fields[3]] + (parent.map { ["-p", $0] } ?? []),
                                                    in: fixture.plan,
                                                    environment: ["GIT_AUTHOR_NAME": fields[0], "GIT_AUTHOR_EMAIL": fields[1], "GIT_AUTHOR_DATE": date,
                                                                  "GIT_COMMITTER_NAME": fields[0], "GIT_COMMITTER_EMAIL": fields[1], "GIT_COMMITTER_DATE": date]))
            parent = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        try fixture.must(Shell.git(["update-ref", "refs/heads/main", try XCTUnwrap(parent)], in: fixture.plan))
        let hub = fixture.dir.path + "/old.git"
        try fixture.must(fixture.carnetRun(["hub", "init", hub, "--from", fixture.plan]))

        let pocCopy = fixture.dir.path + "/wc-poc", justiceCopy = fixture.dir.path + "/wc-justice"
        try fixture.must(fixture.git(["clone", "-q", hub, pocCopy], in: fixture.dir.path, as: fixture.poc))
        try fixture.must(fixture.git(["clone", "-q", hub, justiceCopy], in: fixture.dir.path, as: fixture.justice))

        // The point of contact fixes autorite-terres' phone number, in 2020.
        try fixture.edit(pocCopy + "/ministries/autorite-terres.yaml", replacing: "+00 123 45678", with: "+00 123 45679")
        let old = "2020-02-01T10:00:00Z"
        try fixture.must(fixture.git(["commit", "-q", "-a", "-m", "Phone of autorite-terres"], in: pocCopy, as: fixture.poc,
                                     environment: ["GIT_AUTHOR_DATE": old, "GIT_COMMITTER_DATE": old]))
        let pocCommit = try fixture.head(of: pocCopy)
        try fixture.must(fixture.git(["push", "-q", "origin", "main"], in: pocCopy, as: fixture.poc,
                                     environment: ["CARNET_PUSHER": fixture.identity(fixture.poc)]))

        // min-justice records its own progress today, then merges the hub's main and pushes.
        try fixture.must(fixture.carnetRun(["whoami", "--name", fixture.justice.name, "--email", fixture.justice.email], in: justiceCopy))
        try fixture.must(fixture.carnetRun(["milestone", "set", "02", "m1", "--note", "Décret en préparation"], in: justiceCopy))
        let justiceCommit = try fixture.head(of: justiceCopy)
        try fixture.must(fixture.git(["pull", "-q", "--no-rebase", "--no-edit", "origin", "main"], in: justiceCopy, as: fixture.justice))
        let merge = try fixture.head(of: justiceCopy)
        XCTAssertEqual(try Shell.git(["rev-list", "--parents", "-n", "1", merge], in: justiceCopy).stdout.split(separator: " ").count, 3)
        try fixture.must(fixture.git(["push", "-q", "origin", "main"], in: justiceCopy, as: fixture.justice,
                                     environment: ["CARNET_PUSHER": fixture.identity(fixture.justice)]))

        let result = try fixture.must(fixture.carnetRun(["hub", "status", "--hub", hub, "--json"]))
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let rows = try XCTUnwrap(json["ministries"] as? [[String: Any]])
        let terres = try XCTUnwrap(rows.first { $0["id"] as? String == "autorite-terres" })
        XCTAssertEqual(terres["lastChangeCommit"] as? String, pocCommit, "autorite-terres' file was last changed by the point of contact's commit, not by the merge")
        XCTAssertEqual(terres["lastChange"] as? String, old)
        XCTAssertEqual(terres["silent"] as? Bool, true, "autorite-terres has been silent since 2020: \(terres)")
        let justice = try XCTUnwrap(rows.first { $0["id"] as? String == "min-justice" })
        XCTAssertEqual(justice["lastChangeCommit"] as? String, justiceCommit)
        XCTAssertEqual(justice["silent"] as? Bool, false)

        // carnet log, the same walker: the merge introduced nothing; the phone change is the
        // point of contact's.
        let log = try fixture.must(fixture.carnetRun(["log", "--json"], in: justiceCopy)).stdout
        let changes = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(log.utf8)) as? [[String: Any]])
        XCTAssertEqual(changes.first { $0["commit"] as? String == merge }?["files"] as? [String], [])
        XCTAssertEqual(changes.first { $0["commit"] as? String == pocCommit }?["files"] as? [String], ["ministries/autorite-terres.yaml"])
        XCTAssertEqual(changes.first { $0["commit"] as? String == justiceCommit }?["files"] as? [String], ["commitments/02/progress.yaml"])
    }
}
