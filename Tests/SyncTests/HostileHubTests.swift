import Foundation
import LocalSSH
import XCTest
import Git
import TestSupport
@testable import Sync

/// A hostile hub must not write outside the plan. A legit plan is cloned with `carnet clone`;
/// then the hub (built with git's plumbing: raw tree objects, commit-tree, update-ref) serves a
/// commit whose tree holds `..`, `.git` in its many spellings, symbolic links or a gitlink.
/// `carnet sync` (the real binary, HOME in a sandbox) must exit 77 naming the path, and leave
/// the copy exactly as it was: HEAD, index, work tree, git's own files, the hub's branch as last
/// seen; nothing may appear outside the copy.
final class HostileHubTests: XCTestCase {
    var peers: SyncPeers!
    var hub: HostileHub!
    var home = "", copy = ""
    /// The name every escaping file is given: searched for everywhere afterwards.
    let marker = "carnet-escaped-\(UUID().uuidString.prefix(8))"

    override func setUpWithError() throws {
        peers = try SyncPeers()
        try peers.publish()
        hub = HostileHub(path: peers.hubPath)
        home = peers.path("home")
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        copy = peers.path("a")
        let cloned = try carnet(["clone", peers.hubPath, copy, "--ministry", "min-finances"])
        XCTAssertEqual(cloned.status, 0, cloned.stdout + cloned.stderr)
        XCTAssertEqual(try carnet(["whoami", "--repo", copy, "--name", "Awa Diallo", "--email", "awa@finances.example"]).status, 0)
    }

    override func tearDown() { peers = nil }

    func carnet(_ arguments: [String]) throws -> ShellResult {
        try Shell.run([RepositoryPaths.carnetBinary] + arguments, environment: ["HOME": home])
    }

    // MARK: - sync, hub on a path

    func testDotDotFolderIsRefused() throws {
        try hub.serve("../\(marker)")
        try assertSyncRefused(naming: "'..'")
    }

    func testDotDotDeeperInTheTreeIsRefused() throws {
        try hub.serve("commitments/05/../../../\(marker)")
        try assertSyncRefused(naming: "'commitments/05/..'")
    }

    func testNameHoldingASlashIsRefused() throws {
        try hub.serve(components: ["x/../../\(marker)"])
        try assertSyncRefused(naming: "x/../../\(marker)")
    }

    func testEmptyNameIsRefused() throws {
        // libgit2 cannot even parse such a tree: the fetch fails, and that is a refusal too.
        try hub.serve(components: ["commitments", ""])
        try assertSyncRefused(naming: "cannot be read")
    }

    func testGitHookIsRefused() throws {
        try hub.serve(".git/hooks/post-checkout", mode: "100755", id: hub.blob("#!/bin/sh\ntouch \(peers.path(marker))\n"))
        try assertSyncRefused(naming: "'.git'")
    }

    func testGitInCapitalsIsRefused() throws {
        try hub.serve(".GIT/config")
        try assertSyncRefused(naming: "'.GIT'")
    }

    func testGitShortNameIsRefused() throws {
        try hub.serve("git~1/config")
        try assertSyncRefused(naming: "'git~1'")
    }

    func testGitWithTrailingDotOrSpaceIsRefused() throws {
        try hub.serve(".git./x")
        try assertSyncRefused(naming: "'.git.'")
        try hub.serve(".git /x")
        try assertSyncRefused(naming: "'.git '")
    }

    func testGitWithHFSIgnorableCodePointIsRefused() throws {
        try hub.serve(".g\u{200C}it/config")
        try assertSyncRefused(naming: ".g\u{200C}it")
    }

    /// A .gitattributes from the hub would name filters that change how this copy reads its files.
    func testGitAttributesIsRefused() throws {
        try hub.serve(".gitattributes", id: hub.blob("* filter=evil\n"))
        try assertSyncRefused(naming: "'.gitattributes'")
    }

    func testControlCharacterIsRefusedAndNotPrinted() throws {
        try hub.serve("commitments/05/evidence/\u{1B}[31mred")
        try assertSyncRefused(naming: "\\u{1b}[31mred")
    }

    func testSymbolicLinkIsRefused() throws {
        try hub.serve("commitments/05/evidence/x", mode: "120000", id: hub.blob(peers.path(marker)))
        try assertSyncRefused(naming: "'commitments/05/evidence/x'")
    }

    /// The classic: a link and a folder of the same name, so that a file "under" the folder is
    /// written through the link.
    func testSymbolicLinkBesideAFolderOfTheSameNameIsRefused() throws {
        let outside = peers.path("outside")
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try hub.serve("commitments/05/evidence/dir/\(marker)")
        try hub.serve("commitments/05/evidence/dir", mode: "120000", id: hub.blob(outside), replace: false)
        try assertSyncRefused(naming: "'commitments/05/evidence/dir'")
    }

    func testGitlinkIsRefused() throws {
        try hub.serve("commitments/05/sub", mode: "160000", id: hub.main())
        try assertSyncRefused(naming: "'commitments/05/sub'")
    }

    /// A folder on disk that is a symbolic link (made here, not by the hub): a legit file the hub
    /// adds under it would land outside the copy.
    func testSymbolicLinkFolderOnDiskIsNotWrittenThrough() throws {
        let outside = peers.path("outside")
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: copy + "/annexes", withDestinationPath: outside)
        // Ignored here, so that the sync does not take it for a hand edit to commit.
        try "annexes\n".write(toFile: copy + "/.git/info/exclude", atomically: true, encoding: .utf8)
        try hub.serve("annexes/\(marker)")
        try assertSyncRefused(naming: "annexes", because: "symbolic link on disk", hubTreeIsSafe: true)
    }

    /// After a refusal, the hub put right again: the next sync takes the good commit.
    func testRefusalLeavesTheCopyAbleToSyncOnceTheHubIsRepaired() throws {
        let good = try hub.main()
        try hub.serve("../\(marker)")
        try assertSyncRefused(naming: "'..'")
        _ = try hub.git(["update-ref", "refs/heads/main", good])
        try hub.serve("commitments/05/evidence/note.txt")
        let result = try carnet(["sync", "-C", copy])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertEqual(try Shell.git(["status", "--porcelain"], in: copy).stdout, "")
        XCTAssertTrue(FileManager.default.fileExists(atPath: copy + "/commitments/05/evidence/note.txt"))
    }

    // MARK: - clone

    func testCloneOfAHostileHubWritesNothing() throws {
        try hub.serve("../\(marker)")
        try assertCloneRefused(naming: "'..'")
    }

    func testCloneOfAHubServingAGitHookWritesNothing() throws {
        try hub.serve(".git/hooks/post-checkout", mode: "100755", id: hub.blob("#!/bin/sh\ntouch \(peers.path(marker))\n"))
        try assertCloneRefused(naming: "'.git'")
    }

    func testCloneOfAHubServingATreeLibgit2CannotParseWritesNothing() throws {
        try hub.serve(components: ["commitments", ""])
        try assertCloneRefused(naming: "cannot be read")
    }

    // MARK: - over SSH

    func testHostileHubOverSSHIsRefused() throws {
        guard SSHServer.available else { throw XCTSkip("sshd is not installed (Debian: apt-get install openssh-server)") }
        let server = try SSHServer(in: peers.temp.url)
        copy = peers.path("over-ssh")
        let cloned = try carnet(["clone", server.url(peers.hubPath), copy, "--ministry", "min-finances",
                                 "--identity", server.clientKey, "--known-hosts", server.knownHosts])
        XCTAssertEqual(cloned.status, 0, cloned.stdout + cloned.stderr)
        try hub.serve("../\(marker)")
        try assertSyncRefused(naming: "'..'")
        _ = server
    }

    // MARK: - what is staged

    /// Files written by sync are staged by the blob id of the tree: a filter named by the
    /// copy's attributes (here git's `ident`, which libgit2 runs when staging from disk) never
    /// changes what is staged.
    func testStagedBlobIsTheTreesWhateverTheAttributes() throws {
        try "* ident\n".write(toFile: copy + "/.git/info/attributes", atomically: true, encoding: .utf8)
        let blob = try hub.blob("$Id: from the hub $\n")
        try hub.serve("commitments/05/evidence/id.txt", id: blob)
        let result = try carnet(["sync", "-C", copy])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let staged = try Shell.git(["ls-files", "-s", "commitments/05/evidence/id.txt"], in: copy).stdout
        XCTAssertTrue(staged.contains(blob), "staged: \(staged), expected \(blob)")
    }

    // MARK: - oracles

    /// `hubTreeIsSafe`: the hub's commit itself is fine (only this copy's disk is not), so the
    /// hub's branch as last seen may move to it.
    private func assertSyncRefused(naming shown: String, because reason: String = "not trustworthy", hubTreeIsSafe: Bool = false,
                                   file: StaticString = #filePath, line: UInt = #line) throws {
        let before = try snapshot(withHubBranch: !hubTreeIsSafe)
        let result = try carnet(["sync", "-C", copy])
        XCTAssertEqual(result.status, 77, result.stdout + result.stderr, file: file, line: line)
        XCTAssertTrue(result.stderr.contains(shown), "names \(shown): \(result.stderr)", file: file, line: line)
        XCTAssertTrue(result.stderr.contains(reason), result.stderr, file: file, line: line)
        XCTAssertFalse(result.stderr.contains("\u{1B}"), "no control character reaches the terminal", file: file, line: line)
        let after = try snapshot(withHubBranch: !hubTreeIsSafe)
        XCTAssertEqual(after.filter { !before.contains($0) }, [], "new in the copy", file: file, line: line)
        XCTAssertEqual(before.filter { !after.contains($0) }, [], "gone from the copy", file: file, line: line)
        assertNothingEscaped(file: file, line: line)
    }

    private func assertCloneRefused(naming shown: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let target = peers.path("b")
        let result = try carnet(["clone", peers.hubPath, target, "--ministry", "min-finances"])
        XCTAssertEqual(result.status, 77, result.stdout + result.stderr, file: file, line: line)
        XCTAssertTrue(result.stderr.contains(shown), "names \(shown): \(result.stderr)", file: file, line: line)
        XCTAssertTrue(result.stderr.contains("not trustworthy"), result.stderr, file: file, line: line)
        XCTAssertFalse(FileManager.default.fileExists(atPath: target), "a refused clone leaves nothing", file: file, line: line)
        assertNothingEscaped(file: file, line: line)
    }

    /// The marker is nowhere: not in the sandbox (copies, home, hub's neighbours), not above it.
    private func assertNothingEscaped(file: StaticString, line: UInt) {
        let fm = FileManager.default
        let parent = peers.temp.url.deletingLastPathComponent().path
        XCTAssertFalse(fm.fileExists(atPath: parent + "/" + marker), "written above the sandbox", file: file, line: line)
        let found = (fm.enumerator(atPath: peers.temp.path)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(marker) }
        XCTAssertEqual(found, [], "written outside the copy", file: file, line: line)
    }

    /// Everything a refused sync must leave alone. git's own bookkeeping that a fetch or a status
    /// refresh may rewrite (objects, reflogs, the index's stat cache, Carnet's state files) is
    /// left out; the index is compared by what it stages.
    private func snapshot(withHubBranch: Bool) throws -> [String] {
        var lines: [String] = []
        for arguments in [["rev-parse", "HEAD"], ["ls-files", "-s"], ["status", "--porcelain", "--ignored", "--untracked-files=all"]]
            + (withHubBranch ? [["rev-parse", "refs/remotes/hub/main"]] : []) {
            lines.append("$ git \(arguments.joined(separator: " "))\n" + (try Shell.git(arguments, in: copy).stdout))
        }
        let root = URL(fileURLWithPath: copy)
        let skipped = [".git/objects", ".git/logs", ".git/refs", ".git/index", ".git/carnet"]
        let fm = FileManager.default
        for case let relative as String in fm.enumerator(atPath: copy) ?? NSEnumerator()
        where !skipped.contains(where: { relative.hasPrefix($0) }) {
            let path = root.appendingPathComponent(relative).path
            if let target = try? fm.destinationOfSymbolicLink(atPath: path) {
                lines.append("\(relative) -> \(target)")
            } else if let data = fm.contents(atPath: path) {
                lines.append("\(relative): \(data.base64EncodedString())")
            } else {
                lines.append("\(relative)/")
            }
        }
        return lines
    }
}
