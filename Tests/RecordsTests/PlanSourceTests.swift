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

    func testOneNameGetsEveryRuleAPathGets() {
        XCTAssertNotNil(PathRules.problem(inName: "a/b"))
        XCTAssertNotNil(PathRules.problem(inName: "a\u{1}b"))
        XCTAssertNotNil(PathRules.problem(inName: "a\\b"))
        XCTAssertNotNil(PathRules.problem(inName: ".."))
        XCTAssertNotNil(PathRules.problem(inName: ".gitmodules"))
        XCTAssertNil(PathRules.problem(inName: "compte-rendu.md"))
    }
}
