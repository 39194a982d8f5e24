import Foundation
import TestSupport
import XCTest

/// The app as a French-speaking official reads it: no English sentence of the catalogue left on
/// a French page, dates written as French people write them ("novembre 2026", not "2026-11"),
/// and a date typed the French way read back (PeopleInput, as the command line reads it).
final class WebFrenchTests: WebTestCase {
    /// Every page type the point of contact's copy serves (a plan made by `plan init` is one).
    static let pages = ["/", "/c/05", "/c/05?text=en", "/c/05/define", "/c/05/define?text=en", "/c/05/history", "/c/05/evidence/e1/remove",
                        "/conflicts", "/sync", "/ministries", "/attention", "/participation", "/self-assessment",
                        "/organisations", "/organisations/autorite-terres"]

    func testAFrenchPageHasNoEnglishSentenceOfTheCatalogueAndNoDateWrittenAsInTheRecords() throws {
        try start(language: "fr")
        let english = try Self.englishOnly()
        XCTAssertGreaterThan(english.count, 100, "the web app's English sentences were read")
        for path in Self.pages {
            let page = try server.get(path)
            XCTAssertEqual(page.status, 200, path)
            let text = Self.carnetsWords(page.body)
            for sentence in english where text.contains(sentence) {
                XCTFail("\(path): the English \"\(sentence)\" on a French page")
            }
            // A date as the records hold it (2026-11, 2025-09-01), alone: not inside an address or a file name.
            if let iso = text.range(of: #"(?<![\w/.:-])\d{4}-\d{2}(-\d{2})?(?![\w/.-])"#, options: .regularExpression) {
                XCTFail("\(path): a date written as in the records, \"\(text[iso])\"")
            }
        }
        // The check can fail: the English page has those sentences, and a date field in the records' form is caught.
        server.stop()
        try start(language: "en")
        let englishPage = Self.carnetsWords(try server.get("/c/05").body)
        XCTAssertTrue(english.contains { englishPage.contains($0) }, "the English page shows English sentences")
        XCTAssertNotNil(Self.carnetsWords("<p>Début : 2026-11</p>").range(of: #"(?<![\w/.:-])\d{4}-\d{2}(-\d{2})?(?![\w/.-])"#,
                                                                         options: .regularExpression))
    }

    func testADateTypedAsFrenchPeopleWriteItIsSavedAndShownSo() throws {
        try start(language: "fr")
        func form() throws -> (csrf: String, version: String, page: String) {
            let page = try server.get("/c/05").body
            let marker = "action=\"/c/05/m/m4\""
            return (try XCTUnwrap(hiddenValue("csrf", in: page, after: marker)), try XCTUnwrap(hiddenValue("version", in: page, after: marker)), page)
        }
        let before = try form()
        XCTAssertTrue(before.page.contains("id=\"m4-actual-start\" name=\"actual-start\" value=\"1er juillet 2026\""),
                      "the record's 2026-07-01 as French people write it")
        XCTAssertTrue(before.page.contains("<dd>juin 2026 – juin 2027</dd>"), "m4's planned months, as the dashboard writes a span")

        let saved = try server.post("/c/05/m/m4", [("csrf", before.csrf), ("version", before.version), ("actual-start", "3/08/2026")])
        XCTAssertEqual(saved.status, 303, saved.body)
        let progress = try String(contentsOfFile: plan + "/commitments/05/progress.yaml", encoding: .utf8)
        XCTAssertTrue(progress.contains("actual_start: 2026-08-03"), progress)
        let after = try form()
        XCTAssertTrue(after.page.contains("value=\"3 août 2026\""), "shown as written in French")

        // The same date written another way changes nothing: no commit.
        let head = try git("rev-parse", "HEAD")
        let same = try server.post("/c/05/m/m4", [("csrf", after.csrf), ("version", after.version), ("actual-start", "2026-08-03")])
        XCTAssertEqual(same.status, 303, same.body)
        XCTAssertEqual(try git("rev-parse", "HEAD"), head)

        // A day that does not exist: refused next to its field, in French, with the forms Carnet reads.
        let refused = try server.post("/c/05/m/m4", [("csrf", after.csrf), ("version", after.version), ("actual-start", "31/02/2026")])
        XCTAssertEqual(refused.status, 422)
        let error = try XCTUnwrap(refused.body.range(of: "id=\"m4-actual-start-error\">"), refused.body)
        let message = refused.body[error.upperBound...].prefix { $0 != "<" }
        XCTAssertTrue(message.contains("n'est pas une date qui existe") && message.contains("30 novembre 2026"), String(message))
        XCTAssertEqual(try git("rev-parse", "HEAD"), head)
    }

    // MARK: - Reading the catalogue and the pages

    /// The web app's English sentences that French does not share: the parts of each English
    /// text between its `{placeholders}`, of two words or more (a single word such as "Note" or
    /// "Document" is the same in both languages).
    static func englishOnly() throws -> [String] {
        let folder = RepositoryPaths.root().appendingPathComponent("Sources/Messages/Catalogue")
        let en = try values(folder.appendingPathComponent("en.txt")), fr = try values(folder.appendingPathComponent("fr.txt"))
        let french = Set(fr.values)
        var out: Set<String> = []
        for (key, value) in en where ["web.", "wpoc.", "wcache.", "wfix.", "eyes.", "part2.web."].contains(where: key.hasPrefix) {
            guard fr[key] != value, !key.hasPrefix("web.cli."), !key.contains(".help.") else { continue }
            for part in value.components(separatedBy: "{") {
                let words = (part.split(separator: "}", maxSplits: 1).last.map(String.init) ?? part)
                    .trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters))
                if words.split(separator: " ").count >= 2, words.count >= 10, !french.contains(words) { out.insert(words) }
            }
        }
        return out.sorted()
    }

    /// `key = text` lines (continuations joined), plural forms under their own `key[form]`.
    static func values(_ file: URL) throws -> [String: String] {
        var out: [String: String] = [:]
        var last: String?
        for line in try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n") {
            if line.hasPrefix(" "), let key = last { out[key]! += " " + line.trimmingCharacters(in: .whitespaces); continue }
            guard !line.hasPrefix("#"), !line.hasPrefix("@"), let r = line.range(of: " = ") else { last = nil; continue }
            let key = String(line[..<r.lowerBound])
            out[key] = String(line[r.upperBound...]).replacingOccurrences(of: "\\n", with: " ")
            last = key
        }
        return out
    }

    /// What Carnet itself writes on a page: its text and the values of its text fields, without
    /// what people wrote (texts in text areas) and the history's commit messages (English by
    /// design, docs/LANGUAGES.md), tags removed and entities read.
    static func carnetsWords(_ html: String) -> String {
        var text = html
        for pattern in [#"(?s)<textarea[^>]*>.*?</textarea>"#, #"(?s)<ol class="history">.*?</ol>"#] {
            text = text.replacingOccurrences(of: pattern, with: " ", options: [.regularExpression])
        }
        let fields = text.matches(of: #/<input type="text"[^>]* value="([^"]*)"/#).map { String($0.1) }
        text = text.replacingOccurrences(of: #"<[^>]+>"#, with: " ", options: .regularExpression)
        text += " " + fields.joined(separator: " ")
        for (entity, character) in [("&quot;", "\""), ("&#39;", "'"), ("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text.replacingOccurrences(of: #"\s+"#, with: " ", options: .regularExpression)
    }
}
