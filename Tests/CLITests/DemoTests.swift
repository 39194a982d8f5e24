import Foundation
import TestSupport
import XCTest

/// `carnet demo` is the first thing a new user runs: the whole system, end to end.
final class DemoTests: CLITestCase {
    func testDemoRunsTheWholeSystem() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/sshd") else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { XCTFail("sshd missing: scripts/install-deps.sh installs it") }
            throw XCTSkip("sshd not installed")
        }
        let dir = work.path + "/demo"
        let result = try carnet("demo", "--directory", dir)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let out = result.stdout
        XCTAssertTrue(out.contains("refused: commitments/02/progress.yaml:2:13: error: 'almost-done'"), out)
        // Kofi's mistaken edit of 05 is kept back in his copy before it can strand it; his own
        // change reaches the hub.
        XCTAssertTrue(out.contains("the hub would refuse it: only the lead ministry of commitment 05 (autorite-terres)"), out)
        XCTAssertTrue(out.contains("conflict in commitments/05/progress.yaml milestones.m4.completion"), out)
        XCTAssertTrue(out.contains("lost complete by Rosine Abessolo"), out)
        for file in ["publication/tableau-de-bord/index.html", "publication/auto-evaluation-mi-parcours-en.docx",
                     "publication/auto-evaluation-mi-parcours-fr.md"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/" + file), file)
        }
        // Every copy and the hub are sound git repositories, and agree.
        for repo in ["hub.git", "point-de-contact", "terres-siege", "terres-bureau-tapir"] {
            XCTAssertEqual(try Shell.git(["fsck", "--full"], in: dir + "/" + repo).status, 0, repo)
        }
        let hubHead = try git("rev-parse", "main", in: dir + "/hub.git")
        XCTAssertEqual(try git("rev-parse", "HEAD", in: dir + "/point-de-contact"), hubHead)
        // Rosine synced before Kofi sent his change: the hub has everything she has.
        let rosine = try git("rev-parse", "HEAD", in: dir + "/terres-siege").trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertEqual(try Shell.git(["merge-base", "--is-ancestor", rosine, "main"], in: dir + "/hub.git").status, 0)
        // The hub changed that file meanwhile: Kofi's version is set aside in his copy, with the
        // reason and how to send it on; his copy is clean and everything he committed is on the hub.
        XCTAssertTrue(out.contains("your versions are kept in carnet-set-aside/"), out)
        let setAside = try FileManager.default.contentsOfDirectory(atPath: dir + "/finances/carnet-set-aside")
        XCTAssertEqual(setAside.count, 1)
        let note = try String(contentsOfFile: dir + "/finances/carnet-set-aside/\(setAside[0])/README.md", encoding: .utf8)
        XCTAssertTrue(note.contains("only the lead ministry of commitment 05"), note)
        let kept = try String(contentsOfFile: dir + "/finances/carnet-set-aside/\(setAside[0])/files/commitments/05/progress.yaml", encoding: .utf8)
        XCTAssertTrue(kept.contains("\"05\"\ncompletion: complete"), kept)
        let status = try carnet("status", "-C", dir + "/finances")
        XCTAssertTrue(status.stdout.contains("carnet-set-aside/"), status.stdout)
        XCTAssertEqual(try git("status", "--porcelain", in: dir + "/finances"), "")
        let kofi = try git("rev-parse", "HEAD", in: dir + "/finances")
        XCTAssertEqual(try Shell.git(["merge-base", "--is-ancestor", kofi.trimmingCharacters(in: .whitespacesAndNewlines), "main"], in: dir + "/hub.git").status, 0)
    }
}
