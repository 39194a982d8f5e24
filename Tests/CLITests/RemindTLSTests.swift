import Foundation
import TestSupport
import XCTest

/// `carnet remind --send --smtp` with STARTTLS: a real aiosmtpd on 127.0.0.1 that offers and
/// requires it, with a certificate openssl makes for the test; the certificate is checked (a
/// private CA file trusted only when given), and a password goes only inside TLS.
final class RemindTLSTests: CLITestCase {
    private var certificate: String { work.path + "/cert.pem" }
    private var key: String { work.path + "/key.pem" }

    /// aiosmtpd is there, and a certificate for 127.0.0.1 (the work folder exists only after setUp).
    private func prepare() throws {
        guard try Shell.run(["python3", "-c", "import aiosmtpd"]).status == 0 else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { XCTFail("aiosmtpd is missing: scripts/install-deps.sh --test installs it") }
            throw XCTSkip("aiosmtpd not installed (scripts/install-deps.sh --test)")
        }
        let made = try Shell.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate,
                                  "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"])
        XCTAssertEqual(made.status, 0, made.stderr)
    }

    /// Runs `carnet remind` against the TLS peer; its JSON result.
    private func remind(_ plan: String, peer: [String], _ options: String..., password: String? = nil) throws -> [String: Any] {
        let out = work.path + "/smtp-\(UUID().uuidString).json"
        var environment = ["HOME": home.path, "XDG_CONFIG_HOME": home.path, "CARNET_TODAY": "2026-11-27", "CARNET_LANG": "en"]
        if let password { environment["CARNET_SMTP_PASSWORD"] = password }
        let run = try Shell.run(["python3", RemindTests.peer, "serve-and-run", out] + peer + ["--", RepositoryPaths.carnetBinary,
                                 "remind", "--out", "sent-\(UUID().uuidString)", "--send", "--smtp", "127.0.0.1:{port}"] + options,
                                in: plan, environment: environment)
        XCTAssertEqual(run.status, 0, run.stderr)
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
    }

    func testMessagesGoInsideTLSWithTheCertificateCheckedAndThePasswordOnlyThere() throws {
        try prepare()
        let plan = try samplePlan()
        let tls = ["--tls", certificate, key, "--user", "awa:s3cret"]
        let sent = try remind(plan, peer: tls, "--smtp-ca-file", certificate, "--smtp-user", "awa", password: "s3cret")
        XCTAssertEqual(sent["status"] as? Int, 0, "\(sent["stderr"] ?? "")")
        let messages = try XCTUnwrap(sent["messages"] as? [[String: Any]])
        XCTAssertGreaterThan(messages.count, 1)
        for m in messages {
            let envelope = m["envelope"] as? [String: Any]
            XCTAssertEqual(envelope?["tls"] as? Bool, true)
            XCTAssertEqual(envelope?["authenticated"] as? Bool, true)
        }
        let logins = try XCTUnwrap(sent["logins"] as? [[String: Any]])
        XCTAssertEqual(logins.count, 1)
        XCTAssertEqual(logins.first?["tls"] as? Bool, true)
        XCTAssertFalse("\(sent["stdout"] ?? "")\(sent["stderr"] ?? "")".contains("s3cret"))

        // The same server without the private CA: the system's authorities do not know it.
        let untrusted = try remind(plan, peer: tls, "--smtp-user", "awa", password: "s3cret")
        XCTAssertEqual(untrusted["status"] as? Int, 75, "\(untrusted["stderr"] ?? "")")
        XCTAssertTrue("\(untrusted["stderr"] ?? "")".contains("--smtp-ca-file"), "\(untrusted["stderr"] ?? "")")
        XCTAssertEqual((untrusted["messages"] as? [Any])?.count, 0)
        XCTAssertEqual((untrusted["logins"] as? [Any])?.count, 0, "no password sent")

        // A certificate for another host: refused though its authority is trusted.
        let other = work.path + "/other.pem", otherKey = work.path + "/other-key.pem"
        let made = try Shell.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", otherKey, "-out", other,
                                  "-days", "2", "-subj", "/CN=mail.example.org", "-addext", "subjectAltName=DNS:mail.example.org"])
        XCTAssertEqual(made.status, 0, made.stderr)
        let mismatch = try remind(plan, peer: ["--tls", other, otherKey], "--smtp-ca-file", other)
        XCTAssertEqual(mismatch["status"] as? Int, 75, "\(mismatch["stderr"] ?? "")")
        XCTAssertEqual((mismatch["messages"] as? [Any])?.count, 0)
    }

    /// A password is never sent in clear, even to this machine; TLS required of a server without it.
    func testNoPasswordAndNoRequiredTLSWithoutSTARTTLS() throws {
        try prepare()
        let plan = try samplePlan()
        let clear = try remind(plan, peer: [], "--smtp-user", "awa", password: "s3cret")
        XCTAssertEqual(clear["status"] as? Int, 64, "\(clear["stderr"] ?? "")")
        XCTAssertTrue("\(clear["stderr"] ?? "")".contains("does not offer STARTTLS"), "\(clear["stderr"] ?? "")")
        XCTAssertEqual((clear["messages"] as? [Any])?.count, 0)
        let required = try remind(plan, peer: [], "--smtp-tls")
        XCTAssertEqual(required["status"] as? Int, 64, "\(required["stderr"] ?? "")")
        XCTAssertEqual((required["messages"] as? [Any])?.count, 0)
        let noPassword = try carnet("remind", "--out", "x", "--send", "--smtp", "127.0.0.1:25", "--smtp-user", "awa", in: plan)
        XCTAssertEqual(noPassword.status, 64, noPassword.stderr)
        XCTAssertTrue(noPassword.stderr.contains("CARNET_SMTP_PASSWORD"), noPassword.stderr)
    }

    /// A conversation that fails after connecting (TLS required, the server offers none) closes
    /// its socket once: a second close(2) of the same number could close a descriptor another
    /// thread opened in between. strace, a real peer of the system calls, counts them.
    func testAFailedConversationClosesItsSocketOnce() throws {
        try prepare()
        guard try Shell.run(["sh", "-c", "command -v strace"]).status == 0 else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { XCTFail("strace is missing: scripts/install-deps.sh --test installs it") }
            throw XCTSkip("strace not installed (scripts/install-deps.sh --test)")
        }
        let plan = try samplePlan()
        let out = work.path + "/smtp-once.json", trace = work.path + "/trace.txt"
        let run = try Shell.run(["python3", RemindTests.peer, "serve-and-run", out, "--",
                                 "strace", "-f", "-qq", "-e", "trace=connect,close", "-o", trace,
                                 RepositoryPaths.carnetBinary, "remind", "--out", "sent", "--send", "--smtp", "127.0.0.1:{port}", "--smtp-tls"],
                                in: plan, environment: ["HOME": home.path, "XDG_CONFIG_HOME": home.path, "CARNET_TODAY": "2026-11-27", "CARNET_LANG": "en"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let result = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
        XCTAssertEqual(result["status"] as? Int, 64, "\(result["stderr"] ?? "")")
        let lines = try String(contentsOfFile: trace, encoding: .utf8).split(separator: "\n").map(String.init)
        // The socket: the descriptor connected to the peer's port on 127.0.0.1.
        let connect = try XCTUnwrap(lines.first { $0.contains("connect(") && $0.contains("127.0.0.1") && $0.contains("htons(") },
                                    lines.joined(separator: "\n"))
        let fd = try XCTUnwrap(connect.range(of: #"connect\((\d+),"#, options: .regularExpression).map {
            String(connect[$0].dropFirst("connect(".count).dropLast())
        })
        let closes = lines.filter { $0.contains("close(\(fd))") }
        XCTAssertFalse(closes.isEmpty, "the socket is closed")
        XCTAssertFalse(closes.contains { $0.contains("EBADF") }, "closed twice:\n" + closes.joined(separator: "\n"))
    }

    /// A server (or someone on the way) that answers STARTTLS and adds a line in clear in the same
    /// breath (CVE-2011-0411: that line would be taken as said inside TLS): the conversation ends
    /// there, before a handshake, and nothing is sent. A peer written here, in raw sockets,
    /// since no real server misbehaves on purpose.
    func testALineInClearAfterTheSTARTTLSAnswerEndsTheConversation() throws {
        let plan = try samplePlan()
        let peer = """
            import json, socket, subprocess, sys, threading
            server = socket.socket(); server.bind(('127.0.0.1', 0)); server.listen(1)
            seen = []
            def serve():
                c, _ = server.accept(); c.settimeout(30); f = c.makefile('rb')
                c.sendall(b'220 peer ESMTP\\r\\n')
                while True:
                    line = f.readline()
                    if not line: break
                    seen.append(line.decode('latin-1').rstrip('\\r\\n'))
                    word = line.split(b' ')[0].strip().upper()
                    if word == b'EHLO': c.sendall(b'250-peer\\r\\n250 STARTTLS\\r\\n')
                    elif word == b'STARTTLS': c.sendall(b'220 go ahead\\r\\n250 injected\\r\\n')
                    elif word == b'QUIT': c.sendall(b'221 bye\\r\\n'); break
                    else: c.sendall(b'250 ok\\r\\n')
                c.close()
            thread = threading.Thread(target=serve, daemon=True); thread.start()
            port = str(server.getsockname()[1])
            run = subprocess.run([a.replace('{port}', port) for a in sys.argv[2:]], capture_output=True, text=True, timeout=120)
            thread.join(10)
            json.dump({'status': run.returncode, 'stderr': run.stderr, 'seen': seen}, open(sys.argv[1], 'w'))
            """
        let out = work.path + "/injected.json"
        let run = try Shell.run(["python3", "-c", peer, out, RepositoryPaths.carnetBinary, "remind", "--out", "sent", "--send",
                                 "--smtp", "127.0.0.1:{port}", "--smtp-tls"], in: plan,
                                environment: ["HOME": home.path, "XDG_CONFIG_HOME": home.path, "CARNET_TODAY": "2026-11-27", "CARNET_LANG": "en"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let result = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
        XCTAssertEqual(result["status"] as? Int, 75, "\(result["stderr"] ?? "")")
        XCTAssertTrue("\(result["stderr"] ?? "")".contains("STARTTLS"), "\(result["stderr"] ?? "")")
        let seen = try XCTUnwrap(result["seen"] as? [String])
        XCTAssertEqual(seen.last, "STARTTLS", "nothing after the answer, not even a handshake: \(seen)")
        XCTAssertFalse(seen.contains { $0.hasPrefix("MAIL") }, "\(seen)")
    }
}
