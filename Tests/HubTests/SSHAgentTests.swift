import Foundation
import LocalSSH
import TestSupport
import XCTest

/// Issue 17, item 3: a key with a passphrase works for clone and sync through a real ssh-agent;
/// without an agent (and no terminal) Carnet says the key needs its passphrase, not "refused".
final class SSHAgentTests: XCTestCase {
    private var fixture: HubFixture!
    private var server: SSHServer!
    private var agentPID: pid_t = 0
    private var socket: String { fixture.dir.path + "/agent.sock" }
    private var key: String { fixture.dir.path + "/locked" }
    private let passphrase = "une phrase secrète"

    override func setUpWithError() throws {
        fixture = try HubFixture()
        // A second key of Rosine's (autorite-terres), protected by a passphrase.
        try fixture.must(Shell.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", passphrase, "-C", "locked", "-f", key]))
        try fixture.must(fixture.carnetRun(["member", "add", "autorite-terres", "--name", fixture.terres.name,
                                            "--email", fixture.terres.email, "--key", key + ".pub"], in: fixture.plan))
        try fixture.must(fixture.git(["push", "-q", fixture.hub, "main"], in: fixture.plan, as: fixture.poc,
                                     environment: ["CARNET_PUSHER": fixture.identity(fixture.poc)]))
        server = try fixture.startSSH()
    }

    override func tearDown() {
        if agentPID > 0 {
            kill(agentPID, SIGTERM)
            var status: Int32 = 0
            waitpid(agentPID, &status, 0)
        }
        server = nil
        fixture = nil
    }

    private func carnet(_ arguments: [String], in directory: String? = nil, agent: Bool) throws -> ShellResult {
        try fixture.carnetRun(arguments, in: directory ?? fixture.dir.path,
                              environment: ["SSH_AUTH_SOCK": agent ? socket : "", "HOME": fixture.dir.path])
    }

    private func startAgent() throws {
        // In the foreground (-D), spawned directly with its output on /dev/null: a forked agent
        // holding the test's pipes, or a Foundation Process child, has hung tests (SSHServer).
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd in [Int32(0), 1, 2] { posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0) }
        let arguments = ["/usr/bin/ssh-agent", "-D", "-a", socket]
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        XCTAssertEqual(posix_spawn(&agentPID, arguments[0], &actions, nil, argv, environ), 0)
        for _ in 0..<250 where !FileManager.default.fileExists(atPath: socket) { usleep(20_000) }
        XCTAssertTrue(FileManager.default.fileExists(atPath: socket), "ssh-agent did not start")
        // ssh-add reads the passphrase from an askpass program (no terminal here).
        let askpass = fixture.dir.path + "/askpass"
        try "#!/bin/sh\necho '\(passphrase)'\n".write(toFile: askpass, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: askpass)
        try fixture.must(Shell.run(["ssh-add", key], environment: [
            "SSH_AUTH_SOCK": socket, "SSH_ASKPASS": askpass, "SSH_ASKPASS_REQUIRE": "force", "DISPLAY": ":0"]))
    }

    func testAPassphraseKeyClonesAndSyncsThroughTheAgent() throws {
        let copy = fixture.dir.path + "/terres-copy"
        let arguments = ["clone", server.url(fixture.hub), copy, "--ministry", "autorite-terres", "--identity", key,
                         "--known-hosts", server.knownHosts, "--name", fixture.terres.name, "--email", fixture.terres.email]
        // No agent, no terminal: the key's passphrase is named as what is missing.
        let locked = try carnet(arguments, agent: false)
        XCTAssertEqual(locked.status, 77, locked.stderr)
        XCTAssertTrue(locked.stderr.contains("passphrase") && locked.stderr.contains("ssh-add"), locked.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: copy))

        try startAgent()
        try fixture.must(carnet(arguments, agent: true))
        try fixture.must(carnet(["milestone", "set", "05", "m1", "--note", "Par l'agent"], in: copy, agent: true))
        try fixture.must(carnet(["sync"], in: copy, agent: true))
        XCTAssertEqual(try fixture.hubMain(), try fixture.head(of: copy))
        // The same copy without the agent: told why, nothing lost.
        try fixture.must(carnet(["milestone", "set", "05", "m1", "--note", "Sans agent"], in: copy, agent: false))
        let later = try carnet(["sync"], in: copy, agent: false)
        XCTAssertEqual(later.status, 77, later.stderr)
        XCTAssertTrue(later.stderr.contains("passphrase"), later.stderr)
    }
}
