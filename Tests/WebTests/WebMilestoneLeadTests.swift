import Foundation
import TestSupport
import XCTest

/// Issue 14, item 1 in the web app: a ministry that leads a milestone of another's commitment
/// finds that commitment in "My commitments", saves its milestone from the page, and is refused
/// (nothing written) another milestone of it — the CLI's guardrails, the hub's rule.
final class WebMilestoneLeadTests: WebTestCase {
    func testAMilestoneLeadSavesItsMilestoneAndNoOther() throws {
        // The point of contact makes autorite-terres the lead of m2 in 02 (led by min-justice).
        let file = plan + "/commitments/02/commitment.yaml"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try text.replacingOccurrences(of: "  - id: m2\n", with: "  - id: m2\n    lead_agency: autorite-terres\n")
            .write(toFile: file, atomically: true, encoding: .utf8)
        XCTAssertEqual(try carnet("commit", "-C", plan, "-m", "m2 of 02 led by autorite-terres").status, 0)
        let hub = work.path + "/hub.git"
        XCTAssertEqual(try carnet("hub", "init", hub, "--from", plan).status, 0)
        let clone = try carnet("clone", hub, "terres", "--ministry", "autorite-terres")
        XCTAssertEqual(clone.status, 0, clone.stderr)
        plan = work.path + "/terres"
        XCTAssertEqual(try carnet("whoami", "-C", plan, "--name", "Rosine Abessolo", "--email", "rosine@terres.example").status, 0)
        try start()

        XCTAssertTrue(try server.get("/").body.contains("href=\"/c/02\""), "02 is in My commitments")
        let page = try server.get("/c/02").body
        func save(_ milestone: String, _ note: String) throws -> (status: Int, body: String) {
            let marker = "action=\"/c/02/m/\(milestone)\""
            let r = try server.post("/c/02/m/\(milestone)", [("csrf", try XCTUnwrap(hiddenValue("csrf", in: page, after: marker))),
                                                            ("version", try XCTUnwrap(hiddenValue("version", in: page, after: marker))),
                                                            ("note", note)])
            return (r.status, r.body)
        }
        let head = try git("rev-parse", "HEAD")
        let other = try save("m1", "Pas à nous")
        XCTAssertEqual(other.status, 422, other.body)
        XCTAssertTrue(other.body.contains("autorite-terres leads milestones m2 of commitment 02"), other.body)
        XCTAssertEqual(try git("rev-parse", "HEAD"), head)
        XCTAssertEqual(try git("status", "--porcelain"), "")
        let own = try save("m2", "Serveurs livrés")
        XCTAssertEqual(own.status, 303, own.body)
        XCTAssertTrue(try String(contentsOfFile: plan + "/commitments/02/progress.yaml", encoding: .utf8).contains("Serveurs livrés"))
    }
}
