import Foundation
import TestSupport
import XCTest

/// The web app as an attacker reads it: every route the sources declare, not only the ones a
/// test remembered (docs/SECURITY.md, "The local web server"). A route added tomorrow is in the
/// list the day it is written.
final class WebAttackTests: WebTestCase {
    /// The paths `router.METHOD("…")` declares in Sources/WebApp, in order.
    static func declaredRoutes(_ method: String) throws -> [String] {
        let folder = RepositoryPaths.root().appendingPathComponent("Sources/WebApp")
        let pattern = try NSRegularExpression(pattern: "router\\.\(method)\\(\"([^\"]+)\"")
        var routes: [String] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where name.hasSuffix(".swift") {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                routes.append(String(text[Range(match.range(at: 1), in: text)!]))
            }
        }
        return routes
    }

    /// The `on…=` attributes of a page's tags, quoted values set aside (the hostile text, escaped,
    /// is inside a value or between tags, where it is only text).
    static func eventHandlers(in page: String) -> [String] {
        var found: [String] = []
        var rest = page[...]
        while let open = rest.range(of: #"<[a-zA-Z][^>]*>"#, options: .regularExpression) {
            let tag = rest[open].replacingOccurrences(of: #""[^"]*"|'[^']*'"#, with: "", options: .regularExpression)
            if let handler = tag.range(of: #"\son[a-z]+\s*="#, options: .regularExpression) { found.append(String(tag[handler])) }
            rest = rest[open.upperBound...]
        }
        return found
    }

    /// A route's path with the sample plan's ids in place of its parameters.
    static func concrete(_ route: String) -> String {
        var previous = ""
        return route.split(separator: "/", omittingEmptySubsequences: false).map { part -> String in
            defer { previous = String(part) }
            switch part {
            case ":id": return previous == "organisations" ? "autorite-terres" : "05"
            case ":milestone": return "m4"
            case ":evidence": return "e1"
            case "**": return "index.html"
            default: return String(part)
            }
        }.joined(separator: "/")
    }

    func testEveryPostRouteNeedsThisServersOriginAndTheToken() throws {
        try start()
        let csrf = try XCTUnwrap(hiddenValue("csrf", in: try server.get("/sync").body))
        let head = try git("rev-parse", "HEAD")
        let posts = try Self.declaredRoutes("post")
        XCTAssertGreaterThanOrEqual(posts.count, 11, "the routes were found: \(posts)")
        for route in posts {
            let path = Self.concrete(route)
            XCTAssertEqual(try server.post(path, [("note", "x")]).status, 403, "\(path) without the token")
            XCTAssertEqual(try server.post(path, [("csrf", "")]).status, 403, "\(path) with an empty token")
            XCTAssertEqual(try server.post(path, [("csrf", csrf)], headers: ["Origin": "http://evil.example"]).status, 403, "\(path) from another site")
            XCTAssertEqual(try server.post(path, [("csrf", csrf)], headers: ["Origin": "null"]).status, 403, "\(path) from a sandboxed page")
            XCTAssertEqual(try server.post(path, [("csrf", csrf)], headers: ["Cookie": ""]).status, 403, "\(path) without the session")
        }
        XCTAssertEqual(try git("rev-parse", "HEAD"), head, "nothing refused wrote a commit")
        XCTAssertEqual(try git("status", "--porcelain"), "", "nothing refused wrote a file")
    }

    /// Hostile text (`<script>`, an attribute broken out of) at the end of every record value a
    /// person types (every text holding a space: titles, names, descriptions, notes, evidence
    /// titles in each language, participation records, a conflict's values): every GET page the
    /// app declares shows it as text, and the pages that show records do show it.
    func testHostileTextInEveryFieldIsShownAsTextOnEveryPage() throws {
        let hostile = " <script>alert(1)</script>\"><img src=x onerror=alert(2)>"
        // Line by line, so every other value stays as written: each double-quoted value holding a
        // space gets the text before its closing quote (a quote escaped as YAML wants it).
        let script = """
            import os, re, sys
            root, suffix = sys.argv[1], sys.argv[2].replace('"', '\\\\"')
            line = re.compile(r'^(\\s*(?:- )?(?:[A-Za-z_]+: )?)"((?:[^"\\\\]|\\\\.)* (?:[^"\\\\]|\\\\.)*)"\\s*$')
            for folder, dirs, files in os.walk(root):
                dirs[:] = [d for d in dirs if d != '.git']
                for name in files:
                    if not name.endswith('.yaml'): continue
                    path = os.path.join(folder, name)
                    with open(path, encoding='utf-8') as f: lines = f.read().split('\\n')
                    lines = [line.sub(lambda m: m.group(1) + '"' + m.group(2) + suffix + '"', l) for l in lines]
                    with open(path, 'w', encoding='utf-8') as f: f.write('\\n'.join(lines))
            """
        let edited = try Shell.run(["python3", "-c", script, plan, hostile])
        XCTAssertEqual(edited.status, 0, edited.stderr)
        let escaped = hostile.replacingOccurrences(of: "\"", with: "\\\"")
        let progress = plan + "/commitments/05/progress.yaml"
        try (try String(contentsOfFile: progress, encoding: .utf8) + """

            conflicts:
              - field: milestones.m4.note
                kept: "gardée\(escaped)"
                lost: "perdue\(escaped)"
                lost_by: "Eve\(escaped)"
                lost_at: "2026-11-20T10:00:00Z"

            """).write(toFile: progress, atomically: true, encoding: .utf8)
        XCTAssertEqual(try Shell.git(["commit", "-q", "--no-verify", "-am", "hostile text"], in: plan).status, 0)
        try start()
        let gets = try Self.declaredRoutes("get")
        XCTAssertGreaterThanOrEqual(gets.count, 15, "the routes were found: \(gets)")
        var shown: [String] = []
        for route in gets {
            let path = Self.concrete(route)
            let answer = try server.get(path)
            let body = answer.body.lowercased()
            XCTAssertFalse(body.contains("<script"), "\(path): a script element")
            XCTAssertFalse(body.contains("<img src=x"), "\(path): markup from a record")
            XCTAssertEqual(Self.eventHandlers(in: body), [], "\(path): an event handler")
            if body.contains("&lt;script&gt;alert(1)&lt;/script&gt;") { shown.append(path) }
        }
        for page in ["/c/05", "/c/05/define", "/organisations/autorite-terres", "/conflicts"] {
            XCTAssertTrue(shown.contains(page), "\(page) shows the record's text: \(shown)")
        }
    }
}
