import Foundation
import TestSupport
import XCTest

/// The pages in a real browser (Chromium, driven by Selenium): axe-core on every page type,
/// no sideways scrolling at 390 px, a form sent by the browser. `scripts/install-deps.sh --test`
/// installs chromium, chromium-driver, selenium and axe-selenium-python: their absence fails.
final class WebBrowserTests: WebTestCase {
    func testEveryPageTypePassesAxeCoreAndFitsAPhone() throws {
        // French texts changed: their English translations are marked stale beside their fields.
        XCTAssertEqual(try carnet("commitment", "set", "-C", plan, "05", "--results", "Le conseil foncier s'est réuni trois fois.").status, 0)
        XCTAssertEqual(try carnet("commitment", "define", "-C", plan, "05", "--title", "Conseils fonciers ouverts aux femmes").status, 0)
        try start()
        let script = RepositoryPaths.root().appendingPathComponent("Tests/WebTests/Browser/axe_pages.py").path
        let artifacts = RepositoryPaths.root().appendingPathComponent("test-artifacts/web").path
        let result = try Shell.run(["python3", script, server.address, artifacts])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("axe_pages: 0 problem(s)"), result.stdout + result.stderr)

        // The same in French: longer words must not push the page sideways at 390 px either.
        server.stop()
        try start(language: "fr")
        let french = try Shell.run(["python3", script, server.address, artifacts, "fr-"])
        XCTAssertEqual(french.status, 0, french.stdout + french.stderr)
    }
}
