import Foundation
import TestSupport
import XCTest

/// `carnet plan import` stores a new plan's first commit as one pack (Repository.commitFirst,
/// through libgit2's in-memory store and the object database's pack writer), not as loose
/// objects. The git CLI is the oracle: the repository is sound (`git fsck --strict`), and what
/// people do next with it works — a carnet edit, `git gc`, a clone.
extension PlanImportTests {
    func testImportedPlanIsOnePackThatGitFindsSoundAndThatLaterWorkKeepsSound() throws {
        let plan = work.path + "/imported"
        let r = try carnet("plan", "import", try filledTemplate(), plan, "--name", "Awa Diallo", "--email", "awa@terres.example")
        XCTAssertEqual(r.status, 0, r.stderr + r.stdout)
        try assertSameAsSample(plan)

        // One pack and its index, no loose object; every object there and well formed.
        let counts = try git("count-objects", "-v", in: plan)
        XCTAssertTrue(counts.contains("count: 0\n"), counts)
        XCTAssertTrue(counts.contains("packs: 1\n"), counts)
        let packs = try FileManager.default.contentsOfDirectory(atPath: plan + "/.git/objects/pack")
        XCTAssertEqual(packs.filter { $0.hasSuffix(".pack") }.count, 1, "\(packs)")
        XCTAssertEqual(packs.filter { $0.hasSuffix(".idx") }.count, 1, "\(packs)")
        let pack = packs.first { $0.hasSuffix(".idx") }!
        let verified = try Shell.git(["verify-pack", "-v", ".git/objects/pack/" + pack], in: plan)
        XCTAssertEqual(verified.status, 0, verified.stderr)
        try fsck(plan)
        // The pack holds exactly the commit, its trees and blobs: what the tree lists.
        let listed = try git("ls-tree", "-r", "-t", "HEAD", in: plan).split(separator: "\n").count
        let inPack = verified.stdout.split(separator: "\n").filter { $0.range(of: #"^[0-9a-f]{40} "#, options: .regularExpression) != nil }.count
        XCTAssertEqual(inPack, listed + 2, "the commit, the root tree and every entry below it")
        XCTAssertEqual(try git("status", "--porcelain", in: plan), "")

        // A carnet edit on top: a loose commit next to the pack, still sound.
        let set = try carnet("milestone", "set", "-C", plan, "01", "m1", "--note", "Premier point d'étape.")
        XCTAssertEqual(set.status, 0, set.stderr + set.stdout)
        XCTAssertEqual(try commitCount(plan), 2)
        try fsck(plan)

        // git's own repacking reads the pack Carnet wrote.
        XCTAssertEqual(try Shell.git(["gc", "--quiet", "--prune=now"], in: plan).status, 0)
        try fsck(plan)
        XCTAssertEqual(try git("status", "--porcelain", in: plan), "")

        // A clone from it has the same files, the same history; carnet reads the clone.
        let clone = work.path + "/clone"
        let cloned = try Shell.git(["clone", "--quiet", "--no-local", plan, clone], in: work.path)
        XCTAssertEqual(cloned.status, 0, cloned.stderr)
        try fsck(clone)
        XCTAssertEqual(try head(clone), try head(plan))
        try assertSameAsSample(clone)
        let validated = try carnet("validate", clone)
        XCTAssertEqual(validated.status, 0, validated.stderr + validated.stdout)
    }

    func fsck(_ repository: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let r = try Shell.git(["fsck", "--strict", "--full", "--no-dangling"], in: repository)
        XCTAssertEqual(r.status, 0, "git fsck: " + r.stdout + r.stderr, file: file, line: line)
        XCTAssertEqual(r.stderr.trimmingCharacters(in: .whitespacesAndNewlines), "", file: file, line: line)
    }
}
