import Foundation
import TestSupport
import XCTest

/// A commitment's whole history: its page shows the last ten changes and links to all of them.
final class WebHistoryTests: WebTestCase {
    func testTheHistoryPageListsEveryChangeOfTheCommitmentAsGitDoes() throws {
        for i in 1...11 {
            let set = try carnet("milestone", "set", "05", "m4", "-C", plan, "--note", "Note \(i)\nSecond line \(i)")
            XCTAssertEqual(set.status, 0, set.stderr)
        }
        try start()
        let page = try server.get("/c/05").body
        XCTAssertEqual(page.components(separatedBy: "<li><strong>").count - 1, 10, "the page shows the last ten")
        XCTAssertTrue(page.contains("href=\"/c/05/history\""), page)

        let history = try server.get("/c/05/history")
        XCTAssertEqual(history.status, 200, history.body)
        // The oracle: git's own log of the commitment's folder (a linear history: every commit that changed it).
        let commits = try git("log", "--format=%H", "--", "commitments/05").split(separator: "\n").count
        XCTAssertGreaterThanOrEqual(commits, 12)
        XCTAssertEqual(history.body.components(separatedBy: "<li><strong>").count - 1, commits)
        XCTAssertTrue(history.body.contains("\(commits) changes, the newest first."), history.body)
        // Said in people's words from what each change did to the records, not git's English subject.
        let subjects = try git("log", "--format=%s", "--", "commitments/05").split(separator: "\n")
        XCTAssertFalse(history.body.contains(String(subjects[0])), history.body)
        XCTAssertTrue(history.body.contains("<br/>Milestone m4: note updated</li>"), history.body)
        XCTAssertEqual(try server.get("/c/99/history").status, 404)
    }
}
