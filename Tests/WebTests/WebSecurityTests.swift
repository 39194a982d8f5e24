import Foundation
import TestSupport
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// A plan made from the sample, and `carnet web` serving it (real binary, real HTTP on loopback).
class WebTestCase: XCTestCase {
    var home: TemporaryDirectory!
    var work: TemporaryDirectory!
    var server: WebServer!
    var plan: String!

    override func setUpWithError() throws {
        home = TemporaryDirectory("carnet-web-home")
        work = TemporaryDirectory("carnet-web-work")
        let made = try carnet("plan", "init", "plan", "--sample", "--name", "Awa Diallo", "--email", "awa@terres.example")
        XCTAssertEqual(made.status, 0, made.stderr)
        plan = work.path + "/plan"
    }

    override func tearDown() {
        server?.stop()
        server = nil
    }

    func start(language: String = "en", today: String = "2026-11-27") throws {
        server = try WebServer(plan: plan, home: home.path, language: language, today: today)
    }

    @discardableResult
    func carnet(_ arguments: String...) throws -> ShellResult {
        try Shell.run([RepositoryPaths.carnetBinary] + arguments, in: work.path, environment: [
            "HOME": home.path, "XDG_CONFIG_HOME": home.path + "/config", "GIT_CONFIG_NOSYSTEM": "1",
            "CARNET_SAMPLES": RepositoryPaths.root().appendingPathComponent("Samples").path,
            "CARNET_TODAY": "2026-11-27",
        ])
    }

    func git(_ arguments: String...) throws -> String {
        let result = try Shell.git(arguments, in: plan)
        XCTAssertEqual(result.status, 0, "git \(arguments): \(result.stderr)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// docs/SECURITY.md, "The local web server": each guarantee against a request a hostile page,
/// another user of the machine or a rebinding site could send.
final class WebSecurityTests: WebTestCase {
    func testTheSecretIsAPrivateFileAndBecomesAStrictHttpOnlyCookieThenLeavesTheAddress() throws {
        try start()
        let path = server.config + "/carnet/web-secret"
        var info = stat()
        XCTAssertEqual(stat(path, &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o600, "the secret is readable by its owner only")
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines), server.secret)

        let first = try HTTPAnswer.send(port: server.port, "GET /?secret=\(server.secret) HTTP/1.1", headers: ["Host": server.host])
        XCTAssertEqual(first.status, 303)
        XCTAssertEqual(first.header("Location"), "/", "the secret is taken out of the address")
        let cookie = try XCTUnwrap(first.header("Set-Cookie"))
        XCTAssertTrue(cookie.hasPrefix("\(server.cookieName)="), cookie)
        XCTAssertFalse(cookie.contains(server.secret), "the cookie is this run's session, not the installation's secret")
        XCTAssertTrue(cookie.contains("HttpOnly"), cookie)
        XCTAssertTrue(cookie.contains("SameSite=Strict"), cookie)

        let page = try server.get("/")
        XCTAssertEqual(page.status, 200)
        XCTAssertTrue(page.body.contains("The plan&#39;s commitments") || page.body.contains("The plan's commitments"), page.body)

        // The secret itself is no cookie.
        XCTAssertEqual(try server.get("/", headers: ["Cookie": "\(server.cookieName)=\(server.secret)"]).status, 403)

        // The same secret on the next start: it is the installation's, not the run's; the old
        // run's session cookie opens nothing.
        let secret = server.secret, oldCookie = server.cookie
        server.stop()
        try start()
        XCTAssertEqual(server.secret, secret)
        XCTAssertEqual(try server.get("/", headers: ["Cookie": oldCookie.replacingOccurrences(of: oldCookie.prefix { $0 != "=" }, with: server.cookieName)]).status, 403)
    }

    func testASecretFileOthersCanReadIsReplaced() throws {
        try start()
        let secret = server.secret
        server.stop()
        chmod(server.config + "/carnet/web-secret", 0o644)
        try start()
        XCTAssertNotEqual(server.secret, secret, "a secret others could read is not trusted")
        XCTAssertEqual(try server.get("/", headers: ["Cookie": "\(server.cookieName)=\(secret)"]).status, 403)
    }

    func testAWrongOrMissingSecretIsRefusedEverywhere() throws {
        try start()
        let wrong = String(server.secret.reversed())
        for path in ["/", "/c/05", "/sync", "/style.css", "/nowhere"] {
            let none = try HTTPAnswer.send(port: server.port, "GET \(path) HTTP/1.1", headers: ["Host": server.host])
            XCTAssertEqual(none.status, 403, "no cookie: \(path)")
            XCTAssertEqual(try server.get(path, headers: ["Cookie": "\(server.cookieName)=\(wrong)"]).status, 403, "wrong cookie: \(path)")
            XCTAssertEqual(try server.get(path, headers: ["Cookie": "\(server.cookieName)="]).status, 403, "empty cookie: \(path)")
            // Another port's cookie (browsers send every 127.0.0.1 cookie to every port).
            let value = server.cookie.split(separator: "=", maxSplits: 1)[1]
            XCTAssertEqual(try server.get(path, headers: ["Cookie": "carnet-web-\(server.port + 1)=\(value)"]).status, 403, "other port: \(path)")
        }
        let wrongInAddress = try HTTPAnswer.send(port: server.port, "GET /?secret=\(wrong) HTTP/1.1", headers: ["Host": server.host])
        XCTAssertEqual(wrongInAddress.status, 403)
        XCTAssertNil(wrongInAddress.header("Set-Cookie"))
        XCTAssertEqual(try HTTPAnswer.send(port: server.port, "GET /?secret=\(server.secret.prefix(63)) HTTP/1.1",
                                           headers: ["Host": server.host]).status, 403)
        // A POST cannot carry the secret in its address to get a cookie.
        XCTAssertEqual(try HTTPAnswer.send(port: server.port, "POST /sync?secret=\(server.secret) HTTP/1.1",
                                           headers: ["Host": server.host, "Origin": server.origin]).status, 403)
    }

    func testAHostOtherThanLoopbackWithThisPortIsRefused() throws {
        try start()
        XCTAssertEqual(try server.get("/", headers: ["Host": "localhost:\(server.port)"]).status, 200)
        XCTAssertEqual(try server.get("/", headers: ["Host": "LOCALHOST:\(server.port)"]).status, 200)
        for host in ["evil.example:\(server.port)", "evil.example", "127.0.0.1", "127.0.0.1:\(server.port + 1)",
                     "localhost.evil.example:\(server.port)", "127.0.0.1:\(server.port)@evil.example", "[::1]:\(server.port)", ""] {
            XCTAssertEqual(try server.get("/", headers: ["Host": host]).status, 403, "Host: \(host)")
        }
        // The secret in the address is refused too under a rebinding name: no cookie for evil.example.
        let rebinding = try HTTPAnswer.send(port: server.port, "GET /?secret=\(server.secret) HTTP/1.1",
                                            headers: ["Host": "evil.example:\(server.port)"])
        XCTAssertEqual(rebinding.status, 403)
        XCTAssertNil(rebinding.header("Set-Cookie"))
    }

    func testAPostNeedsThisServersOriginAPlainFormAndTheToken() throws {
        try start()
        let page = try server.get("/sync")
        let csrf = try XCTUnwrap(hiddenValue("csrf", in: page.body))
        let head = try git("rev-parse", "HEAD")

        XCTAssertEqual(try server.post("/sync", [("csrf", csrf)], headers: ["Origin": "http://evil.example"]).status, 403)
        XCTAssertEqual(try server.post("/sync", [("csrf", csrf)], headers: ["Origin": "null"]).status, 403)
        XCTAssertEqual(try server.post("/sync", [("csrf", csrf)], headers: ["Origin": "http://localhost:\(server.port + 1)"]).status, 403)
        var noOrigin = ["Host": server.host, "Cookie": server.cookie, "Content-Type": "application/x-www-form-urlencoded"]
        XCTAssertEqual(try HTTPAnswer.send(port: server.port, "POST /sync HTTP/1.1", headers: noOrigin,
                                           body: Array("csrf=\(csrf)".utf8)).status, 403, "no Origin")
        noOrigin["Origin"] = server.origin
        XCTAssertEqual(try HTTPAnswer.send(port: server.port, "POST /sync HTTP/1.1", headers: noOrigin, body: []).status, 403, "no token")
        XCTAssertEqual(try server.post("/sync", [("csrf", String(csrf.reversed()))]).status, 403, "wrong token")
        XCTAssertEqual(try server.post("/sync", [("csrf", csrf), ("csrf", csrf)]).status, 403, "two tokens")
        XCTAssertEqual(try server.post("/sync", [("csrf", csrf)], headers: ["Content-Type": "text/plain"]).status, 415)
        XCTAssertEqual(try server.post("/sync", [("csrf", csrf)], headers: ["Content-Type": "multipart/form-data; boundary=x"]).status, 415)
        XCTAssertEqual(try server.post("/sync", [("csrf", csrf), ("x", String(repeating: "a", count: 2 << 20))]).status, 413)
        XCTAssertEqual(try HTTPAnswer.send(port: server.port, "PUT /sync HTTP/1.1",
                                           headers: ["Host": server.host, "Cookie": server.cookie, "Origin": server.origin]).status, 405)
        XCTAssertEqual(try git("rev-parse", "HEAD"), head, "nothing refused wrote anything")

        // The right Origin, type and token: accepted (no hub here, so the sync says so).
        let accepted = try server.post("/sync", [("csrf", csrf)])
        XCTAssertEqual(accepted.status, 303)
        XCTAssertEqual(accepted.header("Location"), "/sync?done=1")
    }

    func testEveryAnswerForbidsScriptAndFramingAndHoldsNoInlineScript() throws {
        try start()
        let answers = [try server.get("/"), try server.get("/c/05"), try server.get("/sync"), try server.get("/style.css"),
                       try server.get("/", headers: ["Cookie": ""]), try server.get("/", headers: ["Host": "evil.example"]),
                       try server.get("/c/99")]
        for answer in answers {
            let csp = try XCTUnwrap(answer.header("Content-Security-Policy"), "status \(answer.status)")
            XCTAssertTrue(csp.contains("default-src 'self'"), csp)
            XCTAssertTrue(csp.contains("script-src 'self'"), csp)
            XCTAssertTrue(csp.contains("frame-ancestors 'none'"), csp)
            XCTAssertFalse(csp.contains("unsafe-inline"), csp)
            XCTAssertEqual(answer.header("X-Content-Type-Options"), "nosniff")
            XCTAssertEqual(answer.header("X-Frame-Options"), "DENY")
            XCTAssertEqual(answer.header("Referrer-Policy"), "same-origin")
            XCTAssertEqual(answer.header("Cache-Control"), "no-store")
            let lowered = answer.body.lowercased()
            XCTAssertFalse(lowered.contains("<script"), "no script element")
            XCTAssertFalse(lowered.contains("<style"), "no inline style element (the CSP forbids it)")
            XCTAssertNil(lowered.range(of: #"\s(on[a-z]+|style)="#, options: .regularExpression), "no event handler or style attribute")
        }
        XCTAssertTrue(try server.get("/").body.contains(#"<link rel="stylesheet" href="/style.css"/>"#), "the style sheet is served by the app")
    }

    func testTheServerIsNotReachableOnAnyOtherAddress() throws {
        try start()
        var addresses: [String] = ["::1"]
        var list: UnsafeMutablePointer<ifaddrs>?
        XCTAssertEqual(getifaddrs(&list), 0)
        var cursor = list
        while let entry = cursor {
            if let sa = entry.pointee.ifa_addr, sa.pointee.sa_family == sa_family_t(AF_INET) {
                var name = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
                sa.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { p in
                    var a = p.pointee.sin_addr
                    _ = inet_ntop(AF_INET, &a, &name, socklen_t(INET_ADDRSTRLEN))
                }
                let text = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                if !text.hasPrefix("127.") { addresses.append(text) }
            }
            cursor = entry.pointee.ifa_next
        }
        freeifaddrs(list)
        // 127.0.0.2 is loopback too, but not the address the server is bound to.
        addresses.append("127.0.0.2")
        for address in addresses {
            XCTAssertThrowsError(try HTTPAnswer.connectTo(address, server.port), "reachable on \(address)") { error in
                XCTAssertEqual((error as? ConnectError)?.code, ECONNREFUSED, "\(address): \(error)")
            }
        }
        XCTAssertGreaterThan(addresses.count, 2, "this machine has a non-loopback address to try")
        let fd = try HTTPAnswer.connectTo("127.0.0.1", server.port)
        close(fd)
    }
}
