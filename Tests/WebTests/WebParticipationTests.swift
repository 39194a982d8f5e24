import Foundation
import TestSupport
import XCTest

/// The point of contact's participation page: each rule's verdict, in the words `carnet status`
/// prints for the same day (the same engine), following the records as they change.
final class WebParticipationTests: WebTestCase {
    /// The participation lines `carnet status` prints, without their indent.
    private func statusLines(_ environment: [String: String] = [:]) throws -> [String] {
        let result = try Shell.run([RepositoryPaths.carnetBinary, "status"], in: plan, environment: [
            "HOME": home.path, "CARNET_TODAY": "2026-11-27",
        ].merging(environment) { $1 })
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let heading = lines.firstIndex(where: { $0.hasPrefix("Participation") }) else { return [] }
        return lines[(heading + 1)...].prefix { $0.hasPrefix("  ") }.map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// The page's text with the HTML writer's escapes undone.
    private func text(_ html: String) -> String {
        html.replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    func testEveryRuleHasItsVerdictInTheWordsOfCarnetStatus() throws {
        try start()
        let page = try server.get("/participation")
        XCTAssertEqual(page.status, 200, page.body)
        let shown = text(page.body)
        let lines = try statusLines()
        XCTAssertGreaterThan(lines.count, 3, "the sample has findings")
        for line in lines { XCTAssertTrue(shown.contains(line), "status says '\(line)', the page does not:\n\(shown)") }
        for rule in ["forum", "consultations", "answers", "publication", "self-assessment"] {
            XCTAssertTrue(page.body.contains("id=\"rule-\(rule)\""), "no card for \(rule)")
        }
        // The sample: no forum meeting in 2026-Q1, one question answered late.
        XCTAssertTrue(page.body.contains("<li class=\"card late\" id=\"rule-forum\">"), page.body)
        XCTAssertTrue(page.body.contains("<li class=\"card late\" id=\"rule-answers\">"), page.body)
        XCTAssertTrue(page.body.contains("<li class=\"card\" id=\"rule-consultations\">"), page.body)
        XCTAssertTrue(shown.contains("2026-11-medicaments awaits an answer, due 7 December 2026"), shown)
        XCTAssertTrue(try server.get("/").body.contains("href=\"/participation\""), "in the point of contact's menu")

        // A forum meeting recorded in the quarter that had none: the page follows the records.
        let added = try Shell.run([RepositoryPaths.carnetBinary, "meeting", "add", "2026-02-19", "--title", "Quarterly forum"], in: plan,
                                  environment: ["HOME": home.path])
        XCTAssertEqual(added.status, 0, added.stderr)
        let after = try server.get("/participation").body
        XCTAssertTrue(after.contains("<li class=\"card\" id=\"rule-forum\">"), after)
        XCTAssertFalse(text(after).contains("2026-Q1"), after)
        for line in try statusLines() { XCTAssertTrue(text(after).contains(line), "status says '\(line)', the page does not") }
    }

    func testThePageSpeaksFrench() throws {
        try start(language: "fr")
        let page = try server.get("/participation")
        XCTAssertEqual(page.status, 200, page.body)
        let shown = text(page.body)
        XCTAssertTrue(shown.contains("Règles de participation"), shown)
        XCTAssertTrue(shown.contains("Non respectée."), shown)
        for line in try statusLines(["CARNET_LANG": "fr"]) { XCTAssertTrue(shown.contains(line), "'\(line)' not in:\n\(shown)") }
    }

    func testAPlanWithoutParticipationRecordsSaysHowToStart() throws {
        _ = try git("rm", "-r", "-q", "participation")
        _ = try git("commit", "-q", "-m", "no participation")
        try start()
        let page = try server.get("/participation")
        XCTAssertEqual(page.status, 200, page.body)
        XCTAssertTrue(text(page.body).contains("carnet meeting add"), page.body)
        XCTAssertFalse(page.body.contains("id=\"rule-forum\""), page.body)
    }
}
