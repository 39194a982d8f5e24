import Foundation
import TestSupport
import XCTest

/// Pushes whose trees no git client makes, built with git's plumbing (raw tree objects written
/// with `git hash-object -t tree --literally`), to a hub whose git does not fsck what it
/// receives (GitLab and Gitea may not). The hook must judge them from the objects alone and
/// write nothing anywhere.
final class HubHostileTreeTests: XCTestCase {
    private var fixture: HubFixture!

    override func setUpWithError() throws { fixture = try HubFixture() }
    override func tearDown() { fixture = nil }

    private typealias TreeEntry = (mode: String, name: String, id: String)

    /// A tree object holding exactly `entries`, names taken literally (`..` included), in git's
    /// order (a folder sorts as if its name ended with `/`).
    private func writeTree(_ entries: [TreeEntry], in repository: String) throws -> String {
        func key(_ e: TreeEntry) -> [UInt8] { Array(e.name.utf8) + (e.mode == "40000" ? [0x2F] : []) }
        var bytes: [UInt8] = []
        for entry in entries.sorted(by: { key($0).lexicographicallyPrecedes(key($1)) }) {
            bytes += Array("\(entry.mode) \(entry.name)".utf8) + [0]
            var hex = Substring(entry.id)
            while !hex.isEmpty { bytes.append(UInt8(hex.prefix(2), radix: 16)!); hex = hex.dropFirst(2) }
        }
        let file = fixture.dir.path + "/raw-tree-\(UUID().uuidString.prefix(8))"
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        return try object(["hash-object", "-t", "tree", "--literally", "-w", file], in: repository)
    }

    /// The entries of a tree (`git ls-tree -z`).
    private func entries(_ treeish: String, in repository: String) throws -> [TreeEntry] {
        let out = try fixture.must(Shell.git(["ls-tree", "-z", treeish], in: repository)).stdout
        return out.split(separator: "\0").map { line in
            let tab = line.firstIndex(of: "\t")!
            let fields = line[..<tab].split(separator: " ")
            return (String(fields[0] == "040000" ? "40000" : fields[0]), String(line[line.index(after: tab)...]), String(fields[2]))
        }
    }

    private func replacing(_ entries: [TreeEntry], _ name: String, with id: String) -> [TreeEntry] {
        entries.map { $0.name == name ? ($0.mode, $0.name, id) : $0 }
    }

    private func object(_ arguments: [String], in repository: String) throws -> String {
        try fixture.must(Shell.git(arguments, in: repository)).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Every path under a folder, sorted.
    private func listing(_ folder: String) -> [String] {
        (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? []).sorted()
    }

    /// The point of contact's copy pushes commitment 05 with an evidence tree holding a chain of
    /// entries named `..` down to a file, `commitments/05/evidence/../../../../<token>` (four
    /// levels: out of a temporary export folder, into the folder that holds it), and a
    /// progress.yaml whose evidence says `file: ../../../../tmp/<token>`. Refused, and no file
    /// appears: not in the hook's temporary folder, not beside it, not in the hub.
    func testEvidenceTreeWithDotDotEntriesIsRefusedAndWritesNothing() throws {
        try fixture.must(Shell.git(["config", "receive.fsckObjects", "false"], in: fixture.hub))
        let copy = fixture.dir.path + "/wc-poc"
        try fixture.must(fixture.git(["clone", "-q", fixture.hub, copy], in: fixture.dir.path, as: fixture.poc))
        let token = "carnet-pwned-\(UUID().uuidString.prefix(8))"

        let payload = fixture.dir.path + "/payload"
        try "pwned\n".write(toFile: payload, atomically: true, encoding: .utf8)
        let blob = try object(["hash-object", "-w", payload], in: copy)
        try FileManager.default.removeItem(atPath: payload)
        var chain = try writeTree([("100644", token, blob)], in: copy)
        for _ in 0..<4 { chain = try writeTree([("40000", "..", chain)], in: copy) }

        let progressPath = copy + "/commitments/05/progress.yaml"
        try fixture.edit(progressPath, replacing: "file: \"evidence/compte-rendu-atelier.md\"", with: "file: \"../../../../tmp/\(token)\"")
        let progress = try object(["hash-object", "-w", progressPath], in: copy)

        let evidence = try writeTree(entries("HEAD:commitments/05/evidence", in: copy) + [("40000", "..", chain)], in: copy)
        var c05 = replacing(try entries("HEAD:commitments/05", in: copy), "evidence", with: evidence)
        c05 = replacing(c05, "progress.yaml", with: progress)
        let commitments = try writeTree(replacing(entries("HEAD:commitments", in: copy), "05", with: writeTree(c05, in: copy)), in: copy)
        let root = try writeTree(replacing(entries("HEAD^{tree}", in: copy), "commitments", with: commitments), in: copy)
        let commit = try object(["-c", "user.name=\(fixture.poc.name)", "-c", "user.email=\(fixture.poc.email)",
                                 "commit-tree", root, "-p", "HEAD", "-m", "Commitment 05: evidence"], in: copy)
        try fixture.must(Shell.git(["update-ref", "refs/heads/main", commit], in: copy))
        // git itself finds the tree unsafe: only a server that does not fsck would take it.
        XCTAssertNotEqual(try Shell.git(["fsck", "--strict"], in: copy).status, 0)

        let temporary = fixture.dir.path + "/tmp"
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        let hubBefore = try fixture.hubFolder()
        let mainBefore = try fixture.hubMain()
        let result = try fixture.git(["push", "origin", "main"], in: copy, as: fixture.poc,
                                     environment: ["CARNET_PUSHER": fixture.identity(fixture.poc), "TMPDIR": temporary])

        XCTAssertNotEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("commitments/05/evidence/..:1:1: invalid record at the pushed tip: '..' in commitments/05/evidence/ cannot be part of a plan"), result.stderr)
        XCTAssertTrue(result.stderr.contains("evidence file '../../../../tmp/\(token)' is outside commitments/05/evidence/"), result.stderr)
        XCTAssertEqual(try fixture.hubMain(), mainBefore)
        XCTAssertEqual(listing(temporary), [], "the hook wrote into its temporary folder")
        XCTAssertEqual(try fixture.hubFolder(), hubBefore, "the hub's folder changed")
        let found = listing(fixture.dir.path).filter { $0.hasSuffix(token) }
        XCTAssertEqual(found, [], "the hostile tree's file was written")
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/tmp/\(token)"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: NSTemporaryDirectory() + "/" + token))
    }

    /// A ministry pushes, in the commitment it leads, a symbolic link in evidence/ (to the hub's
    /// config) and a submodule beside its records: a plan holds only plain files. Refused, from
    /// the entries' modes alone.
    func testSymlinkAndSubmoduleAreRefused() throws {
        try fixture.must(Shell.git(["config", "receive.fsckObjects", "false"], in: fixture.hub))
        let copy = fixture.dir.path + "/wc"
        try fixture.must(fixture.git(["clone", "-q", fixture.hub, copy], in: fixture.dir.path, as: fixture.terres))
        let target = fixture.dir.path + "/target"
        try "../../../../config".write(toFile: target, atomically: true, encoding: .utf8)
        let link = try object(["hash-object", "-w", target], in: copy)
        let head = try object(["rev-parse", "HEAD"], in: copy)
        let evidence = try writeTree(entries("HEAD:commitments/05/evidence", in: copy) + [("120000", "lien.md", link)], in: copy)
        let c05 = replacing(try entries("HEAD:commitments/05", in: copy), "evidence", with: evidence) + [("160000", "module", head)]
        let commitments = try writeTree(replacing(entries("HEAD:commitments", in: copy), "05", with: writeTree(c05, in: copy)), in: copy)
        let root = try writeTree(replacing(entries("HEAD^{tree}", in: copy), "commitments", with: commitments), in: copy)
        let commit = try object(["-c", "user.name=\(fixture.terres.name)", "-c", "user.email=\(fixture.terres.email)",
                                 "commit-tree", root, "-p", "HEAD", "-m", "Commitment 05: link"], in: copy)
        try fixture.must(Shell.git(["update-ref", "refs/heads/main", commit], in: copy))
        let mainBefore = try fixture.hubMain()
        let result = try fixture.git(["push", "origin", "main"], in: copy, as: fixture.terres,
                                     environment: ["CARNET_PUSHER": fixture.identity(fixture.terres)])
        XCTAssertNotEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("commitments/05/evidence/lien.md:1:1: invalid record at the pushed tip: a plan holds only plain files: commitments/05/evidence/lien.md is a symbolic link"), result.stderr)
        XCTAssertTrue(result.stderr.contains("a plan holds only plain files: commitments/05/module is a submodule"), result.stderr)
        XCTAssertEqual(try fixture.hubMain(), mainBefore)
    }
}
