import Foundation
import TestSupport
import XCTest

/// A member with a valid key tries to fool the hub (issue 10): pushes built with git's plumbing
/// (`commit-tree` merges onto old commits, other authors, files nobody references), through
/// git's own receive-pack and the real pre-receive hook, the pusher named as `carnet hub serve`
/// names it. Each attack is one the hub accepted before it was fixed.
final class HubAttackTests: XCTestCase {
    private var fixture: HubFixture!

    override func setUpWithError() throws { fixture = try HubFixture() }
    override func tearDown() { fixture = nil }

    private func clone(_ name: String, as person: HubFixture.Person) throws -> String { try fixture.gitClone(name, as: person) }

    private func push(_ copy: String, as person: HubFixture.Person) throws -> ShellResult { try fixture.gitPush(copy, as: person) }

    private func pull(_ copy: String, as person: HubFixture.Person) throws {
        try fixture.must(fixture.git(["pull", "-q", "--no-rebase", "--no-edit", "origin", "main"], in: copy, as: person))
    }

    private func commitAll(_ copy: String, as person: HubFixture.Person, _ message: String) throws {
        try fixture.must(fixture.git(["add", "-A"], in: copy, as: person))
        try fixture.must(fixture.git(["commit", "-q", "-m", message], in: copy, as: person))
    }

    private func rev(_ what: String, in copy: String) throws -> String {
        try Shell.git(["rev-parse", what], in: copy).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A merge of HEAD with `old` (a commit already in main's history) whose tree is HEAD's but
    /// for `paths`, taken unchanged from `old`: to a per-commit judge it introduces nothing.
    private func mergeRollingBack(_ paths: [String], to old: String, in copy: String, as person: HubFixture.Person) throws {
        try fixture.must(fixture.git(["checkout", old, "--"] + paths, in: copy, as: person))
        let tree = try fixture.must(fixture.git(["write-tree"], in: copy, as: person)).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let merge = try fixture.must(fixture.git(["commit-tree", tree, "-p", "HEAD", "-p", old, "-m", "Merge"], in: copy, as: person))
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try fixture.must(fixture.git(["reset", "-q", "--hard", merge], in: copy, as: person))
    }

    private func assertRefused(_ result: ShellResult, naming path: String, _ copy: String, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertNotEqual(result.status, 0, "the push was accepted", file: file, line: line)
        XCTAssertTrue(result.stderr.contains(path), "the refusal does not name \(path): \(result.stderr)", file: file, line: line)
        XCTAssertNotEqual(try fixture.hubMain(), try fixture.head(of: copy), file: file, line: line)
    }

    func testAMergeOntoAnOldCommitCannotRollBackThePlanOrAnotherMinistrysFile() throws {
        let original = try fixture.hubMain()
        // The point of contact changes plan.yaml; min-justice changes its own file.
        let poc = try clone("wc-poc", as: fixture.poc)
        try fixture.edit(poc + "/plan.yaml", replacing: "stale_after_days: 60", with: "stale_after_days: 30")
        try commitAll(poc, as: fixture.poc, "Stale after 30 days")
        try fixture.must(push(poc, as: fixture.poc))
        let justice = try clone("wc-justice", as: fixture.justice)
        try fixture.edit(justice + "/ministries/min-justice.yaml", replacing: "+00 21 42 30 05", with: "+00 21 42 30 06")
        try commitAll(justice, as: fixture.justice, "Our phone")
        try fixture.must(push(justice, as: fixture.justice))

        // autorite-terres merges main with the OLD first commit, taking both files from it.
        let terres = try clone("wc-terres", as: fixture.terres)
        try mergeRollingBack(["plan.yaml"], to: original, in: terres, as: fixture.terres)
        try assertRefused(try push(terres, as: fixture.terres), naming: "plan.yaml", terres)

        try fixture.must(fixture.git(["reset", "-q", "--hard", "origin/main"], in: terres, as: fixture.terres))
        try mergeRollingBack(["ministries/min-justice.yaml"], to: original, in: terres, as: fixture.terres)
        try assertRefused(try push(terres, as: fixture.terres), naming: "ministries/min-justice.yaml", terres)
        XCTAssertTrue(try String(contentsOfFile: justice + "/ministries/min-justice.yaml", encoding: .utf8).contains("30 06"))
    }

    func testAMergeOntoAnOldCommitCannotRollBackAnotherCommitmentsProgress() throws {
        let justice = try clone("wc-justice", as: fixture.justice)
        let before = try fixture.hubMain()
        try fixture.must(fixture.carnetRun(["milestone", "set", "02", "m1", "--note", "Décret signé"], in: justice))
        try fixture.must(push(justice, as: fixture.justice))

        let terres = try clone("wc-terres", as: fixture.terres)
        try mergeRollingBack(["commitments/02/progress.yaml"], to: before, in: terres, as: fixture.terres)
        try assertRefused(try push(terres, as: fixture.terres), naming: "commitments/02/progress.yaml", terres)
    }

    func testALeadTakenBackFromAnOldCommitGivesNoRightToWrite() throws {
        // Commitment 05 was autorite-terres's; the point of contact gives it to min-justice.
        let original = try fixture.hubMain()
        let poc = try clone("wc-poc", as: fixture.poc)
        try fixture.edit(poc + "/commitments/05/commitment.yaml", replacing: "lead_agency: autorite-terres", with: "lead_agency: min-justice")
        try commitAll(poc, as: fixture.poc, "05 moves to min-justice")
        try fixture.must(push(poc, as: fixture.poc))
        let handedOver = try fixture.hubMain()

        // autorite-terres rolls the lead back through a merge onto the old commit, writes 05's
        // progress "as its lead", then merges main again so that commitment.yaml is unchanged.
        let terres = try clone("wc-terres", as: fixture.terres)
        try mergeRollingBack(["commitments/05/commitment.yaml"], to: original, in: terres, as: fixture.terres)
        try fixture.must(fixture.carnetRun(["milestone", "set", "05", "m1", "--note", "Toujours à nous"], in: terres))
        try mergeRollingBack(["commitments/05/commitment.yaml"], to: handedOver, in: terres, as: fixture.terres)
        XCTAssertEqual(try Shell.git(["diff", "--name-only", handedOver, "HEAD"], in: terres).stdout, "commitments/05/progress.yaml\n")
        let result = try push(terres, as: fixture.terres)
        try assertRefused(result, naming: "commitments/05/progress.yaml", terres)
        XCTAssertTrue(result.stderr.contains("(min-justice)"), result.stderr)

        // Merely rolling the lead back is refused too.
        try fixture.must(fixture.git(["reset", "-q", "--hard", "origin/main"], in: terres, as: fixture.terres))
        try mergeRollingBack(["commitments/05/commitment.yaml"], to: original, in: terres, as: fixture.terres)
        try assertRefused(try push(terres, as: fixture.terres), naming: "commitments/05/commitment.yaml", terres)
    }

    func testAMinistryPushesOnlyCommitsItsMembersWrote() throws {
        let terres = try clone("wc-terres", as: fixture.terres)
        try fixture.edit(terres + "/ministries/autorite-terres.yaml", replacing: "+00 123 45678", with: "+00 123 45670")
        // Signed as the point of contact: `carnet log` would show her as the author.
        try commitAll(terres, as: fixture.poc, "Phone number")
        let result = try push(terres, as: fixture.terres)
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("authored as \(fixture.poc.name) <\(fixture.poc.email)>"), result.stderr)

        // Signed as its own member, the same change lands; so does a merge that carries the
        // point of contact's commits, which keep their author.
        try fixture.must(fixture.git(["commit", "-q", "--amend", "--reset-author", "--no-edit"], in: terres, as: fixture.terres))
        let poc = try clone("wc-poc", as: fixture.poc)
        try fixture.edit(poc + "/plan.yaml", replacing: "stale_after_days: 60", with: "stale_after_days: 45")
        try commitAll(poc, as: fixture.poc, "Stale after 45 days")
        try fixture.must(push(poc, as: fixture.poc))
        try pull(terres, as: fixture.terres)
        try fixture.must(push(terres, as: fixture.terres))
        let authors = try Shell.git(["log", "--format=%ae", "main"], in: fixture.hub).stdout
        XCTAssertTrue(authors.contains(fixture.poc.email), authors)
    }

    func testEveryFileAPushBringsIsSizeChecked() throws {
        let terres = try clone("wc-terres", as: fixture.terres)
        // 26 MiB that no record refers to: validation alone never looks at it.
        let big = terres + "/commitments/05/evidence/annexe.bin"
        try FileManager.default.createDirectory(atPath: terres + "/commitments/05/evidence", withIntermediateDirectories: true)
        try fixture.must(Shell.run(["truncate", "-s", "26M", big]))
        try commitAll(terres, as: fixture.terres, "Annexe")
        let result = try push(terres, as: fixture.terres)
        try assertRefused(result, naming: "commitments/05/evidence/annexe.bin", terres)
        XCTAssertTrue(result.stderr.contains("25 MiB limit"), result.stderr)

        // A total per push: three files under the per-file limit, over the hub's total.
        try fixture.must(Shell.git(["config", "carnet.maxPushBytes", String(1 << 20)], in: fixture.hub))
        try fixture.must(fixture.git(["reset", "-q", "--hard", "origin/main"], in: terres, as: fixture.terres))
        for (i, name) in ["a", "b", "c"].enumerated() {
            // Distinct contents: one blob each.
            try Data(repeating: UInt8(65 + i), count: 400_000).write(to: URL(fileURLWithPath: terres + "/commitments/05/evidence/\(name).bin"))
        }
        try commitAll(terres, as: fixture.terres, "Three annexes")
        let total = try push(terres, as: fixture.terres)
        XCTAssertNotEqual(total.status, 0)
        XCTAssertTrue(total.stderr.contains("carnet.maxPushBytes"), total.stderr)
    }

    func testGitControlFilesAreRefusedEvenFromThePointOfContact() throws {
        let terres = try clone("wc-terres", as: fixture.terres)
        try FileManager.default.createDirectory(atPath: terres + "/commitments/05/evidence", withIntermediateDirectories: true)
        // Marks every .yaml as binary in copies that check this out: their next sync is refused.
        try "*.yaml binary\n".write(toFile: terres + "/commitments/05/evidence/.gitattributes", atomically: true, encoding: .utf8)
        try commitAll(terres, as: fixture.terres, "Attributes")
        try assertRefused(try push(terres, as: fixture.terres), naming: "commitments/05/evidence/.gitattributes", terres)

        let poc = try clone("wc-poc", as: fixture.poc)
        for name in [".gitattributes", ".gitignore", ".gitmodules", "commitments/.GitIgnore"] {
            try "*.yaml -text\n".write(toFile: poc + "/" + name, atomically: true, encoding: .utf8)
        }
        try commitAll(poc, as: fixture.poc, "Git files")
        let result = try push(poc, as: fixture.poc)
        for name in [".gitattributes", ".gitignore", ".gitmodules", "commitments/.GitIgnore"] {
            XCTAssertTrue(result.stderr.contains(name + ": a plan never holds this path"), result.stderr)
        }
        XCTAssertNotEqual(try fixture.hubMain(), try fixture.head(of: poc))
    }

    func testAPushPastTheHubsBoundsIsRefusedOnItsSize() throws {
        try fixture.must(Shell.git(["config", "carnet.maxCommits", "3"], in: fixture.hub))
        let terres = try clone("wc-terres", as: fixture.terres)
        for i in 1...4 {
            try fixture.must(fixture.carnetRun(["milestone", "set", "05", "m1", "--note", "Étape \(i)"], in: terres))
        }
        let result = try push(terres, as: fixture.terres)
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("brings 4 commits; the hub takes at most 3"), result.stderr)
        try fixture.must(Shell.git(["config", "carnet.maxCommits", "4"], in: fixture.hub))
        try fixture.must(push(terres, as: fixture.terres))
    }

    /// A raw tree written with git's plumbing, for entries `git add` cannot make.
    private func rawTree(in copy: String, _ script: String) throws -> String {
        let result = try Shell.run(["python3", "-c", script], in: copy)
        XCTAssertEqual(result.status, 0, result.stderr)
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Names no copy can write (bytes that are not UTF-8, a name past the file system's limit)
    /// would strand every copy once on the hub: refused, even from a valid member.
    func testNamesNoCopyCouldWriteAreRefused() throws {
        let terres = try clone("wc-terres", as: fixture.terres)
        let blob = try fixture.must(fixture.git(["hash-object", "-w", "--stdin"], in: terres, as: fixture.terres)).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let add = "git update-index --add --cacheinfo 100644,\(blob),\"$(printf 'commitments/05/evidence/rapport-\\377.txt')\""
        try fixture.must(Shell.run(["sh", "-c", add], in: terres))
        try fixture.must(fixture.git(["commit", "-q", "-m", "Latin-1"], in: terres, as: fixture.terres))
        let latin = try push(terres, as: fixture.terres)
        XCTAssertNotEqual(latin.status, 0, "a name that is not UTF-8 was accepted")
        XCTAssertTrue(latin.stderr.contains("not valid UTF-8"), latin.stderr)

        try fixture.must(fixture.git(["reset", "-q", "--hard", "origin/main"], in: terres, as: fixture.terres))
        try FileManager.default.createDirectory(atPath: terres + "/commitments/05/evidence", withIntermediateDirectories: true)
        try "x".write(toFile: terres + "/commitments/05/evidence/" + String(repeating: "b", count: 246) + ".txt", atomically: true, encoding: .utf8)
        try commitAll(terres, as: fixture.terres, "Long name")
        let long = try push(terres, as: fixture.terres)
        XCTAssertNotEqual(long.status, 0, "a 250-byte name was accepted")
        XCTAssertTrue(long.stderr.contains("longer than"), long.stderr)
    }

    /// With no fsck on the server (GitLab, Gitea may run so), a raw tree can hold an entry whose
    /// name is a whole path beside the real folder, and an author line git and libgit2 read apart.
    func testRawEntriesAndMalformedAuthorsAreRefusedWithoutFsck() throws {
        try fixture.must(Shell.git(["config", "receive.fsckObjects", "false"], in: fixture.hub))
        let terres = try clone("wc-terres", as: fixture.terres)
        let tree = try rawTree(in: terres, """
            import subprocess
            def git(*a, data=None):
                return subprocess.run(["git", *a], input=data, capture_output=True, check=True).stdout
            root = git("rev-parse", "HEAD^{tree}").decode().strip()
            blob = git("hash-object", "-w", "--stdin", data=b"completion: [broken\\n").decode().strip()
            entries = []
            for line in git("ls-tree", root).decode().splitlines():
                meta, name = line.split("\\t", 1)
                mode, kind, sha = meta.split()
                entries.append((name.encode(), mode.encode(), bytes.fromhex(sha)))
            entries.append((b"commitments/02/progress.yaml", b"100644", bytes.fromhex(blob)))
            entries.sort(key=lambda e: e[0] + (b"/" if e[1] == b"40000" else b""))
            raw = b"".join(m + b" " + n + b"\\0" + s for n, m, s in entries)
            print(git("hash-object", "-t", "tree", "--literally", "-w", "--stdin", data=raw).decode().strip())
            """)
        let commit = try fixture.must(fixture.git(["commit-tree", tree, "-p", "HEAD", "-m", "Hidden"], in: terres, as: fixture.terres))
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try fixture.must(fixture.git(["reset", "-q", "--hard", commit], in: terres, as: fixture.terres))
        let hidden = try push(terres, as: fixture.terres)
        XCTAssertNotEqual(hidden.status, 0, "an entry named with a whole path was accepted")
        XCTAssertTrue(hidden.stderr.contains("a name holds a '/'"), hidden.stderr)

        // An author line naming the point of contact, with a member's address last.
        try fixture.must(fixture.git(["reset", "-q", "--hard", "origin/main"], in: terres, as: fixture.terres))
        let spoof = try rawTree(in: terres, """
            import subprocess
            def git(*a, data=None):
                return subprocess.run(["git", *a], input=data, capture_output=True, check=True).stdout
            tree = git("rev-parse", "HEAD^{tree}").decode().strip()
            head = git("rev-parse", "HEAD").decode().strip()
            body = (f"tree {tree}\\nparent {head}\\n"
                    f"author \(fixture.poc.name) <\(fixture.poc.email)> <\(fixture.terres.email)> 1764500000 +0000\\n"
                    f"committer \(fixture.terres.name) <\(fixture.terres.email)> 1764500000 +0000\\n\\nhello\\n").encode()
            print(git("hash-object", "-t", "commit", "--literally", "-w", "--stdin", data=body).decode().strip())
            """)
        try fixture.must(fixture.git(["reset", "-q", "--hard", spoof], in: terres, as: fixture.terres))
        let spoofed = try push(terres, as: fixture.terres)
        XCTAssertNotEqual(spoofed.status, 0, "a malformed author line was accepted")
        XCTAssertTrue(spoofed.stderr.contains("author line is malformed"), spoofed.stderr)
    }
}
