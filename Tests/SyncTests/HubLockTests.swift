import Foundation
import XCTest
import Git
import Records
import TestSupport
@testable import Sync

/// A hub on a file path (a USB drive, a shared folder) with the lock files a killed git or
/// libgit2 leaves behind: `refs/heads/main.lock` (the push was killed between taking the
/// reference's lock and renaming it over main), `packed-refs.lock`. The state is made exactly as
/// libgit2 leaves it and aged with `touch -d`; the real `carnet` binary syncs, `git` on the hub
/// is the oracle. (The real kill -9 loop is in SyncFaultInjectionTests.)
final class HubLockTests: XCTestCase {
    private var binary: String!

    override func setUpWithError() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let bin = environment["CARNET_BIN"] ?? (environment["CI"] != nil ? RepositoryPaths.carnetBinary : nil) else {
            throw XCTSkip("set CARNET_BIN to the carnet binary (.ci/run does)")
        }
        binary = bin
    }

    /// The plan on a path hub, copy `a` with an edit not yet on the hub.
    private func peersWithAnEdit(_ value: String) throws -> SyncPeers {
        let peers = try SyncPeers()
        try peers.publish()
        try peers.clone("a")
        try peers.clone("b")
        try peers.setNote("a", "01", "m1", value)
        return peers
    }

    private func sync(_ peers: SyncPeers, _ name: String, json: Bool = false) throws -> ShellResult {
        try Shell.run([binary, "sync", "-C", peers.copies[name]!] + (json ? ["--json"] : []))
    }

    /// The hub's main, read by git.
    private func hubFile(_ peers: SyncPeers, _ commitment: String) throws -> String {
        try Shell.git(["show", "main:" + PlanLayout.progressFile(commitment)], in: peers.hubPath).stdout
    }

    /// A lock file as libgit2 writes it (the new value of the reference), dated `age` ago
    /// (`touch -d`: "20 minutes ago", "+2 hours").
    private func leaveLock(_ peers: SyncPeers, _ relative: String, contents: String? = nil, date: String?) throws -> String {
        let path = peers.hubPath + "/" + relative
        let head = try XCTUnwrap(try peers.hubHead()).description
        try Data((contents ?? head + "\n").utf8).write(to: URL(fileURLWithPath: path))
        if let date { XCTAssertEqual(try Shell.run(["touch", "-d", date, path]).status, 0) }
        return path
    }

    func testStaleRefLockOnPathHubIsRemovedAndTheEditReachesTheHub() throws {
        let peers = try peersWithAnEdit("after a killed push")
        let lock = try leaveLock(peers, "refs/heads/main.lock", date: "20 minutes ago")
        let packed = try leaveLock(peers, "packed-refs.lock", contents: "# pack-refs with: peeled fully-peeled sorted \n", date: "3 days ago")

        let result = try sync(peers, "a")
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue((result.stdout + result.stderr).contains("removed \(lock)"), result.stdout + result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: lock))
        XCTAssertFalse(FileManager.default.fileExists(atPath: packed))
        XCTAssertTrue(try hubFile(peers, "01").contains("after a killed push"))
        XCTAssertEqual(try Shell.git(["rev-parse", "main"], in: peers.hubPath).stdout.trimmingCharacters(in: .whitespacesAndNewlines),
                       try peers.head("a")?.description)
        try peers.assertFsck(peers.hubPath)
        // Every other copy converges too.
        let b = try sync(peers, "b")
        XCTAssertEqual(b.status, 0, b.stdout + b.stderr)
        XCTAssertEqual(try peers.head("b"), try peers.hubHead())
    }

    func testYoungRefLockIsBusyNamingTheFileNotUnreachable() throws {
        let peers = try peersWithAnEdit("waits for the lock")
        let lock = try leaveLock(peers, "refs/heads/main.lock", date: nil)   // just made: a push may be under way

        let result = try sync(peers, "a", json: true)
        XCTAssertEqual(result.status, 75, result.stdout + result.stderr)
        let outcome = try JSONDecoder().decode(SyncOutcome.self, from: Data(result.stdout.utf8))
        XCTAssertEqual(outcome.status, .busy)
        let message = try XCTUnwrap(outcome.message)
        XCTAssertTrue(message.contains(lock), message)
        XCTAssertTrue(message.contains("busy"), message)
        XCTAssertFalse(message.contains("unreachable"), message)
        XCTAssertFalse(message.contains("kept moving"), message)
        XCTAssertTrue(FileManager.default.fileExists(atPath: lock), "a young lock is never removed")
        XCTAssertFalse(try hubFile(peers, "01").contains("waits for the lock"))

        // Ten minutes later, nobody holds it: the next sync removes it and sends the edit.
        XCTAssertEqual(try Shell.run(["touch", "-d", "11 minutes ago", lock]).status, 0)
        let later = try sync(peers, "a")
        XCTAssertEqual(later.status, 0, later.stdout + later.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: lock))
        XCTAssertTrue(try hubFile(peers, "01").contains("waits for the lock"))
    }

    func testLockDatedInTheFutureIsNeverRemoved() throws {
        let peers = try peersWithAnEdit("clock trouble")
        // A few minutes ahead (clocks of a shared folder differ a little): busy, try later.
        let lock = try leaveLock(peers, "refs/heads/main.lock", date: "+3 minutes")
        let soon = try sync(peers, "a")
        XCTAssertEqual(soon.status, 75, soon.stdout + soon.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: lock))

        // Hours ahead: it would block every sync for hours; a person must look (exit 74).
        XCTAssertEqual(try Shell.run(["touch", "-d", "+2 hours", lock]).status, 0)
        let result = try sync(peers, "a", json: true)
        XCTAssertEqual(result.status, 74, result.stdout + result.stderr)
        let outcome = try JSONDecoder().decode(SyncOutcome.self, from: Data(result.stdout.utf8))
        XCTAssertEqual(outcome.status, .hubLocked)
        let message = try XCTUnwrap(outcome.message)
        XCTAssertTrue(message.contains("in the future"), message)
        XCTAssertTrue(message.contains("rm \(lock)"), message)
        XCTAssertTrue(FileManager.default.fileExists(atPath: lock))
    }

    /// A read-only drive: the hub mounted read-only (a bind mount in a private mount namespace,
    /// so nothing outside the sync sees it). The stale lock is reported as what it is, with the
    /// command that fixes it; once a person removed it, the sync converges.
    func testStaleLockOnReadOnlyHubNeedsAPerson() throws {
        let peers = try peersWithAnEdit("read-only drive")
        let lock = try leaveLock(peers, "refs/heads/main.lock", date: "1 hour ago")
        let script = "mount --bind \"$1\" \"$1\" && mount -o remount,ro,bind \"$1\" && exec \"$2\" sync --json -C \"$3\""
        let probe = try Shell.run(["unshare", "-m", "sh", "-c", "mount --bind \"$1\" \"$1\" && mount -o remount,ro,bind \"$1\"", "sh", peers.hubPath])
        guard probe.status == 0 else { throw XCTSkip("cannot mount the hub read-only here (needs root and unshare): \(probe.stderr)") }

        let result = try Shell.run(["unshare", "-m", "sh", "-c", script, "sh", peers.hubPath, binary, peers.copies["a"]!])
        XCTAssertEqual(result.status, 74, result.stdout + result.stderr)
        let outcome = try JSONDecoder().decode(SyncOutcome.self, from: Data(result.stdout.utf8))
        XCTAssertEqual(outcome.status, .hubLocked)
        let message = try XCTUnwrap(outcome.message)
        XCTAssertTrue(message.contains("Read-only file system"), message)
        XCTAssertTrue(message.contains("rm \(lock)"), message)
        XCTAssertFalse(message.contains("unreachable"), message)
        XCTAssertTrue(FileManager.default.fileExists(atPath: lock))

        // The person does what the message says, on a computer where the drive is writable.
        XCTAssertEqual(try Shell.run(["rm", lock]).status, 0)
        let after = try sync(peers, "a")
        XCTAssertEqual(after.status, 0, after.stdout + after.stderr)
        XCTAssertTrue(try hubFile(peers, "01").contains("read-only drive"))
    }

    /// The second look before unlink: a lock file judged stale that was replaced meanwhile (another
    /// process removed it and a git took a new lock in its place) is left alone, even dated the
    /// same; the one judged, still there and unchanged, is removed.
    func testSecondLookKeepsALockReplacedAfterItWasJudged() throws {
        let peers = try peersWithAnEdit("unused")
        let lock = try leaveLock(peers, "refs/heads/main.lock", date: "2026-01-01 12:00:00")
        let locks = try XCTUnwrap(HubLocks(hub: peers.hubPath))
        let judged = try XCTUnwrap(locks.lockFiles().first)
        XCTAssertEqual(judged.path, lock)

        let aside = lock + ".judged"
        XCTAssertEqual(rename(lock, aside), 0)   // keeps the judged inode alive: the new one differs
        _ = try leaveLock(peers, "refs/heads/main.lock", date: "2026-01-01 12:00:00")
        XCTAssertNil(try locks.removeIfStill(judged))
        XCTAssertTrue(FileManager.default.fileExists(atPath: lock), "a lock that is not the one judged is never removed")

        XCTAssertEqual(unlink(lock), 0)
        XCTAssertEqual(rename(aside, lock), 0)   // the judged file itself, back and untouched
        XCTAssertNotNil(try locks.removeIfStill(judged))
        XCTAssertFalse(FileManager.default.fileExists(atPath: lock))
    }

    /// The same through a file:// URL, and a lock on another reference and at the top of the hub.
    func testFileURLHubAndOtherLockFiles() throws {
        let peers = try SyncPeers()
        try peers.publish()
        try peers.clone("a", hub: "file://" + peers.hubPath)
        try peers.setNote("a", "02", "m1", "through file://")
        let main = try leaveLock(peers, "refs/heads/main.lock", date: "30 minutes ago")
        let head = try leaveLock(peers, "HEAD.lock", contents: "ref: refs/heads/main\n", date: "30 minutes ago")
        let result = try sync(peers, "a")
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: main))
        XCTAssertFalse(FileManager.default.fileExists(atPath: head))
        XCTAssertTrue(try hubFile(peers, "02").contains("through file://"))
    }
}
