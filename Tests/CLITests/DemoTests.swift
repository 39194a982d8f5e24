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
        XCTAssertEqual(try git("rev-parse", "HEAD", in: dir + "/terres-siege"), hubHead)
        // What was kept back reaches Kofi's `carnet status`, not only the terminal that synced;
        // his edit is still in his copy, uncommitted, and everything he committed is on the hub.
        let status = try carnet("status", "-C", dir + "/finances")
        XCTAssertTrue(status.stdout.contains("only the lead ministry of commitment 05"), status.stdout)
        XCTAssertEqual(try git("status", "--porcelain", in: dir + "/finances"), " M commitments/05/progress.yaml\n")
        let kofi = try git("rev-parse", "HEAD", in: dir + "/finances")
        XCTAssertEqual(try Shell.git(["merge-base", "--is-ancestor", kofi.trimmingCharacters(in: .whitespacesAndNewlines), "main"], in: dir + "/hub.git").status, 0)
    }
}
