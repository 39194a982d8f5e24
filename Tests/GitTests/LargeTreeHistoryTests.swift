import Foundation
import Git
import TestSupport
import XCTest

/// A walk compares two versions of a large folder (commitments/ of a big plan) only between
/// the bytes both share at the start and at the end (TreeStretch). The paths and blob ids it
/// hands are still those git finds, for every kind of change at the folder's start, middle and
/// end: an edit, two distant edits, additions, deletions, a file that becomes a folder, a
/// rename, and folders whose names share a prefix (`c10` before `c10-a`, as git orders them).
final class LargeTreeHistoryTests: XCTestCase {
    func testChangesInAFolderOfTwoHundredEntriesAreThoseGitFinds() throws {
        let dir = TemporaryDirectory("carnet-large-tree")
        func git(_ arguments: [String]) throws {
            let result = try Shell.git(arguments, in: dir.path)
            XCTAssertEqual(result.status, 0, "git \(arguments.joined(separator: " ")): \(result.stderr)")
        }
        func commit(_ subject: String) throws { try git(["add", "-A"]); try git(["commit", "-qm", subject]) }
        try git(["init", "-q"])
        let names = (0..<200).map { String(format: "c%03d", $0) }
        for name in names { try dir.write("commitments/\(name)/progress.yaml", "\(name)\n") }
        try dir.write("commitments/c100/evidence.pdf", "a file\n")
        try commit("start")
        try dir.write("commitments/c100/progress.yaml", "edited\n")
        try commit("middle edit")
        try dir.write("commitments/c000/progress.yaml", "edited\n")
        try dir.write("commitments/c199/progress.yaml", "edited\n")
        try commit("first and last")
        try dir.write("commitments/a-first/progress.yaml", "new\n")
        try dir.write("commitments/c10-a/progress.yaml", "new\n")
        try dir.write("commitments/zz-last/progress.yaml", "new\n")
        try commit("three added")
        try FileManager.default.removeItem(atPath: dir.path + "/commitments/c050")
        try FileManager.default.removeItem(atPath: dir.path + "/commitments/zz-last")
        try commit("two deleted")
        try FileManager.default.removeItem(atPath: dir.path + "/commitments/c100/evidence.pdf")
        try dir.write("commitments/c100/evidence.pdf/inside.txt", "now a folder\n")
        try commit("file to folder")
        try FileManager.default.moveItem(atPath: dir.path + "/commitments/c150", toPath: dir.path + "/commitments/c150-renamed")
        try commit("renamed")
        try dir.write("commitments/c020/progress.yaml", "edited\n")
        try dir.write("commitments/c180/progress.yaml", "edited\n")
        try dir.write("commitments/c180/new.yaml", "new\n")
        try commit("two distant")

        let tree = try Shell.git(["cat-file", "-s", "HEAD:commitments"], in: dir.path).stdout
        XCTAssertGreaterThan(Int(tree.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0, 4096, "large enough to be compared by stretch")

        func gitBlob(_ revision: String, _ path: String) throws -> ObjectID? {
            let type = try Shell.git(["cat-file", "-t", "\(revision):\(path)"], in: dir.path)
            guard type.status == 0, type.stdout == "blob\n" else { return nil }
            return ObjectID(hex: try Shell.git(["rev-parse", "\(revision):\(path)"], in: dir.path).stdout
                .trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let repo = try Repository.open(dir.path)
        var seen: [String] = []
        try repo.walkHistory(topLevel: ["commitments"]) { entry in
            seen.append(entry.commit.summary)
            let id = entry.commit.id.description
            let oracle = try Shell.git(["diff-tree", "-r", "--root", "--no-commit-id", "--name-only", id], in: dir.path).stdout
            // (A file turned folder is listed after the folder's files by the walk, before by git.)
            XCTAssertEqual(entry.changedPaths.sorted(), oracle.split(separator: "\n").map(String.init).sorted(), entry.commit.summary)
            for (path, blob) in zip(entry.changedPaths, entry.blobs) {
                XCTAssertEqual(blob.new, try gitBlob(id, path), "\(entry.commit.summary): \(path)")
                let parent = try entry.commit.parents.first.map { try gitBlob($0.description, path) } ?? nil
                XCTAssertEqual(blob.old, parent, "\(entry.commit.summary): \(path) before")
            }
            return true
        }
        XCTAssertEqual(seen.count, 8)
    }
}
