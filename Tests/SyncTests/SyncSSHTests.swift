import Foundation
import LocalSSH
import XCTest
import Git
import Records
import TestSupport
import Workspace
@testable import Sync

/// Sync over SSH against a real sshd on 127.0.0.1, and the libgit2 1.5.1 traps of DESIGN.md:
/// host keys checked against the named known_hosts, bounded credential attempts, a push the
/// server refuses, and a stalled connection aborted at the deadline.
final class SyncSSHTests: XCTestCase {
    var peers: SyncPeers!
    var server: SSHServer!

    override func setUpWithError() throws {
        guard SSHServer.available else {
            throw XCTSkip("sshd is not installed (Debian: apt-get install openssh-server openssh-client)")
        }
        peers = try SyncPeers()
        server = try SSHServer(in: peers.temp.url)
    }

    override func tearDown() {
        server = nil
        peers = nil
    }

    private func ssh(key: String? = nil, knownHosts: String? = nil, timeout: Int = 30) -> (SyncSettings) -> SyncSettings {
        let server = server!
        return { settings in
            var s = settings
            s.identityFile = key ?? server.clientKey
            s.knownHostsFile = knownHosts ?? server.knownHosts
            s.timeoutSeconds = timeout
            return s
        }
    }

    func testPublishCloneAndSyncOverSSH() throws {
        let url = server.url(peers.hubPath)
        try peers.publish(hub: url, transport: ssh())
        let cloned = try peers.clone("a", hub: url, transport: ssh())
        XCTAssertEqual(cloned.status, .inSync, cloned.summary)
        try peers.setNote("a", "01", "m2", "over ssh")
        let sent = try peers.sync("a")
        XCTAssertEqual(sent.status, .inSync, sent.summary)
        XCTAssertTrue(sent.pushed)
        let taken = try peers.sync("poc")
        XCTAssertEqual(taken.status, .inSync, taken.summary)
        XCTAssertEqual(try peers.progress("poc", "01").milestone("m2")?.note, .plain("over ssh"))
        try peers.assertFsck(peers.hubPath)
    }

    func testUnknownHostKeyIsRefusedWithWhatToDo() throws {
        try peers.publish()
        let empty = peers.path("empty_known_hosts")
        try "".write(toFile: empty, atomically: true, encoding: .utf8)
        let outcome = try peers.clone("a", hub: server.url(peers.hubPath), transport: ssh(knownHosts: empty))
        XCTAssertEqual(outcome.status, .refused, outcome.summary)
        XCTAssertEqual(outcome.exitCode, 77)
        XCTAssertTrue(outcome.message?.contains("ssh-keyscan") == true, outcome.message ?? "")
        XCTAssertTrue(outcome.message?.contains("SHA256:") == true, outcome.message ?? "")
        XCTAssertFalse(FileManager.default.fileExists(atPath: peers.path("a")), "a failed clone leaves nothing")
    }

    func testChangedHostKeyIsRefused() throws {
        try peers.publish()
        let outcome = try peers.clone("a", hub: server.url(peers.hubPath), transport: ssh(knownHosts: try server.wrongKnownHosts()))
        XCTAssertEqual(outcome.status, .refused, outcome.summary)
        XCTAssertTrue(outcome.message?.contains("CHANGED") == true, outcome.message ?? "")
    }

    func testWrongKeyGivesUpAfterBoundedAttempts() throws {
        try peers.publish()
        let outcome = try peers.clone("a", hub: server.url(peers.hubPath), transport: ssh(key: server.wrongKey))
        // It comes back (libgit2 alone would ask for credentials again and again), as a refusal:
        // either our bound on attempts or the server closing the session ends it.
        XCTAssertEqual(outcome.status, .refused, outcome.summary)
        XCTAssertEqual(outcome.exitCode, 77)
        let message = outcome.message ?? ""
        XCTAssertTrue(message.contains("attempts") || message.contains("refused the credentials"), message)
    }

    func testPushRefusedByTheHubIsAnErrorWithItsMessage() throws {
        let url = server.url(peers.hubPath)
        try peers.publish(hub: url, transport: ssh())
        let hook = peers.hubPath + "/hooks/pre-receive"
        try "#!/bin/sh\necho 'ministry min-finances may not write commitments/01' >&2\nexit 1\n"
            .write(toFile: hook, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook)
        let before = try peers.hubHead()
        try peers.setNote("poc", "01", "m1", "refused edit")
        let outcome = try peers.sync("poc")
        XCTAssertEqual(outcome.status, .refused, outcome.summary)
        XCTAssertEqual(outcome.exitCode, 77)
        XCTAssertTrue(outcome.serverMessage?.contains("may not write commitments/01") == true, outcome.serverMessage ?? "")
        XCTAssertFalse(outcome.pushed)
        XCTAssertEqual(try peers.hubHead(), before, "the hub did not move")
        XCTAssertNotEqual(try peers.head("poc"), before, "the local commit is kept")
    }

    /// `carnet sync` prints the hub's refusal, which a hostile or broken hub writes as it likes:
    /// the real binary's output holds none of its control sequences, and --json keeps the text.
    func testTheHubsRefusalIsPrintedWithoutControlSequences() throws {
        let url = server.url(peers.hubPath)
        try peers.publish(hub: url, transport: ssh())
        let hook = peers.hubPath + "/hooks/pre-receive"
        try "#!/bin/sh\nprintf 'refused \\033]0;pwned\\007\\033[2J\\033[1;31mred\\rFAKE \\342\\200\\256txt \\302\\233m\\n' >&2\nexit 1\n"
            .write(toFile: hook, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook)
        try peers.setNote("poc", "01", "m1", "refused edit")
        let result = try Shell.run([RepositoryPaths.carnetBinary, "sync", "-C", peers.path("poc")])
        XCTAssertEqual(result.status, 77, result.stderr)
        XCTAssertTrue(result.stderr.contains("refused"), result.stderr)
        XCTAssertNil(TerminalOracle.firstControl(in: result.stdout + result.stderr), (result.stdout + result.stderr).debugDescription)
        XCTAssertFalse((result.stdout + result.stderr).contains("]0;pwned"))

        let json = try Shell.run([RepositoryPaths.carnetBinary, "sync", "--json", "-C", peers.path("poc")])
        XCTAssertEqual(json.status, 77, json.stderr)
        XCTAssertNil(TerminalOracle.firstControl(in: json.stdout), json.stdout.debugDescription)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let message = try XCTUnwrap(object["serverMessage"] as? String, "\(object)")
        XCTAssertTrue(message.contains("\u{1B}]0;pwned\u{07}") && message.contains("\u{202E}"), message.debugDescription)
    }

    /// An edit committed while our push runs (the hub's hook is slow) is not on the hub: the copy
    /// must still count it as waiting, not record it as sent.
    func testAnEditCommittedDuringThePushStillWaits() throws {
        let url = server.url(peers.hubPath)
        try peers.publish(hub: url, transport: ssh())
        try peers.clone("a", hub: url, transport: ssh())
        let copy = peers.copies["a"]!
        let hook = peers.hubPath + "/hooks/pre-receive"
        try """
            #!/bin/sh
            env -u GIT_DIR -u GIT_QUARANTINE_PATH -u GIT_OBJECT_DIRECTORY -u GIT_ALTERNATE_OBJECT_DIRECTORIES \\
                '\(RepositoryPaths.carnetBinary)' milestone set 05 m2 --note 'during the push' -C '\(copy)' >/dev/null 2>&1
            exit 0

            """.write(toFile: hook, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook)
        try peers.setNote("a", "03", "m1", "before the push")
        let outcome = try peers.sync("a")
        XCTAssertEqual(outcome.status, .inSync, outcome.summary)
        let status = try Shell.run([RepositoryPaths.carnetBinary, "status", "--json", "-C", copy])
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any], status.stderr)
        XCTAssertEqual((json["sync"] as? [String: Any])?["commitsNotOnHub"] as? Int, 1, "the edit made during the push is waiting")
        XCTAssertFalse(try Shell.git(["show", "main:commitments/05/progress.yaml"], in: peers.hubPath).stdout.contains("during the push"))
    }

    /// The hub moves between our fetch and our push (another ministry's push lands while ours is
    /// checked): the push is refused after the hook ran, the round starts again, and the merge is
    /// redone from our side onto the hub's new state: one merge commit, not one per attempt.
    func testLostPushRaceRedoesTheMergeInsteadOfStackingMerges() throws {
        try loseAPushRace(firstSyncRounds: nil)
    }

    /// The same when the sync that lost the race gave up (or was killed) with its merge unpushed:
    /// the next sync, another process, redoes that merge instead of merging on top of it.
    func testMergeLeftUnpushedByAnEarlierSyncIsRedoneNotStacked() throws {
        try loseAPushRace(firstSyncRounds: 1)
    }

    private func loseAPushRace(firstSyncRounds: Int?) throws {
        let url = server.url(peers.hubPath)
        try peers.publish(hub: url, transport: ssh())
        try peers.clone("a", hub: url, transport: ssh())
        try peers.clone("b", hub: url, transport: ssh())
        // The point of contact moves the hub on, so that a's copy diverges from it.
        try peers.setNote("poc", "03", "m1", "by the point of contact")
        XCTAssertEqual(try peers.sync("poc").status, .inSync)
        // b's next commit waits on a side branch of the hub; the hook puts it on main during a's push.
        XCTAssertEqual(try peers.sync("b").status, .inSync)
        try peers.setNote("b", "04", "m1", "by b, landing during a's push")
        XCTAssertNotNil(try WorkingCopy(at: peers.copies["b"]!).commitPending(message: "b's edit").commit)
        let side = try Shell.git(["push", "-q", peers.hubPath, "HEAD:refs/heads/side"], in: peers.copies["b"]!)
        XCTAssertEqual(side.status, 0, side.stderr)
        let mark = peers.path("race-done")
        let hook = peers.hubPath + "/hooks/pre-receive"
        try """
            #!/bin/sh
            if [ ! -e '\(mark)' ]; then
                touch '\(mark)'
                env -u GIT_QUARANTINE_PATH -u GIT_OBJECT_DIRECTORY -u GIT_ALTERNATE_OBJECT_DIRECTORIES \\
                    git --git-dir='\(peers.hubPath)' update-ref refs/heads/main refs/heads/side
            fi
            exit 0

            """.write(toFile: hook, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook)

        try peers.setNote("a", "02", "m1", "by a")
        let engine = try SyncEngine(at: peers.copies["a"]!)
        if let firstSyncRounds { engine.maxRounds = firstSyncRounds }
        var outcome = engine.sync()
        XCTAssertTrue(FileManager.default.fileExists(atPath: mark), "the hook moved the hub during a's push")
        if firstSyncRounds == 1 {
            // That sync gave up (the hub kept moving) with its merge unpushed; the next one redoes it.
            XCTAssertEqual(outcome.status, .hubUnreachable, outcome.summary)
            outcome = try peers.sync("a")
        } else {
            XCTAssertGreaterThanOrEqual(outcome.rounds, 2, "the lost race made another round")
        }
        XCTAssertEqual(outcome.status, .inSync, outcome.summary)
        XCTAssertEqual(try peers.hubHead(), try peers.head("a"))
        let merges = try Shell.git(["rev-list", "--merges", "--count", "main"], in: peers.hubPath).stdout
        XCTAssertEqual(merges.trimmingCharacters(in: .whitespacesAndNewlines), "1", "one merge commit for a's sync")
        for (commitment, note) in [("02", "by a"), ("03", "by the point of contact"), ("04", "by b, landing during a's push")] {
            let text = try Shell.git(["show", "main:commitments/\(commitment)/progress.yaml"], in: peers.hubPath).stdout
            XCTAssertTrue(text.contains(note), "commitment \(commitment) keeps \(note)")
        }
        try peers.assertFsck(peers.hubPath)
    }

    func testSilentHubIsAbortedAtTheDeadline() throws {
        try peers.publish()
        let silent = try SilentListener()
        let url = "ssh://\(server.user)@127.0.0.1:\(silent.port)/plan.git"
        let started = Date()
        let outcome = try peers.clone("a", hub: url, transport: ssh(timeout: 2))
        XCTAssertEqual(outcome.status, .hubUnreachable, outcome.summary)
        XCTAssertTrue(outcome.message?.contains("did not answer") == true, outcome.message ?? "")
        // Not a timing assertion: only that it came back at all, long before a test runner's limit.
        XCTAssertLessThan(Date().timeIntervalSince(started), 120)
    }

    func testHookThatHangsIsAbortedAsStalled() throws {
        let url = server.url(peers.hubPath)
        try peers.publish(hub: url, transport: ssh())
        let hook = peers.hubPath + "/hooks/pre-receive"
        try "#!/bin/sh\nsleep 20\nexit 0\n".write(toFile: hook, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook)
        let engine = try SyncEngine(at: peers.copies["poc"]!)
        var settings = try XCTUnwrap(engine.settings())
        settings.timeoutSeconds = 2
        try engine.configure(settings)
        try peers.setNote("poc", "01", "m1", "slow hub")
        let outcome = engine.sync()
        // The hub answered, took the pack, then said nothing for the bound: a stall, not an unreachable hub.
        XCTAssertEqual(outcome.status, .stalled, outcome.summary)
        XCTAssertEqual(outcome.exitCode, 75)
        XCTAssertTrue(outcome.message?.contains("stalled") == true, outcome.message ?? "")
        XCTAssertEqual(outcome.committed, ["commitments/01/progress.yaml"], "the commit is kept for the next sync")
    }
}
