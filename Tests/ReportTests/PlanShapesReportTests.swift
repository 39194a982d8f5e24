import Foundation
import Records
@testable import Report
import XCTest

/// Issue 14 in the reports, on the second sample (Samples/northmere, English): themes, codes,
/// drafts, milestone leads and units inside organisations, in open data and on the pages.
/// data.json is read with JSONSerialization and the CSV files with Python's csv module.
final class PlanShapesReportTests: XCTestCase {
    static let northmere = Fixtures.repositoryRoot.appendingPathComponent("Samples/northmere")

    private func site() throws -> URL {
        let site = try Fixtures.temporaryDirectory(self, "site")
        try Dashboard(snapshot: Fixtures.snapshot(Self.northmere), language: .en, asOf: Fixtures.asOf).write(to: site)
        return site
    }

    func testTheSecondSampleHasThreeReportingPeriods() throws {
        let plan = try XCTUnwrap(Fixtures.snapshot(Self.northmere).plan?.record)
        XCTAssertEqual(ReportingPeriods.of(plan).periods.map(\.end.description), ["2026-09-30", "2027-06-30", "2028-06-30"])
    }

    func testTheSecondSampleIsValid() throws {
        let diagnostics = PlanValidator(today: Fixtures.asOf).validate(Fixtures.snapshot(Self.northmere))
        XCTAssertEqual(diagnostics.filter { $0.severity == .error }.map(\.description), [])
        // Only the draft's gaps are warnings, each "to complete".
        let warnings = diagnostics.filter { $0.severity == .warning }
        XCTAssertEqual(warnings.count, 6, warnings.map(\.description).joined(separator: "\n"))
        XCTAssertTrue(warnings.allSatisfy { $0.path == "commitments/03/commitment.yaml" && $0.message.contains("to complete") })
    }

    func testOpenDataCarriesThemesCodesDraftsLeadsAndDescriptions() throws {
        let site = try site()
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: site.appendingPathComponent("data.json"))) as? [String: Any])
        let plan = try XCTUnwrap(json["plan"] as? [String: Any])
        let themes = try XCTUnwrap(plan["themes"] as? [[String: Any]])
        XCTAssertEqual(themes.map { $0["id"] as? String }, ["open-data", "integrity", "participation"])
        XCTAssertEqual((themes[1]["title"] as? [String: String])?["en"], "Public integrity")
        let commitments = try XCTUnwrap(json["commitments"] as? [[String: Any]])
        let first = try XCTUnwrap(commitments.first { $0["id"] as? String == "01" })
        XCTAssertEqual(first["code"] as? String, "NM0401")
        XCTAssertEqual(first["themes"] as? [String], ["open-data", "integrity"])
        XCTAssertEqual((first["theme_texts"] as? [[String: String]])?.map { $0["en"] }, ["Open data", "Public integrity"])
        XCTAssertEqual(first["draft"] as? Bool, false)
        XCTAssertTrue(((first["description"] as? [String: Any])?["problem"] as? [String: String])?["en"]?.hasPrefix("Contracts are published") == true)
        XCTAssertEqual((first["other_actors"] as? [String: [String]])?["non_state"], ["open-north"])
        let milestones = try XCTUnwrap(first["milestones"] as? [[String: Any]])
        XCTAssertEqual(milestones.map { $0["lead_agency"] as? String }, ["procurement-office", "treasury", "statistics-office"])
        XCTAssertEqual(milestones.map { $0["code"] as? String }, ["NM0401.1", "NM0401.2", "NM0401.3"])
        let draft = try XCTUnwrap(commitments.first { $0["id"] as? String == "03" })
        XCTAssertEqual(draft["draft"] as? Bool, true)
        XCTAssertEqual(Set(draft["to_complete"] as? [String] ?? []),
                       ["start", "end", "contact", "description.values", "milestones.m2.start", "milestones.m2.end"])
        let ministries = try XCTUnwrap(json["ministries"] as? [[String: Any]])
        XCTAssertEqual(ministries.first { $0["id"] as? String == "procurement-office" }?["parent"] as? String, "treasury")

        let rows = try OpenDataTests.pythonCSV(site.appendingPathComponent("commitments.csv"))
        let header = try XCTUnwrap(rows.first)
        let row = try XCTUnwrap(rows.first { $0.first == "01" })
        func cell(_ name: String) -> String? { header.firstIndex(of: name).map { row[$0] } }
        XCTAssertEqual(Array(header.prefix(4)), ["id", "number", "title", "lead_agency"], "the first columns keep their place")
        XCTAssertEqual(cell("code"), "NM0401")
        XCTAssertEqual(cell("themes"), "Open data; Public integrity")
        XCTAssertEqual(cell("other_actors_state"), "digital-service")
        XCTAssertTrue(cell("problem")?.hasPrefix("Contracts are published") == true)
        let themeRows = try OpenDataTests.pythonCSV(site.appendingPathComponent("themes.csv"))
        XCTAssertEqual(themeRows, [["id", "title", "commitments"], ["open-data", "Open data", "01; 03"],
                                   ["integrity", "Public integrity", "01; 02"], ["participation", "Civic participation", "02; 03"]])
        let milestoneRows = try OpenDataTests.pythonCSV(site.appendingPathComponent("milestones.csv"))
        XCTAssertEqual(milestoneRows.first?.suffix(2), ["code", "lead_agency"])
        XCTAssertEqual(milestoneRows.first { $0.prefix(2) == ["02", "m2"] }?.last, "digital-service")
    }

    func testPagesShowCodesDraftsAndMilestonesLed() throws {
        let site = try site()
        let index = try Fixtures.read(site.appendingPathComponent("index.html"))
        XCTAssertTrue(index.contains("1. NM0401 — "), "the code beside the title")
        XCTAssertTrue(index.contains("(draft)"), "the draft is marked")
        let page = try Fixtures.read(site.appendingPathComponent(SiteContext.commitmentPage("01")))
        XCTAssertTrue(page.contains("NM0401.1"), "a milestone shown by its code")
        // An agency leading milestones only is not said to lead nothing.
        let stats = try Fixtures.read(site.appendingPathComponent(SiteContext.ministryPage("procurement-office")))
        XCTAssertTrue(stats.contains("Milestones led in other commitments"), stats)
        let list = try Fixtures.read(site.appendingPathComponent("ministries.html"))
        let row = try XCTUnwrap(list.components(separatedBy: "<tr").first { $0.contains(SiteContext.ministryPage("procurement-office")) })
        XCTAssertFalse(row.contains("leads no commitment"), row)
        XCTAssertTrue(list.contains("leads no commitment"), "open-north leads nothing, and says so")
    }

    func testTheSelfAssessmentShowsCodesAndMarksTheDraft() throws {
        let data = try SelfAssessment(snapshot: Fixtures.snapshot(Self.northmere), term: .midTerm, language: .en, asOf: Fixtures.asOf)
            .render(format: .md)
        let md = String(decoding: data, as: UTF8.self)
        XCTAssertTrue(md.contains("NM0401 — "), "the code beside the title")
        XCTAssertTrue(md.contains("(draft)"), "the draft is marked")
    }

    func testReportModelGroupsByThemeAndTopOrganisation() throws {
        let overview = try PlanOverview(snapshot: Fixtures.snapshot(Self.northmere), asOf: Fixtures.asOf)
        XCTAssertEqual(overview.commitments(inTheme: "participation").map(\.id), ["02", "03"])
        XCTAssertEqual(overview.topOrganisation(of: "procurement-office"), "treasury")
        XCTAssertEqual(overview.topOrganisation(of: "treasury"), "treasury")
        XCTAssertEqual(overview.milestonesLed(by: "digital-service").map { $0.0.id }, ["02"])
    }
}

/// The index groups commitments by top-level organisation, and by-theme.html by the plan's
/// themes (issue 14 items 2 and 4, issue 16 item 2): every commitment under each theme it names.
final class DashboardGroupingTests: XCTestCase {
    /// The commitment ids linked under each `<h3 id="group-…">` of a page.
    private func groups(_ page: URL) throws -> [String: [String]] {
        let html = try String(contentsOf: page, encoding: .utf8)
        var out: [String: [String]] = [:]
        for part in html.components(separatedBy: "<h3 id=\"group-").dropFirst() {
            let id = String(part.prefix { $0 != "\"" })
            let body = part.components(separatedBy: "</table>").first ?? ""
            let ids = body.components(separatedBy: "href=\"commitment-").dropFirst().map { String($0.prefix { $0 != "." }) }
            out[id] = Array(NSOrderedSet(array: ids)) as? [String]
        }
        return out
    }

    func testThemesAndTopLevelOrganisationsGroupTheList() throws {
        // The sample, with commitment 03 led by digital-service, a unit of cabinet-office.
        let plan = try Fixtures.temporaryDirectory(self, "plan").appendingPathComponent("northmere")
        try FileManager.default.copyItem(at: PlanShapesReportTests.northmere, to: plan)
        let file = plan.appendingPathComponent("commitments/03/commitment.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        try text.replacingOccurrences(of: "lead_agency: statistics-office", with: "lead_agency: digital-service")
            .write(to: file, atomically: true, encoding: .utf8)
        let site = try Fixtures.temporaryDirectory(self, "site")
        try Dashboard(snapshot: Fixtures.snapshot(plan), language: .en, asOf: Fixtures.asOf).write(to: site)
        XCTAssertEqual(try groups(site.appendingPathComponent("by-theme.html")),
                       ["open-data": ["01", "03"], "integrity": ["01", "02"], "participation": ["02", "03"]])
        // digital-service's commitment is counted with the organisation it belongs to.
        XCTAssertEqual(try groups(site.appendingPathComponent("index.html")),
                       ["treasury": ["01"], "cabinet-office": ["02", "03"]])
        let index = try String(contentsOf: site.appendingPathComponent("index.html"), encoding: .utf8)
        XCTAssertTrue(index.contains("href=\"by-theme.html\""), "the switch offers the themes")
    }

    func testAPlanWithoutThemesHasNoThemePage() throws {
        let site = try Fixtures.temporaryDirectory(self, "site")
        try Dashboard(snapshot: Fixtures.snapshot(Fixtures.sample), language: .en, asOf: Fixtures.asOf).write(to: site)
        XCTAssertFalse(FileManager.default.fileExists(atPath: site.appendingPathComponent("by-theme.html").path))
        let index = try String(contentsOf: site.appendingPathComponent("index.html"), encoding: .utf8)
        XCTAssertFalse(index.contains("by-theme.html"))
    }
}
