import Foundation
import TestSupport
import XCTest

/// A commitment's texts edited in each of the plan's languages (the sample's: fr, then en),
/// through the engine of `carnet milestone set --lang`.
final class WebTextLanguageTests: WebTestCase {
    func testANoteSavedInEnglishIsTheTranslationAndTheFrenchStays() throws {
        try start()
        let french = try server.get("/c/05").body
        XCTAssertTrue(french.contains("href=\"/c/05?text=en\""), "the plan's other language is offered")
        XCTAssertFalse(french.contains("name=\"text-language\""), "the first language needs no field")
        let before = try String(contentsOfFile: plan + "/commitments/05/progress.yaml", encoding: .utf8)
        XCTAssertTrue(before.contains("note: \"Conseil de 31 membres"), before)

        let page = try server.get("/c/05?text=en").body
        let marker = "action=\"/c/05/m/m1\""
        XCTAssertEqual(hiddenValue("text-language", in: page, after: marker), "en")
        let saved = try server.post("/c/05/m/m1", [("csrf", try XCTUnwrap(hiddenValue("csrf", in: page, after: marker))),
                                                   ("version", try XCTUnwrap(hiddenValue("version", in: page, after: marker))),
                                                   ("text-language", "en"),
                                                   ("note", "A council of 31 members, 9 of them from women's cooperatives.")])
        XCTAssertEqual(saved.status, 303, saved.body)
        XCTAssertEqual(saved.header("Location"), "/c/05?saved=m1&text=en#milestone-m1")
        let after = try String(contentsOfFile: plan + "/commitments/05/progress.yaml", encoding: .utf8)
        XCTAssertTrue(after.contains("fr: \"Conseil de 31 membres"), after)
        XCTAssertTrue(after.contains("en: \"A council of 31 members, 9 of them from women's cooperatives.\""), after)
        XCTAssertEqual(try git("status", "--porcelain"), "", "one commit, nothing left over")
        // The oracle: git, one commit of the one file, said as the engine says it.
        XCTAssertEqual(try git("show", "--format=%s", "--name-only", "HEAD").split(separator: "\n").map(String.init),
                       ["Commitment 05, milestone m1: note", "commitments/05/progress.yaml"])
        XCTAssertTrue(try server.get("/c/05?text=en").body.contains(">A council of 31 members"), "the form shows it back")

        // A language the plan does not have is the first language: nothing written in it.
        let other = try server.get("/c/05?text=de").body
        XCTAssertFalse(other.contains("name=\"text-language\" value=\"de\"") && other.contains("aria-current=\"true\">de"))
    }
}
