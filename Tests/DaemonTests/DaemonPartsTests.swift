import Daemon
import Foundation
import TestSupport
import XCTest
#if canImport(Glibc)
import Glibc
#endif

final class BackoffTests: XCTestCase {
    func testGrowsExponentiallyWithJitterAndIsCapped() {
        var backoff = Backoff(base: 10, maximum: 300, seed: 7)
        let delays = (0..<8).map { _ in backoff.nextDelay() }
        for (n, delay) in delays.enumerated() {
            let nominal = min(300, 10 * Double(1 << n))
            XCTAssertGreaterThanOrEqual(delay, nominal * 0.5, "try \(n)")
            XCTAssertLessThanOrEqual(delay, min(300, nominal * 1.5), "try \(n)")
        }
        XCTAssertLessThan(delays[0], delays[4])
        XCTAssertEqual(backoff.failures, 8)
        backoff.reset()
        XCTAssertLessThanOrEqual(backoff.nextDelay(), 15)
    }

    func testJitterSpreadsMinistries() {
        let firsts = (0..<20).map { seed -> Double in
            var b = Backoff(base: 60, maximum: 3600, seed: UInt64(seed))
            return b.nextDelay()
        }
        XCTAssertGreaterThan(Set(firsts.map { Int($0) }).count, 10)
    }
}

final class SystemdNotifierTests: XCTestCase {
    /// A real datagram socket stands in for systemd's: what the daemon sends is what systemd reads.
    func testSendsTheNotifyProtocolToTheSocket() throws {
        let dir = TemporaryDirectory("notify")
        let path = dir.path + "/notify.sock"
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        XCTAssertGreaterThanOrEqual(fd, 0)
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        XCTAssertEqual(bound, 0)

        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": path])
        notifier.ready(status: "watching")
        notifier.status("syncing")
        var buffer = [UInt8](repeating: 0, count: 256)
        let n1 = recv(fd, &buffer, buffer.count, 0)
        XCTAssertEqual(String(decoding: buffer[0..<max(0, n1)], as: UTF8.self), "READY=1\nSTATUS=watching")
        let n2 = recv(fd, &buffer, buffer.count, 0)
        XCTAssertEqual(String(decoding: buffer[0..<max(0, n2)], as: UTF8.self), "STATUS=syncing")
    }

    func testSilentWithoutSystemd() {
        XCTAssertFalse(SystemdNotifier(environment: [:]).send("READY=1"))
    }
}

final class RecordWatcherTests: XCTestCase {
    func testSeesSavesInNewAndExistingFoldersButNotGit() throws {
        let dir = TemporaryDirectory("watch")
        try dir.write("plan.yaml", "x")
        try dir.write("commitments/05/progress.yaml", "x")
        try dir.write(".git/HEAD", "x")
        let watcher = try XCTUnwrap(RecordWatcher(root: dir.url))
        XCTAssertEqual(watcher.changes.count, 0)

        try dir.write(".git/index", "y")
        try waitFor { false }   // give the thread time: .git must not count
        XCTAssertEqual(watcher.changes.count, 0)

        try dir.write("commitments/05/progress.yaml", "y")
        try waitFor { watcher.changes.count >= 1 }
        let afterOne = watcher.changes.count
        try FileManager.default.createDirectory(atPath: dir.path + "/commitments/10/evidence", withIntermediateDirectories: true)
        try waitFor { watcher.changes.count > afterOne }
        let afterFolder = watcher.changes.count
        try dir.write("commitments/10/evidence/pv.pdf", "z")
        try waitFor { watcher.changes.count > afterFolder }
    }

    private func waitFor(_ condition: () -> Bool) throws {
        for _ in 0..<40 where !condition() { usleep(25_000) }
    }
}

final class DaemonStateTests: XCTestCase {
    func testRoundTrip() throws {
        let dir = TemporaryDirectory("state")
        var state = DaemonState(pid: 42)
        state.lastResult = .unreachable
        state.lastAttempt = Date(timeIntervalSince1970: 1_790_000_000)
        state.commitsWaiting = 3
        let url = DaemonState.file(inGitDirectory: dir.url)
        state.save(to: url)
        XCTAssertEqual(DaemonState.load(from: url), state)
        XCTAssertEqual(SyncAttempt.result(forExitCode: 75), .unreachable)
        XCTAssertEqual(SyncAttempt.result(forExitCode: 0), .synced)
        XCTAssertEqual(SyncAttempt.result(forExitCode: 77), .refused)
    }

    func testARestartKeepsWhatTheLastDaemonLearntAndADeadPidIsNotRunning() {
        var previous = DaemonState(pid: 4_000_000)   // above pid_max: no such process
        previous.state = "idle"
        previous.lastSuccess = Date(timeIntervalSince1970: 1_790_000_000)
        previous.commitsWaiting = 2
        previous.consecutiveFailures = 5
        previous.syncs = 40
        XCTAssertFalse(previous.processAlive)
        XCTAssertFalse(previous.running, "it says idle, but its process is gone")

        let next = DaemonState(continuing: previous, pid: 42)
        XCTAssertEqual(next.lastSuccess, previous.lastSuccess)
        XCTAssertEqual(next.commitsWaiting, 2)
        XCTAssertEqual(next.syncs, 0, "counted per process")
        XCTAssertEqual(next.consecutiveFailures, 0, "a new process starts its backoff afresh")
        XCTAssertEqual(next.state, "starting")
    }
}

final class DaemonLaunchTests: XCTestCase {
    /// What `carnet daemon` puts on carnet-daemon's command line is what carnet-daemon reads.
    func testTheCommandLineRoundTrips() throws {
        var settings = SyncDaemon.Settings()
        settings.interval = .seconds(90)
        settings.debounce = .milliseconds(300)
        settings.backoffBase = 1.5
        let launch = DaemonLaunch(carnet: "/usr/local/bin/carnet", root: "/home/a b/plan", gitDirectory: "/home/a b/plan/.git",
                                  settings: settings)
        let read = try DaemonLaunch(arguments: launch.arguments)
        XCTAssertEqual(read.carnet, "/usr/local/bin/carnet")
        XCTAssertEqual(read.root, "/home/a b/plan")
        XCTAssertEqual(read.gitDirectory, "/home/a b/plan/.git")
        XCTAssertEqual(read.settings.interval, .seconds(90))
        XCTAssertEqual(read.settings.debounce, .milliseconds(300))
        XCTAssertEqual(read.settings.backoffBase, 1.5)
    }

    func testAnotherBuildOrAHandMadeCommandLineIsRefusedClearly() {
        var arguments = DaemonLaunch(carnet: "/c", root: "/r", gitDirectory: "/r/.git", settings: .init()).arguments
        arguments[1] = "999"
        XCTAssertThrowsError(try DaemonLaunch(arguments: arguments)) { error in
            let bad = error as? DaemonLaunch.BadArguments
            XCTAssertEqual(bad?.exitCode, 78)
            XCTAssertTrue(bad?.description.contains("same build") ?? false, "\(error)")
        }
        XCTAssertThrowsError(try DaemonLaunch(arguments: ["--repo", "."])) { error in
            XCTAssertEqual((error as? DaemonLaunch.BadArguments)?.exitCode, 64)
            XCTAssertTrue("\(error)".contains("carnet daemon"), "\(error)")
        }
    }

    func testLooksBesideCarnetThenInLibexec() {
        XCTAssertEqual(DaemonLaunch.candidates(besides: "/usr/bin/carnet"),
                       ["/usr/bin/carnet-daemon", "/usr/libexec/carnet/carnet-daemon"])
    }
}

/// The sync child's progress lines (`--progress-fd`), as the daemon reads them: hostile input
/// (not JSON, not a transfer, a line without end) is skipped, never a crash.
final class DaemonTransferTests: XCTestCase {
    func testProgressLinesBecomeTransfersAndEverythingElseIsSkipped() throws {
        var fds: [Int32] = [-1, -1]
        XCTAssertEqual(pipe(&fds), 0)
        let lines = [
            #"{"event":"transfer","operation":"push","received":10,"sent":4096,"total":300000,"rate":2048.5,"elapsed":2,"idle":0,"objects":1,"totalObjects":3,"secondsLeft":144.5,"done":false}"#,
            "not json at all",
            #"{"operation":5}"#,
            "null",
            String(repeating: "x", count: 10_000),
            "\u{1B}[2J",
            #"{"operation":"fetch","received":99,"sent":1,"rate":0,"elapsed":1,"done":true}"#,
        ]
        let text = lines.joined(separator: "\n") + "\n" + #"{"operation":"push","received":1"#   // cut short: no newline
        let data = Array(text.utf8)
        let end = fds[1]
        let writer = Thread {
            var offset = 0
            while offset < data.count {
                let n = data[offset...].withUnsafeBytes { write(end, $0.baseAddress, $0.count) }
                if n <= 0 { break }
                offset += n
            }
            close(end)
        }
        writer.start()
        final class Seen: @unchecked Sendable { var list: [DaemonTransfer] = [] }
        let seen = Seen()
        ChildSyncRunner.readProgress(fds[0]) { seen.list.append($0) }
        close(fds[0])
        XCTAssertEqual(seen.list.count, 2, "\(seen.list)")
        XCTAssertEqual(seen.list.first?.operation, "push")
        XCTAssertEqual(seen.list.first?.sent, 4096)
        XCTAssertEqual(seen.list.first?.total, 300000)
        XCTAssertEqual(seen.list.first?.secondsLeft, 144.5)
        XCTAssertNotNil(seen.list.first?.at)
        XCTAssertEqual(seen.list.last?.operation, "fetch")
        XCTAssertEqual(seen.list.last?.done, true)
    }

    func testTheStateKeepsTheTransfer() throws {
        let temp = TemporaryDirectory("carnet-state")
        var state = DaemonState(pid: 1)
        state.state = "syncing"
        state.transfer = DaemonTransfer(operation: "push", received: 1, sent: 2048, total: 4096, rate: 1024, elapsed: 2, secondsLeft: 2)
        let file = temp.url.appendingPathComponent("state.json")
        state.save(to: file)
        let loaded = try XCTUnwrap(DaemonState.load(from: file))
        XCTAssertEqual(loaded.transfer?.sent, 2048)
        XCTAssertEqual(loaded.transfer?.bytes, 2048)
        XCTAssertEqual(loaded.transfer?.total, 4096)
    }
}
