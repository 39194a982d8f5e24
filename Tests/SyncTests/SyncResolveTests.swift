import Foundation
import XCTest
import Git
import Records
import TestSupport
@testable import Sync

/// `carnet conflicts` and `carnet resolve`: a conflict made by a real sync, then settled.
final class SyncResolveTests: XCTestCase {
    private func conflicted() throws -> SyncPeers {
        let peers = try SyncPeers()
        try peers.publish()
        try peers.clone("a")
        try peers.clone("b")
        try peers.setNote("a", "03", "m1", "value from a")
        try peers.setNote("b", "03", "m1", "value from b: with a colon")
        XCTAssertEqual(try peers.sync("a").status, .inSync)
        XCTAssertEqual(try peers.sync("b").conflicts.count, 1)
        return peers
    }

    func testTakeLostPutsTheLostValueBackWithACommit() throws {
        let peers = try conflicted()
        let before = try peers.head("b")
        try ConflictResolver.resolve(in: peers.copies["b"]!, file: "commitments/03/progress.yaml",
                                     field: "milestones.m1.note", choice: .takeLost)
        let p = try peers.progress("b", "03")
        XCTAssertEqual(p.milestone("m1")?.note, .plain("value from b: with a colon"))
        XCTAssertTrue(p.conflicts.isEmpty)
        XCTAssertNotEqual(try peers.head("b"), before, "an ordinary commit")
        try peers.assertClean("b")
        XCTAssertTrue(try ConflictList.load(at: peers.copies["b"]!).isEmpty)
        // The settlement travels like any edit.
        XCTAssertEqual(try peers.sync("b").status, .inSync)
        XCTAssertEqual(try peers.sync("a").status, .inSync)
        XCTAssertEqual(try peers.progress("a", "03").milestone("m1")?.note, .plain("value from b: with a colon"))
    }

    func testKeepDropsTheConflictOnly() throws {
        let peers = try conflicted()
        try ConflictResolver.resolve(in: peers.copies["b"]!, file: peers.copies["b"]! + "/commitments/03/progress.yaml",
                                     field: "milestones.m1.note", choice: .keep)
        let p = try peers.progress("b", "03")
        XCTAssertEqual(p.milestone("m1")?.note, .plain("value from a"))
        XCTAssertTrue(p.conflicts.isEmpty)
    }

    func testUnknownFieldIsAUsageError() throws {
        let peers = try conflicted()
        XCTAssertThrowsError(try ConflictResolver.resolve(in: peers.copies["b"]!, file: "commitments/03/progress.yaml",
                                                          field: "completion", choice: .keep)) { error in
            XCTAssertEqual((error as? ConflictResolver.Failure)?.exitCode, 64)
        }
    }
}
