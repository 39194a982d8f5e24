import Foundation
import Records
@testable import Report
import XCTest

/// The dashboard in a real Chromium (Selenium): axe-core on every page type with no WCAG 2.1
/// A/AA violation, and no page wider than a 390 px phone, measured in the browser.
/// Screenshots at 1280 and 390 px in test-artifacts/report/dashboard-browser/.
/// scripts/install-deps.sh installs chromium, chromium-driver, selenium and axe-selenium-python.
final class DashboardBrowserTests: XCTestCase {
    func testEveryPageTypePassesAxeCoreAndFitsAPhone() throws {
        _ = try Fixtures.requireTool("chromedriver", package: "chromium-driver")
        let python = try Fixtures.requireTool("python3", package: "python3")
        let pages = ["index.html", "commitment-05.html", "ministry-autorite-terres.html", "ministries.html", "timeline.html",
                     "calendar.html", "commitments.html", "status-substantial.html", "rag-red.html", "period-p2.html", "period-p3.html"]
        for audience in [DashboardAudience.public, .internal] {
            let site = try Fixtures.temporaryDirectory(self, "browser-site")
            // p2's end as history would give it (here: today's records), so its period page is full.
            let p2 = ClosedPeriod.states(of: Fixtures.snapshot())
            try Dashboard(snapshot: Fixtures.snapshot(), language: .fr, asOf: Fixtures.asOf, audience: audience,
                          periodHistory: ["p2": p2]).write(to: site)
            let artifacts = Fixtures.artifacts.appendingPathComponent("dashboard-browser-\(audience.rawValue)")
            let script = Fixtures.repositoryRoot.appendingPathComponent("Tests/ReportTests/Browser/axe_dashboard.py").path
            let result = try Fixtures.run(python, [script, site.path, artifacts.path] + pages)
            XCTAssertTrue(result.output.contains("axe_dashboard: 0 problem(s)"), result.output)
        }
    }
}
