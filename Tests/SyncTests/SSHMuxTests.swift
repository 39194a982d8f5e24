import Foundation
import LocalSSH
import XCTest
import Git
import Records
import TestSupport
import Workspace
@testable import Sync

/// Sync over OpenSSH's client with one master connection reused across syncs (issue 19), against
/// a real sshd behind the link relay, which counts the TCP connections it accepts.
final class SSHMuxTests: XCTestCase {
    var peers: SyncPeers!
    var server: SSHServer!
    var controlDir: String!

    override func setUpWithError() throws {
        guard SSHServer.available, FileManager.default.isExecutableFile(atPath: "/usr/bin/ssh") else {
            throw XCTSkip("sshd or ssh is not installed (Debian: apt-get install openssh-server openssh-client)")
        }
        guard LinkRelay.available else { throw XCTSkip("python3 is not installed (Debian: apt-get install python3)") }
        peers = try SyncPeers()
        server = try SSHServer(in: peers.temp.url)
        // Masters of this test only, in a folder of its own (the process's environment: the
        // engine runs in this process).
        controlDir = peers.path("mux")
        try FileManager.default.createDirectory(atPath: controlDir, withIntermediateDirectories: false,
                                                attributes: [.posixPermissions: 0o700])
        setenv("CARNET_SSH_CONTROL_DIR", controlDir, 1)
        let url = server.url(peers.hubPath)
        try peers.publish(hub: url, transport: ssh())
        XCTAssertEqual(try peers.clone("a", hub: url, transport: ssh()).status, .inSync)
    }

    override func tearDown() {
        // The masters this test made: sessions outlive the test's sshd listener otherwise.
        exitMasters()
        unsetenv("CARNET_SSH_CONTROL_DIR")
        unsetenv("CARNET_SSH_TRANSPORT")
        server = nil
        peers = nil
    }

    private func ssh() -> (SyncSettings) -> SyncSettings {
        let server = server!
        return { settings in
            var s = settings
            s.identityFile = server.clientKey
            s.knownHostsFile = server.knownHosts
            s.timeoutSeconds = 30
            return s
        }
    }

    /// Copy `a` syncing through a relay in front of the hub's sshd, with `key`.
    private func link(_ profile: LinkRelay.Profile = .init(), key: String? = nil, timeout: Int = 30) throws -> (relay: LinkRelay, engine: SyncEngine) {
        let relay = try LinkRelay(in: peers.temp.url, targetPort: server.port, profile: profile)
        let both = peers.path("known_hosts_\(relay.port)")
        try (String(contentsOfFile: server.knownHosts, encoding: .utf8)
             + LinkRelay.knownHostsLine(port: relay.port, hostPublicKey: server.hostPublicKey))
            .write(toFile: both, atomically: true, encoding: .utf8)
        let engine = try SyncEngine(at: peers.copies["a"]!)
        var settings = try XCTUnwrap(engine.settings())
        settings.hub = "ssh://\(server.user)@127.0.0.1:\(relay.port)\(peers.hubPath)"
        settings.knownHostsFile = both
        settings.identityFile = key ?? server.clientKey
        settings.timeoutSeconds = timeout
        try engine.configure(settings)
        return (relay, engine)
    }

    private func connections(_ relay: LinkRelay) -> Int { relay.connections }

    private func exitMasters() {
        for socket in sockets {
            _ = try? Shell.run(["/usr/bin/ssh", "-F", "/dev/null", "-o", "ControlPath=\(controlDir!)/\(socket)", "-O", "exit", "x"])
        }
    }

    private var sockets: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: controlDir)) ?? []).filter { !$0.contains(".") }
    }

    /// The first sync opens one connection and leaves a master behind, in the private folder; the
    /// next no-op sync opens none, nor does an edit: its fetch and its push ride the master (the
    /// hub's `hub serve` checks the key at each request: JoinTests).
    func testTheNextSyncsReuseTheMaster() throws {
        let (relay, engine) = try link()
        let before = connections(relay)
        XCTAssertEqual(engine.sync().status, .inSync)
        XCTAssertEqual(connections(relay), before + 1, "the first sync connects once")
        XCTAssertEqual(sockets.count, 2, "a master per hub address (the direct one of setUp, the relay's): \(sockets)")
        var info = stat()
        XCTAssertEqual(lstat(controlDir, &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o700)

        XCTAssertEqual(engine.sync().status, .inSync)
        XCTAssertEqual(connections(relay), before + 1, "the no-op sync opened no connection")
        try peers.setNote("a", "03", "m1", "an edit")
        let edit = engine.sync()
        XCTAssertEqual(edit.status, .inSync, edit.summary)
        XCTAssertTrue(edit.pushed)
        XCTAssertEqual(connections(relay), before + 1, "the edit's fetch and push opened no connection")
        XCTAssertEqual(try peers.hubHead(), try peers.head("a"))
    }

    /// A copy in a folder whose name has a space ("Mes documents"), known_hosts and key in it:
    /// ssh reads the very files named (it would split an unquoted value at the space and trust
    /// "…/Mes" instead, or fail), and a decoy at that prefix path is not trusted.
    func testPathsWithSpacesAreReadAsTheyAre() throws {
        let folder = peers.path("Mes documents")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        let known = folder + "/known_hosts", key = folder + "/id key"
        try FileManager.default.copyItem(atPath: server.knownHosts, toPath: known)
        try FileManager.default.copyItem(atPath: server.clientKey, toPath: key)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: key)
        // The prefix path ssh would read if the value were split: a wrong key for the hub.
        try "[127.0.0.1]:\(server.port) ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBERERERERERERERERERERERERERERERERERERERERER\n"
            .write(toFile: peers.path("Mes"), atomically: true, encoding: .utf8)
        let engine = try SyncEngine(at: peers.copies["a"]!)
        var settings = try XCTUnwrap(engine.settings())
        settings.knownHostsFile = known
        settings.identityFile = key
        try engine.configure(settings)
        try peers.setNote("a", "03", "m1", "from Mes documents")
        let outcome = engine.sync()
        XCTAssertEqual(outcome.status, .inSync, outcome.summary)
        XCTAssertEqual(try peers.hubHead(), try peers.head("a"))
    }

    /// A master made with one key never serves another: a sync with a key the hub does not know,
    /// made while the good key's master is alive, is refused (it would ride the master, and push
    /// as the other member, if the socket's name did not cover the key).
    func testTwoIdentitiesNeverShareAMaster() throws {
        let (relay, engine) = try link()
        XCTAssertEqual(engine.sync().status, .inSync)
        let before = connections(relay)
        var settings = try XCTUnwrap(engine.settings())
        settings.identityFile = server.wrongKey
        try engine.configure(settings)
        try peers.setNote("a", "03", "m1", "with a key the hub does not know")
        let outcome = engine.sync()
        XCTAssertEqual(outcome.status, .refused, outcome.summary)
        XCTAssertEqual(outcome.exitCode, 77)
        XCTAssertTrue(outcome.message?.contains("refused the credentials") == true, outcome.message ?? "")
        XCTAssertGreaterThanOrEqual(connections(relay), before + 1, "the other key opened a connection of its own")
        XCTAssertNotEqual(try peers.hubHead(), try peers.head("a"), "nothing landed")
    }

    /// The link goes quiet under a live master (connections kept, nothing moves): the next sync,
    /// a mux client behind that master, ends as the watchdog says, about the bound later — it
    /// does not hang — and the master is told to go, so that the sync after it starts afresh.
    func testASyncBehindADeadMasterEndsAtTheBound() throws {
        let (relay, engine) = try link(timeout: 3)
        XCTAssertEqual(engine.sync().status, .inSync)
        relay.pause()
        try peers.setNote("a", "03", "m1", "behind a dead master")
        let started = Date()
        let outcome = engine.sync()
        let seconds = Date().timeIntervalSince(started)
        XCTAssertTrue([.hubUnreachable, .stalled].contains(outcome.status), outcome.summary)
        XCTAssertEqual(outcome.exitCode, 75)
        XCTAssertLessThan(seconds, 3 + 15, "ended about the bound after the link went quiet")
        relay.resume()
        let again = engine.sync()
        XCTAssertEqual(again.status, .inSync, again.summary)
        XCTAssertEqual(try peers.hubHead(), try peers.head("a"))
    }

    /// CARNET_SSH_TRANSPORT=libssh2 keeps libgit2's own transport (what runs when ssh is not
    /// installed): it still syncs, checks the host key and refuses a wrong key, and leaves no master.
    func testTheLibssh2PathStillWorksWhenAskedFor() throws {
        exitMasters()
        setenv("CARNET_SSH_TRANSPORT", "libssh2", 1)
        let (relay, engine) = try link()
        defer { withExtendedLifetime(relay) {} }
        try peers.setNote("a", "03", "m1", "through libssh2")
        let outcome = engine.sync()
        XCTAssertEqual(outcome.status, .inSync, outcome.summary)
        XCTAssertEqual(try peers.hubHead(), try peers.head("a"))
        XCTAssertEqual(sockets, [], "libssh2 made no master")

        let empty = peers.path("empty_known_hosts")
        try "".write(toFile: empty, atomically: true, encoding: .utf8)
        var settings = try XCTUnwrap(engine.settings())
        settings.knownHostsFile = empty
        try engine.configure(settings)
        let unknown = engine.sync()
        XCTAssertEqual(unknown.status, .refused, unknown.summary)
        XCTAssertTrue(unknown.message?.contains("ssh-keyscan") == true, unknown.message ?? "")
    }

    /// The same refusals on the OpenSSH path, with the words of the libssh2 path: an unknown host
    /// key names its fingerprint and the ssh-keyscan command; a changed one says CHANGED.
    func testHostKeysAreCheckedOnTheOpenSSHPath() throws {
        let (relay, engine) = try link()
        defer { withExtendedLifetime(relay) {} }
        let empty = peers.path("empty_known_hosts")
        try "".write(toFile: empty, atomically: true, encoding: .utf8)
        var settings = try XCTUnwrap(engine.settings())
        settings.knownHostsFile = empty
        try engine.configure(settings)
        let unknown = engine.sync()
        XCTAssertEqual(unknown.status, .refused, unknown.summary)
        XCTAssertEqual(unknown.exitCode, 77)
        XCTAssertTrue(unknown.message?.contains("ssh-keyscan") == true && unknown.message?.contains("SHA256:") == true, unknown.message ?? "")
        XCTAssertTrue(unknown.message?.contains("ssh-ed25519") == true, unknown.message ?? "")

        let wrong = try server.wrongKnownHosts()
        let port = URL(string: settings.hub)?.port ?? 0
        let line = try String(contentsOfFile: wrong, encoding: .utf8).replacingOccurrences(of: "]:\(server.port) ", with: "]:\(port) ")
        try line.write(toFile: empty, atomically: true, encoding: .utf8)
        let changed = engine.sync()
        XCTAssertEqual(changed.status, .refused, changed.summary)
        XCTAssertTrue(changed.message?.contains("CHANGED") == true, changed.message ?? "")
        XCTAssertEqual(sockets.count, 1, "no master was made for a hub whose key failed: \(sockets)")
    }

    /// Hub addresses that try to smuggle an option to ssh or a command to the hub's shell: none
    /// runs anything. A host or user beginning with "-" is refused before ssh runs (77); a path
    /// with quotes and semicolons reaches the hub quoted, as one path that does not exist.
    func testInjectionAttemptsInTheHubAddressRunNothing() throws {
        let marker = peers.path("pwned")
        let hostile = [
            "ssh://-oProxyCommand=touch%20\(marker)/x",
            "ssh://-oProxyCommand=touch \(marker)@127.0.0.1:\(server.port)\(peers.hubPath)",
            // scp-like (no slash before the colon, else it is a local path).
            "-oProxyCommand=touch${IFS}pwned:x",
        ]
        for url in hostile {
            let outcome = try peers.clone("c\(hostile.firstIndex(of: url)!)", hub: url, transport: ssh())
            XCTAssertEqual(outcome.status, .refused, "\(url): \(outcome.summary)")
            XCTAssertEqual(outcome.exitCode, 77)
            XCTAssertTrue(outcome.message?.contains("begins with \"-\"") == true, outcome.message ?? "")
        }
        let quoted = "ssh://\(server.user)@127.0.0.1:\(server.port)\(peers.hubPath)';touch \(marker);'"
        let outcome = try peers.clone("q", hub: quoted, transport: ssh())
        XCTAssertNotEqual(outcome.status, .inSync, outcome.summary)
        let bang = "ssh://\(server.user)@127.0.0.1:\(server.port)\(peers.hubPath)'$(touch \(marker))!'"
        XCTAssertNotEqual(try peers.clone("b", hub: bang, transport: ssh()).status, .inSync)
        XCTAssertFalse(FileManager.default.fileExists(atPath: marker), "no command ran")
    }
}
