import Foundation
import TestSupport
import XCTest

/// Texts in each of the plan's languages (the sample's: fr, then en): the point of contact's
/// definition form in another language, translations gone stale marked beside their fields,
/// and evidence titles per language — each save one commit (git as the oracle), or refused next
/// to its field with nothing written.
final class WebTranslationTests: WebTestCase {
    private func commitmentFile() throws -> String { try git("show", "HEAD:commitments/01/commitment.yaml") }

    func testTheDefinitionIsEditedInTheOtherLanguageAndTheFirstStays() throws {
        try start()
        let french = try server.get("/c/01/define").body
        XCTAssertTrue(french.contains("href=\"/c/01/define?text=en\""), "the plan's other language is offered")
        let page = try server.get("/c/01/define?text=en")
        XCTAssertEqual(page.status, 200, page.body)
        XCTAssertTrue(page.body.contains(">Citizens&#39; budget and open budget data<") || page.body.contains(">Citizens' budget and open budget data<"),
                      "the title in English: \(page.body)")
        XCTAssertEqual(hiddenValue("text-language", in: page.body), "en")
        let (csrf, version) = (try XCTUnwrap(hiddenValue("csrf", in: page.body)), try XCTUnwrap(hiddenValue("version", in: page.body)))
        let head = try git("rev-parse", "HEAD")

        // Refused: an English title emptied; the message next to the field, nothing written.
        let refused = try server.post("/c/01/define", [("csrf", csrf), ("version", version), ("text-language", "en"), ("title", " ")])
        XCTAssertEqual(refused.status, 422, refused.body)
        XCTAssertTrue(refused.body.contains("id=\"def-title-error\""), refused.body)
        XCTAssertEqual(try git("rev-parse", "HEAD"), head, "nothing committed")
        XCTAssertEqual(try git("status", "--porcelain"), "", "nothing written")

        let saved = try server.post("/c/01/define", [("csrf", csrf), ("version", version), ("text-language", "en"),
                                                     ("title", "Open citizens' budget"), ("m.m1.activity", "Publish the 2026 citizens' budget.")])
        XCTAssertEqual(saved.status, 303, saved.body)
        XCTAssertEqual(saved.header("Location"), "/c/01/define?saved=1&text=en")
        XCTAssertEqual(try git("rev-list", "--count", "\(head)..HEAD"), "1", "one commit")
        XCTAssertEqual(try git("diff", "--name-only", "HEAD~1", "HEAD"), "commitments/01/commitment.yaml")
        XCTAssertEqual(try git("status", "--porcelain"), "")
        let yaml = try commitmentFile()
        XCTAssertTrue(yaml.contains("en: \"Open citizens' budget\""), yaml)
        XCTAssertTrue(yaml.contains("fr: \"Budget citoyen et données budgétaires ouvertes\""), "the French title stays: \(yaml)")
        XCTAssertTrue(yaml.contains("en: \"Publish the 2026 citizens' budget.\""), yaml)
        let valid = try carnet("validate", plan)
        XCTAssertEqual(valid.status, 0, valid.stdout + valid.stderr)
    }

    func testAStaleTranslationIsMarkedBesideItsFieldInEachLanguage() throws {
        // The French results change: their English translation is now older than the text it translates.
        XCTAssertEqual(try carnet("commitment", "set", "-C", plan, "01", "--results", "Le budget citoyen 2026 est publié.").status, 0)
        try start()
        let english = try server.get("/c/01?text=en").body
        let mark = try XCTUnwrap(english.range(of: "id=\"commitment-results-stale\""), "marked beside the English results: \(english)")
        XCTAssertTrue(english[mark.upperBound...].prefix(300).contains("earlier version of the original text"), String(english[mark.upperBound...].prefix(300)))
        XCTAssertTrue(english.contains("aria-describedby=\"commitment-results-hint commitment-results-stale\""), "tied to its field for screen readers")
        XCTAssertFalse(english.contains("id=\"commitment-next-steps-stale\""), "only the stale one")
        let french = try server.get("/c/01").body
        let other = try XCTUnwrap(french.range(of: "id=\"commitment-results-stale\""), "marked beside the French results too: \(french)")
        XCTAssertTrue(french[other.upperBound...].prefix(300).contains("Its translation (English)"), String(french[other.upperBound...].prefix(300)))

        // The definition's texts the same way: a French title changed marks the English one.
        XCTAssertEqual(try carnet("commitment", "define", "-C", plan, "01", "--title", "Budget citoyen ouvert").status, 0)
        let definition = try server.get("/c/01/define?text=en").body
        XCTAssertTrue(definition.contains("id=\"def-title-stale\""), definition)
        XCTAssertFalse(definition.contains("id=\"def-problem-stale\""))

        // Saving the English results clears the mark (the translation is stamped with the new text).
        let marker = "action=\"/c/01/progress\""
        let saved = try server.post("/c/01/progress", [("csrf", try XCTUnwrap(hiddenValue("csrf", in: english, after: marker))),
                                                      ("version", try XCTUnwrap(hiddenValue("version", in: english, after: marker))),
                                                      ("text-language", "en"), ("results", "The 2026 citizens' budget is published.")])
        XCTAssertEqual(saved.status, 303, saved.body)
        XCTAssertFalse(try server.get("/c/01?text=en").body.contains("id=\"commitment-results-stale\""))
    }

    func testAnEvidenceTitleIsWrittenInTheOtherLanguage() throws {
        XCTAssertEqual(try carnet("evidence", "add", "-C", plan, "02", "--url", "https://example.org/rapport", "--title", "Rapport d'étape").status, 0)
        let entry = try XCTUnwrap(try git("show", "HEAD:commitments/02/progress.yaml").components(separatedBy: "- id: ").last?.prefix { $0 != "\n" })
        try start()
        XCTAssertFalse(try server.get("/c/02").body.contains("/evidence/\(entry)/title"), "the first language's page has no title form")
        let page = try server.get("/c/02?text=en").body
        let marker = "action=\"/c/02/evidence/\(entry)/title\""
        XCTAssertTrue(page.contains(marker), page)
        let fields = [("csrf", try XCTUnwrap(hiddenValue("csrf", in: page, after: marker))),
                      ("version", try XCTUnwrap(hiddenValue("version", in: page, after: marker))), ("text-language", "en")]
        let head = try git("rev-parse", "HEAD")
        let refused = try server.post("/c/02/evidence/\(entry)/title", fields + [("title", "  ")])
        XCTAssertEqual(refused.status, 422, refused.body)
        XCTAssertTrue(refused.body.contains("id=\"evidence-\(entry)-title-error\""), refused.body)
        XCTAssertEqual(try git("rev-parse", "HEAD"), head, "nothing committed")

        let saved = try server.post("/c/02/evidence/\(entry)/title", fields + [("title", "Progress report")])
        XCTAssertEqual(saved.status, 303, saved.body)
        XCTAssertEqual(saved.header("Location"), "/c/02?title=1&text=en#evidence")
        XCTAssertEqual(try git("show", "--format=%s", "--name-only", "HEAD").split(separator: "\n").map(String.init),
                       ["Commitment 02, evidence \(entry): title (en)", "commitments/02/progress.yaml"])
        let progress = try git("show", "HEAD:commitments/02/progress.yaml")
        XCTAssertTrue(progress.contains("fr: \"Rapport d'étape\""), progress)
        XCTAssertTrue(progress.contains("en: \"Progress report\""), progress)
        XCTAssertEqual(try git("status", "--porcelain"), "")
        XCTAssertTrue(try server.get("/c/02?text=en").body.contains("Progress report"))
    }
}
