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
        var killed = 0, hubLocksLeft = 0

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
            // A kill between libgit2 taking the hub's main.lock and renaming it leaves the lock:
            // the next syncs say busy until it is ten minutes old (HubLockTests); let that time pass.
            hubLocksLeft += try Self.ageHubLocks(peers)
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
        print("fault injection: \(killed) of 20 syncs killed, \(hubLocksLeft) left a lock file on the hub")
    }

    /// The moment the hub's ref is being updated, on a hub on a file path: the test watches the
    /// hub's refs/heads with inotify and sends SIGKILL to `carnet sync` as soon as libgit2 creates
    /// `refs/heads/main.lock` (between taking the lock and renaming it over main). When the kill
    /// lands in time, the lock file stays: the next sync must say the hub is busy and name the
    /// file (exit 75, not "unreachable"), and once the file is ten minutes old (aged with
    /// `touch -d`) the next sync removes it. At the end every copy converges (exit 0) and no
    /// edit is lost (git on the hub as the oracle).
    func testKillNineWhileTheHubRefIsLockedConverges() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let binary = environment["CARNET_BIN"] ?? (environment["CI"] != nil ? RepositoryPaths.carnetBinary : nil) else {
            throw XCTSkip("set CARNET_BIN to the carnet binary (.ci/run does)")
        }
        let peers = try SyncPeers()
        try peers.publish()
        try peers.clone("a")
        try peers.clone("b")
        let heads = peers.hubPath + "/refs/heads"
        let lock = heads + "/main.lock"
        var values: [(commitment: String, value: String)] = []
        var killed = 0, locksLeft = 0

        for i in 0..<30 {
            let commitment = ["01", "02", "03"][i % 3]
            let value = "ref lock round \(i)"
            try peers.setNote("a", commitment, "m1", value)
            values.append((commitment, value))
            if i % 2 == 0 {   // the hub moves too: a merge, then the push
                try peers.setNote("b", "04", "m1", "b round \(i)")
                XCTAssertEqual(try peers.sync("b").status, .inSync)
            }

            let watch = try InotifyWatch(directory: heads)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["sync", "-C", peers.copies["a"]!]
            process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
            process.standardError = FileHandle(forWritingAtPath: "/dev/null")
            try process.run()
            if watch.waitForCreation(of: "main.lock", while: process) {
                kill(process.processIdentifier, SIGKILL)
                killed += 1
            }
            process.waitUntilExit()
            try peers.assertFsck(peers.hubPath)
            try peers.assertFsck(peers.copies["a"]!)

            if FileManager.default.fileExists(atPath: lock) {
                locksLeft += 1
                let busy = try Shell.run([binary, "sync", "-C", peers.copies["a"]!])
                let said = busy.stdout + busy.stderr
                XCTAssertEqual(busy.status, 75, said)
                XCTAssertTrue(said.contains(lock) && said.contains("busy"), said)
                XCTAssertFalse(said.contains("unreachable") || said.contains("kept moving"), said)
                XCTAssertTrue(FileManager.default.fileExists(atPath: lock), "a young lock is never removed")
                XCTAssertEqual(try Shell.run(["touch", "-d", "11 minutes ago", lock]).status, 0)
            }
        }

        let finish = try Shell.run([binary, "sync", "-C", peers.copies["a"]!])
        XCTAssertEqual(finish.status, 0, finish.stdout + finish.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: lock))
        let b = try Shell.run([binary, "sync", "-C", peers.copies["b"]!])
        XCTAssertEqual(b.status, 0, b.stdout + b.stderr)
        XCTAssertEqual(try peers.head("a"), try peers.hubHead())
        XCTAssertEqual(try peers.head("b"), try peers.hubHead())
        try peers.assertClean("a")
        try peers.assertFsck(peers.hubPath)
        for commitment in ["01", "02", "03"] {
            let last = try XCTUnwrap(values.last { $0.commitment == commitment })
            let text = try Shell.git(["show", "main:" + PlanLayout.progressFile(commitment)], in: peers.hubPath).stdout
            XCTAssertTrue(text.contains(last.value), "\(last.value) lost")
        }
        XCTAssertTrue(try Shell.git(["show", "main:" + PlanLayout.progressFile("04")], in: peers.hubPath).stdout.contains("b round 28"))
        print("fault injection on the hub's ref: \(killed) of 30 syncs killed as main.lock appeared, \(locksLeft) left it behind")
    }
}

extension SyncFaultInjectionTests {
    /// Dates the hub's lock files eleven minutes back, as if that time had passed; how many there were.
    static func ageHubLocks(_ peers: SyncPeers) throws -> Int {
        let locks = HubLocks(hub: peers.hubPath)?.lockFiles() ?? []
        for lock in locks { XCTAssertEqual(try Shell.run(["touch", "-d", "11 minutes ago", lock.path]).status, 0) }
        return locks.count
    }
}

/// inotify on one folder: which names get created there (Linux).
private final class InotifyWatch {
    private let fd: Int32

    init(directory: String) throws {
        fd = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        guard fd >= 0, inotify_add_watch(fd, directory, UInt32(IN_CREATE)) >= 0 else {
            throw XCTSkip("inotify is not available: \(String(cString: strerror(errno)))")
        }
    }

    deinit { close(fd) }

    /// True as soon as `name` is created in the folder; false once `process` has ended first.
    func waitForCreation(of name: String, while process: Process) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&poller, 1, 20) > 0 {
                let n = read(fd, &buffer, buffer.count)
                var offset = 0
                while n > 0, offset + 16 <= n {
                    let length = Int(buffer[offset + 12]) | Int(buffer[offset + 13]) << 8
                        | Int(buffer[offset + 14]) << 16 | Int(buffer[offset + 15]) << 24
                    let raw = buffer[(offset + 16)..<min(n, offset + 16 + length)]
                    if String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self) == name { return true }
                    offset += 16 + length
                }
            } else if !process.isRunning {
                return false
            }
        }
    }
}
