import Foundation
import Messages
import Records
@testable import Report
import XCTest

/// The public site (the default) against the internal one (`--internal`): what a citizen may
/// read at the government's address, and what only the point of contact's team sees.
final class PublicDashboardTests: XCTestCase {
    static let emailPattern = try! NSRegularExpression(pattern: "[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}")
    static let subject = "Hand edits: commitments/05/progress.yaml"

    /// A plan copy with a merge conflict on 04, and a history whose commit subject is plumbing.
    func plan() throws -> (URL, ChangeHistory) {
        let plan = try Fixtures.sampleCopy(self)
        let progress = plan.appendingPathComponent("commitments/04/progress.yaml")
        try (try Fixtures.read(progress) + """
        conflicts:
          - field: milestones.m2.completion
            kept: complete
            lost: substantial
            lost_by: "Awa Diallo"
            lost_at: "2026-11-20T10:00:00Z"

        """).write(to: progress, atomically: true, encoding: .utf8)
        let history = ChangeHistory(changes: [
            Change(date: Date(timeIntervalSince1970: 1_795_000_000), author: "Ibrahima Sow-Marchetti", summary: Self.subject,
                   paths: ["commitments/05/progress.yaml", "commitments/05/evidence/bornage.pdf"]),
        ])
        return (plan, history)
    }

    func site(_ root: URL, _ history: ChangeHistory, _ audience: DashboardAudience, language: ReportLanguage = .en) throws -> URL {
        let out = try Fixtures.temporaryDirectory(self, "site")
        try Dashboard(snapshot: Fixtures.snapshot(root), history: history, language: language, asOf: Fixtures.asOf, audience: audience).write(to: out)
        return out
    }

    /// Every page and open data file, by name.
    func files(_ site: URL) throws -> [String: String] {
        var out: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: site.path)
        where name.hasSuffix(".html") || name.hasSuffix(".json") || name.hasSuffix(".csv") {
            out[name] = try Fixtures.read(site.appendingPathComponent(name))
        }
        return out
    }

    func testPublicPagesHoldNoEmailNoConflictNoCommitSubject() throws {
        let (root, history) = try plan()
        let pages = try files(site(root, history, .public))
        XCTAssertGreaterThan(pages.count, 20)
        for (name, text) in pages {
            let emails = Self.emailPattern.matches(in: text, range: NSRange(text.startIndex..., in: text))
            XCTAssertEqual(emails.count, 0, "\(name) shows an email address")
            XCTAssertFalse(text.contains("milestones.m2.completion"), "\(name) shows a merge conflict")
            XCTAssertFalse(text.contains("Hand edits"), "\(name) shows a commit subject")
            XCTAssertFalse(text.contains("Ibrahima Sow-Marchetti"), "\(name) says who changed what")
        }
        // The change is told from what it touched, in the report's language.
        let page = try XCTUnwrap(pages["commitment-05.html"])
        XCTAssertTrue(page.contains("progress updated"), page)
        XCTAssertTrue(page.contains("evidence file: bornage.pdf"))
        let french = try files(site(root, history, .public, language: .fr))
        let page05 = try XCTUnwrap(french["commitment-05.html"]).replacingOccurrences(of: "\u{202F}", with: " ")
            .replacingOccurrences(of: "\u{00A0}", with: " ")
        XCTAssertTrue(page05.contains("avancement mis à jour ; justificatif : bornage.pdf"), page05)
    }

    func testInternalPagesShowConflictsWhoChangedWhatAndContacts() throws {
        let (root, history) = try plan()
        let pages = try files(site(root, history, .internal))
        let index = try XCTUnwrap(pages["index.html"])
        XCTAssertTrue(index.contains("milestones.m2.completion"))
        XCTAssertTrue(index.contains("Who changed what"))
        XCTAssertTrue(index.contains("Ibrahima Sow-Marchetti"))
        XCTAssertTrue(index.contains("Internal version"))
        XCTAssertTrue(try XCTUnwrap(pages["commitment-05.html"]).contains(Self.subject))
        XCTAssertNotNil(pages["conflicts.csv"])
        XCTAssertTrue(try XCTUnwrap(pages["ministry-autorite-terres.html"]).contains("gonzalo.vega@terres.gouv.valdoria.example"))
    }

    /// `public: true` in a person's record publishes their email; the others stay hidden.
    func testAPersonWhoseRecordSaysPublicIsShown() throws {
        let root = try Fixtures.sampleCopy(self)
        try Fixtures.edit(root, "ministries/autorite-terres.yaml",
                          replacing: #"    email: "gonzalo.vega@terres.gouv.valdoria.example""#,
                          with: "    email: \"gonzalo.vega@terres.gouv.valdoria.example\"\n    public: true")
        XCTAssertEqual(Fixtures.snapshot(root).ministries["autorite-terres"]?.source.diagnostics.count, 0)
        XCTAssertEqual(Fixtures.snapshot(root).ministries["autorite-terres"]?.record?.contacts.first?.isPublic, true)
        let page = try Fixtures.read(site(root, .unavailable, .public).appendingPathComponent("ministry-autorite-terres.html"))
        XCTAssertTrue(page.contains("gonzalo.vega@terres.gouv.valdoria.example"))
        XCTAssertFalse(page.contains("rosine.abessolo@"))
    }

    /// The milestone chart counts each milestone once: its figures add up to the plan's total,
    /// and the figures on the index link to the lists they count.
    func testNumbersAgreeAndLinkToTheirLists() throws {
        let out = try site(Fixtures.sample, .unavailable, .public)
        let index = try Fixtures.read(out.appendingPathComponent("index.html"))
        let overview = try PlanOverview(snapshot: Fixtures.snapshot(), asOf: Fixtures.asOf)
        let total = overview.commitments.reduce(0) { $0 + $1.milestones.count }
        let chart = try XCTUnwrap(index.range(of: "id=\"chart-milestones-desc\"").map { String(index[$0.upperBound...].prefix(400)) })
        let numbers = try NSRegularExpression(pattern: ": (\\d+)").matches(in: chart, range: NSRange(chart.startIndex..., in: chart))
            .prefix(4).map { Int((chart as NSString).substring(with: $0.range(at: 1)))! }
        XCTAssertEqual(numbers.count, 4, chart)
        XCTAssertEqual(numbers.reduce(0, +), total, chart)
        for target in ["href=\"#commitments\"", "href=\"#overdue\"", "href=\"rag-red.html\"", "href=\"timeline.html\""] {
            XCTAssertTrue(index.contains(target), target)
        }
        // A filter page lists exactly the commitments it names.
        for rating in RAGRating.allCases {
            let page = try Fixtures.read(out.appendingPathComponent("rag-\(rating.rawValue).html"))
            let listed = overview.commitments.filter { page.contains("href=\"commitment-\($0.id).html\"") }.map(\.id)
            XCTAssertEqual(listed, overview.commitments.filter { $0.rating == rating }.map(\.id), rating.rawValue)
        }
        XCTAssertEqual(try SiteLinks.brokenLinks(in: out), [])
    }

    func testTextsKeepParagraphsAndLinksAndLabelsFitByWidth() {
        XCTAssertEqual(TextWidth.fit("Short", width: 200, fontSize: 13), "Short")
        let wide = TextWidth.fit(String(repeating: "W", count: 30), width: 200, fontSize: 13)
        let narrow = TextWidth.fit(String(repeating: "i", count: 30), width: 200, fontSize: 13)
        XCTAssertTrue(wide.hasSuffix("…"))
        XCTAssertEqual(narrow, String(repeating: "i", count: 30), "thirty narrow letters fit where thirty wide ones do not")
        var out: [UInt8] = []
        linked("See https://example.org/a?b=1. And javascript:alert(1) http://").write(into: &out)
        let html = String(decoding: out, as: UTF8.self)
        XCTAssertTrue(html.contains("<a href=\"https://example.org/a?b=1\" rel=\"external\">https://example.org/a?b=1</a>."), html)
        XCTAssertFalse(html.contains("href=\"javascript"))
    }

    func testEveryDashboardPhraseIsInEveryLanguage() throws {
        for language in ReportLanguage.allCases {
            let entries = try XCTUnwrap(Catalogue.shared.languages[language.rawValue]).entries
            for phrase in DashPhrase.allCases {
                XCTAssertTrue(entries[phrase.key] != nil || entries[phrase.key + "[other]"] != nil, "\(language): \(phrase.key)")
            }
        }
    }

    /// `public:` takes true or false only; anything else is said, with the field, and ignored.
    func testThePublicFlagIsTrueOrFalse() throws {
        let root = try Fixtures.sampleCopy(self)
        try Fixtures.edit(root, "ministries/autorite-terres.yaml",
                          replacing: #"    email: "gonzalo.vega@terres.gouv.valdoria.example""#,
                          with: "    email: \"gonzalo.vega@terres.gouv.valdoria.example\"\n    public: oui")
        let entry = try XCTUnwrap(Fixtures.snapshot(root).ministries["autorite-terres"])
        XCTAssertTrue(entry.source.diagnostics.contains { "\($0)".contains("'public' must be true or false, not 'oui'") }, "\(entry.source.diagnostics)")
        XCTAssertEqual(entry.record?.contacts.first?.isPublic, false)
    }

    /// The command: public by default, `--internal` on request (the real binary).
    func testTheCommandMakesThePublicSiteUnlessAskedForTheInternalOne() throws {
        guard let carnet = ProcessInfo.processInfo.environment["CARNET_BIN"] else { throw XCTSkip("CARNET_BIN is not set") }
        let out = try Fixtures.temporaryDirectory(self, "cli")
        for (flag, folder) in [([String](), "public"), (["--internal"], "internal")] {
            let result = try Fixtures.run(carnet, ["report", "dashboard", "--out", out.appendingPathComponent(folder).path,
                                                   "--as-of", "2026-12-01", "-C", Fixtures.sample.path] + flag,
                                          environment: ["CARNET_LANG": "en"])
            XCTAssertEqual(result.status, 0, result.output)
        }
        let ministry = "ministry-autorite-terres.html"
        XCTAssertFalse(try Fixtures.read(out.appendingPathComponent("public/\(ministry)")).contains("gonzalo.vega@"))
        XCTAssertTrue(try Fixtures.read(out.appendingPathComponent("internal/\(ministry)")).contains("gonzalo.vega@"))
    }
}
