import Foundation
import LocalSSH
import TestSupport
import XCTest

/// Part of the desktop (docs/WEB.md): the launcher and the systemd units are valid as their own
/// tools judge them, and `carnet web` serves on the socket systemd passes (socket activation,
/// driven by systemd's own `systemd-socket-activate`), loopback only.
final class WebDesktopTests: WebTestCase {
    private var share: URL { RepositoryPaths.root().appendingPathComponent("share") }

    func testTheLauncherIsAValidDesktopEntry() throws {
        let path = share.appendingPathComponent("applications/carnet.desktop").path
        let result = try Shell.run(["desktop-file-validate", path])
        XCTAssertEqual(result.status, 0, "desktop-file-validate (scripts/install-deps.sh --test installs it): \(result.stdout)\(result.stderr)")
        XCTAssertEqual(result.stdout + result.stderr, "", "no warning either")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(text.contains("Exec=carnet web --open-only --port 8765"), "it opens the socket unit's port")
    }

    func testTheSystemdUnitsVerify() throws {
        // systemd-analyze checks that ExecStart's program exists: the units as installed, with this build's carnet.
        let source = RepositoryPaths.root().appendingPathComponent("systemd/user")
        let units = TemporaryDirectory("web-units")
        let runtime = TemporaryDirectory("runtime")
        var names: [String] = []
        for name in ["carnet-web.socket", "carnet-web.service"] {
            let text = try String(contentsOf: source.appendingPathComponent(name), encoding: .utf8)
                .replacingOccurrences(of: "/usr/local/bin/carnet", with: RepositoryPaths.carnetBinary)
            try units.write(name, text)
            names.append(units.path + "/" + name)
        }
        let result = try Shell.run(["systemd-analyze", "--user", "verify"] + names,
                                   environment: ["XDG_RUNTIME_DIR": runtime.path, "SYSTEMD_LOG_LEVEL": "notice"])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertEqual(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines), "", result.stderr)
        let socket = try String(contentsOf: source.appendingPathComponent("carnet-web.socket"), encoding: .utf8)
        XCTAssertTrue(socket.contains("ListenStream=127.0.0.1:8765"), "loopback only, the launcher's port")
    }

    /// systemd-socket-activate listens, starts carnet on the first connection and passes the
    /// socket as fd 3 (LISTEN_FDS=1): the app answers on it, behind the same guard.
    func testSocketActivationServesTheAppOnThePassedSocket() throws {
        let port = try SSHServer.freePort()
        let config = home.path + "/config"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/systemd-socket-activate")
        process.arguments = ["-l", "127.0.0.1:\(port)", "-E", "HOME=\(home.path)", "-E", "XDG_CONFIG_HOME=\(config)", "-E", "GIT_CONFIG_NOSYSTEM=1",
                             "-E", "CARNET_LANG=en", "-E", "PATH=/usr/bin:/bin", RepositoryPaths.carnetBinary, "web", "--no-open", "-C", plan]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { process.terminate(); process.waitUntilExit() }
        // Nothing runs until the first connection: no key written yet.
        Thread.sleep(forTimeInterval: 0.5)
        XCTAssertFalse(FileManager.default.fileExists(atPath: config + "/carnet/web-secret"), "carnet is not started before a connection")
        let host = "127.0.0.1:\(port)"
        var first: HTTPAnswer?
        for _ in 0..<120 where first == nil {
            first = try? HTTPAnswer.send(port: port, "GET / HTTP/1.1", headers: ["Host": host])
            if first == nil { Thread.sleep(forTimeInterval: 0.5) }
        }
        XCTAssertEqual(try XCTUnwrap(first, "the socket answered").status, 403, "no key, no page")
        let secret = try String(contentsOfFile: config + "/carnet/web-secret", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let exchange = try HTTPAnswer.send(port: port, "GET /?secret=\(secret) HTTP/1.1", headers: ["Host": host])
        XCTAssertEqual(exchange.status, 303)
        let cookie = String(try XCTUnwrap(exchange.header("Set-Cookie")).prefix { $0 != ";" })
        let page = try HTTPAnswer.send(port: port, "GET / HTTP/1.1", headers: ["Host": host, "Cookie": cookie])
        XCTAssertEqual(page.status, 200)
        XCTAssertTrue(page.body.contains("My commitments") || page.body.contains("commitments"), page.body)
        XCTAssertNotNil(page.header("Content-Security-Policy"), "the same guard's headers")
        let rebinding = try HTTPAnswer.send(port: port, "GET / HTTP/1.1", headers: ["Host": "evil.example:\(port)", "Cookie": cookie])
        XCTAssertNotEqual(rebinding.status, 200, "the Host check holds on the passed socket too")
    }

    func testASocketOnEveryAddressIsRefused() throws {
        let port = try SSHServer.freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/systemd-socket-activate")
        process.arguments = ["-l", "0.0.0.0:\(port)", "-E", "HOME=\(home.path)", "-E", "XDG_CONFIG_HOME=\(home.path)/config", "-E", "GIT_CONFIG_NOSYSTEM=1",
                             "-E", "CARNET_LANG=en", "-E", "PATH=/usr/bin:/bin", RepositoryPaths.carnetBinary, "web", "--no-open", "-C", plan]
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        defer { if process.isRunning { process.terminate() }; process.waitUntilExit() }
        // The first connection starts carnet, which closes the socket and stops: nothing is served.
        // (Once systemd-socket-activate listens: a connection before that starts nothing.)
        var answer: HTTPAnswer?
        let listening = Date().addingTimeInterval(30)
        while Date() < listening {
            guard let fd = try? HTTPAnswer.connectTo("127.0.0.1", port) else { Thread.sleep(forTimeInterval: 0.2); continue }
            close(fd)
            answer = try? HTTPAnswer.send(port: port, "GET / HTTP/1.1", headers: ["Host": "127.0.0.1:\(port)"])
            break
        }
        if let answer { XCTAssertNotEqual(answer.status, 200, "never a page on a socket open to the network") }
        let deadline = Date().addingTimeInterval(60)
        // The run loop, not a sleep: Foundation learns of the exit through it.
        while process.isRunning && Date() < deadline { RunLoop.current.run(until: Date().addingTimeInterval(0.2)) }
        XCTAssertFalse(process.isRunning, "carnet stopped")
        guard !process.isRunning else { return }
        XCTAssertEqual(process.terminationStatus, 74)
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertTrue(said.contains("not on 127.0.0.1"), said)
    }
}

/// `carnet demo --web`: the demo, then the app left running on Rosine's copy, with the demo's
/// hub (a real sshd) still serving and a conflict to settle.
final class WebDemoTests: WebTestCase {
    func testDemoWebLeavesTheAppRunningOnACopyWithAHubAndAConflict() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/sshd") else {
            throw XCTSkip("sshd is missing: scripts/install-deps.sh --test installs it")
        }
        server = try WebServer(plan: "", home: home.path, arguments: ["demo", "--web", "--directory", work.path + "/demo"])
        let conflicts = try server.get("/conflicts")
        XCTAssertEqual(conflicts.status, 200)
        XCTAssertTrue(conflicts.body.contains("milestones.m4.completion"), "the demo's conflict waits: \(conflicts.body)")
        // Sync now reaches the demo's hub: the page says everything was sent and received.
        let csrf = try XCTUnwrap(hiddenValue("csrf", in: try server.get("/sync").body))
        XCTAssertEqual(try server.post("/sync", [("csrf", csrf)]).status, 303)
        let sync = try server.get("/sync?done=1").body
        XCTAssertTrue(sync.contains("Everything was sent and received."), sync)
        // Stopped, it leaves nothing serving.
        let port = server.port
        server.stop()
        XCTAssertThrowsError(try HTTPAnswer.connectTo("127.0.0.1", port), "the app stopped with the demo")
    }
}
