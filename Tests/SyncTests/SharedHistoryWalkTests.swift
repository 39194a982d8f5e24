import Foundation
import Git
import Records
import TestSupport
import Workspace
import XCTest

/// The dashboard walks history once (HistoryWalk): its history thread reads the changes while
/// the main thread looks for the commit standing at each past period's end. What each reads
/// must be what it read from a walk of its own, and what git says, on a history made by the git
/// CLI (the oracle) with a side branch merged, a merge that writes a file itself, and an update
/// imported afterwards with its past date (author date before its parent's).
final class SharedHistoryWalkTests: XCTestCase {
    private final class Box<T>: @unchecked Sendable { var value: T; init(_ value: T) { self.value = value } }

    /// The repository, and its commits by subject.
    private func makeHistory() throws -> (TemporaryDirectory, [String: String]) {
        let dir = TemporaryDirectory("carnet-shared-walk")
        func git(_ arguments: [String], author: String? = nil, committer: String? = nil) throws {
            var environment: [String: String] = [:]
            if let author { environment["GIT_AUTHOR_DATE"] = author + "T12:00:00Z" }
            if let committer { environment["GIT_COMMITTER_DATE"] = committer + "T12:00:00Z" }
            let result = try Shell.run(["git", "-c", "user.name=Oracle", "-c", "user.email=oracle@test.example", "-c", "init.defaultBranch=main"] + arguments,
                                       in: dir.path, environment: environment)
            XCTAssertEqual(result.status, 0, "git \(arguments.joined(separator: " ")): \(result.stderr)")
        }
        func commit(_ subject: String, on day: String, committed: String? = nil) throws {
            try git(["add", "-A"])
            try git(["commit", "-qm", subject], author: day, committer: committed ?? day)
        }
        try git(["init", "-q"])
        try dir.write("plan.yaml", "p: 1\n")
        try dir.write("commitments/01/progress.yaml", "c: 1\n")
        try dir.write("ministries/m1.yaml", "m: 1\n")
        try commit("adopted", on: "2026-01-10")
        try dir.write("commitments/01/progress.yaml", "c: 2\n")
        try commit("progress 01", on: "2026-02-20")
        try git(["checkout", "-qb", "side"])
        try dir.write("commitments/02/progress.yaml", "c: side\n")
        try commit("side 02", on: "2026-03-05")
        try git(["checkout", "-q", "main"])
        try dir.write("ministries/m1.yaml", "m: 2\n")
        try commit("ministry", on: "2026-03-10")
        // Recorded on 12 March, dated 15 February (`carnet progress import --date`).
        try dir.write("commitments/01/progress.yaml", "c: imported\n")
        try commit("imported", on: "2026-02-15", committed: "2026-03-12")
        try git(["merge", "-q", "--no-ff", "--no-commit", "side"], committer: "2026-03-20")
        try dir.write("commitments/01/progress.yaml", "c: settled in the merge\n")
        try commit("merge", on: "2026-03-20")
        try dir.write("commitments/02/progress.yaml", "c: late\n")
        try dir.write("plan.yaml", "p: 2\n")
        try commit("late", on: "2026-04-02")
        var ids: [String: String] = [:]
        for line in try Shell.git(["log", "--format=%H %s"], in: dir.path).stdout.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            ids[String(parts[1])] = String(parts[0])
        }
        return (dir, ids)
    }

    func testTheSharedWalkHandsEachReaderWhatItsOwnWalkAndGitGive() throws {
        let (dir, ids) = try makeHistory()
        // git's order (committer dates all distinct and after their parents': the walk's order too).
        let gitOrder = try Shell.git(["rev-list", "HEAD"], in: dir.path).stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(gitOrder.count, 7)
        let topLevel: Set<String> = ["commitments", "ministries"]

        // Each reader on its own walk.
        let own = try Repository.open(dir.path)
        var alone: [HistoryEntry] = []
        try own.walkHistory(topLevel: topLevel) { alone.append($0); return true }
        let days = ["2026-03-31", "2026-02-28", "2026-01-31", "2025-12-31"].map { PlanDate($0)! }
        let aloneFound = try AsOf.commits(in: own, onOrBefore: days)

        // Both from one walk, at once: the changes on another thread, the period ends here.
        let walk = try XCTUnwrap(HistoryWalk.open(dir.path))
        let shared = Box<[HistoryEntry]>([])
        let read = Box(0)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            read.value = (try? walk.changes(topLevel: topLevel) { shared.value.append($0); return true }) ?? -1
            done.signal()
        }
        let sharedFound = try AsOf.commits(in: walk, onOrBefore: days)
        done.wait()

        XCTAssertEqual(read.value, 7)
        XCTAssertEqual(shared.value.map(\.commit.id.description), gitOrder)
        XCTAssertEqual(alone.map(\.commit.id.description), gitOrder)
        for (a, b) in zip(shared.value, alone) {
            XCTAssertEqual(a.changedPaths, b.changedPaths, a.commit.summary)
            XCTAssertEqual(a.blobs, b.blobs, a.commit.summary)
            // git's own account: for a merge, the files that differ from every parent (-c).
            let oracle = try Shell.git(["diff-tree", "-r", "-c", "--root", "--no-commit-id", "--name-only", a.commit.id.description,
                                        "--", "commitments", "ministries"], in: dir.path).stdout
            XCTAssertEqual(a.changedPaths.sorted(), oracle.split(separator: "\n").map(String.init).sorted(), a.commit.summary)
        }
        XCTAssertEqual(shared.value.first { $0.commit.summary == "merge" }?.changedPaths, ["commitments/01/progress.yaml"])

        // The newest commit, in the walk's order, dated on or before each day: the imported
        // update stands at 28 February though it was recorded in March.
        XCTAssertEqual(sharedFound.map { $0?.id }, aloneFound.map { $0?.id })
        XCTAssertEqual(sharedFound.map { $0?.summary }, ["merge", "imported", "adopted", nil])
        XCTAssertEqual(sharedFound[1]?.id.description, ids["imported"])
        // The oracle: the first commit of git's order whose author date is before the day's end.
        for (day, found) in zip(days, sharedFound) {
            let dated = try Shell.git(["log", "--format=%H %at"], in: dir.path).stdout.split(separator: "\n").map { $0.split(separator: " ") }
            let first = dated.first { TimeInterval(String($0[1]))! < day.endInstant.timeIntervalSince1970 }.map { String($0[0]) }
            XCTAssertEqual(found?.id.description, first, day.description)
        }
    }

    func testABoundedReadAndCommitsLeftUncomparedCountAsWalkHistoryCounts() throws {
        let (dir, _) = try makeHistory()
        let own = try Repository.open(dir.path)
        var alone: [String] = []
        let aloneRead = try own.walkHistory(topLevel: ["commitments"], maxCommits: 4) { alone.append($0.commit.summary); return true }
        let walk = try XCTUnwrap(HistoryWalk.open(dir.path))
        // A reader further along first: the changes are read from what it read.
        XCTAssertEqual(try walk.commit(6)?.summary, "adopted")
        XCTAssertNil(try walk.commit(7))
        var shared: [HistoryEntry] = []
        let sharedRead = try walk.changes(topLevel: ["commitments"], maxCommits: 4, comparing: { $0.summary != "late" }) {
            shared.append($0); return true
        }
        XCTAssertEqual(sharedRead, aloneRead)
        XCTAssertEqual(shared.map(\.commit.summary), alone)
        XCTAssertEqual(shared.first?.commit.summary, "late")
        XCTAssertEqual(shared.first?.changedPaths, [], "not compared: no paths, its trees unread")
        XCTAssertEqual(shared[1].changedPaths, ["commitments/01/progress.yaml"])
        // A folder without history: no walk.
        let plain = TemporaryDirectory("carnet-no-history")
        XCTAssertNil(HistoryWalk.open(plain.path + "/nowhere"))
    }
}
