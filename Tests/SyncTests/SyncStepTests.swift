import Foundation
import LocalSSH
import XCTest
import Git
import TestSupport
@testable import Sync

/// Keeping what has arrived (issue 19, item 2): the hub publishes its history in steps
/// (refs/carnet/steps/…, HistorySteps), a clone or fetch takes them one at a time, and a transfer
/// cut mid-way loses at most the step it was in. Bytes are counted on the link relay.
extension SyncLinkTests {
    /// Four scans of 120 KiB, each in a commit of its own, on a hub cut in steps of about 100 KB
    /// (by its post-receive hook, `carnet hub record`): a clone cut after about 60 % of the bytes
    /// keeps its folder and the steps that had arrived; the same clone again continues it, and
    /// the two attempts together bring no more than a whole clone plus one step.
    func testACutCloneKeepsTheStepsThatArrivedAndContinues() throws {
        let step = 100_000
        XCTAssertEqual(try Shell.git(["config", "carnet.stepBytes", String(step)], in: peers.hubPath).status, 0)
        for index in 1...4 { try addEvidence("05", size: 120 * 1024 + index, name: "scan\(index).pdf") }
        XCTAssertEqual(try peers.sync("a").status, .inSync)
        let hook = try Shell.run([RepositoryPaths.carnetBinary, "hub", "record", "--hub", peers.hubPath], input: "")
        XCTAssertEqual(hook.status, 0, hook.stderr)
        let steps = try Shell.git(["for-each-ref", "--format=%(refname)", "refs/carnet/steps/"], in: peers.hubPath).stdout
            .split(separator: "\n")
        XCTAssertGreaterThanOrEqual(steps.count, 4, "one step per scan at least: \(steps)")
        XCTAssertEqual(try Shell.git(["merge-base", "--is-ancestor", String(steps.last!), "main"], in: peers.hubPath).status, 0)

        // A whole clone over the link, for the figure to compare with.
        let (whole, _) = try link(.init(), timeout: 5)
        XCTAssertEqual(try clone(through: whole, into: peers.path("whole")).status, 0)
        let full = whole.bytes
        XCTAssertGreaterThan(full.down, 4 * 120 * 1024)

        // The same clone, cut once 60 % of those bytes have crossed (the relay refuses
        // connections for a second after the cut).
        let cutAt = (full.up + full.down) * 6 / 10
        let (relay, _) = try link(.init(cutAfter: cutAt, cutFor: 1), timeout: 5)
        let dir = peers.path("b")
        let cut = try clone(through: relay, into: dir)
        XCTAssertEqual(cut.status, 75, cut.stdout + cut.stderr)
        XCTAssertTrue(cut.stderr.contains("run the same carnet clone again"), cut.stderr)
        let kept = try Shell.git(["rev-parse", "--verify", "-q", Repository.fetchedStepReference], in: dir)
        XCTAssertEqual(kept.status, 0, "a completed step is kept in \(dir)")
        let first = relay.bytes

        usleep(1_500_000)
        let again = try clone(through: relay, into: dir, json: true)
        XCTAssertEqual(again.status, 0, again.stdout + again.stderr)
        let outcome = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(outcome["continuedClone"] as? Bool, true, again.stdout)
        // Several steps read as one transfer: bytes only grow, and it ends once.
        let events = again.stderr.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let received = events.compactMap { $0["received"] as? Int }
        XCTAssertEqual(received, received.sorted(), again.stderr)
        XCTAssertEqual(events.filter { $0["done"] as? Bool == true }.count, 1, again.stderr)
        XCTAssertEqual(events.last?["done"] as? Bool, true)
        let second = relay.bytes.down - first.down
        XCTAssertLessThan(second, full.down * 3 / 4, "the steps that had arrived were not fetched again")
        XCTAssertLessThan(first.down + second, full.down + step + 16 * 1024,
                          "at most one step's bytes crossed twice (\(first.down) + \(second) against \(full.down))")
        XCTAssertEqual(try Repository.open(dir).headCommitID(), try peers.hubHead())
        XCTAssertEqual(try Shell.git(["status", "--porcelain"], in: dir).stdout, "")
        XCTAssertNotEqual(try Shell.git(["rev-parse", "--verify", "-q", Repository.fetchedStepReference], in: dir).status, 0,
                          "the step marker goes once main is fetched")
        try peers.assertFsck(dir)
    }

    /// Three scans of 120 KiB in commits of their own, pushed in steps of about 100 KB: the link
    /// is cut in the middle, and the hub keeps the steps that had landed (each a complete push);
    /// the next sync sends only the rest.
    func testACutPushKeepsTheStepsThatLanded() throws {
        let copy = peers.copies["a"]!
        XCTAssertEqual(try Shell.git(["config", "carnet.stepBytes", "100000"], in: copy).status, 0)
        for index in 1...3 { try addEvidence("05", size: 120 * 1024 + index, name: "scan\(index).pdf") }
        let before = try XCTUnwrap(peers.hubHead())
        let (relay, engine) = try link(.init(rate: 256 * 1024, cutAfter: 220 * 1024, cutFor: 1), timeout: 5)
        let outcome = engine.sync()
        XCTAssertEqual(outcome.status, .linkLost, outcome.summary)
        let landed = try XCTUnwrap(peers.hubHead())
        XCTAssertNotEqual(landed, before, "a step landed before the cut")
        XCTAssertNotEqual(landed, try peers.head("a"), "not everything: the cut came first")
        let files = try Shell.git(["ls-tree", "-r", "--name-only", landed.description, "commitments/05"], in: peers.hubPath).stdout
        XCTAssertTrue(files.contains("scan1.pdf"), files)
        let first = relay.bytes

        usleep(1_500_000)
        XCTAssertEqual(engine.sync().status, .inSync)
        let second = relay.bytes.up - first.up
        XCTAssertEqual(try peers.hubHead(), try peers.head("a"))
        XCTAssertLessThan(second, 3 * 120 * 1024 * 3 / 4, "the steps that had landed were not sent again")
        XCTAssertLessThan(first.up + second, 3 * 120 * 1024 + 100_000 + 32 * 1024, "at most one step's bytes sent twice")
        try peers.assertFsck(peers.hubPath)
    }

    private func clone(through relay: LinkRelay, into dir: String, json: Bool = false) throws -> ShellResult {
        let url = "ssh://\(server.user)@127.0.0.1:\(relay.port)\(peers.hubPath)"
        return try Shell.run([RepositoryPaths.carnetBinary, "clone", url, dir, "--point-of-contact",
                              "--identity", server.clientKey, "--known-hosts", knownHosts!, "--timeout", "5"] + (json ? ["--json"] : []))
    }
}
