import Foundation
import Git
import TestSupport
import XCTest

/// The blob ids a history walk hands with each changed path (read from the tree bytes it
/// compared) are those git itself finds at the commit and at its first parent: adds, edits,
/// deletions, a file that becomes a folder, and a merge that writes a file of its own.
final class HistoryBlobTests: XCTestCase {
    func testEachChangedFileCarriesItsBlobAtTheCommitAndAtItsFirstParentAsGitSeesThem() throws {
        let dir = TemporaryDirectory()
        func git(_ arguments: [String]) throws {
            let result = try Shell.git(arguments, in: dir.path)
            XCTAssertEqual(result.status, 0, "git \(arguments.joined(separator: " ")): \(result.stderr)")
        }
        try git(["init", "-q"])
        try dir.write("plan.yaml", "p: 1\n")
        try dir.write("commitments/01/progress.yaml", "c: 1\n")
        try dir.write("commitments/02/progress.yaml", "c: 2\n")
        try dir.write("commitments/02/evidence/x", "a file, then a folder\n")
        try git(["add", "-A"]); try git(["commit", "-qm", "start"])
        try dir.write("commitments/01/progress.yaml", "c: 1 then 2\n")
        try FileManager.default.removeItem(atPath: dir.path + "/commitments/02/progress.yaml")
        try git(["add", "-A"]); try git(["commit", "-qm", "edit and delete"])
        try FileManager.default.removeItem(atPath: dir.path + "/commitments/02/evidence/x")
        try dir.write("commitments/02/evidence/x/inside.pdf", "now a folder\n")
        try git(["add", "-A"]); try git(["commit", "-qm", "file to folder"])
        try git(["checkout", "-qb", "side", "HEAD~1"])
        try dir.write("commitments/01/progress.yaml", "c: side\n")
        try dir.write("commitments/03/progress.yaml", "c: 3\n")
        try git(["add", "-A"]); try git(["commit", "-qm", "side"])
        try git(["checkout", "-q", "main"])
        _ = try Shell.git(["merge", "-q", "--no-ff", "--no-commit", "side"], in: dir.path)  // the merge writes 01 itself, below
        try dir.write("commitments/01/progress.yaml", "c: settled\n")
        try git(["add", "-A"]); try git(["commit", "-qm", "merge"])

        /// The blob at `revision:path` as git says, nil where it is absent or not a blob.
        func gitBlob(_ revision: String, _ path: String) throws -> ObjectID? {
            let type = try Shell.git(["cat-file", "-t", "\(revision):\(path)"], in: dir.path)
            guard type.status == 0, type.stdout == "blob\n" else { return nil }
            let id = try Shell.git(["rev-parse", "\(revision):\(path)"], in: dir.path).stdout
            return ObjectID(hex: id.trimmingCharacters(in: .whitespacesAndNewlines))
        }

        let repo = try Repository.open(dir.path)
        var seen: [String] = []
        var checked = 0
        try repo.walkHistory(topLevel: nil) { entry in
            seen.append(entry.commit.summary)
            XCTAssertEqual(entry.blobs.count, entry.changedPaths.count, entry.commit.summary)
            for (path, blob) in zip(entry.changedPaths, entry.blobs) {
                let commit = entry.commit.id.description
                XCTAssertEqual(blob.new, try gitBlob(commit, path), "\(entry.commit.summary): \(path) at the commit")
                let parent = entry.commit.parents.first.map { try? gitBlob($0.description, path) } ?? nil
                XCTAssertEqual(blob.old, parent, "\(entry.commit.summary): \(path) at the first parent")
                checked += 1
            }
            return true
        }
        // (Made within a second: the two sides' order is the walk's own.)
        XCTAssertEqual(seen.first, "merge")
        XCTAssertEqual(Set(seen), ["merge", "side", "file to folder", "edit and delete", "start"])
        XCTAssertEqual(seen.count, 5)
        // Every kind above was met: the merge's own file, a deletion (no new blob), a folder
        // where a file was (the file's path has no new blob), an addition (no old blob).
        XCTAssertGreaterThanOrEqual(checked, 10)
        // A walk narrowed to one folder hands the ids of the paths it keeps.
        for entry in try repo.history(pathPrefixes: ["commitments/01/"]) {
            XCTAssertEqual(entry.blobs.count, entry.changedPaths.count)
            for (path, blob) in zip(entry.changedPaths, entry.blobs) {
                XCTAssertEqual(blob.new, try gitBlob(entry.commit.id.description, path))
            }
        }
    }
}
