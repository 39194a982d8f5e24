import Foundation
import Records
@testable import Report
import XCTest

/// The reports speak the plan's language by default, write it the language's way (dates,
/// numbers, plurals, punctuation), and mark translations that went stale.
final class ReportLanguageTests: XCTestCase {
    func dashboard(_ root: URL, language: ReportLanguage? = nil) throws -> URL {
        let out = try Fixtures.temporaryDirectory(self, "site")
        try Dashboard(snapshot: Fixtures.snapshot(root), language: language, asOf: Fixtures.asOf).write(to: out)
        return out
    }

    func page(_ site: URL, _ name: String = "index.html") throws -> String {
        try Fixtures.read(site.appendingPathComponent(name))
    }

    func plan(languages: String) throws -> URL {
        let root = try Fixtures.sampleCopy(self)
        try Fixtures.edit(root, "plan.yaml", replacing: "languages:\n  - fr\n  - en\n", with: languages)
        return root
    }

    // MARK: The reports follow the plan

    func testAnEnglishPlanGetsAnEnglishDashboardWithoutUntranslatedMarkers() throws {
        let site = try dashboard(try plan(languages: "languages:\n  - en\n"))
        let index = try page(site)
        XCTAssertTrue(index.contains("<html lang=\"en\""), String(index.prefix(200)))
        XCTAssertTrue(index.contains("Commitment completion dashboard"))
        for name in try FileManager.default.contentsOfDirectory(atPath: site.path) where name.hasSuffix(".html") {
            let html = try page(site, name)
            XCTAssertFalse(html.contains("[non traduit]"), name)
            XCTAssertFalse(html.contains("[not translated]"), name)
        }
    }

    func testAFrenchPlanGetsAFrenchDashboardAndSelfAssessment() throws {
        let index = try page(try dashboard(Fixtures.sample))
        XCTAssertTrue(index.contains("<html lang=\"fr\""))
        XCTAssertTrue(index.contains("Tableau de bord d&#39;achèvement des engagements") || index.contains("Tableau de bord d'achèvement des engagements"))
        let md = String(decoding: try SelfAssessment(snapshot: Fixtures.snapshot(), term: .midTerm, asOf: Fixtures.asOf).render(format: .md), as: UTF8.self)
        XCTAssertTrue(md.contains("1. Introduction et contexte"), String(md.prefix(300)))
    }

    func testAPlanInALanguageCarnetDoesNotSpeakGetsEnglishReports() throws {
        let root = try plan(languages: "languages:\n  - xx\n  - fr\n")
        XCTAssertNil(ReportLanguage(rawValue: "xx"))
        XCTAssertEqual(ReportLanguage(rawValue: "fr_FR.UTF-8"), .fr)
        XCTAssertTrue(try page(try dashboard(root)).contains("<html lang=\"en\""))
    }

    // MARK: Typography

    let fr = Localizer(language: .fr, planLanguage: "fr")
    let en = Localizer(language: .en, planLanguage: "fr")

    func testDatesNumbersAndPlurals() {
        XCTAssertEqual(fr.date(CalendarDay(2026, 9, 1)), "1er septembre 2026")
        XCTAssertEqual(fr.date(CalendarDay(2026, 9, 2)), "2 septembre 2026")
        XCTAssertEqual(en.date(CalendarDay(2026, 9, 1)), "1 September 2026")
        XCTAssertEqual(fr.date(PlanDate("2027-06")), "juin 2027")
        XCTAssertEqual(fr.number(1_234_567), "1\u{202F}234\u{202F}567")
        XCTAssertEqual(en.number(1_234_567), "1,234,567")
        XCTAssertEqual(fr.number(999), "999")
        XCTAssertEqual([0, 1, 2].map { fr.format(.saCommitmentCount, ["count": .number($0)]) }, ["0 engagement", "1 engagement", "2 engagements"])
        XCTAssertEqual([0, 1, 2].map { en.format(.saCommitmentCount, ["count": .number($0)]) }, ["0 commitments", "1 commitment", "2 commitments"])
        XCTAssertEqual(fr.format(.overdueBy, ["count": .number(1_500)]), "en retard de 1\u{202F}500 jours")
        XCTAssertEqual(fr.ago(days: 0), "aujourd'hui")
        XCTAssertEqual(fr.format(.freshChanged, ["date": .text(fr.date(CalendarDay(2026, 11, 1))), "ago": .text(fr.ago(days: 30))]),
                       "le 1er novembre 2026 (il y a 30 jours)")
    }

    func testFrenchPunctuationSpacing() {
        XCTAssertEqual(fr.label(.note), "Note\u{00A0}: ")
        XCTAssertEqual(en.label(.note), "Note: ")
        XCTAssertTrue(fr[.qProblem].hasSuffix("abordera\u{202F}?"), fr[.qProblem])
        XCTAssertTrue(fr[.ragRule].contains("Vert\u{00A0}: dans tous les autres cas\u{202F}; un"), fr[.ragRule])
        XCTAssertEqual(fr.list(["a", "b", "c"]), "a\u{202F}; b\u{202F}; c")
        XCTAssertEqual(en.list(["a", "b"]), "a; b")
        // A record's own text is never retypeset: a title holding " : " stays as written.
        XCTAssertEqual(fr.labelled("Engagement 5", "Titre : sous-titre"), "Engagement 5\u{00A0}: Titre : sous-titre")
    }

    func testChartsWriteNumbersAndLabelsTheLanguageWay() {
        let bars = [SVGCharts.Bar(label: "Complété", value: 1_234, style: "x"), SVGCharts.Bar(label: "Limité", value: 2, style: "y")]
        XCTAssertEqual(SVGCharts.summary(bars, fr), "Complété\u{00A0}: 1\u{202F}234\u{202F}; Limité\u{00A0}: 2.")
        XCTAssertEqual(SVGCharts.summary(bars, en), "Complété: 1,234; Limité: 2.")
    }

    func testTheFrenchDashboardIsTypesetAndEnglishHasNoFrenchSpaces() throws {
        let fr = try page(try dashboard(Fixtures.sample, language: .fr), "calendar.html")
        XCTAssertTrue(fr.contains("1er septembre 2025"), "the plan starts on 1 September 2025")
        XCTAssertFalse(fr.contains(" :"), "a plain space before a colon")
        XCTAssertFalse(fr.contains(" ;"))
        let en = try page(try dashboard(Fixtures.sample, language: .en), "calendar.html")
        XCTAssertTrue(en.contains("1 September 2025"))
        XCTAssertFalse(en.contains("\u{00A0}:") || en.contains("\u{202F}"), "French spacing in English")
    }

    // MARK: Stale translations

    func testAStaleTranslationIsPublishedMarked() throws {
        let root = try Fixtures.sampleCopy(self)
        try Fixtures.edit(root, "commitments/05/commitment.yaml", replacing: "  en: \"Public land records\"\n",
                          with: "  en: \"Public land records\"\n  en_from: \"0badc0de\"\n")
        let site = try dashboard(root, language: .en)
        let english = try page(site, "commitment-05.html")
        // The open data says which texts are under review, whatever the output language.
        let json = try JSONSerialization.jsonObject(with: Data(try page(site, "data.json").utf8)) as? [String: Any]
        let commitments = json?["commitments"] as? [[String: Any]] ?? []
        XCTAssertEqual(commitments.first { $0["id"] as? String == "05" }?["stale_translations"] as? [String], ["title.en"])
        XCTAssertEqual(commitments.first { $0["id"] as? String == "04" }?["stale_translations"] as? [String], [])
        XCTAssertTrue(english.contains("Public land records <span class=\"marker stale-translation\""), english)
        XCTAssertTrue(english.contains("[translation to review]"))
        XCTAssertTrue(try page(site, "commitments.csv").contains("Public land records [translation to review]"))
        // The French is the first language: it is never stale.
        XCTAssertFalse(try page(try dashboard(root, language: .fr), "commitment-05.html").contains("traduction à revoir"))
        let md = String(decoding: try SelfAssessment(snapshot: Fixtures.snapshot(root), term: .midTerm, language: .en, asOf: Fixtures.asOf)
            .render(format: .md), as: UTF8.self)
        XCTAssertTrue(md.contains("Public land records **\\[translation to review\\]**"), md)
        // Fresh fingerprint: no mark.
        let fresh = try Fixtures.sampleCopy(self)
        let stamp = TranslationStamp.of("Documents publics relatifs aux terres")
        try Fixtures.edit(fresh, "commitments/05/commitment.yaml", replacing: "  en: \"Public land records\"\n",
                          with: "  en: \"Public land records\"\n  en_from: \"\(stamp)\"\n")
        XCTAssertFalse(try page(try dashboard(fresh, language: .en), "commitment-05.html").contains("[translation to review]"))
    }
}
