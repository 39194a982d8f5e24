import Foundation
import Messages
import Records
@testable import Report
import XCTest

final class DashboardTests: XCTestCase {
    func write(_ root: URL = Fixtures.sample, language: ReportLanguage = .fr, history: ChangeHistory = .unavailable,
               audience: DashboardAudience = .public) throws -> (URL, Dashboard.Result) {
        let out = try Fixtures.temporaryDirectory(self, "site")
        let result = try Dashboard(snapshot: Fixtures.snapshot(root), history: history, language: language, asOf: Fixtures.asOf,
                                   audience: audience).write(to: out)
        return (out, result)
    }

    func testWritesEveryPageAndOpenData() throws {
        let (site, result) = try write()
        let snapshot = Fixtures.snapshot()
        for name in ["index.html", "timeline.html", "calendar.html", "ministries.html", "style.css", "data.json",
                     "commitments.csv", "milestones.csv", "evidence.csv", "ministries.csv", "commitments.html",
                     "status-complete.html", "rag-red.html"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: site.appendingPathComponent(name).path), name)
        }
        // Merge conflicts are the team's business: the public site has no conflicts.csv.
        XCTAssertFalse(FileManager.default.fileExists(atPath: site.appendingPathComponent("conflicts.csv").path))
        for id in snapshot.commitments.keys {
            XCTAssertTrue(result.files.contains("commitment-\(id).html"), id)
        }
        for id in snapshot.ministries.keys {
            XCTAssertTrue(result.files.contains("ministry-\(id).html"), id)
        }
        XCTAssertEqual(result.warnings, [])
        let csv = try Fixtures.read(site.appendingPathComponent("commitments.csv"))
        XCTAssertEqual(csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count, 1 + snapshot.commitments.count)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: site.appendingPathComponent("data.json"))) as? [String: Any]
        let commitments = try XCTUnwrap(json?["commitments"] as? [[String: Any]])
        XCTAssertEqual(commitments.count, 9)
        let first = try XCTUnwrap(commitments.first?["title"] as? [String: String])
        XCTAssertEqual(first["en"], "Citizens' budget and open budget data")
    }

    func testNoBrokenLinksAndEvidenceIsCopied() throws {
        let (site, _) = try write()
        XCTAssertEqual(try SiteLinks.brokenLinks(in: site), [])
        // Markdown is not a type the site shows: it is published inside a ZIP archive.
        let copied = site.appendingPathComponent("evidence/05/compte-rendu-atelier.md.zip")
        XCTAssertEqual(try EvidencePublishingTests.unzip(copied),
                       ["compte-rendu-atelier.md": try Fixtures.read(Fixtures.sample.appendingPathComponent("commitments/05/evidence/compte-rendu-atelier.md"))])
        let page = try Fixtures.read(site.appendingPathComponent("commitment-05.html"))
        XCTAssertTrue(page.contains("href=\"evidence/05/compte-rendu-atelier.md.zip\" download=\"\""))
        XCTAssertTrue(page.contains("https://registre-foncier.valdoria.example/tapir-river"))
    }

    func testOverviewStatesTheRuleAndListsOverdueMilestonesWithReasons() throws {
        let (site, _) = try write(language: .en)
        let index = try Fixtures.read(site.appendingPathComponent("index.html"))
        XCTAssertTrue(index.contains("Red-Amber-Green rating rule"))
        XCTAssertTrue(index.contains("more than 90 days past its planned end date"))
        XCTAssertTrue(index.contains("<svg"), "charts drawn inline")
        XCTAssertTrue(index.contains("role=\"img\""))
        XCTAssertFalse(index.contains("<script"), "no script needed")
        // Commitment 05's milestone m3 (planned to end in 2026) is late, for the floods.
        let overview = try PlanOverview(snapshot: Fixtures.snapshot(), asOf: Fixtures.asOf)
        let c05 = try XCTUnwrap(overview.commitments.first { $0.id == "05" })
        let m3 = try XCTUnwrap(c05.milestones.first { $0.milestone.id == "m3" })
        if m3.daysOverdue != nil {
            XCTAssertTrue(index.contains("The May 2026 floods moved the boundary markers"))
        }
        XCTAssertGreaterThan(overview.commitments.reduce(0) { $0 + $1.overdue.count }, 0, "the sample has overdue milestones")
        for c in overview.commitments where !c.overdue.isEmpty {
            XCTAssertNotEqual(c.rating, .green, "\(c.id) has an overdue milestone")
        }
    }

    func testRatingRule() {
        func day(_ s: String) -> CalendarDay { CalendarDay(first: PlanDate(s)!) }
        let start = day("2025-09-01"), end = day("2027-06-30"), asOf = day("2026-12-01")
        XCTAssertEqual(RAGRating.rate(completion: .complete, start: start, end: end, maxDaysOverdue: 300, asOf: asOf), .green)
        XCTAssertEqual(RAGRating.rate(completion: .limited, start: start, end: end, maxDaysOverdue: nil, asOf: asOf), .green)
        XCTAssertEqual(RAGRating.rate(completion: .limited, start: start, end: end, maxDaysOverdue: 90, asOf: asOf), .amber)
        XCTAssertEqual(RAGRating.rate(completion: .limited, start: start, end: end, maxDaysOverdue: 91, asOf: asOf), .red)
        XCTAssertEqual(RAGRating.rate(completion: .notStarted, start: start, end: end, maxDaysOverdue: nil, asOf: asOf), .amber)
        XCTAssertEqual(RAGRating.rate(completion: .substantial, start: start, end: day("2026-11-30"), maxDaysOverdue: nil, asOf: asOf), .red)
    }

    /// A record value is data: a title holding markup shows as text, in text and in attributes.
    func testRecordValuesAreEscaped() throws {
        let plan = try Fixtures.sampleCopy(self)
        let hostile = #"<script>alert("x")</script> & "quoted" &amp; <b>bold</b>"#
        try Fixtures.edit(plan, "commitments/01/commitment.yaml",
                          replacing: #"en: "Citizens' budget and open budget data""#,
                          with: "en: '\(hostile.replacingOccurrences(of: "'", with: "''"))'")
        try Fixtures.edit(plan, "commitments/05/progress.yaml",
                          replacing: #"url: "https://registre-foncier.valdoria.example/tapir-river""#,
                          with: #"url: "https://registre-foncier.valdoria.example/t?a=1&b=\"><script>x</script>""#)
        let (site, _) = try write(plan, language: .en)
        for file in try FileManager.default.contentsOfDirectory(atPath: site.path) where file.hasSuffix(".html") {
            let html = try Fixtures.read(site.appendingPathComponent(file))
            XCTAssertFalse(html.contains("<script"), "\(file) holds a script element")
            XCTAssertFalse(html.contains("<b>bold"), file)
        }
        let page = try Fixtures.read(site.appendingPathComponent("commitment-01.html"))
        XCTAssertTrue(page.contains("&lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; \"quoted\" &amp;amp; &lt;b&gt;bold&lt;/b&gt;"), page)
        XCTAssertTrue(page.contains("<title>1. &lt;script&gt;"))
        let evidence = try Fixtures.read(site.appendingPathComponent("commitment-05.html"))
        XCTAssertTrue(evidence.contains(#"href="https://registre-foncier.valdoria.example/t?a=1&amp;b=&quot;&gt;&lt;script&gt;x&lt;/script&gt;""#))
    }

    func testEnglishMarksUntranslatedText() throws {
        let (site, _) = try write(language: .en)
        let page = try Fixtures.read(site.appendingPathComponent("commitment-01.html"))
        // Commitment 01's budget is written in French only.
        XCTAssertTrue(page.contains(#"<span lang="fr" class="untranslated">120 000 000 francs valdoriens"#), page)
        XCTAssertTrue(page.contains("[not translated]"))
        let fr = try write(language: .fr).0
        XCTAssertFalse(try Fixtures.read(fr.appendingPathComponent("commitment-01.html")).contains("[non traduit]"),
                       "commitment 01 is all in French: no marker in the French output")
    }

    func testConflictsAreShown() throws {
        let plan = try Fixtures.sampleCopy(self)
        let progress = plan.appendingPathComponent("commitments/04/progress.yaml")
        let text = try Fixtures.read(progress) + """
        conflicts:
          - field: milestones.m2.completion
            kept: complete
            lost: substantial
            lost_by: "Awa <Diallo>"
            lost_at: "2026-11-20T10:00:00Z"

        """
        try text.write(to: progress, atomically: true, encoding: .utf8)
        // The public site never shows them (PublicDashboardTests); the internal one does.
        let (site, _) = try write(plan, language: .en, audience: .internal)
        let index = try Fixtures.read(site.appendingPathComponent("index.html"))
        XCTAssertTrue(index.contains("milestones.m2.completion"))
        XCTAssertTrue(index.contains("Awa &lt;Diallo&gt;"))
        XCTAssertTrue(try Fixtures.read(site.appendingPathComponent("conflicts.csv")).contains("04,milestones.m2.completion,complete,substantial"))
    }

    func testEvidenceOutsideItsFolderIsNotPublished() throws {
        let plan = try Fixtures.sampleCopy(self)
        try Fixtures.edit(plan, "commitments/05/progress.yaml", replacing: "compte-rendu-atelier.md\"",
                          with: "../../../plan.yaml\"")
        let (site, result) = try write(plan)
        XCTAssertEqual(result.warnings.count, 1, "\(result.warnings)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: site.appendingPathComponent("evidence/plan.yaml").path))
        XCTAssertEqual(try SiteLinks.brokenLinks(in: site), [])
    }

    func testEveryPhraseIsTranslated() throws {
        XCTAssertTrue(ReportLanguage.allCases.contains(.fr) && ReportLanguage.allCases.contains(.en))
        for language in ReportLanguage.allCases {
            // In the language's own file: a fallback to English would be a French page with English words.
            let entries = try XCTUnwrap(Catalogue.shared.languages[language.rawValue]).entries
            for phrase in Phrase.allCases {
                XCTAssertTrue(entries[phrase.key] != nil || entries[phrase.key + "[other]"] != nil, "\(language): \(phrase.key)")
            }
        }
    }
}
