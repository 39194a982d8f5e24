import Foundation
import XCTest
import Git
import Records
import TestSupport
@testable import Sync

/// N working copies edit offline at random and sync in random order until nothing moves.
/// Then all trees are identical to the hub's, and every edit is either in the final records or
/// kept as a lost value in their `conflicts` lists (unless its own author overwrote it later, or
/// someone overwrote it after having seen it: that is an ordinary later edit, not a loss).
final class SyncConvergenceTests: XCTestCase {
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state ^ (state >> 29)
        }
    }

    func testRandomOfflineEditsConverge() throws {
        var random = Generator(state: UInt64(ProcessInfo.processInfo.environment["CARNET_SEED"] ?? "") ?? 20261127)
        let peers = try SyncPeers()
        try peers.publish()
        let names = ["a", "b", "c", "d"]
        for name in names { XCTAssertEqual(try peers.clone(name).status, .inSync) }
        let fields = [("01", "m1"), ("01", "m2"), ("02", "m1"), ("03", "m2")]
        var written: Set<String> = []
        var superseded: Set<String> = []

        for round in 0..<10 {
            for name in names.shuffled(using: &random) where Bool.random(using: &random) {
                let (commitment, milestone) = fields.randomElement(using: &random)!
                // What this copy sees now is knowingly replaced by the new value.
                if case .plain(let seen)? = try peers.progress(name, commitment).milestone(milestone)?.note { superseded.insert(seen) }
                let value = "edit \(round) by \(name)"
                try peers.setNote(name, commitment, milestone, value)
                written.insert(value)
            }
            for name in names.shuffled(using: &random) where Bool.random(using: &random) {
                let outcome = try peers.sync(name)
                XCTAssertEqual(outcome.status, .inSync, "\(name) round \(round): \(outcome.summary)")
            }
        }
        // Until quiet: every copy syncs, twice over, with nothing moving the second time (bounded).
        var quiet = false
        for _ in 0..<4 where !quiet {
            for name in names { XCTAssertEqual(try peers.sync(name).status, .inSync) }
            quiet = try names.allSatisfy { try peers.head($0) == peers.hubHead() }
        }
        XCTAssertTrue(quiet, "the copies did not converge")
        let trees = try Set(names.map { try peers.tree($0) })
        XCTAssertEqual(trees.count, 1, "all trees identical")

        let finalText = try fields.map { try peers.read("a", PlanLayout.progressFile($0.0)) }.joined(separator: "\n")
        for value in written where !superseded.contains(value) {
            XCTAssertTrue(finalText.contains(value), "edit '\(value)' was dropped")
        }
        for name in names { try peers.assertClean(name) }
        try peers.assertFsck(peers.hubPath)
    }
}
