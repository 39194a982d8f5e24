import Foundation
@testable import Git
import TestSupport
import XCTest

/// The clean stamp answers "nothing changed" from stat data alone: every kind of change made
/// right after it was taken must still show, exactly as `git status` (the oracle) shows it.
final class CleanStampTests: XCTestCase {
    /// A repository committed by git, and a stamp taken: `settled` waits past the stamp's margin
    /// first; otherwise everything is racy (changed within a tick of the stamp).
    private func cleanRepository(settled: Bool = true) throws -> (TemporaryDirectory, Repository) {
        let dir = TemporaryDirectory("carnet-stamp")
        for (path, text) in [("plan.yaml", "title: x\n"), ("ministries/a.yaml", "id: a\n"), ("ministries/b.yaml", "id: b\n"),
                             ("commitments/01/commitment.yaml", "id: \"01\"\n"), ("commitments/01/progress.yaml", "p: 1\n"),
                             ("commitments/01/evidence/report.txt", "evidence\n"), ("commitments/02/progress.yaml", "p: 2\n")] {
            try dir.write(path, Array(text.utf8))
        }
        // A folder holding only an ignored file: a new file there changes no tracked folder.
        try dir.write("commitments/02/evidence/notes.tmp", Array("ignored\n".utf8))
        XCTAssertEqual(try Shell.git(["init", "-q", "-b", "main"], in: dir.path).status, 0)
        try "*.tmp\n".write(toFile: dir.path + "/.git/info/exclude", atomically: true, encoding: .utf8)
        XCTAssertEqual(try Shell.git(["add", "-A"], in: dir.path).status, 0)
        XCTAssertEqual(try Shell.git(["commit", "-q", "-m", "plan"], in: dir.path).status, 0)
        if settled { Thread.sleep(forTimeInterval: 0.3) }
        let repository = try Repository.open(dir.path)
        CleanStamp.marginForTests = settled ? nil : 3_600_000_000_000  // unsettled: all of it changed "just now"
        defer { CleanStamp.marginForTests = nil }
        XCTAssertEqual(try repository.changedFiles(), [])
        XCTAssertTrue(repository.stillClean(workdir: dir.path + "/"), "the stamp was taken and holds")
        let stamp = try String(contentsOfFile: dir.path + "/.git/" + CleanStamp.fileName, encoding: .utf8)
        XCTAssertEqual(stamp.contains("\nrdir ") && stamp.contains("\nrfile "), !settled, "racy entries are those changed within the margin: \(stamp)")
        return (dir, repository)
    }

    /// Paths `git status` reports (untracked files one by one), the oracle.
    private func oracle(_ dir: String) throws -> Set<String> {
        let out = try Shell.git(["status", "--porcelain", "-uall", "--no-renames"], in: dir).stdout
        return Set(out.split(separator: "\n").map { String($0.dropFirst(3)) })
    }

    private func check(_ name: String, expectChange: Bool, _ change: (String) throws -> Void) throws {
        for settled in [true, false] {
            try check(name, settled: settled, expectChange: expectChange, change)
        }
    }

    private func check(_ name: String, settled: Bool, expectChange: Bool, _ change: (String) throws -> Void) throws {
        let (dir, repository) = try cleanRepository(settled: settled)
        try change(dir.path)   // at once: within the same clock tick as the stamp's last look
        let seen = Set(try repository.changedFiles().map(\.path))
        let expected = try oracle(dir.path)
        XCTAssertEqual(seen, expected, "\(name) (settled: \(settled))")
        XCTAssertEqual(!seen.isEmpty, expectChange, "\(name) (settled: \(settled)): \(seen)")
    }

    private func write(_ path: String, _ text: String) throws {
        try text.write(toFile: path, atomically: false, encoding: .utf8)
    }

    /// One folder's changes (a commitment's page): what `git status -- <folder>` says, nothing
    /// of the folder beside it whose name starts the same.
    func testTheChangesUnderOneFolderAreGitStatusOfThatFolder() throws {
        let (dir, repository) = try cleanRepository()
        try write(dir.path + "/commitments/01/progress.yaml", "p: 10\n")
        try dir.write("commitments/01/evidence/new.pdf", Array("%PDF".utf8))
        try FileManager.default.removeItem(atPath: dir.path + "/commitments/01/evidence/report.txt")
        try dir.write("commitments/010/progress.yaml", Array("p: 3\n".utf8))
        try write(dir.path + "/commitments/02/progress.yaml", "p: 20\n")
        let out = try Shell.git(["status", "--porcelain", "-uall", "--no-renames", "--", "commitments/01"], in: dir.path).stdout
        let expected = Set(out.split(separator: "\n").map { String($0.dropFirst(3)) })
        XCTAssertEqual(expected, ["commitments/01/progress.yaml", "commitments/01/evidence/new.pdf", "commitments/01/evidence/report.txt"])
        for folder in ["commitments/01", "commitments/01/"] {
            XCTAssertEqual(Set(try repository.changedFiles(under: folder).map(\.path)), expected, folder)
        }
        XCTAssertEqual(try repository.changedFiles(under: "commitments/01").first { $0.path.hasSuffix("report.txt") }?.change, .deleted)
        XCTAssertEqual(try repository.changedFiles(under: "commitments/*").count, 0, "a name is taken literally, never as a pattern")
    }

    func testEveryKindOfChangeRightAfterTheStampShows() throws {
        try check("same-size edit in place", expectChange: true) { try write($0 + "/commitments/01/progress.yaml", "p: 9\n") }
        try check("append", expectChange: true) { try write($0 + "/ministries/a.yaml", "id: a\nname: A\n") }
        try check("editor save (new file renamed over)", expectChange: true) { d in
            try write(d + "/plan.yaml.swp", "title: y\n")
            XCTAssertEqual(rename(d + "/plan.yaml.swp", d + "/plan.yaml"), 0)
        }
        try check("new file in a nested folder", expectChange: true) { try write($0 + "/commitments/01/evidence/new.pdf", "pdf") }
        try check("new folder with a file", expectChange: true) { d in
            try FileManager.default.createDirectory(atPath: d + "/commitments/03", withIntermediateDirectories: true)
            try write(d + "/commitments/03/progress.yaml", "p: 3\n")
        }
        try check("new file beside an ignored one only", expectChange: true) { try write($0 + "/commitments/02/evidence/real.pdf", "pdf") }
        try check("deleted file", expectChange: true) { XCTAssertEqual(unlink($0 + "/ministries/b.yaml"), 0) }
        try check("renamed file", expectChange: true) { XCTAssertEqual(rename($0 + "/ministries/b.yaml", $0 + "/ministries/c.yaml"), 0) }
        try check("made executable", expectChange: true) { XCTAssertEqual(chmod($0 + "/plan.yaml", 0o755), 0) }
        try check("replaced by a symbolic link", expectChange: true) { d in
            XCTAssertEqual(unlink(d + "/ministries/a.yaml"), 0)
            XCTAssertEqual(symlink("b.yaml", d + "/ministries/a.yaml"), 0)
        }
        try check("ignore rule dropped", expectChange: true) { try write($0 + "/.git/info/exclude", "# nothing ignored\n") }
        try check("change staged with git add", expectChange: true) { d in
            try write(d + "/commitments/02/progress.yaml", "p: 22\n")
            XCTAssertEqual(try Shell.git(["add", "commitments/02/progress.yaml"], in: d).status, 0)
        }
        try check("empty folder (git ignores it)", expectChange: false) { d in
            try FileManager.default.createDirectory(atPath: d + "/commitments/04", withIntermediateDirectories: true)
        }
        try check("ignored file added", expectChange: false) { try write($0 + "/ministries/draft.tmp", "x") }
        try check("commit by git (HEAD moves, tree clean)", expectChange: false) { d in
            try write(d + "/ministries/a.yaml", "id: a\nname: A\n")
            XCTAssertEqual(try Shell.git(["commit", "-q", "-am", "by git"], in: d).status, 0)
        }
    }

    /// A same-size edit within the same tick keeps size and mtime (here ctime still moves, which a
    /// test cannot undo: the stat check sees it first; the content hash is the second guard).
    /// Files whose stat data changed but not their content (a `chmod` to the same mode moves a
    /// file's ctime, as after `carnet clone`): the first status refreshes the index, as `git
    /// status` does, so the stamp then holds; before, every status ran git's whole check.
    func testFilesWithOtherStatDataButTheSameContentLetTheStampHoldAfterOneStatus() throws {
        let (dir, repository) = try cleanRepository()
        Thread.sleep(forTimeInterval: 0.05)
        for file in ["plan.yaml", "commitments/01/commitment.yaml"] { chmod(dir.path + "/" + file, 0o644) }
        Thread.sleep(forTimeInterval: 0.3)
        XCTAssertFalse(repository.stillClean(workdir: dir.path + "/"), "the ctime moved: stat data alone cannot say")
        XCTAssertEqual(try repository.changedFiles(), [])
        XCTAssertTrue(repository.stillClean(workdir: dir.path + "/"), "the index now holds the files' stat data")
        XCTAssertEqual(try oracle(dir.path), [])
        // Still a real edit shows.
        try dir.write("plan.yaml", Array("title: y\n".utf8))
        XCTAssertEqual(try repository.changedFiles().map(\.path), ["plan.yaml"])
    }

    func testRacyFileEditedInTheSameTickShows() throws {
        let (dir, repository) = try cleanRepository(settled: false)
        let path = dir.path + "/commitments/01/progress.yaml"
        var before = stat()
        XCTAssertEqual(lstat(path, &before), 0)
        try write(path, "p: 8\n")
        // Put the timestamps back as they were: what a coarse clock would have shown.
        var times = [before.st_atim, before.st_mtim]
        XCTAssertEqual(utimensat(AT_FDCWD, path, &times, 0), 0)
        XCTAssertEqual(Set(try repository.changedFiles().map(\.path)), try oracle(dir.path))
        XCTAssertEqual(try repository.changedFiles().map(\.path), ["commitments/01/progress.yaml"])
    }

    /// A file added within the same tick leaves its folder's mtime as it was: the names tell.
    func testRacyFolderGainingAFileInTheSameTickShows() throws {
        let (dir, repository) = try cleanRepository(settled: false)
        let folder = dir.path + "/commitments/01/evidence"
        var before = stat()
        XCTAssertEqual(lstat(folder, &before), 0)
        try write(folder + "/late.pdf", "pdf")
        var times = [before.st_atim, before.st_mtim]
        XCTAssertEqual(utimensat(AT_FDCWD, folder, &times, 0), 0)
        XCTAssertEqual(try repository.changedFiles().map(\.path), ["commitments/01/evidence/late.pdf"])
        XCTAssertEqual(Set(try repository.changedFiles().map(\.path)), try oracle(dir.path))
    }

    func testAStampThatDoesNotReadIsNotTrusted() throws {
        let (dir, repository) = try cleanRepository()
        let path = dir.path + "/.git/" + CleanStamp.fileName
        let text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(text.contains("\ndir "), text)
        XCTAssertTrue(text.contains(" commitments/02/evidence/\n"), "a folder with only ignored files is watched too")
        XCTAssertFalse(text.contains(".git/objects"), "git's own folder is not")
        let lines = text.components(separatedBy: "\n")
        func without(_ drop: (String) -> Bool) -> String { lines.filter { !drop($0) }.joined(separator: "\n") }
        var variants: [String] = []
        variants.append("carnet-clean-stamp 0\n" + lines.dropFirst().joined(separator: "\n"))
        variants.append(text.replacingOccurrences(of: "head ", with: "heed "))
        variants.append(text.replacingOccurrences(of: "\ndir 1 ", with: "\ndir 1x "))
        variants.append(String(text.prefix(text.count / 2)) + "\n")
        variants.append(without { $0.hasPrefix("checksum") })
        variants.append(without { $0.hasPrefix("end ") })
        variants.append(without { $0.hasSuffix(" ministries/") })
        variants.append("")
        for broken in variants {
            try broken.write(toFile: path, atomically: true, encoding: .utf8)
            XCTAssertFalse(repository.stillClean(workdir: dir.path + "/"), broken.prefix(60) + "…")
            XCTAssertEqual(try repository.changedFiles(), [], "a full status runs instead, and finds the tree clean")
        }
    }
}
