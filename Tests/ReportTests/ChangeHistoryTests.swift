import Foundation
import Records
@testable import Report
import XCTest

/// History comes from one walk of a real repository (made here with the git binary, as a
/// person would), grouped by commitment folder.
final class ChangeHistoryTests: XCTestCase {
    func git(_ repo: URL, _ args: String..., date: String? = nil, author: String = "Awa Diallo") throws {
        var env = ["GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": "a@example.org",
                   "GIT_COMMITTER_NAME": author, "GIT_COMMITTER_EMAIL": "a@example.org"]
        if let date { env["GIT_AUTHOR_DATE"] = date; env["GIT_COMMITTER_DATE"] = date }
        let result = try Fixtures.run(try Fixtures.requireTool("git", package: "git"), ["-C", repo.path] + args, environment: env)
        XCTAssertEqual(result.status, 0, result.output)
    }

    func makeRepository() throws -> URL {
        let plan = try Fixtures.sampleCopy(self)
        try git(plan, "init", "-q", "-b", "main")
        try git(plan, "add", "-A")
        try git(plan, "commit", "-q", "-m", "Plan adopted", date: "2025-09-01T10:00:00Z", author: "Amélie")
        for (i, day) in ["2026-10-01", "2026-10-15", "2026-11-20"].enumerated() {
            try Fixtures.edit(plan, "commitments/05/progress.yaml", replacing: "Deux bureaux d'arbitrage", with: "Deux bureaux d'arbitrage\(i)")
            try git(plan, "commit", "-q", "-am", "Progress of 05, update \(i)", date: "\(day)T09:00:00Z", author: "Hortense")
        }
        return plan
    }

    func testGroupsOneWalkByCommitment() throws {
        let plan = try makeRepository()
        let history = try ChangeHistory.read(for: Fixtures.snapshot(plan), asOf: Fixtures.asOf, perCommitment: 2)
        XCTAssertTrue(history.available)
        XCTAssertTrue(history.complete)
        let changes = try XCTUnwrap(history.byCommitment["05"])
        XCTAssertEqual(changes.map(\.summary), ["Progress of 05, update 2", "Progress of 05, update 1"], "newest first, capped")
        XCTAssertEqual(changes.first?.author, "Hortense")
        XCTAssertEqual(history.byCommitment["01"]?.map(\.summary), ["Plan adopted"])
        XCTAssertEqual(history.lastProgress["05"].map { CalendarDay($0) }, CalendarDay(2026, 11, 20))

        let overview = try PlanOverview(snapshot: Fixtures.snapshot(plan), asOf: Fixtures.asOf)
        let freshness = Freshness.compute(overview, history)
        let lead05 = try XCTUnwrap(overview.commitments.first { $0.id == "05" }?.commitment.leadAgency)
        let f05 = try XCTUnwrap(freshness.first { $0.ministry == lead05 })
        XCTAssertFalse(f05.isStale)
        let others = freshness.filter { $0.leads > 0 && $0.ministry != lead05 }
        XCTAssertFalse(others.isEmpty)
        XCTAssertTrue(others.allSatisfy(\.isStale), "silent since the plan was adopted")
    }

    /// Merges, the one way every history reader credits them (docs/HUB.md, "How history
    /// credits a change"): a merge that took each file as one side had it introduced nothing
    /// (the sides' commits are credited); a merge that settled a conflict wrote that file itself.
    func testAMergeIsCreditedOnlyWithWhatItWroteItself() throws {
        let plan = try makeRepository()
        try git(plan, "checkout", "-q", "-b", "justice")
        try Fixtures.edit(plan, "commitments/02/progress.yaml", replacing: "completion: limited", with: "completion: substantial")
        try git(plan, "commit", "-q", "-am", "Justice: 02 substantial", date: "2026-11-21T09:00:00Z", author: "Jules")
        try git(plan, "checkout", "-q", "main")
        try Fixtures.edit(plan, "commitments/05/progress.yaml", replacing: "Deux bureaux d'arbitrage2", with: "Trois bureaux d'arbitrage")
        try git(plan, "commit", "-q", "-am", "Progress of 05, three offices", date: "2026-11-22T09:00:00Z", author: "Hortense")
        try git(plan, "checkout", "-q", "justice")
        try Fixtures.edit(plan, "commitments/05/progress.yaml", replacing: "Deux bureaux d'arbitrage2", with: "Quatre bureaux d'arbitrage")
        try git(plan, "commit", "-q", "-am", "Justice writes 05 too", date: "2026-11-23T09:00:00Z", author: "Jules")
        try git(plan, "checkout", "-q", "main")
        // Clean for 02 (taken from justice's side); 05 conflicts and the merge settles it.
        let merge = try Fixtures.run(try Fixtures.requireTool("git", package: "git"), ["-C", plan.path, "merge", "-q", "--no-edit", "justice"],
                                     environment: ["GIT_AUTHOR_NAME": "Amélie", "GIT_AUTHOR_EMAIL": "a@example.org",
                                                   "GIT_COMMITTER_NAME": "Amélie", "GIT_COMMITTER_EMAIL": "a@example.org"])
        XCTAssertNotEqual(merge.status, 0, "the merge should conflict on 05")
        try git(plan, "checkout", "--ours", "commitments/05/progress.yaml")
        try Fixtures.edit(plan, "commitments/05/progress.yaml", replacing: "Trois bureaux d'arbitrage", with: "Cinq bureaux d'arbitrage")
        try git(plan, "add", "-A")
        try git(plan, "commit", "-q", "--no-edit", "-m", "Merge justice", date: "2026-11-24T09:00:00Z", author: "Amélie")

        let history = try ChangeHistory.read(for: Fixtures.snapshot(plan), asOf: Fixtures.asOf)
        XCTAssertEqual(history.byCommitment["02"]?.first?.summary, "Justice: 02 substantial", "taken from one side: that side's commit")
        XCTAssertEqual(history.byCommitment["05"]?.first?.summary, "Merge justice", "settled by the merge: the merge")
        XCTAssertEqual(history.lastProgress["02"].map { CalendarDay($0) }, CalendarDay(2026, 11, 21))
    }

    func testWalkStopsAtTheCommitLimit() throws {
        let plan = try makeRepository()
        let history = try ChangeHistory.read(for: Fixtures.snapshot(plan), asOf: Fixtures.asOf, maxCommits: 2)
        XCTAssertFalse(history.complete)
        XCTAssertEqual(history.byCommitment["05"]?.count, 2)
        XCTAssertNil(history.byCommitment["01"])
        XCTAssertEqual(history.oldestRead.map { CalendarDay($0) }, CalendarDay(2026, 10, 15))
    }

    /// The walk compares trees on their bytes: the paths it finds for each commit are those
    /// `git diff-tree` names — files added, removed, changed, in nested folders, a folder
    /// renamed, a file replaced by a folder.
    func testChangedPathsAreThoseGitNames() throws {
        let plan = try makeRepository()
        let fm = FileManager.default
        func file(_ path: String, _ text: String) throws {
            let url = plan.appendingPathComponent(path)
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        let steps: [(String, () throws -> Void)] = [
            ("evidence added", { try file("commitments/03/evidence/rapport.txt", "a"); try file("commitments/03/evidence/photos/p1.txt", "b") }),
            ("evidence changed and removed", { try file("commitments/03/evidence/photos/p1.txt", "c")
                                                try fm.removeItem(at: plan.appendingPathComponent("commitments/03/evidence/rapport.txt")) }),
            ("folder renamed", { try fm.moveItem(at: plan.appendingPathComponent("commitments/09"), to: plan.appendingPathComponent("commitments/10")) }),
            ("commitment and ministry", { try file("commitments/0/commitment.yaml", "first in order")
                                           try file("commitments/03/evidence/zz", "a file")
                                           try file("ministries/min-extra.yaml", "id: min-extra\n") }),
            ("file becomes folder", { try fm.removeItem(at: plan.appendingPathComponent("commitments/03/evidence/zz"))
                                       try file("commitments/03/evidence/zz/inside.txt", "now a folder") }),
        ]
        for (i, step) in steps.enumerated() {
            try step.1()
            try git(plan, "add", "-A")
            try git(plan, "commit", "-q", "-m", step.0, date: "2026-11-2\(i + 1)T09:00:00Z")
        }
        let history = try ChangeHistory.read(repositoryAt: plan.path, commitments: ["03", "09", "10", "0"], horizon: nil,
                                             perCommitment: 100)
        var found: [String: Set<String>] = [:]
        for change in history.byCommitment.values.joined() { found[change.summary] = Set(change.paths) }
        let gitBinary = try Fixtures.requireTool("git", package: "git")
        for step in steps {
            let log = try Fixtures.run(gitBinary, ["-C", plan.path, "log", "--format=", "--name-only", "--no-renames",
                                                   "--grep=^\(step.0)$", "--", "commitments", "ministries"])
            let expected = Set(log.output.split(separator: "\n").map(String.init).filter { !$0.isEmpty })
            XCTAssertFalse(expected.isEmpty, step.0)
            XCTAssertEqual(found[step.0], expected, step.0)
        }
    }

    func testNotARepository() throws {
        let plan = try Fixtures.sampleCopy(self)
        let history = try ChangeHistory.read(for: Fixtures.snapshot(plan), asOf: Fixtures.asOf)
        XCTAssertFalse(history.available)
    }
}
