import Foundation
import Records
@testable import Sync
import XCTest

/// A whole list item in a conflict's `kept` / `lost` (a person, a milestone's progress, an
/// evidence entry) is written by the records' own writer (RecordEncoding), so `carnet resolve`
/// or a person can paste it back: each value is, line for line, the item as its canonical record
/// file holds it (the sample files are canonical: RecordMergeTests).
final class ConflictTextTests: XCTestCase {
    /// A block as the item of a list under a top-level key: "  - first line", then "    " + the rest.
    private func item(_ block: String) -> String {
        let lines = block.split(separator: "\n", omittingEmptySubsequences: false)
        return (["  - " + lines[0]] + lines.dropFirst().map { "    " + $0 }).joined(separator: "\n") + "\n"
    }

    func testPeopleAsTheirMinistryAndPlanFilesWriteThem() throws {
        let dir = MergeFixture.root.appendingPathComponent("Samples/valdoria/ministries")
        var people = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) where name.hasSuffix(".yaml") {
            let text = MergeFixture.sample("ministries/\(name)")
            let ministry = try XCTUnwrap(Ministry.read(RecordSource(bytes: Array(text.utf8), path: "ministries/\(name)"),
                                                       expectedID: String(name.dropLast(5))), name)
            for person in ministry.contacts + ministry.members {
                XCTAssertTrue(text.contains(item(ConflictText.person(person))), "\(name): \(ConflictText.person(person))")
                people += 1
            }
        }
        let planText = MergeFixture.sample("plan.yaml")
        let plan = try XCTUnwrap(Plan.read(RecordSource(bytes: Array(planText.utf8), path: "plan.yaml")))
        for person in plan.members {
            XCTAssertTrue(planText.contains(item(ConflictText.person(person))), ConflictText.person(person))
            people += 1
        }
        XCTAssertGreaterThan(people, 20, "the sample's people were read")
    }

    /// A milestone kept or lost in a conflict carries every field commitment.yaml holds, its
    /// official code and lead agency too (they were dropped before): taking the lost side back
    /// must not lose them. Northmere's milestones have both.
    func testMilestonesAsTheirCommitmentFilesWriteThem() throws {
        let dir = MergeFixture.root.appendingPathComponent("Samples/northmere/commitments")
        var (milestones, coded, led) = (0, 0, 0)
        for id in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
            let path = "commitments/\(id)/commitment.yaml"
            let text = try String(contentsOf: dir.appendingPathComponent("\(id)/commitment.yaml"), encoding: .utf8)
            let commitment = try XCTUnwrap(Commitment.read(RecordSource(bytes: Array(text.utf8), path: path), expectedID: id), path)
            // A draft's file leaves its gaps out (DraftGaps); a conflict value is written whole.
            guard !commitment.draft else { continue }
            for m in commitment.milestones {
                let block = ConflictText.milestone(m)
                XCTAssertTrue(text.contains(item(block)), "\(path): \(block)")
                if m.code != nil { coded += 1; XCTAssertTrue(block.contains("code: "), block) }
                if let lead = m.leadAgency { led += 1; XCTAssertTrue(block.contains("lead_agency: \(lead)"), block) }
                milestones += 1
            }
        }
        XCTAssertGreaterThan(milestones, 5)
        XCTAssertGreaterThan(coded, 0, "the sample has coded milestones")
        XCTAssertGreaterThan(led, 0, "the sample has milestones with their own lead agency")
    }

    func testMilestoneProgressAndEvidenceAsTheirProgressFilesWriteThem() throws {
        let dir = MergeFixture.root.appendingPathComponent("Samples/valdoria/commitments")
        var items = 0
        for id in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
            let path = "commitments/\(id)/progress.yaml"
            let text = MergeFixture.sample(path)
            guard !text.isEmpty, let progress = CommitmentProgress.read(RecordSource(bytes: Array(text.utf8), path: path), expectedID: id) else { continue }
            for m in progress.milestones { XCTAssertTrue(text.contains(item(ConflictText.milestoneProgress(m))), "\(path): \(m.id)") }
            for e in progress.evidence { XCTAssertTrue(text.contains(item(ConflictText.evidence(e))), "\(path): \(e.id)") }
            items += progress.milestones.count + progress.evidence.count
        }
        XCTAssertGreaterThan(items, 20)
    }
}
