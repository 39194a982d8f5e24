import Foundation
import LocalSSH
import XCTest
import Git
import Records
import TestSupport
import Workspace
@testable import Sync

/// Sync over the links ministry offices have (issue 19), against a real sshd through a link
/// emulator (Tests/link-relay.py): slow, delayed, paused, cut. Each test moves a few hundred KiB
/// with a no-progress bound of a few seconds, so the suite stays within about a minute.
final class SyncLinkTests: XCTestCase {
    var peers: SyncPeers!
    var server: SSHServer!
    var knownHosts: String!

    override func setUpWithError() throws {
        guard SSHServer.available else {
            throw XCTSkip("sshd is not installed (Debian: apt-get install openssh-server openssh-client)")
        }
        guard LinkRelay.available else { throw XCTSkip("python3 is not installed (Debian: apt-get install python3)") }
        peers = try SyncPeers()
        server = try SSHServer(in: peers.temp.url)
        knownHosts = server.knownHosts
        let url = server.url(peers.hubPath)
        try peers.publish(hub: url, transport: ssh())
        XCTAssertEqual(try peers.clone("a", hub: url, transport: ssh()).status, .inSync)
    }

    override func tearDown() {
        server = nil
        peers = nil
    }

    private func ssh(timeout: Int = 30) -> (SyncSettings) -> SyncSettings {
        let server = server!
        let knownHosts = knownHosts!
        return { settings in
            var s = settings
            s.identityFile = server.clientKey
            s.knownHostsFile = knownHosts
            s.timeoutSeconds = timeout
            return s
        }
    }

    /// A relay in front of the hub's sshd; copy `a` now syncs through it with the given bound.
    func link(_ profile: LinkRelay.Profile, timeout: Int) throws -> (relay: LinkRelay, engine: SyncEngine) {
        let relay = try LinkRelay(in: peers.temp.url, targetPort: server.port, profile: profile)
        let both = peers.path("known_hosts_\(relay.port)")
        try (String(contentsOfFile: server.knownHosts, encoding: .utf8)
             + LinkRelay.knownHostsLine(port: relay.port, hostPublicKey: server.hostPublicKey))
            .write(toFile: both, atomically: true, encoding: .utf8)
        knownHosts = both
        let engine = try SyncEngine(at: peers.copies["a"]!)
        var settings = try XCTUnwrap(engine.settings())
        settings.hub = "ssh://\(server.user)@127.0.0.1:\(relay.port)\(peers.hubPath)"
        settings.knownHostsFile = both
        settings.timeoutSeconds = timeout
        try engine.configure(settings)
        return (relay, engine)
    }

    /// An evidence document of `size` bytes that does not compress (a scan), added with the CLI.
    func addEvidence(_ commitment: String, size: Int, name: String = "scan.pdf") throws {
        var generator = SeededGenerator(seed: UInt64(size))
        var bytes = Array("%PDF-1.4\n".utf8)
        bytes += (0..<(size - bytes.count)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let file = peers.path(name)
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        let result = try Shell.run([RepositoryPaths.carnetBinary, "evidence", "add", commitment, file,
                                    "--title", "Scan", "-C", peers.copies["a"]!])
        XCTAssertEqual(result.status, 0, result.stderr)
    }

    final class Events: @unchecked Sendable {
        private let lock = NSLock()
        private var list: [TransferProgress] = []
        func add(_ event: TransferProgress) { lock.lock(); list.append(event); lock.unlock() }
        var all: [TransferProgress] { lock.lock(); defer { lock.unlock() }; return list }
    }

    /// 240 KiB at 32 KiB/s with 150 ms round trips takes several times the bound of 2 s, which the
    /// old whole-operation deadline would have ended: it keeps moving, so it finishes; and the
    /// progress it reports moves forward, with the push's size and the time left.
    func testSlowTransferThatMovesCompletesAndReportsProgress() throws {
        try addEvidence("05", size: 240 * 1024)
        let (relay, engine) = try link(.init(rate: 32 * 1024, delay: 0.075), timeout: 2)
        let events = Events()
        engine.progress = { events.add($0) }
        let started = Date()
        let outcome = engine.sync()
        let seconds = Date().timeIntervalSince(started)
        XCTAssertEqual(outcome.status, .inSync, outcome.summary)
        XCTAssertTrue(outcome.pushed)
        XCTAssertEqual(try peers.hubHead(), try peers.head("a"))
        XCTAssertGreaterThan(seconds, 4, "the transfer outlasted twice the bound (it is not a test of speed)")
        XCTAssertGreaterThan(relay.bytes.up, 240 * 1024, "the evidence crossed the link")

        let pushes = events.all.filter { $0.operation == "push" }
        XCTAssertGreaterThan(pushes.count, 3, "progress during the push: \(pushes)")
        let sent = pushes.map(\.sent)
        XCTAssertEqual(sent, sent.sorted(), "bytes sent only grow")
        XCTAssertGreaterThanOrEqual(sent.last ?? 0, 240 * 1024)
        XCTAssertGreaterThanOrEqual(pushes.first?.total ?? 0, 240 * 1024, "the push knows about how much it sends")
        XCTAssertTrue(pushes.contains { $0.rate > 0 && $0.secondsLeft != nil }, "a rate and a time left were given")
        XCTAssertEqual(pushes.last?.done, true, "the last event ends the transfer")
        try peers.assertFsck(peers.hubPath)
    }

    /// The link stops carrying anything in the middle of the push: the sync ends as stalled
    /// (exit 75) about the bound after the last byte moved, not as an unreachable hub; the
    /// commit stays for the next sync, which sends it once the link is back.
    func testStalledTransferEndsAsStalledWithinTheBound() throws {
        try addEvidence("05", size: 240 * 1024)
        let (relay, engine) = try link(.init(rate: 64 * 1024, pauseAfter: 80 * 1024, pauseFor: 0), timeout: 3)
        let started = Date()
        let outcome = engine.sync()
        let seconds = Date().timeIntervalSince(started)
        XCTAssertEqual(outcome.status, .stalled, outcome.summary)
        XCTAssertEqual(outcome.exitCode, 75)
        XCTAssertTrue(outcome.message?.contains("no data moved for 3 s") == true, outcome.message ?? "")
        XCTAssertLessThan(seconds, 3 + 20, "ended about the bound after the link went quiet")
        XCTAssertNotEqual(try peers.hubHead(), try peers.head("a"), "nothing landed")
        relay.resume()   // the relay's pause was for ever: a new relay, a working link
        let (working, again) = try link(.init(), timeout: 3)
        XCTAssertEqual(again.sync().status, .inSync)
        XCTAssertGreaterThan(working.bytes.up, 240 * 1024)
        XCTAssertEqual(try peers.hubHead(), try peers.head("a"))
    }

    /// The link is cut in the middle of the push (every connection closed): the sync ends as
    /// link lost (exit 75), with what had crossed, not as an unreachable hub.
    func testCutLinkEndsAsLinkLost() throws {
        try addEvidence("05", size: 240 * 1024)
        let (relay, engine) = try link(.init(rate: 64 * 1024, cutAfter: 80 * 1024, cutFor: 60), timeout: 10)
        let outcome = withExtendedLifetime(relay) { engine.sync() }
        XCTAssertEqual(outcome.status, .linkLost, outcome.summary)
        XCTAssertEqual(outcome.exitCode, 75)
        XCTAssertTrue(outcome.message?.contains("link to the hub was lost") == true, outcome.message ?? "")
    }

    /// A hub that never answers (the relay holds the link from the first byte) is still an
    /// unreachable hub, not a stall.
    func testHubThatNeverAnswersIsUnreachable() throws {
        let (relay, engine) = try link(.init(), timeout: 2)
        relay.pause()
        try peers.setNote("a", "03", "m1", "never sent")
        let outcome = engine.sync()
        XCTAssertEqual(outcome.status, .hubUnreachable, outcome.summary)
        XCTAssertTrue(outcome.message?.contains("did not answer") == true, outcome.message ?? "")
    }

    /// `carnet clone --json` over a slow link: stderr carries one JSON object per line for the
    /// fetch (bytes received growing, objects out of the pack's total), the last one ending it
    /// with everything received; stdout keeps the result.
    func testCloneOverASlowLinkPrintsJSONProgressLines() throws {
        try addEvidence("05", size: 200 * 1024)
        XCTAssertEqual(try peers.sync("a").status, .inSync)   // straight to the hub, before the link
        let (relay, _) = try link(.init(rate: 48 * 1024, delay: 0.05), timeout: 5)
        let url = "ssh://\(server.user)@127.0.0.1:\(relay.port)\(peers.hubPath)"
        let result = try Shell.run([RepositoryPaths.carnetBinary, "clone", url, peers.path("b"), "--point-of-contact",
                                    "--identity", server.clientKey, "--known-hosts", knownHosts!, "--timeout", "5", "--json"])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertNotNil(try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)), result.stdout)
        let lines = result.stderr.split(separator: "\n")
        let events = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        XCTAssertEqual(events.count, lines.count, "every line of stderr is a JSON object: \(result.stderr)")
        XCTAssertTrue(events.allSatisfy { $0["event"] as? String == "transfer" && $0["operation"] as? String == "fetch" })
        let received = events.compactMap { $0["received"] as? Int }
        XCTAssertEqual(received, received.sorted(), "bytes received only grow")
        XCTAssertGreaterThanOrEqual(events.filter { $0["done"] as? Bool == false }.count, 2, "progress while it ran: \(result.stderr)")
        XCTAssertEqual(events.last?["done"] as? Bool, true)
        XCTAssertGreaterThan(received.last ?? 0, 200 * 1024)
        XCTAssertGreaterThan(events.compactMap { $0["totalObjects"] as? Int }.max() ?? 0, 0)
    }

    /// A clone interrupted after its download (killed, the laptop switched off): its folder holds
    /// the .git with the hub's objects, a file of the plan and a temporary file. `carnet clone`
    /// into the same folder continues it — exit 0, the plan not downloaded again — where it used
    /// to fail. A folder holding anything else is refused and left as it is.
    func testAnInterruptedCloneContinuesInTheSameFolder() throws {
        try addEvidence("05", size: 200 * 1024)
        XCTAssertEqual(try peers.sync("a").status, .inSync)
        let (relay, _) = try link(.init(), timeout: 5)
        let url = "ssh://\(server.user)@127.0.0.1:\(relay.port)\(peers.hubPath)"
        let dir = peers.path("b")
        // What a clone killed after its fetch leaves behind.
        let repository = try Repository.create(dir)
        let settings = SyncSettings(hub: url, ministry: nil, identityFile: server.clientKey, knownHostsFile: knownHosts, timeoutSeconds: 5)
        try settings.write(to: repository)
        try repository.fetch(remote: SyncSettings.remoteName, settings: settings.transport)
        try Shell.git(["show", "main:plan.yaml"], in: peers.hubPath).stdout.write(toFile: dir + "/plan.yaml", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: dir + "/commitments/05", withIntermediateDirectories: true)
        try "half".write(toFile: dir + "/commitments/05/.carnet-123-456.tmp", atomically: true, encoding: .utf8)
        let before = relay.bytes

        let clone = [RepositoryPaths.carnetBinary, "clone", url, dir, "--point-of-contact",
                     "--identity", server.clientKey, "--known-hosts", knownHosts!, "--json"]
        let result = try Shell.run(clone)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let outcome = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(outcome["continuedClone"] as? Bool, true, result.stdout)
        let after = relay.bytes
        XCTAssertLessThan(after.down - before.down, 64 * 1024, "the plan and its scan were not downloaded again")
        XCTAssertEqual(try Repository.open(dir).headCommitID(), try peers.hubHead())
        XCTAssertEqual(try Shell.git(["status", "--porcelain"], in: dir).stdout, "")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/commitments/05/.carnet-123-456.tmp"))

        // Not an unfinished clone's: refused, nothing removed.
        let other = peers.path("c")
        _ = try Repository.create(other)
        try "mine".write(toFile: other + "/notes.txt", atomically: true, encoding: .utf8)
        let refused = try Shell.run([RepositoryPaths.carnetBinary, "clone", url, other, "--point-of-contact",
                                     "--identity", server.clientKey, "--known-hosts", knownHosts!])
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.stderr.contains("not empty"), refused.stderr)
        XCTAssertEqual(try String(contentsOfFile: other + "/notes.txt", encoding: .utf8), "mine")
    }

    /// Changes that have waited more than a day for the hub are said in plain words by
    /// `carnet status`, with how many and how much there is to send; `--json` has the figures.
    func testStatusSaysWhenChangesHaveWaitedADay() throws {
        let copy = peers.copies["a"]!
        try peers.setNote("a", "03", "m1", "written offline")
        try Data(repeating: 7, count: 100 * 1024).write(to: URL(fileURLWithPath: copy + "/commitments/03/compte-rendu.pdf"))
        XCTAssertEqual(try Shell.run(["git", "add", "-A"], in: copy).status, 0)
        let commit = try Shell.run(["git", "-c", "user.name=A", "-c", "user.email=a@example.org", "commit", "-q", "-m", "Offline edit"],
                                   in: copy, environment: ["GIT_AUTHOR_DATE": "@\(Int(Date().timeIntervalSince1970) - 2 * 86_400) +0000"])
        XCTAssertEqual(commit.status, 0, commit.stderr)
        let status = try Shell.run([RepositoryPaths.carnetBinary, "status", "-C", copy])
        XCTAssertTrue(status.stdout.contains("a change has waited 2 days for the hub: 1 commit, about 10"), status.stdout)
        let json = try Shell.run([RepositoryPaths.carnetBinary, "status", "--json", "-C", copy])
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let sync = try XCTUnwrap(object["sync"] as? [String: Any])
        XCTAssertGreaterThan(sync["waitingBytes"] as? Int ?? 0, 100 * 1024)
        XCTAssertNotNil(sync["waitingSince"])
    }

    /// A large evidence file, then a record edited after it: the sync sends the record in a push
    /// of its own first, so the hub has it while the file still travels. Seen from the hub: the
    /// first new state of its main holds the edit and not the file; the last one is the copy's.
    func testRecordsReachTheHubBeforeALargeEvidenceFile() throws {
        try addEvidence("05", size: 200 * 1024)
        try peers.setNote("a", "03", "m1", "sent before the scan")
        // The same commitment's progress as the scan's evidence entry: merged field by field, it goes first too.
        try peers.setNote("a", "05", "m2", "this one too")
        let (relay, engine) = try link(.init(rate: 48 * 1024, delay: 0.05), timeout: 5)
        let before = try XCTUnwrap(peers.hubHead())
        let seen = HubWatch(hub: peers.hubPath, from: before)
        let outcome = withExtendedLifetime(relay) { engine.sync() }
        let heads = seen.stop()
        XCTAssertEqual(outcome.status, .inSync, outcome.summary)
        XCTAssertNotNil(outcome.recordsFirst, outcome.summary)
        XCTAssertTrue(outcome.summary.contains("record changes first"), outcome.summary)
        XCTAssertEqual(heads.last, try peers.head("a"), "the hub ends with the copy's branch")
        XCTAssertGreaterThanOrEqual(heads.count, 2, "two states of the hub's main: records, then the file")
        let first = try XCTUnwrap(heads.first)
        let note = try Shell.git(["show", "\(first.description):commitments/03/progress.yaml"], in: peers.hubPath).stdout
        XCTAssertTrue(note.contains("sent before the scan"), note)
        let same = try Shell.git(["show", "\(first.description):commitments/05/progress.yaml"], in: peers.hubPath).stdout
        XCTAssertTrue(same.contains("this one too") && !same.contains("scan.pdf"), same)
        let files = try Shell.git(["ls-tree", "-r", "--name-only", first.description, "commitments/05"], in: peers.hubPath).stdout
        XCTAssertFalse(files.contains("scan"), "the scan came after the records: \(files)")
        XCTAssertEqual(try peers.tree("a"), try Shell.git(["rev-parse", "main^{tree}"], in: peers.hubPath).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines), "same content as the copy")
        try peers.assertClean("a")
        try peers.assertFsck(peers.hubPath)
    }

    /// Every state the hub's main takes, seen by polling it (every 20 ms) from another thread.
    private final class HubWatch: @unchecked Sendable {
        private let lock = NSLock()
        private var heads: [ObjectID] = []
        private var running = true
        private let done = DispatchSemaphore(value: 0)

        init(hub: String, from start: ObjectID) {
            Thread.detachNewThread { [self] in
                var last = start
                while lock.withLock({ running }) {
                    if let head = try? Repository.open(hub).referenceTarget("refs/heads/main"), head != last {
                        last = head
                        lock.withLock { heads.append(head) }
                    }
                    usleep(20_000)
                }
                done.signal()
            }
        }

        func stop() -> [ObjectID] {
            usleep(60_000)
            lock.withLock { running = false }
            done.wait()
            return lock.withLock { heads }
        }
    }
}
