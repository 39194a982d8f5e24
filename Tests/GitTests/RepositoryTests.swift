import Foundation
import Git
import TestSupport
import XCTest

/// The libgit2 layer, checked against the real git binary as an independent oracle.
final class RepositoryTests: XCTestCase {
    let author = Signature(name: "Awa Diallo", email: "awa@terres.example", time: Date(timeIntervalSince1970: 1_790_000_000), offsetMinutes: 60)

    func testCommitIsSeenByGitWithAuthorMessageAndContent() throws {
        let dir = TemporaryDirectory()
        let repo = try Repository.create(dir.path)
        try dir.write("plan.yaml", "country: \"Valdoria\"\n")
        try dir.write("commitments/05/progress.yaml", "commitment: \"05\"\ncompletion: limited\n")
        let id = try XCTUnwrap(repo.commit(paths: ["plan.yaml", "commitments/05/progress.yaml"], message: "First\n\nBody line", author: author))

        let log = try Shell.git(["log", "--format=%H%n%an%n%ae%n%at%n%s%n%b"], in: dir.path)
        XCTAssertEqual(log.status, 0, log.stderr)
        let lines = log.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(lines[0], id.description)
        XCTAssertEqual(lines[1], "Awa Diallo")
        XCTAssertEqual(lines[2], "awa@terres.example")
        XCTAssertEqual(lines[3], "1790000000")
        XCTAssertEqual(lines[4], "First")
        XCTAssertEqual(lines[5], "Body line")
        XCTAssertEqual(try Shell.git(["show", "HEAD:commitments/05/progress.yaml"], in: dir.path).stdout,
                       "commitment: \"05\"\ncompletion: limited\n")
        XCTAssertEqual(try Shell.git(["symbolic-ref", "HEAD"], in: dir.path).stdout, "refs/heads/main\n")
        let fsck = try Shell.git(["fsck", "--full", "--strict"], in: dir.path)
        XCTAssertEqual(fsck.status, 0, fsck.stderr)
        // git sees a clean working tree: the index was written too.
        XCTAssertEqual(try Shell.git(["status", "--porcelain"], in: dir.path).stdout, "")
    }

    func testNothingNewMeansNoCommit() throws {
        let dir = TemporaryDirectory()
        let repo = try Repository.create(dir.path)
        try dir.write("a.yaml", "a: 1\n")
        XCTAssertNotNil(try repo.commit(paths: ["a.yaml"], message: "one", author: author))
        XCTAssertNil(try repo.commit(paths: ["a.yaml"], message: "again", author: author))
        XCTAssertEqual(try Shell.git(["rev-list", "--count", "HEAD"], in: dir.path).stdout, "1\n")
    }

    func testDeletedPathIsRemovedFromTheTree() throws {
        let dir = TemporaryDirectory()
        let repo = try Repository.create(dir.path)
        try dir.write("a.yaml", "a: 1\n")
        try dir.write("b.yaml", "b: 1\n")
        try repo.commit(paths: ["a.yaml", "b.yaml"], message: "two files", author: author)
        try FileManager.default.removeItem(atPath: dir.path + "/b.yaml")
        try repo.commit(paths: ["b.yaml"], message: "remove b", author: author)
        XCTAssertEqual(try Shell.git(["ls-tree", "--name-only", "HEAD"], in: dir.path).stdout, "a.yaml\n")
    }

    func testCommitsOnTopOfCommitsMadeByGit() throws {
        let dir = TemporaryDirectory()
        XCTAssertEqual(try Shell.git(["init", "-q", "-b", "main"], in: dir.path).status, 0)
        try dir.write("a.yaml", "a: 1\n")
        try Shell.git(["add", "a.yaml"], in: dir.path)
        try Shell.git(["commit", "-q", "-m", "by git"], in: dir.path)
        let repo = try Repository.open(dir.path)
        try dir.write("a.yaml", "a: 2\n")
        try repo.commit(paths: ["a.yaml"], message: "by carnet", author: author)
        let log = try Shell.git(["log", "--format=%s %an"], in: dir.path).stdout
        XCTAssertEqual(log, "by carnet Awa Diallo\nby git Oracle\n")
        XCTAssertEqual(try Shell.git(["fsck", "--full"], in: dir.path).status, 0)
    }

    func testChangedFilesAgreesWithGitStatus() throws {
        let dir = TemporaryDirectory()
        let repo = try Repository.create(dir.path)
        try dir.write("keep.yaml", "k: 1\n")
        try dir.write("edit.yaml", "e: 1\n")
        try dir.write("gone.yaml", "g: 1\n")
        try repo.commit(paths: ["keep.yaml", "edit.yaml", "gone.yaml"], message: "base", author: author)
        try dir.write("edit.yaml", "e: 2\n")
        try FileManager.default.removeItem(atPath: dir.path + "/gone.yaml")
        try dir.write("commitments/07/new.yaml", "n: 1\n")
        try dir.write(".gitignore", "*.tmp\n")
        try dir.write("scratch.tmp", "ignored\n")

        let ours = try repo.changedFiles().map { "\($0.change.rawValue) \($0.path)" }.sorted()
        XCTAssertEqual(ours, ["added .gitignore", "added commitments/07/new.yaml", "deleted gone.yaml", "modified edit.yaml"])
        let porcelain = try Shell.git(["status", "--porcelain", "--untracked-files=all"], in: dir.path).stdout
        let theirs = porcelain.split(separator: "\n").map { String($0.dropFirst(3)) }.sorted()
        XCTAssertEqual(theirs, ours.map { String($0.split(separator: " ", maxSplits: 1)[1]) }.sorted())
    }

    func testHistoryListsChangedPathsLikeGitLog() throws {
        let dir = TemporaryDirectory()
        let repo = try Repository.create(dir.path)
        try dir.write("plan.yaml", "p: 1\n")
        try dir.write("commitments/01/progress.yaml", "c: 1\n")
        try repo.commit(paths: ["plan.yaml", "commitments/01/progress.yaml"], message: "start", author: author)
        try dir.write("commitments/02/progress.yaml", "c: 2\n")
        try repo.commit(paths: ["commitments/02/progress.yaml"], message: "two", author: author)
        try dir.write("commitments/01/progress.yaml", "c: 3\n")
        try repo.commit(paths: ["commitments/01/progress.yaml"], message: "one again", author: author)

        let all = try repo.history()
        XCTAssertEqual(all.map(\.commit.summary), ["one again", "two", "start"])
        let gitNames = try Shell.git(["log", "--format=", "--name-only", "--root"], in: dir.path).stdout
            .split(separator: "\n").map(String.init)
        XCTAssertEqual(all.flatMap(\.changedPaths), gitNames)
        let onlyOne = try repo.history(pathPrefixes: ["commitments/01/"])
        XCTAssertEqual(onlyOne.map(\.commit.summary), ["one again", "start"])
        XCTAssertEqual(try repo.history(limit: 1).count, 1)
    }

    /// A commitment's history compares only its own folder in each commit (not the others):
    /// the same commits and paths as `git log -- commitments/01/`, a neighbour whose name starts
    /// the same (`010`) left out; and a walk hiding an older HEAD visits what `git rev-list` says
    /// is new since.
    func testHistoryOfOneFolderAndAWalkHidingAnOlderHead() throws {
        let dir = TemporaryDirectory()
        let repo = try Repository.create(dir.path)
        try dir.write("plan.yaml", "p: 1\n")
        try dir.write("commitments/01/progress.yaml", "c: 1\n")
        try dir.write("commitments/01/evidence/a/b.md", "b\n")
        try dir.write("commitments/010/progress.yaml", "c: 10\n")
        try dir.write("commitments/02/progress.yaml", "c: 2\n")
        let first = try XCTUnwrap(repo.commit(paths: ["plan.yaml", "commitments/01/progress.yaml", "commitments/01/evidence/a/b.md",
                                                      "commitments/010/progress.yaml", "commitments/02/progress.yaml"], message: "start", author: author))
        try dir.write("commitments/010/progress.yaml", "c: 11\n")
        try repo.commit(paths: ["commitments/010/progress.yaml"], message: "ten", author: author)
        try dir.write("commitments/01/evidence/a/b.md", "b2\n")
        try dir.write("plan.yaml", "p: 2\n")
        try repo.commit(paths: ["commitments/01/evidence/a/b.md", "plan.yaml"], message: "one's evidence", author: author)
        try dir.write("commitments/02/progress.yaml", "c: 3\n")
        try repo.commit(paths: ["commitments/02/progress.yaml"], message: "two", author: author)

        let ours = try repo.history(pathPrefixes: ["commitments/01/"])
        let theirs = try Shell.git(["log", "--format=%s", "--name-only", "--", "commitments/01/"], in: dir.path).stdout
            .split(separator: "\n").map(String.init)
        XCTAssertEqual(ours.flatMap { [$0.commit.summary] + $0.changedPaths }, theirs)
        XCTAssertEqual(ours.map(\.commit.summary), ["one's evidence", "start"])

        var visited: [String] = []
        try repo.walkHistory(hiding: [first], topLevel: ["commitments"], folders: ["commitments/02/", "commitments/01/"]) { entry in
            visited.append(entry.commit.summary + ":" + entry.changedPaths.joined(separator: ","))
            return true
        }
        XCTAssertEqual(visited, ["two:commitments/02/progress.yaml", "one's evidence:commitments/01/evidence/a/b.md", "ten:"])
        let new = try Shell.git(["rev-list", "--count", "\(first.description)..HEAD"], in: dir.path).stdout
        XCTAssertEqual(new, "\(visited.count)\n")
    }

    func testFileDataAtACommit() throws {
        let dir = TemporaryDirectory()
        let repo = try Repository.create(dir.path)
        try dir.write("a.yaml", "v: 1\n")
        let first = try XCTUnwrap(repo.commit(paths: ["a.yaml"], message: "1", author: author))
        try dir.write("a.yaml", "v: 2\n")
        try repo.commit(paths: ["a.yaml"], message: "2", author: author)
        XCTAssertEqual(try repo.fileData("a.yaml", at: first), Data("v: 1\n".utf8))
        XCTAssertNil(try repo.fileData("missing.yaml", at: first))
    }

    func testConfiguredSignatureComesFromGitConfig() throws {
        let dir = TemporaryDirectory()
        let repo = try Repository.create(dir.path)
        try Shell.run(["git", "config", "user.name", "Kofi Mensah"], in: dir.path)
        try Shell.run(["git", "config", "user.email", "kofi@finances.example"], in: dir.path)
        let signature = try XCTUnwrap(repo.configuredSignature())
        XCTAssertEqual(signature.name, "Kofi Mensah")
        XCTAssertEqual(signature.email, "kofi@finances.example")
        try repo.setConfigString("user.name", "Ama Owusu")
        XCTAssertEqual(try Shell.run(["git", "config", "user.name"], in: dir.path).stdout, "Ama Owusu\n")
    }

    func testBareRepositoryForAHub() throws {
        let dir = TemporaryDirectory()
        let hub = try Repository.create(dir.path + "/hub.git", bare: true)
        XCTAssertTrue(hub.isBare)
        XCTAssertNil(hub.workdir)
        XCTAssertEqual(try Shell.git(["rev-parse", "--is-bare-repository"], in: dir.path + "/hub.git").stdout, "true\n")
        XCTAssertNil(try hub.headCommitID())
    }

    func testErrorsCarryLibgit2sMessage() throws {
        let dir = TemporaryDirectory()
        XCTAssertThrowsError(try Repository.open(dir.path + "/nowhere", searchParents: false)) { error in
            let git = error as? GitError
            XCTAssertEqual(git?.code, .notFound)
            XCTAssertTrue(git?.message.contains("nowhere") ?? false, "\(error)")
        }
        let bare = try Repository.create(dir.path + "/hub.git", bare: true)
        XCTAssertThrowsError(try bare.commit(paths: ["plan.yaml"], message: "x", author: author)) { error in
            XCTAssertEqual((error as? GitError)?.code, .bareRepository, "\(error)")
        }
        // A folder where a path is named is not a file to stage: the path is removed (a folder
        // that took a file's place), with no error; the commit holds no such file.
        let repo = try Repository.create(dir.path + "/r")
        try FileManager.default.createDirectory(atPath: dir.path + "/r/folder", withIntermediateDirectories: true)
        XCTAssertNoThrow(try repo.commit(paths: ["folder"], message: "x", author: author))
        XCTAssertEqual(try Shell.git(["ls-tree", "-r", "HEAD"], in: dir.path + "/r").stdout, "")
    }
}
