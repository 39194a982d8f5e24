import Foundation
import LocalSSH
import XCTest
import Git
import TestSupport
@testable import Sync

/// The USB path (issue 19, item 6): a new laptop clones from a copy of the hub carried on a USB
/// drive (the hub's bare folder, copied as it is), then switches to the network hub with
/// `carnet sync --hub URL`; only what the hub gained since the copy crosses the link.
extension SyncLinkTests {
    func testCloneFromAUSBCopyThenSyncOverTheLinkFetchesOnlyWhatIsMissing() throws {
        try addEvidence("05", size: 200 * 1024, name: "scan1.pdf")
        try addEvidence("05", size: 200 * 1024 + 1, name: "scan2.pdf")
        XCTAssertEqual(try peers.sync("a").status, .inSync)
        let usb = peers.path("usb/plan.git")
        try FileManager.default.createDirectory(atPath: peers.path("usb"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: peers.hubPath, toPath: usb)
        // The hub moves on after the copy was made: a third scan.
        try addEvidence("05", size: 60 * 1024, name: "scan3.pdf")
        XCTAssertEqual(try peers.sync("a").status, .inSync)

        let dir = peers.path("b")
        let clone = try Shell.run([RepositoryPaths.carnetBinary, "clone", usb, dir, "--point-of-contact"])
        XCTAssertEqual(clone.status, 0, clone.stdout + clone.stderr)
        let (relay, _) = try link(.init(rate: 256 * 1024, delay: 0.02), timeout: 5)
        let url = "ssh://\(server.user)@127.0.0.1:\(relay.port)\(peers.hubPath)"
        let sync = try Shell.run([RepositoryPaths.carnetBinary, "sync", "--hub", url, "--identity", server.clientKey,
                                  "--known-hosts", knownHosts!, "-C", dir, "--json"])
        XCTAssertEqual(sync.status, 0, sync.stdout + sync.stderr)
        XCTAssertEqual(try Repository.open(dir).headCommitID(), try peers.hubHead())
        let down = relay.bytes.down
        XCTAssertGreaterThan(down, 60 * 1024, "the third scan crossed the link")
        XCTAssertLessThan(down, 60 * 1024 + 48 * 1024, "only what the USB copy lacked crossed the link (\(down) bytes)")
        XCTAssertEqual(try Shell.git(["status", "--porcelain"], in: dir).stdout, "")
        XCTAssertEqual(try Shell.git(["remote", "get-url", "hub"], in: dir).stdout.trimmingCharacters(in: .whitespacesAndNewlines), url)
    }
}
