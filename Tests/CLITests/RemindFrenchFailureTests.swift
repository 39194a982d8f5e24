import Foundation
import TestSupport
import XCTest

/// `carnet remind --send` when the mail server fails, as a French-speaking person reads it: the
/// reason is French too, not the system's or OpenSSL's English (MailWords). Peers: a raw socket
/// server written here (it misbehaves on purpose: closes, speaks another protocol, refuses),
/// no server at all, and aiosmtpd with a certificate this computer does not trust.
final class RemindFrenchFailureTests: CLITestCase {
    private var environment: [String: String] {
        ["HOME": home.path, "XDG_CONFIG_HOME": home.path, "GIT_CONFIG_NOSYSTEM": "1", "CARNET_TODAY": "2026-11-27",
         "CARNET_LANG": "", "LANG": "fr_FR.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""]
    }

    /// One connection served by `answers` (what the peer says after its greeting line, then it
    /// closes), carnet remind run against it in French; its status and standard error.
    private func remind(_ plan: String, greeting: String, closeAfter lines: Int) throws -> (status: Int, stderr: String) {
        let peer = """
            import json, socket, subprocess, sys
            import threading
            server = socket.socket(); server.bind(('127.0.0.1', 0)); server.listen(1)
            greeting, lines = sys.argv[2].encode(), int(sys.argv[3])
            def serve():
                c, _ = server.accept(); c.settimeout(30); f = c.makefile('rb')
                c.sendall(greeting)
                for _ in range(lines):
                    if not f.readline(): break
                    c.sendall(b'250 ok\\r\\n')
                # Half-close, then read what carnet still sends: closing with its next command
                # unread would reset the connection (RST), which carnet rightly reports as cut,
                # not as closed without an answer.
                c.shutdown(socket.SHUT_WR)
                try:
                    while c.recv(4096): pass
                except OSError: pass
                c.close()
            threading.Thread(target=serve, daemon=True).start()
            port = str(server.getsockname()[1])
            run = subprocess.run([a.replace('{port}', port) for a in sys.argv[4:]], capture_output=True, text=True, timeout=120)
            json.dump({'status': run.returncode, 'stderr': run.stderr}, open(sys.argv[1], 'w'))
            """
        let out = work.path + "/peer-\(UUID().uuidString).json"
        let run = try Shell.run(["python3", "-c", peer, out, greeting, String(lines), RepositoryPaths.carnetBinary, "remind",
                                 "--out", "kept-\(UUID().uuidString)", "--send", "--smtp", "127.0.0.1:{port}"],
                                in: plan, environment: environment)
        XCTAssertEqual(run.status, 0, run.stderr)
        let result = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
        return (result["status"] as? Int ?? -1, result["stderr"] as? String ?? "")
    }

    private func assertFrench(_ text: String, _ words: String..., file: StaticString = #filePath, line: UInt = #line) {
        for word in words { XCTAssertTrue(text.contains(word), "no '\(word)' in: \(text)", file: file, line: line) }
        for tell in EngineFrenchTests.englishTells + ["Connection refused", "connection closed", "greeting"] {
            XCTAssertFalse(text.contains(tell), "English '\(tell)' in: \(text)", file: file, line: line)
        }
    }

    func testFailuresAreSaidInFrench() throws {
        let plan = try samplePlan()
        // Nobody listens on the port.
        let probe = try Shell.run(["python3", "-c", "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])"])
        let port = probe.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let down = try Shell.run([RepositoryPaths.carnetBinary, "remind", "--out", "kept", "--send", "--smtp", "127.0.0.1:\(port)"],
                                 in: plan, environment: environment)
        XCTAssertEqual(down.status, 75, down.stderr)
        assertFrench(down.stderr, "Impossible de joindre le serveur SMTP", "la connexion a été refusée")

        // The connection drops after the greeting and one answer.
        let dropped = try remind(plan, greeting: "220 peer ESMTP\r\n", closeAfter: 1)
        XCTAssertEqual(dropped.status, 75, dropped.stderr)
        assertFrench(dropped.stderr, "L'échange avec le serveur SMTP s'est interrompu", "le serveur a fermé la connexion sans répondre")

        // Something else than a mail server answers on the port.
        let web = try remind(plan, greeting: "HTTP/1.1 400 Bad Request\r\n\r\n", closeAfter: 0)
        XCTAssertEqual(web.status, 75, web.stderr)
        assertFrench(web.stderr, "n'est pas un serveur de messagerie")

        // The server refuses from its first words.
        let refused = try remind(plan, greeting: "554 no service here\r\n", closeAfter: 0)
        XCTAssertEqual(refused.status, 75, refused.stderr)
        assertFrench(refused.stderr, "à l'étape de l'accueil", "554 no service here")
    }

    /// A certificate no authority of this computer signed, and one made out to another name.
    func testCertificateRefusalsAreSaidInFrench() throws {
        guard try Shell.run(["python3", "-c", "import aiosmtpd"]).status == 0 else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { XCTFail("aiosmtpd is missing: scripts/install-deps.sh --test installs it") }
            throw XCTSkip("aiosmtpd not installed (scripts/install-deps.sh --test)")
        }
        let plan = try samplePlan()
        func certificate(_ name: String, _ subject: String, _ alt: String) throws -> [String] {
            let cert = work.path + "/\(name).pem", key = work.path + "/\(name)-key.pem"
            let made = try Shell.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                                      "-days", "2", "-subj", subject, "-addext", "subjectAltName=\(alt)"])
            XCTAssertEqual(made.status, 0, made.stderr)
            return [cert, key]
        }
        func remind(_ tls: [String], _ options: String...) throws -> (status: Int, stderr: String) {
            let out = work.path + "/tls-\(UUID().uuidString).json"
            let run = try Shell.run(["python3", RemindTests.peer, "serve-and-run", out, "--tls"] + tls + ["--", RepositoryPaths.carnetBinary,
                                     "remind", "--out", "sent-\(UUID().uuidString)", "--send", "--smtp", "127.0.0.1:{port}"] + options,
                                    in: plan, environment: environment)
            XCTAssertEqual(run.status, 0, run.stderr)
            let result = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
            return (result["status"] as? Int ?? -1, result["stderr"] as? String ?? "")
        }
        let own = try certificate("own", "/CN=127.0.0.1", "IP:127.0.0.1")
        let untrusted = try remind(own)
        XCTAssertEqual(untrusted.status, 75, untrusted.stderr)
        assertFrench(untrusted.stderr, "Pas de connexion sécurisée", "n'est pas signé par une autorité reconnue par cet ordinateur")

        let other = try certificate("other", "/CN=mail.example.org", "DNS:mail.example.org")
        let mismatch = try remind(other, "--smtp-ca-file", other[0])
        XCTAssertEqual(mismatch.status, 75, mismatch.stderr)
        assertFrench(mismatch.stderr, "est établi pour un autre nom que 127.0.0.1")
    }
}
