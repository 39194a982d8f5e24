import Foundation
import XCTest
import Git
import Records
import Workspace
import TestSupport
@testable import Sync

/// Sync between working copies through a bare hub on the local file system (a path, file://,
/// or a bare copy carried on a USB drive), with git as the oracle.
final class SyncLocalTests: XCTestCase {
    func testPublishCloneEditSyncRoundTrip() throws {
        let peers = try SyncPeers()
        try peers.publish()
        XCTAssertEqual(try peers.hubHead(), try peers.head("poc"))
        XCTAssertEqual(try peers.clone("finances").status, .inSync)
        XCTAssertEqual(try peers.tree("finances"), try peers.tree("poc"))
        try peers.assertClean("finances")

        try peers.setNote("finances", "01", "m4", "Relecture terminée")
        let sent = try peers.sync("finances")
        XCTAssertEqual(sent.status, .inSync, sent.summary)
        XCTAssertEqual(sent.committed, ["commitments/01/progress.yaml"])
        XCTAssertTrue(sent.pushed)

        let taken = try peers.sync("poc")
        XCTAssertEqual(taken.status, .inSync, taken.summary)
        XCTAssertTrue(taken.fastForwarded)
        XCTAssertEqual(try peers.progress("poc", "01").milestone("m4")?.note, .plain("Relecture terminée"))
        try peers.assertClean("poc")
        try peers.assertFsck(peers.hubPath)
        try peers.assertFsck(peers.copies["poc"]!)
    }

    func testOnlyAheadPushesWithoutFetchingAndAMovedHubStillMerges() throws {
        let peers = try SyncPeers()
        try peers.publish()
        try peers.clone("a")
        try peers.clone("b")
        // The hub has not moved since a last saw it: one push is the whole sync.
        try peers.setNote("a", "01", "m1", "ahead only")
        let ahead = try peers.sync("a")
        XCTAssertEqual(ahead.status, .inSync, ahead.summary)
        XCTAssertTrue(ahead.pushed)
        XCTAssertFalse(ahead.fetched, "pushed straight away")
        XCTAssertEqual(try peers.hubHead(), try peers.head("a"))
        // b's last view of the hub is stale: its push first is refused (not a fast-forward), and
        // the usual fetch and merge follow; a's edit is not lost.
        try peers.setNote("b", "02", "m1", "behind and ahead")
        let diverged = try peers.sync("b")
        XCTAssertEqual(diverged.status, .inSync, diverged.summary)
        XCTAssertTrue(diverged.fetched)
        XCTAssertNotNil(diverged.mergeCommit)
        XCTAssertEqual(try peers.hubHead(), try peers.head("b"))
        XCTAssertEqual(try peers.progress("b", "01").milestone("m1")?.note, .plain("ahead only"))
        XCTAssertEqual(try peers.progress("b", "02").milestone("m1")?.note, .plain("behind and ahead"))
        try peers.assertFsck(peers.hubPath)
    }

    /// The point of contact removes a milestone while a ministry, offline, reports on it: each side
    /// is valid, the merged plan must be too. The report leaves the record for its `conflicts`.
    func testProgressOnAMilestoneRemovedMeanwhileIsKeptInConflictsAndThePlanValidates() throws {
        let peers = try SyncPeers()
        try peers.publish()
        try peers.clone("a")
        // The point of contact drops m4 of commitment 01, and its progress, in one valid commit.
        let relative = PlanLayout.commitmentFile("01")
        let source = RecordSource(bytes: Array(try peers.read("poc", relative).utf8), path: relative)
        var commitment = try XCTUnwrap(Commitment.read(source, expectedID: "01"))
        commitment.milestones.removeAll { $0.id == "m4" }
        try peers.write("poc", relative, commitment.canonicalYAML)
        try peers.editProgress("poc", "01") { p in p.milestones.removeAll { $0.id == "m4" } }
        XCTAssertEqual(try peers.sync("poc").status, .inSync)
        // Meanwhile the ministry reports on m4 and attaches evidence to it.
        try peers.setNote("a", "01", "m4", "m4 done offline")
        try peers.editProgress("a", "01") { p in
            p.evidence.append(.init(id: "m4-proof", title: .plain("Proof"), url: "https://example.org/m4", milestone: "m4"))
        }
        let outcome = try peers.sync("a")
        XCTAssertEqual(outcome.status, .inSync, outcome.summary)
        XCTAssertNotNil(outcome.mergeCommit)
        let progress = try peers.progress("a", "01")
        XCTAssertNil(progress.milestone("m4"), "the milestone is gone from the commitment, so from its progress")
        XCTAssertNil(progress.evidence.first { $0.id == "m4-proof" }?.milestone)
        let kept = progress.conflicts.first { $0.field == "milestones.m4" }
        XCTAssertTrue(kept?.lost.contains("m4 done offline") == true, "\(progress.conflicts)")
        XCTAssertEqual(progress.conflicts.filter { $0.field == "milestones.m4" }.count, 1, "\(progress.conflicts)")
        XCTAssertTrue(progress.conflicts.contains { $0.field == "evidence.m4-proof.milestone" && $0.lost == "m4" }, "\(progress.conflicts)")
        XCTAssertTrue(outcome.conflicts.contains { $0.field == "milestones.m4" })
        // The whole merged plan validates (not only each file), on the hub as in the copy.
        let errors = PlanValidator().validate(PlanSnapshot(root: URL(fileURLWithPath: peers.copies["a"]!))).filter { $0.severity == .error }
        XCTAssertEqual(errors, [], "\(errors)")
        XCTAssertEqual(try peers.hubHead(), try peers.head("a"))
        try peers.assertClean("a")
    }

    func testConcurrentEditsOfDifferentFieldsMergeFieldByField() throws {
        let peers = try SyncPeers()
        try peers.publish()
        try peers.clone("a")
        try peers.clone("b")
        try peers.setNote("a", "02", "m1", "note by a")
        try peers.editProgress("b", "02") { $0.completion = .substantial }
        XCTAssertEqual(try peers.sync("a").status, .inSync)
        let merged = try peers.sync("b")
        XCTAssertEqual(merged.status, .inSync, merged.summary)
        XCTAssertNotNil(merged.mergeCommit)
        XCTAssertTrue(merged.conflicts.isEmpty, "\(merged.conflicts)")
        _ = try peers.sync("a")
        for name in ["a", "b"] {
            let p = try peers.progress(name, "02")
            XCTAssertEqual(p.milestone("m1")?.note, .plain("note by a"))
            XCTAssertEqual(p.completion, .substantial)
            try peers.assertClean(name)
        }
        XCTAssertEqual(try peers.tree("a"), try peers.tree("b"))
        try peers.assertFsck(peers.hubPath)
    }

    func testSameFieldConflictKeepsTheLosingValueInTheRecord() throws {
        let peers = try SyncPeers()
        try peers.publish()
        try peers.clone("a")
        try peers.clone("b")
        try peers.setNote("a", "03", "m1", "value from a")
        try peers.setNote("b", "03", "m1", "value from b")
        XCTAssertEqual(try peers.sync("a").status, .inSync)
        let outcome = try peers.sync("b")
        XCTAssertEqual(outcome.status, .inSync, outcome.summary)
        let conflict = try XCTUnwrap(outcome.conflicts.first)
        XCTAssertEqual(conflict.field, "milestones.m1.note")
        XCTAssertEqual(conflict.lost, "value from b")
        let p = try peers.progress("b", "03")
        XCTAssertEqual(p.milestone("m1")?.note, .plain("value from a"), "the hub's value wins")
        XCTAssertTrue(p.conflicts.contains { $0.lost == "value from b" })

        let listed = try ConflictList.load(at: peers.copies["b"]!)
        XCTAssertTrue(listed.contains { $0.path == "commitments/03/progress.yaml" && $0.field == "milestones.m1.note" })
    }

    func testFileURLHubAndBareCopyOnAUSBDrive() throws {
        let peers = try SyncPeers()
        try peers.publish(hub: "file://" + peers.hubPath)
        // The USB drive: a bare copy of the hub, carried to an office without a network.
        let usb = peers.path("usb/plan.git")
        XCTAssertEqual(try Shell.run(["git", "clone", "--bare", "-q", peers.hubPath, usb]).status, 0)
        XCTAssertEqual(try peers.clone("remote-office", hub: usb).status, .inSync)
        try peers.setNote("remote-office", "04", "m1", "written offline")
        XCTAssertEqual(try peers.sync("remote-office").status, .inSync)
        // Back at the point of contact: sync with the drive, then with the hub.
        let poc = try SyncEngine(at: peers.copies["poc"]!)
        var settings = try XCTUnwrap(poc.settings())
        settings.hub = usb
        try poc.configure(settings)
        XCTAssertEqual(poc.sync().status, .inSync)
        settings.hub = "file://" + peers.hubPath
        try poc.configure(settings)
        XCTAssertEqual(poc.sync().status, .inSync)
        XCTAssertEqual(try peers.hubHead(), try peers.head("remote-office"))
        try peers.assertFsck(usb)
    }

    func testUnreachableHubKeepsCommitsAndExits75() throws {
        let peers = try SyncPeers()
        try peers.publish()
        try peers.clone("a")
        let moved = peers.path("hub-away.git")
        try FileManager.default.moveItem(atPath: peers.hubPath, toPath: moved)
        try peers.setNote("a", "01", "m1", "offline edit")
        let outcome = try peers.sync("a")
        XCTAssertEqual(outcome.status, .hubUnreachable, outcome.summary)
        XCTAssertEqual(outcome.exitCode, 75)
        XCTAssertEqual(outcome.committed, ["commitments/01/progress.yaml"])
        try FileManager.default.moveItem(atPath: moved, toPath: peers.hubPath)
        let later = try peers.sync("a")
        XCTAssertEqual(later.status, .inSync, later.summary)
        XCTAssertTrue(later.pushed)
    }

    func testInvalidFileIsReportedLeftUntouchedAndTheRestSyncs() throws {
        let peers = try SyncPeers()
        try peers.publish()
        try peers.clone("a")
        let broken = "commitment: \"05\"\ncompletion: almost\n"
        try peers.write("a", PlanLayout.progressFile("05"), broken)
        try peers.setNote("a", "01", "m1", "valid edit")
        let outcome = try peers.sync("a")
        XCTAssertEqual(outcome.status, .invalidRecords, outcome.summary)
        XCTAssertEqual(outcome.exitCode, 65)
        XCTAssertEqual(outcome.refused.map(\.path), [PlanLayout.progressFile("05")])
        XCTAssertTrue(outcome.pushed)
        XCTAssertEqual(try peers.read("a", PlanLayout.progressFile("05")), broken)
        XCTAssertEqual(try Repository.open(peers.hubPath).fileData(PlanLayout.progressFile("01"), at: try XCTUnwrap(peers.hubHead()))
            .map { String(decoding: $0, as: UTF8.self).contains("valid edit") }, true)
    }

    func testTwoDifferentEvidenceFilesAtOnePathAreBothKept() throws {
        let peers = try SyncPeers()
        try peers.publish()
        try peers.clone("a")
        try peers.clone("b")
        let path = "commitments/01/evidence/report.pdf"
        try peers.write("a", path, "%PDF a\u{0}\u{1}binary")
        try peers.write("b", path, "%PDF b\u{0}\u{2}binary")
        XCTAssertEqual(try peers.sync("a").status, .inSync)
        let outcome = try peers.sync("b")
        XCTAssertEqual(outcome.status, .inSync, outcome.summary)
        XCTAssertEqual(outcome.keptBoth, ["commitments/01/evidence/report~poc.pdf"])
        XCTAssertEqual(try peers.read("b", path), "%PDF a\u{0}\u{1}binary")
        XCTAssertEqual(try peers.read("b", "commitments/01/evidence/report~poc.pdf"), "%PDF b\u{0}\u{2}binary")
        try peers.assertClean("b")
    }

    func testPlainGitUserPushingToTheSameHubIsMergedToo() throws {
        let peers = try SyncPeers()
        try peers.publish()
        try peers.clone("a")
        let gitUser = peers.path("git-user")
        XCTAssertEqual(try Shell.git(["clone", "-q", peers.hubPath, gitUser], in: peers.temp.path).status, 0)
        // The git user changes the same record as Carnet, another field, with sed-like editing.
        let file = gitUser + "/" + PlanLayout.progressFile("06")
        var text = try String(contentsOfFile: file, encoding: .utf8)
        text = text.replacingOccurrences(of: "completion: not-started\n", with: "completion: limited\n", options: [], range: text.range(of: "completion: not-started\n"))
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        XCTAssertEqual(try Shell.git(["commit", "-qam", "by git"], in: gitUser).status, 0)
        XCTAssertEqual(try Shell.git(["push", "-q", "origin", "main"], in: gitUser).status, 0, "git push")

        try peers.setNote("a", "06", "m1", "by carnet")
        let outcome = try peers.sync("a")
        XCTAssertEqual(outcome.status, .inSync, outcome.summary)
        XCTAssertNotNil(outcome.mergeCommit)
        XCTAssertEqual(try peers.progress("a", "06").milestone("m1")?.note, .plain("by carnet"))
        // And the git user pulls Carnet's merge with plain git.
        XCTAssertEqual(try Shell.git(["pull", "-q", "--ff-only"], in: gitUser).status, 0)
        XCTAssertEqual(try Shell.git(["rev-parse", "HEAD^{tree}"], in: gitUser).stdout.trimmingCharacters(in: .whitespacesAndNewlines),
                       try peers.tree("a"))
        try peers.assertFsck(peers.hubPath)
        try peers.assertFsck(gitUser)
    }

    func testSecondSyncWaitsForTheLock() throws {
        let peers = try SyncPeers()
        try peers.publish()
        let git = try Repository.open(peers.copies["poc"]!).gitDirectory
        let held = try SyncLock(gitDirectory: git)
        let outcome = try peers.sync("poc")
        XCTAssertEqual(outcome.status, .busy)
        XCTAssertEqual(outcome.exitCode, 75)
        held.release()
        XCTAssertEqual(try peers.sync("poc").status, .inSync)
    }

    /// A folder of evidence replaced by a file of the same name, and back: every copy that had
    /// the one takes the other (deletions go first), instead of failing on every sync.
    func testAFolderBecomingAFileAndBackSyncs() throws {
        let peers = try SyncPeers()
        try peers.publish()
        try peers.clone("a")
        try peers.clone("b")
        try peers.write("a", "commitments/05/evidence/annexes/doc.txt", "document")
        XCTAssertEqual(try peers.sync("a").status, .inSync)
        XCTAssertEqual(try peers.sync("b").status, .inSync)
        try FileManager.default.removeItem(atPath: peers.copies["a"]! + "/commitments/05/evidence/annexes")
        try peers.write("a", "commitments/05/evidence/annexes", "now a file")
        XCTAssertEqual(try peers.sync("a").status, .inSync)
        let toFile = try peers.sync("b")
        XCTAssertEqual(toFile.status, .inSync, toFile.summary)
        XCTAssertEqual(try peers.read("b", "commitments/05/evidence/annexes"), "now a file")
        try FileManager.default.removeItem(atPath: peers.copies["a"]! + "/commitments/05/evidence/annexes")
        try peers.write("a", "commitments/05/evidence/annexes/doc.txt", "a folder again")
        let back = try peers.sync("a")
        XCTAssertEqual(back.status, .inSync, back.summary)
        let toFolder = try peers.sync("b")
        XCTAssertEqual(toFolder.status, .inSync, toFolder.summary)
        XCTAssertEqual(try peers.read("b", "commitments/05/evidence/annexes/doc.txt"), "a folder again")
        try peers.assertClean("b")
    }
}
