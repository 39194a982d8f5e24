import Foundation
import TestSupport
import XCTest

/// Pages are made together, one on each core (DeskAccess: readers side by side, a change alone),
/// and what they keep between requests is shared by them. Many browsers at once must get exactly
/// the page one browser gets, saves made meanwhile must each land as one commit, and what was
/// kept must stay what a server started afresh reads. The oracles: the same pages asked one at a
/// time, git's log, and a second server on the same copy.
final class WebConcurrencyTests: WebTestCase {
    private let paths = ["/", "/attention", "/ministries", "/c/05", "/c/01", "/c/05/history", "/participation", "/?rag=red", "/conflicts"]

    /// What a browser sends: this server's host and session cookie (copied, to be used on any thread).
    private struct Browser: Sendable {
        let port: Int, host: String, cookie: String

        func get(_ path: String) -> (status: Int, body: String) {
            (try? HTTPAnswer.send(port: port, "GET \(path) HTTP/1.1", headers: ["Host": host, "Cookie": cookie]))
                .map { ($0.status, $0.body) } ?? (0, "no answer")
        }
    }

    /// Answers gathered from several threads.
    private final class Gathered: @unchecked Sendable {
        private let lock = NSLock()
        private var list: [(path: String, status: Int, body: String)] = []
        private var finished = false

        func add(_ path: String, _ answer: (status: Int, body: String)) { lock.withLock { list.append((path, answer.status, answer.body)) } }
        var answers: [(path: String, status: Int, body: String)] { lock.withLock { list } }
        func finish() { lock.withLock { finished = true } }
        var isFinished: Bool { lock.withLock { finished } }
    }

    private var browser: Browser { Browser(port: server.port, host: server.host, cookie: server.cookie) }

    /// A page without this run's CSRF token (a server started afresh has another).
    private func withoutToken(_ page: String) -> String {
        hiddenValue("csrf", in: page).map { page.replacingOccurrences(of: $0, with: "") } ?? page
    }

    func testPagesMadeTogetherAreThePagesMadeOneAtATime() throws {
        try start()
        var alone: [String: String] = [:]
        for path in paths {
            let page = try server.get(path)
            XCTAssertEqual(page.status, 200, "\(path): \(page.body.prefix(300))")
            alone[path] = page.body
        }
        let (browser, paths, gathered) = (self.browser, self.paths, Gathered())
        let rounds = 3 * paths.count
        DispatchQueue.concurrentPerform(iterations: 8) { client in
            // Each client walks the pages from another place: different pages are made at once.
            for round in 0..<rounds {
                let path = paths[(client + round) % paths.count]
                gathered.add(path, browser.get(path))
            }
        }
        XCTAssertEqual(gathered.answers.count, 8 * rounds)
        for answer in gathered.answers {
            XCTAssertEqual(answer.status, 200, "\(answer.path): \(answer.body.prefix(300))")
            XCTAssertEqual(answer.body, alone[answer.path], "\(answer.path) made beside other pages differs from the page made alone")
        }
    }

    func testSavesMadeWhilePagesAreReadEachLandOnceAndTheKeptPagesStayTrue() throws {
        try start()
        let before = Int(try git("rev-list", "--count", "HEAD"))!
        let saves = 6
        let (browser, paths, gathered) = (self.browser, self.paths, Gathered())
        let reading = DispatchGroup()
        // Readers, all the time the saves are made.
        for client in 0..<4 {
            DispatchQueue.global().async(group: reading) {
                var round = 0
                while !gathered.isFinished {
                    let path = paths[(client + round) % paths.count]
                    round += 1
                    gathered.add(path, browser.get(path))
                }
            }
        }
        // Saves, one after another as a person makes them, each from the page as it is then.
        for n in 1...saves {
            let form = try server.get("/c/05")
            let marker = "action=\"/c/05/m/m1\""
            let csrf = try XCTUnwrap(hiddenValue("csrf", in: form.body, after: marker))
            let version = try XCTUnwrap(hiddenValue("version", in: form.body, after: marker))
            let saved = try server.post("/c/05/m/m1", [("csrf", csrf), ("version", version), ("note", "Note \(n) written while others read")])
            XCTAssertEqual(saved.status, 303, saved.body)
        }
        gathered.finish()
        reading.wait()
        XCTAssertGreaterThan(gathered.answers.count, saves, "pages were read while the saves were made")
        for answer in gathered.answers {
            XCTAssertEqual(answer.status, 200, "\(answer.path): \(answer.body.prefix(300))")
            XCTAssertTrue(answer.body.hasSuffix("</html>"), "\(answer.path): a whole page")
        }

        // git: one commit per save, the last note in the file.
        XCTAssertEqual(Int(try git("rev-list", "--count", "HEAD"))!, before + saves)
        XCTAssertTrue(try String(contentsOfFile: plan + "/commitments/05/progress.yaml", encoding: .utf8)
            .contains("Note \(saves) written while others read"))
        XCTAssertTrue(try server.get("/c/05").body.contains("Note \(saves) written while others read"))

        // What the pages kept is what a server started afresh on the same copy reads.
        let kept = try paths.map { try server.get($0).body }
        server.stop()
        try start()
        XCTAssertEqual(try paths.map { withoutToken(try server.get($0).body) }, kept.map(withoutToken))
    }
}
