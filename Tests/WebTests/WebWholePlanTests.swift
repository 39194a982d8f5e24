import Foundation
import TestSupport
import XCTest

/// What the pages keep between requests (the whole plan's summaries by folder, a commitment's
/// last changes, who leads what on disk) never shows something stale: a hand edit not committed,
/// a commit that arrived, a reset, a restart. The oracle: the files and git's own history.
final class WebWholePlanTests: WebTestCase {
    private func edit(_ file: String, _ from: String, _ to: String) throws {
        let path = plan + "/" + file
        let text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(text.contains(from), text)
        try text.replacingOccurrences(of: from, with: to).write(toFile: path, atomically: true, encoding: .utf8)
    }

    func testThePlansListFollowsHandEditsCommitsAndResets() throws {
        try start(today: "2027-06-15")
        XCTAssertTrue(try server.get("/").body.contains("Public land records"))
        XCTAssertEqual(try server.get("/attention").status, 200)

        // A hand edit, not committed: read from disk at once.
        try edit("commitments/05/commitment.yaml", "en: \"Public land records\"", "en: \"Public land registers\"")
        var page = try server.get("/").body
        XCTAssertTrue(page.contains("Public land registers"), page)
        XCTAssertFalse(page.contains("Public land records"))
        // Committed, then undone by git itself (the folder's tree at HEAD goes back).
        _ = try git("-c", "user.name=Awa Diallo", "-c", "user.email=awa@terres.example", "commit", "-q", "-am", "Renamed")
        XCTAssertTrue(try server.get("/").body.contains("Public land registers"))
        _ = try git("reset", "-q", "--hard", "HEAD~1")
        page = try server.get("/").body
        XCTAssertTrue(page.contains("Public land records"), page)
        XCTAssertFalse(page.contains("Public land registers"))
        // A commitment folder removed (and committed) leaves the list.
        _ = try git("rm", "-q", "-r", "commitments/05")
        _ = try git("-c", "user.name=Awa Diallo", "-c", "user.email=awa@terres.example", "commit", "-q", "-m", "05 removed")
        XCTAssertFalse(try server.get("/").body.contains("href=\"/c/05\""))
    }

    func testOverdueMilestonesAreNamedByTheirOfficialCode() throws {
        try start(today: "2027-06-15")
        let before = try server.get("/").body
        let card = try XCTUnwrap(before.components(separatedBy: "<li class=").first { $0.contains("href=\"/c/05\"") })
        XCTAssertTrue(card.contains("m3"), card)
        XCTAssertEqual(try carnet("milestone", "define", "-C", plan, "05", "m3", "--code", "VAL05.3").status, 0)
        let after = try server.get("/").body
        let coded = try XCTUnwrap(after.components(separatedBy: "<li class=").first { $0.contains("href=\"/c/05\"") })
        XCTAssertTrue(coded.contains("VAL05.3"), coded)
        XCTAssertFalse(coded.contains(">m3<") || coded.contains(" m3,") || coded.contains(">m3,"), coded)
    }

    func testACommitmentsLastChangesFollowSavesAndAResetAsGitLogSaysThem() throws {
        try start()
        // The oracle: git's own log of the folder, its last ten commits by author and count; each is
        // said in words (what it did to the records), never by its English subject.
        func shown() throws -> (count: Int, expected: Int, page: String) {
            let page = try server.get("/c/05").body
            let commits = try git("log", "--format=%H", "-n", "10", "--", "commitments/05/").split(separator: "\n").count
            let history = page.components(separatedBy: "id=\"history\"").last ?? ""
            return (history.components(separatedBy: "<li><strong>").count - 1, commits, page)
        }
        var now = try shown()
        XCTAssertEqual(now.count, now.expected, now.page)
        XCTAssertEqual(try carnet("milestone", "set", "-C", plan, "05", "m3", "--note", "Première note.").status, 0)
        XCTAssertEqual(try carnet("milestone", "set", "-C", plan, "02", "m1", "--note", "Ailleurs.").status, 0)
        XCTAssertEqual(try carnet("milestone", "set", "-C", plan, "05", "m4", "--note", "Deuxième note.").status, 0)
        now = try shown()
        XCTAssertEqual(now.count, now.expected, now.page)
        XCTAssertTrue(now.page.contains("<br/>Milestone m4: note updated</li>"), now.page)
        XCTAssertTrue(now.page.contains("<br/>Milestone m3: note updated</li>"), now.page)
        XCTAssertFalse(now.page.contains("Commitment 05, milestone m4: note"), "not git's subject")
        _ = try git("reset", "-q", "--hard", "HEAD~3")
        now = try shown()
        XCTAssertEqual(now.count, now.expected, now.page)
        XCTAssertFalse(now.page.contains("<br/>Milestone m4: note updated</li>"), "a change no longer in history is not shown")
    }

    func testWhoLeadsWhatIsKeptOnDiskAcrossRestartsAndABadFileIsReadAgain() throws {
        _ = try git("config", "carnet.role", "ministry")
        _ = try git("config", "carnet.ministry", "min-finances")
        try start()
        func listed() throws -> Set<String> {
            let page = try server.get("/")
            XCTAssertEqual(page.status, 200, page.body)
            return Set((1...9).map { String(format: "%02d", $0) }.filter { page.body.contains("href=\"/c/\($0)\"") })
        }
        XCTAssertEqual(try listed(), ["01", "08"])
        let store = plan + "/.git/carnet/web-leads"
        let kept = try String(contentsOfFile: store, encoding: .utf8)
        XCTAssertTrue(kept.hasPrefix("carnet web leads 1\n"), kept)
        let blob = try git("rev-parse", "HEAD:commitments/01/commitment.yaml")
        XCTAssertTrue(kept.contains(blob + "\t"), kept)

        // Stopped, a lead changes by a commit: the restart reads that file again, not the others.
        server.stop()
        try edit("commitments/02/commitment.yaml", "lead_agency: min-justice", "lead_agency: min-finances")
        _ = try git("-c", "user.name=Awa Diallo", "-c", "user.email=awa@terres.example", "commit", "-q", "-am", "02 to the finances")
        try start()
        XCTAssertEqual(try listed(), ["01", "02", "08"])

        // A file that is not what the app writes is ignored (everything read again) and rewritten.
        server.stop()
        try "carnet web leads 1\nnot-an-id\tmin-finances\n".write(toFile: store, atomically: true, encoding: .utf8)
        try start()
        XCTAssertEqual(try listed(), ["01", "02", "08"])
        XCTAssertTrue(try String(contentsOfFile: store, encoding: .utf8).contains(blob + "\t"))
    }
}
