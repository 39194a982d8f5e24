import Foundation
import Records
import TestSupport
import Workspace
import XCTest

/// The records the web app's pages share, kept by git blob id (ParsedRecords): what they give is
/// what reading the files gives, a file changed on disk is read again, and the memory is bounded.
final class ParsedRecordsTests: WebTestCase {
    func testKeptRecordsAreThoseOfTheFilesAsTheyAreNow() throws {
        let root = URL(fileURLWithPath: plan)
        let records = ParsedRecords.byBlobID()
        let first = PlanSnapshot(root: root, records: records)
        XCTAssertEqual(records.statistics.hits, 0)
        let files = records.statistics.misses
        XCTAssertGreaterThan(files, 20, "every record of the sample parsed once")

        let again = PlanSnapshot(root: root, records: records)
        XCTAssertEqual(records.statistics.hits, files, "the same bytes: nothing parsed again")
        let plain = PlanSnapshot(root: root)
        for snapshot in [first, again] {
            XCTAssertEqual(snapshot.commitments.mapValues { $0.commitment?.record }, plain.commitments.mapValues { $0.commitment?.record })
            XCTAssertEqual(snapshot.commitments.mapValues { $0.progress?.record }, plain.commitments.mapValues { $0.progress?.record })
            XCTAssertEqual(snapshot.plan?.record, plain.plan?.record)
            XCTAssertEqual(PlanValidator().validate(snapshot).map(\.description), PlanValidator().validate(plain).map(\.description))
        }

        // A text editor changes one file (no commit): only that file is parsed again, and read as it is now.
        let path = plan + "/commitments/05/progress.yaml"
        let edited = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "completion: limited", with: "completion: complete")
        try edited.write(toFile: path, atomically: true, encoding: .utf8)
        let before = records.statistics
        let after = PlanSnapshot(root: root, only: ["05"], records: records)
        XCTAssertEqual(records.statistics.misses, before.misses + 1, "only the changed file")
        XCTAssertEqual(after.commitments["05"]?.progress?.record, PlanSnapshot(root: root, only: ["05"]).commitments["05"]?.progress?.record)
        XCTAssertNotEqual(after.commitments["05"]?.progress?.record, first.commitments["05"]?.progress?.record)

        // A file that does not read is kept with its problems, as reading it gives them.
        try "id: [unclosed".write(toFile: plan + "/commitments/05/commitment.yaml", atomically: true, encoding: .utf8)
        let broken = PlanSnapshot(root: root, only: ["05"], records: records)
        XCTAssertNil(broken.commitments["05"]?.commitment?.record)
        XCTAssertEqual(broken.commitments["05"]?.commitment?.source.diagnostics.map(\.description),
                       PlanSnapshot(root: root, only: ["05"]).commitments["05"]?.commitment?.source.diagnostics.map(\.description))
    }

    func testWhatIsKeptStaysWithinItsBudget() throws {
        let records = ParsedRecords.byBlobID(budget: 16 << 10)
        _ = PlanSnapshot(root: URL(fileURLWithPath: plan), records: records)
        let kept = records.statistics
        XCTAssertLessThanOrEqual(kept.bytes, 16 << 10, "at most the budget's bytes of YAML")
        XCTAssertGreaterThan(kept.files, 0)
        XCTAssertLessThan(kept.files, kept.misses, "the least recently used were forgotten")
    }
}
