import Foundation
import XCTest
import Git
import TestSupport
@testable import Sync

/// Sync over HTTPS with a token, against git's own smart-HTTP server behind TLS on 127.0.0.1
/// (HTTPSHub): clone, push, fetch; a wrong token and an untrusted certificate are refused with
/// what to do, and nothing is written.
final class SyncHTTPSTests: XCTestCase {
    var peers: SyncPeers!
    var server: HTTPSHub!

    override func setUpWithError() throws {
        guard HTTPSHub.available else {
            throw XCTSkip("python3, openssl or git-http-backend missing (Debian: apt-get install python3 openssl git)")
        }
        peers = try SyncPeers()
        try peers.publish()
        server = try HTTPSHub(root: peers.temp.path, in: peers.temp.path)
    }

    override func tearDown() {
        server = nil
        peers = nil
    }

    private func https(token: String?, trusted: Bool = true) throws -> (SyncSettings) -> SyncSettings {
        let tokenFile = peers.path("token-\(UUID().uuidString.prefix(4))")
        if let token { try "\(token)\n".write(toFile: tokenFile, atomically: true, encoding: .utf8) }
        let ca = trusted ? server.caFile : nil
        return { settings in
            var s = settings
            s.tokenFile = token == nil ? nil : tokenFile
            s.caFile = ca
            s.timeoutSeconds = 30
            return s
        }
    }

    func testCloneEditAndSyncOverHTTPSWithAToken() throws {
        let url = server.url("hub.git")
        let cloned = try peers.clone("a", hub: url, transport: https(token: server.token))
        XCTAssertEqual(cloned.status, .inSync, cloned.summary)
        guard cloned.status == .inSync else { return }
        try peers.setNote("a", "01", "m2", "over https")
        let sent = try peers.sync("a")
        XCTAssertEqual(sent.status, .inSync, sent.summary)
        XCTAssertTrue(sent.pushed)
        XCTAssertEqual(try peers.hubHead(), try peers.head("a"), "the push reached the hub")
        let shown = try Shell.git(["show", "main:commitments/01/progress.yaml"], in: peers.hubPath).stdout
        XCTAssertTrue(shown.contains("over https"), shown)
        // And back: the point of contact's change arrives over HTTPS too.
        XCTAssertEqual(try peers.sync("poc").status, .inSync)
        try peers.setNote("poc", "02", "m1", "from the point of contact")
        XCTAssertEqual(try peers.sync("poc").status, .inSync)
        let taken = try peers.sync("a")
        XCTAssertEqual(taken.status, .inSync, taken.summary)
        XCTAssertEqual(try peers.progress("a", "02").milestone("m1")?.note, .plain("from the point of contact"))
        try peers.assertFsck(peers.hubPath)
        let config = try String(contentsOfFile: peers.copies["a"]! + "/.git/config", encoding: .utf8)
        XCTAssertFalse(config.contains(server.token), "the token stays out of .git/config")
    }

    /// `carnet hub status` in a copy attached over HTTPS: the hub's main and its published push
    /// log come over the connection sync uses (token file, CA file). Before the hub's hooks have
    /// published a log, the status says it cannot see one, and shows pushes as unknown.
    func testHubStatusFromACopyOverHTTPS() throws {
        let cloned = try peers.clone("a", hub: server.url("hub.git"), transport: https(token: server.token))
        XCTAssertEqual(cloned.status, .inSync, cloned.summary)
        guard cloned.status == .inSync, let copy = peers.copies["a"] else { return }
        let carnet = RepositoryPaths.carnetBinary
        func status() throws -> [String: Any] {
            let result = try Shell.run([carnet, "hub", "status", "--json"], in: copy)
            XCTAssertEqual(result.status, 0, result.stderr)
            return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        }
        let before = try status()
        XCTAssertEqual(before["pushLogVisible"] as? Bool, false)
        let text = try Shell.run([carnet, "hub", "status"], in: copy).stdout
        XCTAssertTrue(text.contains("The push log cannot be seen from here") && !text.contains("last push: never"), text)

        // The post-receive hook's own command, as git runs it in the hub after a push.
        let main = try XCTUnwrap(try peers.hubHead()).description
        let pusher = "min-justice:jules@justice.example"
        let recorded = try Shell.run([carnet, "hub", "record", "--hub", peers.hubPath], environment: ["CARNET_PUSHER": pusher],
                                     input: "\(String(repeating: "0", count: 40)) \(main) refs/heads/main\n")
        XCTAssertEqual(recorded.status, 0, recorded.stderr)
        let after = try status()
        XCTAssertEqual(after["pushLogVisible"] as? Bool, true)
        XCTAssertEqual(after["head"] as? String, main)
        let justice = (after["ministries"] as? [[String: Any]])?.first { $0["id"] as? String == "min-justice" }
        XCTAssertEqual(justice?["lastPushBy"] as? String, pusher)
    }

    func testWrongTokenIsRefusedAfterBoundedAttempts() throws {
        let outcome = try peers.clone("a", hub: server.url("hub.git"), transport: https(token: "not-the-token"))
        XCTAssertEqual(outcome.status, .refused, outcome.summary)
        XCTAssertEqual(outcome.exitCode, 77)
        XCTAssertFalse(FileManager.default.fileExists(atPath: peers.path("a")), "a failed clone leaves nothing")
    }

    func testNoTokenSaysWhatToGive() throws {
        let outcome = try peers.clone("a", hub: server.url("hub.git"), transport: https(token: nil))
        XCTAssertEqual(outcome.status, .refused, outcome.summary)
        XCTAssertTrue(outcome.message?.contains("token") == true, outcome.message ?? "")
    }

    func testUnreadableCAFileIsRefusedWithWhatToDo() throws {
        var transport = try https(token: server.token)
        let missing = peers.path("no-such-ca.pem")
        transport = { [transport] in var s = transport($0); s.caFile = missing; return s }
        let outcome = try peers.clone("a", hub: server.url("hub.git"), transport: transport)
        XCTAssertEqual(outcome.status, .refused, outcome.summary)
        XCTAssertEqual(outcome.exitCode, 77)
        XCTAssertTrue(outcome.message?.contains("cannot read the certificate authorities in \(missing)") == true, outcome.message ?? "")
        XCTAssertFalse(FileManager.default.fileExists(atPath: peers.path("a")), "a failed clone leaves nothing")
    }

    func testUntrustedCertificateIsRefusedWithWhatToDo() throws {
        let outcome = try peers.clone("a", hub: server.url("hub.git"), transport: https(token: server.token, trusted: false))
        XCTAssertEqual(outcome.status, .refused, outcome.summary)
        XCTAssertEqual(outcome.exitCode, 77)
        XCTAssertTrue(outcome.message?.contains("--ca-file") == true, outcome.message ?? "")
    }
}
