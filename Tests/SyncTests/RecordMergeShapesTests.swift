import XCTest
import Records
@testable import Sync

/// Issue 14's fields merge field by field like the others: a code, a milestone's lead, a draft
/// flag and its gaps, the plan's themes and a ministry's parent, each changed on one side only,
/// are all kept; nothing is lost to the canonical writer.
final class RecordMergeShapesTests: XCTestCase {
    typealias F = MergeFixture

    func testCommitmentShapesChangedOnEachSideAreAllKept() {
        let base = F.commitment()
        var ours = base, theirs = base
        ours.code = "VD0205"
        ours.milestones[1].leadAgency = "min-justice"
        theirs.milestones[0].code = "VD0205.1"
        theirs.draft = true
        let r = F.merge(F.commitmentPath, base: base.canonicalYAML, ours: ours.canonicalYAML, theirs: theirs.canonicalYAML)
        XCTAssertNil(r.problem)
        let merged = F.commitment(r.text ?? "")
        XCTAssertEqual(merged.code, "VD0205")
        XCTAssertEqual(merged.milestones[1].leadAgency, "min-justice")
        XCTAssertEqual(merged.milestones[0].code, "VD0205.1")
        XCTAssertTrue(merged.draft)
        XCTAssertEqual(r.conflicts, [])
    }

    /// A draft's gap filled on one side is filled in the merge; one left on both stays a gap
    /// (the borrowed value is never written).
    func testADraftsGapFilledOnOneSideIsFilled() {
        let text = F.sample(F.commitmentPath)
            .replacingOccurrences(of: "lead_agency: autorite-terres\n", with: "draft: true\nlead_agency: autorite-terres\n")
        var lines = text.components(separatedBy: "\n")
        // No start, no end of the commitment: both are to complete.
        lines.removeAll { $0.hasPrefix("start: ") || $0.hasPrefix("end: ") }
        let base = F.commitment(lines.joined(separator: "\n"))
        XCTAssertEqual(Set(base.toComplete), ["start", "end"])
        var ours = base
        ours.start = PlanDate("2025-09")!   // its first milestone starts then
        ours.toComplete = ["end"]
        let r = F.merge(F.commitmentPath, base: base.canonicalYAML, ours: ours.canonicalYAML, theirs: base.canonicalYAML)
        XCTAssertNil(r.problem)
        let merged = F.commitment(r.text ?? "")
        XCTAssertEqual(merged.start, PlanDate("2025-09"))
        XCTAssertTrue((r.text ?? "").contains("\nstart: 2025-09\n"), r.text ?? "")
        XCTAssertEqual(merged.toComplete, ["end"])
        XCTAssertFalse((r.text ?? "").contains("\nend: "), r.text ?? "")
    }

    func testPlanThemesAndMinistryParentMerge() {
        let planPath = "plan.yaml"
        let base = F.sample(planPath)
        let ours = base + "themes:\n  - id: land\n    title: \"Foncier\"\n"
        let theirs = base + "parents_write_for_units: true\n"
        let r = F.merge(planPath, base: base, ours: ours, theirs: theirs)
        XCTAssertNil(r.problem)
        let plan = Plan.read(RecordSource(bytes: Array((r.text ?? "").utf8), path: planPath))
        XCTAssertEqual(plan?.themes.map(\.id), ["land"])
        XCTAssertEqual(plan?.parentsWriteForUnits, true)

        let ministryPath = "ministries/autorite-terres.yaml"
        let m = F.sample(ministryPath)
        let withParent = m.replacingOccurrences(of: "kind: agency\n", with: "kind: agency\nparent: min-terres\n")
        XCTAssertNotEqual(withParent, m)
        let rm = F.merge(ministryPath, base: m, ours: withParent, theirs: m)
        XCTAssertEqual(Ministry.read(RecordSource(bytes: Array((rm.text ?? "").utf8), path: ministryPath), expectedID: "autorite-terres")?.parent,
                       "min-terres")
    }
}
