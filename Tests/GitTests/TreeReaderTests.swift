import Foundation
import Git
import TestSupport
import XCTest

/// TreeReader reads a commit's tree as the objects say, names taken literally; git (plumbing)
/// writes the hostile trees no client makes.
final class TreeReaderTests: XCTestCase {
    private func git(_ arguments: [String], in dir: TemporaryDirectory) throws -> String {
        let result = try Shell.git(arguments, in: dir.path)
        XCTAssertEqual(result.status, 0, result.stderr)
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A tree object of exactly these entries (mode, name, id), written with --literally.
    private func tree(_ entries: [(String, String, String)], in dir: TemporaryDirectory) throws -> String {
        var bytes: [UInt8] = []
        for (mode, name, id) in entries {
            bytes += Array("\(mode) \(name)".utf8) + [0]
            var hex = Substring(id)
            while !hex.isEmpty { bytes.append(UInt8(hex.prefix(2), radix: 16)!); hex = hex.dropFirst(2) }
        }
        try dir.write("raw-tree", bytes)
        return try git(["hash-object", "-t", "tree", "--literally", "-w", "raw-tree"], in: dir)
    }

    func testEntriesAreReadLiterallyWithKindsSizesAndBoundedBytes() throws {
        let dir = TemporaryDirectory()
        _ = try git(["init", "-q"], in: dir)
        try dir.write("blob", "0123456789")
        let blob = try git(["hash-object", "-w", "blob"], in: dir)
        let inner = try tree([("100644", "x", blob)], in: dir)
        // Git's order: ".." sorts before "doc", and "lien" (a link) after it.
        let root = try tree([("40000", "..", inner), ("100755", "doc", blob), ("120000", "lien", blob)], in: dir)
        let commit = try git(["commit-tree", root, "-m", "hostile"], in: dir)

        let repository = try Repository.open(dir.path)
        let reader = try TreeReader(repository: repository, commit: XCTUnwrap(ObjectID(hex: commit)))
        let entries = try XCTUnwrap(reader.entries(in: ""))
        XCTAssertEqual(entries.map(\.name), ["..", "doc", "lien"])
        XCTAssertEqual(entries.map(\.kind), [.folder, .executable, .symbolicLink])
        XCTAssertEqual(try reader.entries(in: "..")?.map(\.name), ["x"])
        let x = try XCTUnwrap(reader.entry(at: "../x"))
        XCTAssertEqual(x.kind, .file)
        XCTAssertEqual(try reader.size(of: x.id), 10)
        XCTAssertEqual(try reader.bytes(of: x.id, limit: 4), Array("0123".utf8))
        XCTAssertEqual(try reader.bytes(of: x.id, limit: 100), Array("0123456789".utf8))
        XCTAssertNil(try reader.entry(at: "nowhere"))
        XCTAssertNil(try reader.entries(in: "doc"))

        let changes = try repository.pathChanges(from: nil, to: XCTUnwrap(ObjectID(hex: commit)))
        XCTAssertEqual(Set(changes.map(\.path)), ["../x", "doc", "lien"])
        XCTAssertTrue(changes.allSatisfy { $0.newBlob != nil })
    }
}
