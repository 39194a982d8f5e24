import Foundation
import XCTest
import Git
import Records
import TestSupport
@testable import Sync

/// Kills `carnet sync` (the real binary) with SIGKILL at random moments, over and over, while
/// edits pile up on both sides. After every kill: `git fsck` accepts the working copy and the
/// hub; at the end one ordinary sync finishes the job and no edit is lost.
final class SyncFaultInjectionTests: XCTestCase {
    func testKillNineAtRandomPointsLosesNothing() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let binary = environment["CARNET_BIN"] ?? (environment["CI"] != nil ? RepositoryPaths.carnetBinary : nil) else {
            throw XCTSkip("set CARNET_BIN to the carnet binary (.ci/run does)")
        }
        let help = try Shell.run([binary, "sync", "--help"])
        guard help.status == 0, help.stdout.contains("carnet sync") else { throw XCTSkip("\(binary) has no sync command yet (not registered in the root command)") }

        var random = SyncConvergenceTests.Generator(state: UInt64(environment["CARNET_SEED"] ?? "") ?? 977)
        let peers = try SyncPeers()
        try peers.publish()
        try peers.clone("a")
        try peers.clone("b")
        var values: [(commitment: String, value: String)] = []
        var killed = 0

        for i in 0..<20 {
            // An edit here, and the hub moving meanwhile (another copy), so kills land in
            // commits, fetches, merges, working-tree updates and pushes alike.
            let commitment = ["01", "02", "03"][i % 3]
            let value = "kill round \(i)"
            try peers.setNote("a", commitment, "m1", value)
            values.append((commitment, value))
            try peers.setNote("b", "04", "m1", "b round \(i)")
            XCTAssertEqual(try peers.sync("b").status, .inSync)

            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["sync", "-C", peers.copies["a"]!]
            process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
            process.standardError = FileHandle(forWritingAtPath: "/dev/null")
            try process.run()
            usleep(UInt32.random(in: 0...250_000, using: &random))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                killed += 1
            }
            process.waitUntilExit()
            try peers.assertFsck(peers.copies["a"]!)
            try peers.assertFsck(peers.hubPath)
        }

        let finish = try peers.sync("a")
        XCTAssertEqual(finish.status, .inSync, finish.summary)
        XCTAssertEqual(try peers.head("a"), try peers.hubHead())
        try peers.assertClean("a")
        // Every commitment's last value is in the hub; earlier ones were overwritten by their author.
        for commitment in ["01", "02", "03"] {
            let last = try XCTUnwrap(values.last { $0.commitment == commitment })
            let text = try XCTUnwrap(try Repository.open(peers.hubPath).fileData(PlanLayout.progressFile(commitment), at: XCTUnwrap(peers.hubHead())))
            XCTAssertTrue(String(decoding: text, as: UTF8.self).contains(last.value), "\(last.value) lost")
        }
        print("fault injection: \(killed) of 20 syncs killed")
    }
}
