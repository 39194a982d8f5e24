import Foundation
import TestSupport
import XCTest

/// A milestone's lead (Northmere: procurement-office leads 01 m1, a commitment the treasury
/// leads) exports and imports its own milestones' rows, by the one access rule with milestone
/// shares (AccessRuleMilestones), and nothing else of the commitment.
final class ProgressMilestoneLeadTests: SheetsTestCase {
    func ministryCopy(_ ministry: String) throws -> String {
        let r = try carnet("plan", "init", "nm", "--sample", "northmere", "--name", "Ada Lind", "--email", "ada@procurement.example")
        XCTAssertEqual(r.status, 0, r.stderr)
        let plan = work.path + "/nm"
        _ = try git("config", "carnet.role", "ministry", in: plan)
        _ = try git("config", "carnet.ministry", ministry, in: plan)
        return plan
    }

    func testMilestoneLeadImportsItsOwnMilestone() throws {
        let plan = try ministryCopy("procurement-office")
        let file = work.path + "/own.xlsx"
        let export = try carnet("export", "progress", "-o", file, "-C", plan)
        XCTAssertEqual(export.status, 0, export.stderr)
        let seen = cells(try dump(file), "Milestones")
        XCTAssertEqual(seen["A3"]?["value"] as? String, "01")
        XCTAssertEqual(seen["C3"]?["value"] as? String, "m1")
        XCTAssertNil(seen["A4"], "only the milestone it leads")

        let edited = work.path + "/own-edited.xlsx"
        try edit(file, edited, [["op": "set_by_code", "sheet": "Milestones", "row": 3, "code": "note", "text": "Adopted by every ministry."]])
        let r = try carnet("import", "progress", edited, "-C", plan)
        XCTAssertEqual(r.status, 0, r.stderr + r.stdout)
        XCTAssertEqual(try git("diff", "--name-only", "HEAD~1", "HEAD", in: plan).trimmingCharacters(in: .whitespacesAndNewlines),
                       "commitments/01/progress.yaml")
        XCTAssertTrue(try git("show", "HEAD:commitments/01/progress.yaml", in: plan).contains("note: \"Adopted by every ministry.\""))
    }

    func testMilestoneLeadRefusedOtherMilestonesAndTheCommitmentsRow() throws {
        let plan = try ministryCopy("procurement-office")
        let file = work.path + "/own.xlsx"
        XCTAssertEqual(try carnet("export", "progress", "-o", file, "-C", plan).status, 0)
        let before = try head(plan)
        let other = work.path + "/other.xlsx"
        try edit(file, other, [["op": "set_by_code", "sheet": "Milestones", "row": 3, "code": "milestone", "text": "m2"]])
        let r = try carnet("import", "progress", other, "-C", plan)
        XCTAssertEqual(r.status, 65, r.stderr + r.stdout)
        XCTAssertTrue(r.stderr.contains("Milestones!C3: procurement-office leads other milestones of commitment 01, not m2"), r.stderr)

        let row = work.path + "/row.xlsx"
        try edit(file, row, [["op": "set", "sheet": "Commitments", "cell": "A3", "text": "01"],
                             ["op": "set", "sheet": "Commitments", "cell": "E3", "text": "complete"]])
        let c = try carnet("import", "progress", row, "-C", plan)
        XCTAssertEqual(c.status, 65, c.stderr + c.stdout)
        XCTAssertTrue(c.stderr.contains("Commitments!A3: "), c.stderr)
        XCTAssertTrue(c.stderr.contains("treasury"), c.stderr)
        XCTAssertEqual(try head(plan), before)
    }
}
