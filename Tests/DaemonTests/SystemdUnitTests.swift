import Foundation
import TestSupport
import XCTest

/// The units in systemd/ pass `systemd-analyze verify` (with the built binary in ExecStart).
final class SystemdUnitTests: XCTestCase {
    func testSystemUnitsVerify() throws { try verify("system", user: false) }
    func testUserUnitsVerify() throws { try verify("user", user: true) }

    func testSyncServiceTreatsOfflineAsSuccessAndTimerIsPersistent() throws {
        let root = RepositoryPaths.root().appendingPathComponent("systemd")
        for kind in ["user", "system"] {
            let service = try String(contentsOf: root.appendingPathComponent("\(kind)/carnet-sync.service"), encoding: .utf8)
            XCTAssertTrue(service.contains("SuccessExitStatus=75"))
            XCTAssertTrue(service.contains("Type=oneshot"))
            XCTAssertTrue(service.contains("NoNewPrivileges=yes"))
            let timer = try String(contentsOf: root.appendingPathComponent("\(kind)/carnet-sync.timer"), encoding: .utf8)
            XCTAssertTrue(timer.contains("Persistent=true"))
            XCTAssertTrue(timer.contains("OnUnitActiveSec=15min"))
            XCTAssertTrue(timer.contains("RandomizedDelaySec="))
            let daemon = try String(contentsOf: root.appendingPathComponent("\(kind)/carnet.service"), encoding: .utf8)
            XCTAssertTrue(daemon.contains("Type=notify"))
            // The daemon gives the sync (its child) a grace period: SIGTERM must reach it alone.
            XCTAssertTrue(daemon.contains("KillMode=mixed"))
        }
    }

    /// The weekly reminders: the user timer runs `carnet remind --send` once a week and catches
    /// up a week missed while the computer was off.
    func testRemindTimerIsWeeklyAndPersistent() throws {
        let root = RepositoryPaths.root().appendingPathComponent("systemd/user")
        let service = try String(contentsOf: root.appendingPathComponent("carnet-remind.service"), encoding: .utf8)
        XCTAssertTrue(service.contains("Type=oneshot"))
        XCTAssertTrue(service.contains("ExecStart=/usr/local/bin/carnet remind --out %S/carnet-reminders --send"))
        XCTAssertTrue(service.contains("StateDirectory=carnet-reminders"))
        let timer = try String(contentsOf: root.appendingPathComponent("carnet-remind.timer"), encoding: .utf8)
        XCTAssertTrue(timer.contains("OnCalendar=Mon *-*-* 07:30"))
        XCTAssertTrue(timer.contains("Persistent=true"))
        // The unit runs sendmail, whose postdrop is setgid: no NoNewPrivileges (the comment says why).
        XCTAssertFalse(service.split(separator: "\n").contains("NoNewPrivileges=yes"))
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze") else { throw XCTSkip("systemd-analyze not installed") }
        // systemd's own reading of the schedule: the next run is a Monday at 07:30.
        let next = try Shell.run(["systemd-analyze", "calendar", "--iterations=2", "Mon *-*-* 07:30"])
        XCTAssertEqual(next.status, 0, next.stderr)
        XCTAssertTrue(next.stdout.contains("Normalized form: Mon *-*-* 07:30:00"), next.stdout)
        XCTAssertTrue(next.stdout.contains("Next elapse: Mon "), next.stdout)
    }

    private func verify(_ kind: String, user: Bool) throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze") else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { XCTFail("systemd-analyze is missing: scripts/install-deps.sh --test installs it") }
            throw XCTSkip("systemd-analyze not installed")
        }
        let source = RepositoryPaths.root().appendingPathComponent("systemd/\(kind)")
        let dir = TemporaryDirectory("units")
        let runtime = TemporaryDirectory("runtime")
        let binary = RepositoryPaths.carnetBinary
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: binary), "build carnet first: \(binary)")
        var names: [String] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path).sorted() {
            var text = try String(contentsOf: source.appendingPathComponent(name), encoding: .utf8)
                .replacingOccurrences(of: "/usr/local/bin/carnet", with: binary)
            // The system units run as user carnet, which this machine may not have.
            if !user { text = text.replacingOccurrences(of: "=carnet\n", with: "=root\n") }
            try dir.write(name, text)
            names.append(dir.path + "/" + name)
        }
        // The user units add the web app's socket and service and the weekly reminders (carnet remind) to the sync units.
        XCTAssertEqual(names.count, user ? 7 : 3)
        try FileManager.default.createDirectory(atPath: "/var/lib/carnet/plan", withIntermediateDirectories: true)
        let result = try Shell.run(["systemd-analyze"] + (user ? ["--user"] : []) + ["verify"] + names,
                                   environment: ["XDG_RUNTIME_DIR": runtime.path, "SYSTEMD_LOG_LEVEL": "notice"])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertEqual(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines), "", result.stderr)
    }
}
