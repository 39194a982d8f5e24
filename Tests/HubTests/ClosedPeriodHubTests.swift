import Foundation
import TestSupport
import XCTest

/// A closed period's snapshot (periods/<id>.yaml) is never changed on the hub: not by a
/// ministry, not by the point of contact; the first close by the point of contact goes through.
final class ClosedPeriodHubTests: XCTestCase {
    private var fixture: HubFixture!

    override func setUpWithError() throws { fixture = try HubFixture() }
    override func tearDown() { fixture = nil }

    func testAClosedPeriodCannotBeChangedOnTheHub() throws {
        let poc = try fixture.gitClone("wc-poc", as: fixture.poc)
        // An update dated within p1 (1 September 2025 – 28 February 2026), then the close.
        try fixture.must(fixture.carnetRun(["milestone", "set", "05", "m1", "--completion", "limited", "--date", "2026-01-15"], in: poc))
        try fixture.must(fixture.carnetRun(["period", "close", "p1"], in: poc))
        try fixture.must(fixture.gitPush(poc, as: fixture.poc))
        XCTAssertEqual(try fixture.hubMain(), try fixture.head(of: poc))

        // A ministry's edit of the record: refused.
        let terres = try fixture.gitClone("wc-terres", as: fixture.terres)
        try fixture.edit(terres + "/periods/p1.yaml", replacing: "completion: limited", with: "completion: complete")
        try fixture.must(fixture.git(["commit", "-q", "-am", "p1 corrigée"], in: terres, as: fixture.terres))
        let byMinistry = try fixture.gitPush(terres, as: fixture.terres)
        XCTAssertNotEqual(byMinistry.status, 0)
        XCTAssertTrue(byMinistry.stderr.contains("periods/p1.yaml"), byMinistry.stderr)
        XCTAssertTrue(byMinistry.stderr.contains("closed by the point of contact only"), byMinistry.stderr)

        // The point of contact changing or removing it: refused too.
        try fixture.edit(poc + "/periods/p1.yaml", replacing: "completion: limited", with: "completion: complete")
        try fixture.must(fixture.git(["commit", "-q", "-am", "p1 corrigée"], in: poc, as: fixture.poc))
        let changed = try fixture.gitPush(poc, as: fixture.poc)
        XCTAssertNotEqual(changed.status, 0)
        // Named by its months, as every page names it, beside the file.
        XCTAssertTrue(changed.stderr.contains("reporting period September 2025 – February 2026 is closed: its record (periods/p1.yaml)"), changed.stderr)
        try fixture.must(fixture.git(["reset", "-q", "--hard", "HEAD~1"], in: poc, as: fixture.poc))
        try fixture.must(fixture.git(["rm", "-q", "periods/p1.yaml"], in: poc, as: fixture.poc))
        try fixture.must(fixture.git(["commit", "-q", "-m", "p1 retirée"], in: poc, as: fixture.poc))
        let removed = try fixture.gitPush(poc, as: fixture.poc)
        XCTAssertNotEqual(removed.status, 0)
        XCTAssertTrue(removed.stderr.contains("reporting period September 2025 – February 2026 is closed"), removed.stderr)

    }
}
