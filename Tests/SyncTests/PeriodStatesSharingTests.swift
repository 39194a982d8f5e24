import Foundation
import Records
import TestSupport
import Workspace
import XCTest

/// The dashboard reads the records at the end of each past reporting period (AsOf.periodStates)
/// through the ParsedRecords it read today's records with: a file whose blob is the same at two
/// commits is parsed once, and the states are exactly those a fresh parse of every file gives.
/// History made by the git CLI, dated (the oracle): the sample plan (p1 ends 28 February 2026,
/// p2 31 August 2026) with one milestone's level changed in April and in October 2026.
final class PeriodStatesSharingTests: XCTestCase {
    private let m4 = "  - id: m4\n    completion: limited\n"

    private func commit(_ folder: TemporaryDirectory, on day: String, _ subject: String) throws {
        let dated = ["GIT_AUTHOR_DATE": "\(day)T12:00:00Z", "GIT_COMMITTER_DATE": "\(day)T12:00:00Z"]
        XCTAssertEqual(try Shell.run(["git", "add", "-A"], in: folder.path).status, 0)
        let done = try Shell.run(["git", "-c", "user.name=Oracle", "-c", "user.email=oracle@test.example", "commit", "-q", "-m", subject],
                                 in: folder.path, environment: dated)
        XCTAssertEqual(done.status, 0, done.stderr)
    }

    private func setLevel(_ folder: TemporaryDirectory, _ level: String) throws {
        let path = folder.path + "/commitments/05/progress.yaml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let current = try XCTUnwrap(text.components(separatedBy: "\n").firstIndex { $0 == "  - id: m4" })
        var lines = text.components(separatedBy: "\n")
        lines[current + 1] = "    completion: \(level)"
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    func testEachUnchangedFileIsParsedOnceAcrossPeriods() throws {
        let folder = TemporaryDirectory("carnet-period-states")
        try folder.overlay(MergeFixture.root.appendingPathComponent("Samples/valdoria"))
        XCTAssertTrue(try String(contentsOfFile: folder.path + "/commitments/05/progress.yaml", encoding: .utf8).contains(m4))
        XCTAssertEqual(try Shell.git(["init", "-q"], in: folder.path).status, 0)
        try setLevel(folder, "not-started")
        try commit(folder, on: "2025-10-01", "Plan adopted")
        try setLevel(folder, "limited")
        try commit(folder, on: "2026-04-01", "m4 limited")
        try setLevel(folder, "substantial")
        try commit(folder, on: "2026-10-01", "m4 substantial")
        // The oracle for which commit stands at each end.
        let p1 = try Shell.git(["rev-list", "-1", "--before=2026-02-28T23:59:59Z", "HEAD"], in: folder.path).stdout
        XCTAssertEqual(try Shell.git(["log", "-1", "--format=%s", p1.trimmingCharacters(in: .whitespacesAndNewlines)], in: folder.path).stdout,
                       "Plan adopted\n")

        let root = folder.url
        let records = ParsedRecords.forOneRun()
        let today = PlanSnapshot(root: root, records: records)
        let files = records.statistics.misses
        XCTAssertGreaterThan(files, 20)
        let asOf = PlanDate("2026-12-01")!
        let states = AsOf.periodStates(planAt: root, snapshot: today, before: asOf, records: records)
        XCTAssertEqual(records.statistics.misses, files + 2, "only 05's progress, as it stood at each period's end, is parsed again")

        // The same as parsing every file afresh, and as history says.
        XCTAssertEqual(states, AsOf.periodStates(planAt: root, snapshot: PlanSnapshot(root: root), before: asOf))
        func level(_ period: String) -> CompletionLevel? { states[period]?.first { $0.id == "05" }?.milestone("m4")?.completion }
        XCTAssertEqual(level("p1"), .notStarted)
        XCTAssertEqual(level("p2"), .limited)
        XCTAssertEqual(today.commitments["05"]?.progress?.record?.milestone("m4")?.completion, .substantial)
        XCTAssertEqual(states.count, 2, "p3 has not ended")
    }
}
