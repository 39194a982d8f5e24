import Foundation
import Records
import TestSupport
import XCTest

/// FolderSource looks at entries, never through them; PathRules judges one tree entry's name.
final class PlanSourceTests: XCTestCase {
    func testFolderSourceReportsLinksAndNeverFollowsThem() throws {
        let dir = TemporaryDirectory("carnet-source")
        try dir.write("real/doc.txt", "texte")
        let fm = FileManager.default
        try fm.createSymbolicLink(atPath: dir.path + "/linked", withDestinationPath: "real")
        try fm.createSymbolicLink(atPath: dir.path + "/real/passwd", withDestinationPath: "/etc/passwd")
        let source = FolderSource(dir.url)
        XCTAssertEqual(source.entry(at: "real/doc.txt"), PlanSourceEntry(name: "doc.txt", kind: .file, size: 5))
        XCTAssertEqual(source.read("real/doc.txt", limit: 3), Array("tex".utf8))
        // A link is reported as one, at the end of a path or on the way.
        XCTAssertEqual(source.entry(at: "real/passwd")?.kind, .symbolicLink)
        XCTAssertEqual(source.entry(at: "linked/doc.txt"), PlanSourceEntry(name: "linked", kind: .symbolicLink, size: 0))
        XCTAssertNil(source.read("real/passwd", limit: 100))
        XCTAssertNil(source.read("linked/doc.txt", limit: 100))
        XCTAssertNil(source.entries(in: "linked"))
        XCTAssertEqual(source.entries(in: "real")?.map(\.name), ["doc.txt", "passwd"])
        XCTAssertNil(source.entry(at: "real/doc.txt/x"))
        XCTAssertNil(source.entry(at: "nowhere"))
    }

    /// A whole plan held in memory (what `carnet plan import` validates) is judged exactly as
    /// the same files on disk are: the oracle is the folder.
    func testAPlanInMemoryValidatesAsTheSameFolder() throws {
        var files: [String: [UInt8]] = [:]
        let root = Fixtures.sample.standardizedFileURL.path
        let walker = FileManager.default.enumerator(atPath: root)!
        while let relative = walker.nextObject() as? String {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + relative, isDirectory: &isFolder), !isFolder.boolValue {
                files[relative] = Array(FileManager.default.contents(atPath: root + "/" + relative)!)
            }
        }
        XCTAssertGreaterThan(files.count, 40)
        let validator = PlanValidator(today: Fixtures.today)
        let onDisk = validator.validate(PlanSnapshot(root: Fixtures.sample))
        XCTAssertEqual(validator.validate(PlanSnapshot(source: ReplacedFiles(files: files))), onDisk)
        // One commitment's file broken in memory: the same error the disk would give.
        let first = files.keys.filter { $0.hasSuffix("/commitment.yaml") }.sorted()[0]
        files[first] = Array("id: [".utf8)
        XCTAssertTrue(validator.validate(PlanSnapshot(source: ReplacedFiles(files: files))).contains { $0.path == first && $0.severity == .error })
    }

    /// New files bring their folders; removed paths go with what they hold; a link the folder
    /// holds stays a link, whatever is written over it.
    func testReplacedFilesAddsFoldersRemovesAndNeverHidesALink() throws {
        let dir = TemporaryDirectory("carnet-replaced")
        try dir.write("commitments/01/commitment.yaml", "a")
        try dir.write("commitments/01/evidence/doc.txt", "b")
        try dir.write("commitments/02/commitment.yaml", "c")
        try dir.write("elsewhere/commitment.yaml", "d")
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/commitments/03", withDestinationPath: "../elsewhere")
        let source = ReplacedFiles(FolderSource(dir.url), [
            "commitments/04/commitment.yaml": Array("new".utf8),
            "commitments/02/commitment.yaml": Array("changed".utf8),
            "commitments/03/commitment.yaml": Array("through a link".utf8),
        ], removing: ["commitments/01"])
        XCTAssertEqual(source.entries(in: "commitments")?.map(\.name), ["02", "03", "04"])
        XCTAssertEqual(source.entries(in: "commitments")?.map(\.kind), [.folder, .symbolicLink, .folder])
        XCTAssertEqual(source.entry(at: "commitments/04"), PlanSourceEntry(name: "04", kind: .folder, size: 0))
        XCTAssertEqual(source.entries(in: "commitments/04"), [PlanSourceEntry(name: "commitment.yaml", kind: .file, size: 3)])
        XCTAssertNil(source.entry(at: "commitments/01"))
        XCTAssertNil(source.entries(in: "commitments/01"))
        XCTAssertNil(source.read("commitments/01/evidence/doc.txt", limit: 10))
        XCTAssertEqual(source.read(["commitments/02/commitment.yaml", "commitments/01/commitment.yaml"], limit: 100),
                       [Array("changed".utf8), nil])
        XCTAssertEqual(source.entry(at: "commitments/03/commitment.yaml")?.kind, .symbolicLink)
        XCTAssertNil(source.read("commitments/03/commitment.yaml", limit: 100))
        XCTAssertEqual(source.read(["commitments/03/commitment.yaml"], limit: 100), [nil])
    }

    func testOneNameGetsEveryRuleAPathGets() {
        XCTAssertNotNil(PathRules.problem(inName: "a/b"))
        XCTAssertNotNil(PathRules.problem(inName: "a\u{1}b"))
        XCTAssertNotNil(PathRules.problem(inName: "a\\b"))
        XCTAssertNotNil(PathRules.problem(inName: ".."))
        XCTAssertNotNil(PathRules.problem(inName: ".gitmodules"))
        XCTAssertNil(PathRules.problem(inName: "compte-rendu.md"))
    }
}
