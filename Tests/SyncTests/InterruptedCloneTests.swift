import Foundation
import XCTest
import Git
import Records
import Workspace
import TestSupport
@testable import Sync

/// A clone continued in the folder of one that was interrupted removes, before it writes the
/// work tree, only what that clone could have written: a file of the plan whose bytes are a blob
/// the clone had fetched. A file of the person's, which only bears the name of one of the hub's
/// files, stops the clone and stays as it is (a hub chooses its tree's names).
final class InterruptedCloneTests: XCTestCase {
    func testAContinuedCloneRemovesOnlyFilesItCouldHaveWritten() throws {
        let peers = try SyncPeers()
        try peers.publish()
        let dir = peers.path("b")
        // What a clone killed after its fetch leaves behind...
        let repository = try Repository.create(dir)
        let settings = SyncSettings(hub: peers.hubPath, ministry: nil)
        try settings.write(to: repository)
        try repository.fetch(remote: SyncSettings.remoteName, settings: settings.transport)
        // ...and a file the person put there, under a name the hub's tree has.
        let own = dir + "/plan.yaml"
        try "my own notes, never sent anywhere\n".write(toFile: own, atomically: true, encoding: .utf8)

        let refused = SyncEngine.clone(settings, into: dir)
        XCTAssertNotEqual(refused.status, .inSync, refused.summary)
        XCTAssertEqual(try String(contentsOfFile: own, encoding: .utf8), "my own notes, never sent anywhere\n",
                       "a file the clone did not write is not removed")

        // The clone's own file (the hub's bytes) is taken back and the clone continues.
        try Shell.git(["show", "main:plan.yaml"], in: peers.hubPath).stdout.write(toFile: own, atomically: true, encoding: .utf8)
        let continued = SyncEngine.clone(settings, into: dir)
        XCTAssertEqual(continued.status, .inSync, continued.summary)
        XCTAssertEqual(continued.continuedClone, true)
        XCTAssertEqual(try Shell.git(["status", "--porcelain"], in: dir).stdout, "")
        // An empty file the clone wrote is known by its blob too.
        XCTAssertEqual(try Repository.blobID(of: Data()).description, "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391")
    }
}
