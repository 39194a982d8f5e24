import Daemon
import Foundation
import LocalSSH
import TestSupport
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// The real `carnet daemon` binary as a child process, against a real hub (a bare repository),
/// with short intervals. Every wait is bounded; nothing asserts on speed.
final class DaemonEndToEndTests: XCTestCase {
    private var temp: TemporaryDirectory!
    private var daemons: [DaemonProcess] = []

    override func setUp() { temp = TemporaryDirectory("carnet-daemon") }

    override func tearDown() {
        for daemon in daemons { daemon.terminate() }
        daemons = []
        temp = nil
    }

    // MARK: - a. The hub goes away and comes back

    func testHubThatDisappearsAndComesBackGetsEveryEditAndTheBackoffShows() throws {
        let plan = try SamplePlan(in: temp)
        let daemon = try start(plan, "--interval", "2s", "--debounce", "300ms", "--retry", "1s")
        try waitFor("the first sync", daemon) { plan.state?.lastResult == .synced }

        let away = plan.hub + ".away"
        try FileManager.default.moveItem(atPath: plan.hub, toPath: away)
        try plan.edit("01", marker: "offline edit one")
        var seen: [DaemonState] = []
        try waitFor("failed tries, two apart in the backoff", daemon, timeout: 60) {
            guard let state = plan.state, state.lastResult == .unreachable else { return false }
            if seen.last?.consecutiveFailures != state.consecutiveFailures { seen.append(state) }
            if state.consecutiveFailures >= 2, !plan.read("03").contains("offline edit two") {
                try plan.edit("03", marker: "offline edit two")   // an edit between two failed tries
            }
            return state.consecutiveFailures - seen[0].consecutiveFailures >= 2
        }
        let failing = try XCTUnwrap(plan.state)
        XCTAssertEqual(failing.lastResult, .unreachable)
        XCTAssertNotNil(failing.lastError)
        XCTAssertGreaterThan(failing.commitsWaiting, 0, "the offline edits are committed locally, waiting")
        // Backoff: base·2ⁿ with jitter 0.5–1.5, so a delay two failures later (≥ 2·base·2ⁿ⁻¹)
        // always beats an earlier one (≤ 1.5·base·2ⁿ⁻¹).
        let first = try XCTUnwrap(seen.first?.retryDelay), last = try XCTUnwrap(seen.last?.retryDelay)
        XCTAssertGreaterThan(last, first, "\(seen.map { ($0.consecutiveFailures, $0.retryDelay ?? -1) })")
        XCTAssertGreaterThan(try XCTUnwrap(failing.nextTry), try XCTUnwrap(failing.lastAttempt))

        try FileManager.default.moveItem(atPath: away, toPath: plan.hub)
        // Back to normal on the next try, without any new edit (the backoff is at most ~12 s here).
        try waitFor("a sync once the hub answers", daemon, timeout: 60) { plan.state?.lastResult == .synced }
        // The edit made between two failures may have come just after the sync that got through.
        try waitFor("every offline edit on the hub", daemon, timeout: 30) {
            plan.hubFile("01").contains("offline edit one") && plan.hubFile("03").contains("offline edit two")
                && plan.state?.state == "idle" && plan.state?.lastResult == .synced
        }
        let back = try XCTUnwrap(plan.state)
        XCTAssertEqual(back.consecutiveFailures, 0)
        XCTAssertEqual(back.commitsWaiting, 0)
        XCTAssertNil(back.lastError)
        XCTAssertEqual(back.retryDelay, 2, "the normal interval again")
        XCTAssertEqual(try Shell.git(["rev-parse", "main"], in: plan.hub).stdout, try Shell.git(["rev-parse", "HEAD"], in: plan.copy).stdout)

        // `carnet status` shows it, in text and JSON.
        let status = try carnet("status", "-C", plan.copy, "--json")
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any], status.stderr)
        XCTAssertNotNil(json["commitments"], "the plan's keys are kept")
        let daemonJSON = try XCTUnwrap(json["daemon"] as? [String: Any])
        XCTAssertEqual(daemonJSON["running"] as? Bool, true)
        XCTAssertEqual(daemonJSON["processAlive"] as? Bool, true)
        XCTAssertEqual(daemonJSON["pid"] as? Int, Int(daemon.pid))
        XCTAssertNotNil(daemonJSON["lastSuccess"])
        let syncJSON = try XCTUnwrap(json["sync"] as? [String: Any])
        XCTAssertEqual(syncJSON["role"] as? String, "point-of-contact")
        XCTAssertNil(syncJSON["ministry"] as? String)
        let text = try carnet("status", "-C", plan.copy).stdout
        XCTAssertTrue(text.contains("Daemon: running (pid \(daemon.pid))"), text)
        XCTAssertTrue(text.contains("Sync: hub \(plan.hub), as the point of contact"), text)

        // SIGTERM while idle: exits 0 at once, and says it stopped.
        daemon.signal(SIGTERM)
        XCTAssertEqual(daemon.waitForExit(timeout: 15), 0, daemon.log)
        XCTAssertEqual(plan.state?.state, "stopped")
        XCTAssertTrue(try carnet("status", "-C", plan.copy).stdout.contains("Daemon: not running (stopped)"))
        assertOneLinePerSync(daemon, plan)
    }

    // MARK: - b. A burst of saves

    func testBurstOfAHundredEditsInOneSecondIsOneOrTwoSyncsAndEveryEditIsPushed() throws {
        let plan = try GeneratedPlan(in: temp, commitments: 100)
        // A long interval: only the saves may cause syncs here.
        let daemon = try start(plan, "--interval", "10m", "--debounce", "300ms", "--retry", "1s")
        try waitFor("the first sync", daemon) { plan.state?.lastResult == .synced }
        let before = try XCTUnwrap(plan.state?.syncs)

        // 100 hand edits, one file each, spread over about 0.8 s (a save every 8 ms).
        let ids = (1...100).map { String(format: "c%04d", $0) }
        for (n, id) in ids.enumerated() {
            let path = plan.copy + "/commitments/\(id)/progress.yaml"
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let edited = text.replacingOccurrences(of: #"results: "[^"]*""#, with: "results: \"Burst edit \(n).\"",
                                                   options: .regularExpression)
            try edited.write(toFile: path, atomically: false, encoding: .utf8)
            usleep(8_000)
        }
        try waitFor("the hub to have the 100 edits", daemon, timeout: 120) {
            let files = try Shell.git(["grep", "-l", "Burst edit", "main", "--", "commitments"], in: plan.hub).stdout
            return files.split(separator: "\n").count == 100
        }
        // A sync that would come late (a second debounce) has had its time: 300 ms + a tick, twice over.
        try waitFor("the daemon to settle", daemon) { plan.state?.state == "idle" }
        usleep(1_500_000)
        let after = try XCTUnwrap(plan.state)
        XCTAssertTrue((1...2).contains(after.syncs - before), "\(after.syncs - before) syncs for the burst\n\(daemon.log)")
        XCTAssertEqual(after.lastResult, .synced)
        XCTAssertEqual(after.commitsWaiting, 0)
        for (n, id) in ids.enumerated() {
            let shown = try Shell.git(["show", "main:commitments/\(id)/progress.yaml"], in: plan.hub).stdout
            XCTAssertTrue(shown.contains("results: \"Burst edit \(n).\""), id)
        }
        XCTAssertEqual(try Shell.git(["status", "--porcelain"], in: plan.copy).stdout, "")
        daemon.signal(SIGTERM)
        XCTAssertEqual(daemon.waitForExit(timeout: 15), 0, daemon.log)
        assertOneLinePerSync(daemon, plan)
    }

    // MARK: - c. SIGTERM in the middle of a sync

    /// The sync is held in the middle of its push: the hub is reached over SSH and its
    /// pre-receive hook waits (libgit2's local transport runs no hooks, so a path hub cannot).
    func testSigtermInTheMiddleOfASyncExitsZeroAndLosesNothing() throws {
        guard SSHServer.available else {
            throw XCTSkip("sshd is not installed (Debian: apt-get install openssh-server openssh-client)")
        }
        let server = try SSHServer(in: temp.url)
        let plan = try SamplePlan(in: temp, ssh: server)
        let started = temp.path + "/hook-started", release = temp.path + "/hook-release"
        // Bounded: the hook gives up waiting after 30 s whatever happens to the test.
        try """
            #!/bin/sh
            cat >/dev/null
            touch '\(started)'
            i=0
            while [ ! -e '\(release)' ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done
            exit 0

            """.write(toFile: plan.hub + "/hooks/pre-receive", atomically: true, encoding: .utf8)
        chmod(plan.hub + "/hooks/pre-receive", 0o755)

        let daemon = try start(plan, "--interval", "10m", "--debounce", "300ms", "--retry", "1s")
        try waitFor("the first sync", daemon) { plan.state?.lastResult == .synced }
        try plan.edit("01", marker: "edit being pushed")
        try waitFor("the push to reach the hub's hook", daemon, timeout: 60) {
            FileManager.default.fileExists(atPath: started)
        }
        XCTAssertEqual(plan.state?.state, "syncing")
        daemon.signal(SIGTERM)
        XCTAssertEqual(daemon.waitForExit(timeout: 20), 0, "exits 0 within the grace period\n\(daemon.log)")
        XCTAssertTrue(daemon.log.contains("abandoning the sync in progress"), daemon.log)
        XCTAssertEqual(plan.state?.state, "stopped")
        assertOneLinePerSync(daemon, plan)
        FileManager.default.createFile(atPath: release, contents: nil)

        // Nothing lost, nothing broken: the commit is there, the repository is sound.
        let fsck = try Shell.git(["fsck", "--strict", "--no-progress"], in: plan.copy)
        XCTAssertEqual(fsck.status, 0, fsck.stdout + fsck.stderr)
        XCTAssertTrue(try Shell.git(["show", "HEAD:commitments/01/progress.yaml"], in: plan.copy).stdout.contains("edit being pushed"))
        XCTAssertEqual(try Shell.git(["status", "--porcelain"], in: plan.copy).stdout, "")

        // The next sync finishes the job.
        let sync = try carnet("sync", "-C", plan.copy)
        XCTAssertEqual(sync.status, 0, sync.stdout + sync.stderr)
        XCTAssertTrue(plan.hubFile("01").contains("edit being pushed"))
        XCTAssertEqual(try Shell.git(["rev-parse", "main"], in: plan.hub).stdout, try Shell.git(["rev-parse", "HEAD"], in: plan.copy).stdout)
        XCTAssertEqual(try Shell.git(["fsck", "--strict", "--no-progress"], in: plan.hub).status, 0)
    }

    // MARK: - d. An invalid file

    func testInvalidFileIsReportedAndTheOtherEditsStillSync() throws {
        let plan = try SamplePlan(in: temp)
        let daemon = try start(plan, "--interval", "2s", "--debounce", "300ms", "--retry", "1s")
        try waitFor("the first sync", daemon) { plan.state?.lastResult == .synced }
        let original02 = plan.read("02")

        try plan.write("02", "commitment: \"02\"\ncompletion: [not closed\n")
        try plan.edit("03", marker: "valid edit beside an invalid file")
        try waitFor("the valid edit on the hub", daemon, timeout: 60) {
            plan.hubFile("03").contains("valid edit beside an invalid file")
        }
        try waitFor("the invalid file reported", daemon) { plan.state?.lastResult == .invalidRecords }
        let reported = try XCTUnwrap(plan.state)
        XCTAssertTrue(reported.lastError?.contains("commitments/02/progress.yaml") ?? false, "\(reported)")
        XCTAssertNotNil(reported.lastSuccess)
        XCTAssertTrue(daemon.log.contains("sync invalid-records"), daemon.log)
        XCTAssertTrue(daemon.log.contains("commitments/02/progress.yaml"), daemon.log)
        XCTAssertEqual(plan.hubFile("02"), original02, "the invalid file stays out of the hub")
        XCTAssertEqual(plan.read("02"), "commitment: \"02\"\ncompletion: [not closed\n", "and is left as it is")

        // Still syncing: another edit goes through, then the fixed file.
        try plan.edit("04", marker: "later edit")
        try waitFor("the later edit on the hub", daemon, timeout: 60) { plan.hubFile("04").contains("later edit") }
        XCTAssertTrue(daemon.isRunning)
        try plan.write("02", original02.replacingOccurrences(of: "  fr: \"", with: "  fr: \"fixed — "))
        try waitFor("the fixed file on the hub and a clean sync", daemon, timeout: 60) {
            plan.hubFile("02").contains("fixed — ") && plan.state?.lastResult == .synced
        }
        daemon.signal(SIGTERM)
        XCTAssertEqual(daemon.waitForExit(timeout: 15), 0, daemon.log)
        assertOneLinePerSync(daemon, plan)
    }

    /// Issue 12: the journal speaks the language `carnet daemon` was started in (here CARNET_LANG,
    /// as a unit file's Environment= gives it), and so do the syncs it runs; the state keeps codes.
    func testTheLogSpeaksTheLanguageTheDaemonWasStartedIn() throws {
        let plan = try SamplePlan(in: temp)
        let saved = getenv("CARNET_LANG").map { String(cString: $0) }
        setenv("CARNET_LANG", "fr", 1)
        let daemon: DaemonProcess
        do {
            defer { if let saved { setenv("CARNET_LANG", saved, 1) } else { unsetenv("CARNET_LANG") } }
            daemon = try start(plan, "--interval", "2s", "--debounce", "300ms", "--retry", "1s")
        }
        try waitFor("the first sync", daemon) { plan.state?.lastResult == .synced }
        daemon.signal(SIGTERM)
        XCTAssertEqual(daemon.waitForExit(timeout: 15), 0, daemon.log)
        let log = daemon.log
        for words in ["démarré", "intervalle de 2 s", "synchronisation synced en", "synchronisé avec le hub", "prochaine dans", "arrêté"] {
            XCTAssertTrue(log.contains(words), "no '\(words)' in: \(log)")
        }
        for tell in [" the ", " and ", " with ", " from ", " your ", " is "] {
            XCTAssertFalse(log.contains(tell), "English '\(tell)' in: \(log)")
        }
        XCTAssertEqual(plan.state?.lastResult, .synced, "the state keeps the result's code")
    }

    /// A hub on a file path locked by a lock file no sync may remove (dated hours in the future: a
    /// wrong clock): the daemon's state says a person must act, names the file and the command,
    /// and `carnet status` shows it; once the person removed it, the edit goes through.
    func testALockedHubOnAPathIsReportedAsNeedingAPerson() throws {
        let plan = try SamplePlan(in: temp)
        let daemon = try start(plan, "--interval", "2s", "--debounce", "300ms", "--retry", "1s")
        try waitFor("the first sync", daemon) { plan.state?.lastResult == .synced }

        let lock = plan.hub + "/refs/heads/main.lock"
        let main = try Shell.git(["rev-parse", "main"], in: plan.hub).stdout
        try main.write(toFile: lock, atomically: false, encoding: .utf8)
        try check(Shell.run(["touch", "-d", "+2 hours", lock]))
        try plan.edit("03", marker: "behind a locked hub")
        try waitFor("the locked hub reported", daemon) { plan.state?.lastResult == .needsPerson }
        let reported = try XCTUnwrap(plan.state)
        XCTAssertTrue(reported.lastError?.contains("rm \(lock)") ?? false, "\(reported)")
        XCTAssertTrue(reported.needsPerson?.contains("rm \(lock)") ?? false, "\(reported)")
        XCTAssertTrue(daemon.log.contains("sync needs-person"), daemon.log)
        let status = try carnet("status", "-C", plan.copy)
        XCTAssertTrue(status.stdout.contains("needs-person") && status.stdout.contains(lock), status.stdout + status.stderr)
        XCTAssertFalse(plan.hubFile("03").contains("behind a locked hub"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: lock), "never removed by the daemon")

        try check(Shell.run(["rm", lock]))   // what the message says
        try waitFor("the edit on the hub", daemon, timeout: 60) {
            plan.hubFile("03").contains("behind a locked hub") && plan.state?.lastResult == .synced
        }
        XCTAssertNil(plan.state?.needsPerson)
        daemon.signal(SIGTERM)
        XCTAssertEqual(daemon.waitForExit(timeout: 15), 0, daemon.log)
    }

    // MARK: - e. The small resident binary

    /// `carnet daemon` becomes carnet-daemon (same pid, so systemd and `carnet status` follow),
    /// which maps neither libgit2 nor Foundation with ICU: that is what keeps it small.
    func testTheDaemonRunsAsCarnetDaemonWithoutLibgit2OrICU() throws {
        let slim = URL(fileURLWithPath: RepositoryPaths.carnetBinary).deletingLastPathComponent()
            .appendingPathComponent("carnet-daemon").path
        guard FileManager.default.isExecutableFile(atPath: slim) else {
            return XCTFail("carnet-daemon is not built beside \(RepositoryPaths.carnetBinary): swift build builds it")
        }
        let plan = try SamplePlan(in: temp)
        let daemon = try start(plan, "--interval", "10m", "--debounce", "300ms")
        try waitFor("the first sync", daemon) { plan.state?.lastResult == .synced }
        let exe = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(daemon.pid)/exe")
        XCTAssertEqual(URL(fileURLWithPath: exe).lastPathComponent, "carnet-daemon")
        XCTAssertEqual(plan.state?.pid, daemon.pid, "the same process: exec, not a child")
        let maps = try String(contentsOfFile: "/proc/\(daemon.pid)/maps", encoding: .utf8)
        for library in ["libgit2", "libFoundation.so", "lib_FoundationICU", "libFoundationInternationalization", "libyaml", "libcrypto"] {
            XCTAssertFalse(maps.contains(library), "\(library) is mapped into the daemon")
        }
        XCTAssertFalse(daemon.log.contains("runs inside carnet instead"), daemon.log)

        // Syncs still work through the full binary's children.
        try editReachesTheHubThenStop(plan, daemon, marker: "edit through a child")
        XCTAssertEqual(plan.state?.state, "stopped")
        assertOneLinePerSync(daemon, plan)
    }

    /// carnet copied alone somewhere: the daemon says what is missing and what to do, and runs
    /// inside carnet instead (bigger, but syncing).
    func testWithoutCarnetDaemonBesideItCarnetSaysSoAndRunsTheDaemonItself() throws {
        let plan = try SamplePlan(in: temp)
        let alone = temp.path + "/bin/carnet"
        try FileManager.default.createDirectory(atPath: temp.path + "/bin", withIntermediateDirectories: true)
        if link(RepositoryPaths.carnetBinary, alone) != 0 {
            try FileManager.default.copyItem(atPath: RepositoryPaths.carnetBinary, toPath: alone)
        }
        let daemon = try start(plan, "--interval", "10m", "--debounce", "300ms", binary: alone)
        try waitFor("the first sync", daemon) { plan.state?.lastResult == .synced }
        XCTAssertTrue(daemon.log.contains("carnet-daemon is not installed beside \(alone)"), daemon.log)
        XCTAssertTrue(daemon.log.contains("install -m 755 .build/release/carnet-daemon \(temp.path)/bin/"), daemon.log)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(daemon.pid)/exe"), alone)
        try editReachesTheHubThenStop(plan, daemon, marker: "edit by the fallback")
        assertOneLinePerSync(daemon, plan)
    }

    func testCarnetDaemonRunByHandSaysHowItIsStarted() throws {
        let slim = URL(fileURLWithPath: RepositoryPaths.carnetBinary).deletingLastPathComponent()
            .appendingPathComponent("carnet-daemon").path
        let run = try Shell.run([slim, "--repo", temp.path])
        XCTAssertEqual(run.status, 64)
        XCTAssertTrue(run.stderr.contains("started by `carnet daemon`"), run.stderr)
    }

    // MARK: - Helpers

    /// An edit of commitment 01 reaches the hub through the running daemon, which then exits 0 on SIGTERM.
    // MARK: - The transfer in progress, over a slow link

    /// A 300 KiB document pushed over a 32 KiB/s link (Tests/link-relay.py in front of sshd):
    /// while the daemon's sync moves it, the state file holds the transfer (bytes sent, the push's
    /// size, a rate) and `carnet status` shows it; once synced, the transfer is gone from the state.
    func testTheTransferInProgressIsInTheStateAndCarnetStatusShowsIt() throws {
        guard SSHServer.available, LinkRelay.available else {
            throw XCTSkip("sshd or python3 is not installed (Debian: apt-get install openssh-server openssh-client python3)")
        }
        let server = try SSHServer(in: temp.url)
        let plan = try SamplePlan(in: temp, ssh: server)
        let relay = try LinkRelay(in: temp.url, targetPort: server.port, profile: .init(rate: 32 * 1024, delay: 0.05))
        let knownHosts = temp.path + "/known_hosts_relay"
        try (String(contentsOfFile: server.knownHosts, encoding: .utf8)
             + LinkRelay.knownHostsLine(port: relay.port, hostPublicKey: server.hostPublicKey))
            .write(toFile: knownHosts, atomically: true, encoding: .utf8)
        try check(carnet("sync", "-C", plan.copy, "--hub", "ssh://\(server.user)@127.0.0.1:\(relay.port)\(plan.hub)",
                         "--known-hosts", knownHosts, "--timeout", "10"))
        var generator = SeededGenerator(seed: 19)
        let scan = temp.path + "/scan.pdf"
        try Data(Array("%PDF-1.4\n".utf8) + (0..<(300 * 1024)).map { _ in UInt8.random(in: 0...255, using: &generator) })
            .write(to: URL(fileURLWithPath: scan))
        try check(carnet("evidence", "add", "05", scan, "--title", "Scan", "-C", plan.copy))

        let daemon = try start(plan, "--interval", "10m", "--debounce", "300ms", "--retry", "1s")
        try waitFor("the push's progress in the state file", daemon, timeout: 60) {
            guard let state = plan.state, state.state == "syncing", let t = state.transfer else { return false }
            return t.operation == "push" && t.sent > 32 * 1024 && (t.total ?? 0) >= 300 * 1024 && t.rate > 0
        }
        let status = try carnet("status", "-C", plan.copy)
        XCTAssertTrue(status.stdout.contains("transfer:") && status.stdout.contains("sending"), status.stdout)
        try waitFor("the sync to end", daemon, timeout: 60) { plan.state?.lastResult == .synced }
        XCTAssertNil(plan.state?.transfer, "no transfer once the sync is over")
        XCTAssertGreaterThan(relay.bytes.up, 300 * 1024)
        daemon.signal(SIGTERM)
        XCTAssertEqual(daemon.waitForExit(timeout: 20), 0, daemon.log)
    }

    private func editReachesTheHubThenStop(_ plan: SamplePlan, _ daemon: DaemonProcess, marker: String) throws {
        try plan.edit("01", marker: marker)
        try waitFor("the edit on the hub", daemon, timeout: 60) { plan.hubFile("01").contains(marker) }
        daemon.signal(SIGTERM)
        XCTAssertEqual(daemon.waitForExit(timeout: 15), 0, daemon.log)
    }

    private func start(_ plan: some DaemonPlan, _ arguments: String..., binary: String = RepositoryPaths.carnetBinary) throws -> DaemonProcess {
        let daemon = try DaemonProcess(binary: binary, arguments: ["daemon", "--repo", plan.copy] + arguments,
                                       log: temp.path + "/daemon-\(daemons.count).log")
        daemons.append(daemon)
        return daemon
    }

    /// Polls `condition` until it holds, for at most `timeout` seconds; fails (with the daemon's
    /// log) when it never does, or when the daemon died meanwhile.
    private func waitFor(_ what: String, _ daemon: DaemonProcess, timeout: TimeInterval = 30,
                         file: StaticString = #filePath, line: UInt = #line, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try condition() { return }
            guard daemon.isRunning else { break }
            usleep(50_000)
        }
        XCTFail("waited \(Int(timeout)) s for \(what); daemon running: \(daemon.isRunning)\n\(daemon.log)", file: file, line: line)
        throw Abandoned(reason: "gave up waiting for \(what)")
    }

    /// The log has exactly one line per sync (journald shows one entry each).
    private func assertOneLinePerSync(_ daemon: DaemonProcess, _ plan: some DaemonPlan, file: StaticString = #filePath, line: UInt = #line) {
        let all = daemon.log.split(separator: "\n")
        for entry in all where entry.range(of: #"^\d{4}-\d\d-\d\dT\S+ \w+ carnet\.daemon: "#, options: .regularExpression) == nil {
            XCTFail("not a log line of its own: \(entry)", file: file, line: line)
        }
        let lines = all.filter { $0.contains("] sync ") }
        XCTAssertEqual(lines.count, plan.state?.syncs, daemon.log, file: file, line: line)
        XCTAssertGreaterThan(lines.count, 0, file: file, line: line)
        for entry in lines { XCTAssertTrue(entry.contains(" in ") && entry.contains("; next in "), String(entry), file: file, line: line) }
    }
}

@discardableResult
private func carnet(_ arguments: String...) throws -> ShellResult {
    try Shell.run([RepositoryPaths.carnetBinary] + arguments)
}

// MARK: - The plans

protocol DaemonPlan {
    var hub: String { get }
    var copy: String { get }
}

extension DaemonPlan {
    var state: DaemonState? {
        DaemonState.load(from: DaemonState.file(inGitDirectory: URL(fileURLWithPath: copy + "/.git")))
    }

    func read(_ commitment: String) -> String {
        (try? String(contentsOfFile: copy + "/commitments/\(commitment)/progress.yaml", encoding: .utf8)) ?? ""
    }

    func write(_ commitment: String, _ text: String) throws {
        try text.write(toFile: copy + "/commitments/\(commitment)/progress.yaml", atomically: true, encoding: .utf8)
    }

    /// A hand edit as a person makes it: the first French text gets a marker in front.
    func edit(_ commitment: String, marker: String) throws {
        let text = read(commitment)
        let edited = text.replacingOccurrences(of: "  fr: \"", with: "  fr: \"\(marker) — ", range: text.range(of: "  fr: \""))
        XCTAssertNotEqual(text, edited, "commitment \(commitment) has a French text to edit")
        try write(commitment, edited)
    }

    /// The file as the hub's main has it ("" when it has not).
    func hubFile(_ commitment: String) -> String {
        (try? Shell.git(["show", "main:commitments/\(commitment)/progress.yaml"], in: hub).stdout) ?? ""
    }
}

/// The sample plan published by the point of contact to a bare hub, and a second copy of the
/// point of contact's (over SSH when a server is given): these tests edit any commitment, which
/// only the point of contact may (a ministry's copy keeps other commitments' edits back).
struct SamplePlan: DaemonPlan {
    let hub: String
    let copy: String

    init(in temp: TemporaryDirectory, ssh server: SSHServer? = nil) throws {
        hub = temp.path + "/hub.git"
        copy = temp.path + "/ministry"
        try check(Shell.git(["init", "-q", "--bare", hub], in: temp.path))
        let poc = temp.path + "/poc"
        try check(carnet("plan", "init", poc, "--sample", "--name", "Point of Contact", "--email", "poc@example.org"))
        try check(carnet("sync", "-C", poc, "--hub", hub, "--point-of-contact"))
        if let server {
            try check(carnet("clone", server.url(hub), copy, "--point-of-contact",
                             "--identity", server.clientKey, "--known-hosts", server.knownHosts, "--timeout", "30"))
        } else {
            try check(carnet("clone", hub, copy, "--point-of-contact"))
        }
        try check(carnet("whoami", "--repo", copy, "--name", "Agent Finances", "--email", "finances@example.org"))
    }
}

/// A generated plan of `commitments` commitments (Benchmarks/generate_plan.py), published and cloned.
struct GeneratedPlan: DaemonPlan {
    let hub: String
    let copy: String

    init(in temp: TemporaryDirectory, commitments: Int) throws {
        hub = temp.path + "/hub.git"
        copy = temp.path + "/ministry"
        let poc = temp.path + "/poc"
        let generator = RepositoryPaths.root().appendingPathComponent("Benchmarks/generate_plan.py").path
        try check(Shell.run(["python3", generator, poc, String(commitments), "2"]))
        try check(Shell.git(["init", "-q", "--bare", hub], in: temp.path))
        try check(Shell.git(["init", "-q"], in: poc))
        try check(Shell.git(["add", "-A"], in: poc))
        try check(Shell.git(["commit", "-q", "-m", "Generated plan"], in: poc))
        try check(carnet("whoami", "--repo", poc, "--name", "Point of Contact", "--email", "poc@example.org"))
        try check(carnet("sync", "-C", poc, "--hub", hub, "--point-of-contact"))
        try check(carnet("clone", hub, copy, "--point-of-contact"))
        try check(carnet("whoami", "--repo", copy, "--name", "Agent", "--email", "agent@example.org"))
    }
}

/// Ends a test whose failure was already recorded.
struct Abandoned: Error { var reason: String }

private func check(_ result: ShellResult, file: StaticString = #filePath, line: UInt = #line) throws {
    guard result.status == 0 else {
        XCTFail("exit \(result.status): \(result.stdout)\(result.stderr)", file: file, line: line)
        throw Abandoned(reason: "setup failed")
    }
}

// MARK: - The daemon process

/// `carnet daemon` started with posix_spawn, its stderr in a file (Foundation's Process is not
/// used for a long-lived child: see LocalSSH.SSHServer). Reaped by pid, killed if a test leaves it.
final class DaemonProcess {
    let pid: pid_t
    let logPath: String
    private var status: Int32?

    init(binary: String, arguments: [String], log: String) throws {
        logPath = log
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv = ([binary] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var child: pid_t = 0
        let result = posix_spawn(&child, binary, &actions, nil, argv, environ)
        guard result == 0 else { throw SetupFailure("cannot start \(binary): \(String(cString: strerror(result)))") }
        pid = child
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    var isRunning: Bool { reap(WNOHANG) == nil }

    func signal(_ number: Int32) { if status == nil { kill(pid, number) } }

    /// The exit code, or nil when it did not exit (normally) within `timeout` seconds.
    func waitForExit(timeout: TimeInterval) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let status = reap(WNOHANG) { return status }
            usleep(20_000)
        }
        return nil
    }

    /// Stops a daemon a test left running (failed or not), and reaps it.
    func terminate() {
        guard status == nil else { return }
        kill(pid, SIGKILL)
        _ = reap(0)
    }

    /// The exit code once the process has ended (-signal when killed by one).
    private func reap(_ options: Int32) -> Int32? {
        if let status { return status }
        var raw: Int32 = 0
        guard waitpid(pid, &raw, options) == pid else { return nil }
        let signal = raw & 0x7f
        status = signal == 0 ? (raw >> 8) & 0xff : -signal
        return status
    }
}
