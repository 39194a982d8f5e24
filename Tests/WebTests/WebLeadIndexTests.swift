import Foundation
import TestSupport
import XCTest

/// My commitments follows who leads what as HEAD says, however HEAD moved: a lead changed by a
/// commit that arrived (a sync, here git itself), a progress save, a change of plan.yaml. The
/// app reads again only what changed since the last HEAD it saw (LeadIndex); the oracle is what
/// git's HEAD holds, and the CLI's guardrails.
final class WebLeadIndexTests: WebTestCase {
    private func listed() throws -> Set<String> {
        let page = try server.get("/")
        XCTAssertEqual(page.status, 200, page.body)
        return Set((1...9).map { String(format: "%02d", $0) }.filter { page.body.contains("href=\"/c/\($0)\"") })
    }

    /// A change the point of contact made elsewhere, arriving as a commit.
    private func committed(_ file: String, _ from: String, _ to: String, _ message: String) throws {
        let path = plan + "/" + file
        let text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(text.contains(from), text)
        try text.replacingOccurrences(of: from, with: to).write(toFile: path, atomically: true, encoding: .utf8)
        _ = try git("-c", "user.name=Awa Diallo", "-c", "user.email=awa@terres.example", "commit", "-q", "-am", message)
    }

    func testMyCommitmentsFollowsTheLeadsAsHeadMoves() throws {
        _ = try git("config", "carnet.role", "ministry")
        _ = try git("config", "carnet.ministry", "min-finances")
        try start()
        XCTAssertEqual(try listed(), ["01", "08"])

        try committed("commitments/02/commitment.yaml", "lead_agency: min-justice", "lead_agency: min-finances", "02 to the finances")
        XCTAssertEqual(try listed(), ["01", "02", "08"], "one commit on top: its commitment.yaml read again")
        try committed("commitments/08/commitment.yaml", "lead_agency: min-finances", "lead_agency: min-justice", "08 to the justice")
        try committed("commitments/03/commitment.yaml", "lead_agency: min-sante", "lead_agency: min-finances", "03 to the finances")
        XCTAssertEqual(try listed(), ["01", "02", "03"], "two commits at once")

        // A save of this copy's own (progress only): nothing to read again, nothing changes.
        let saved = try carnet("milestone", "set", "-C", plan, "02", "m1", "--note", "Repris par les finances.")
        XCTAssertEqual(saved.status, 0, saved.stderr)
        XCTAssertEqual(try listed(), ["01", "02", "03"])

        // plan.yaml changed: who writes for whom may have changed, everything is read again.
        try committed("plan.yaml", "\ntitle:", "\n# read again\ntitle:", "plan touched")
        XCTAssertEqual(try listed(), ["01", "02", "03"])

        // The oracle: the CLI's guardrails let this copy write exactly there.
        XCTAssertEqual(try carnet("milestone", "set", "-C", plan, "03", "m1", "--note", "Oui").status, 0)
        XCTAssertEqual(try carnet("milestone", "set", "-C", plan, "08", "m1", "--note", "Non").status, 77)
    }
}
