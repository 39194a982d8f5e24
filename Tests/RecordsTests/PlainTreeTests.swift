import Foundation
import XCTest
import Records
import TestSupport

/// Records are read from libyaml's events in the plain case and by Yams otherwise
/// (RecordTree): the two must never give different trees. Held here over every YAML file the
/// repository has, hand-written shapes of YAML, and damaged variants of real records.
final class PlainTreeTests: XCTestCase {
    /// Every .yaml under Samples/ and the validation corpus.
    private func repositoryYAML() throws -> [(String, String)] {
        var files: [(String, String)] = []
        for root in [RepositoryPaths.root().appendingPathComponent("Samples"), Fixtures.corpusSource] {
            let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
            while let url = walker?.nextObject() as? URL {
                guard url.pathExtension == "yaml", let data = FileManager.default.contents(atPath: url.path),
                      let text = String(data: data, encoding: .utf8) else { continue }
                files.append((url.path, text))
            }
        }
        return files
    }

    func testEveryRepositoryRecordReadsAsYamsReadsIt() throws {
        let files = try repositoryYAML()
        XCTAssertGreaterThan(files.count, 100, "the samples and the corpus hold hundreds of records")
        for (path, text) in files {
            XCTAssertNil(RecordTreeCheck.disagreement(text), path)
        }
    }

    func testShapesOfYAML() {
        let shapes = [
            "a: 1\nb: two\n",
            "a: \"quoted \\x41\\u00e9\\t tab\"\nb: 'single ''quoted'''\n",
            "text: |\n  line one\n\n  line three\nnext: >-\n  folded\n  lines\n",
            "keep: |+\n  kept\n\n\nstrip: |-\n  x\n",
            "flow: {a: 1, b: [x, y, {c: d}]}\nlist: [1, 2, 3]\n",
            "plain: a multi-line\n  plain scalar\n  here\n",
            "nulls: [~, null, Null, NULL, '', \"\"]\nempty:\nafter: x\n",
            "- a\n- b:\n    c: d\n- - nested\n  - list\n",
            "# only a comment\n",
            "",
            "---\n",
            "--- \nkey: value\n...\n",
            "\u{FEFF}a: 1\n",
            "a: \"\\uFEFFstarts with a byte order mark\"\n",
            "clé: « valeur » — ’\nnom: \"Ministère\"\n",
            "\"quoted key\": 1\n'other': 2\n? explicit\n: value\n",
            "a: b: c\n",
            "a:\n  - x\n b: y\n",
            "a: 1\na: 2\n",
            "a: 1\n'a': 2\n",
            "x: &anchor 1\ny: *anchor\n",
            "x: !!str 1\n",
            "x: !custom 1\n",
            "? [a, b]\n: c\n",
            "--- a\n--- b\n",
            "a: \"unclosed\n",
            "a: [1, 2\n",
            "\t- tab\n",
            "a: 'x'\n#c\n  b: 1\n",
            "long: \(String(repeating: "word ", count: 2_000))\n",
            "deep: \(String(repeating: "[", count: 40))\(String(repeating: "]", count: 40))\n",
        ]
        for text in shapes {
            XCTAssertNil(RecordTreeCheck.disagreement(text), text.debugDescription)
        }
    }

    /// Real records cut, doubled and spliced at random places: whatever the plain reader
    /// accepts, Yams reads to the same tree.
    func testDamagedRecordsReadAsYamsReadsThem() throws {
        let files = try repositoryYAML().map(\.1).filter { !$0.isEmpty }
        var generator = SeededGenerator(seed: 20261201)
        let damage: [UInt8] = Array(":-#'\"|>{}[],&*!?% \n\t".utf8) + [0xC3, 0xA9]
        var checked = 0
        for _ in 0..<3_000 {
            var bytes = Array(files[Int.random(in: 0..<files.count, using: &generator)].utf8)
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let at = Int.random(in: 0...bytes.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0 where at < bytes.count: bytes.remove(at: at)
                case 1: bytes.insert(damage[Int.random(in: 0..<damage.count, using: &generator)], at: at)
                default:
                    let end = min(bytes.count, at + Int.random(in: 1...40, using: &generator))
                    bytes.insert(contentsOf: bytes[at..<end], at: at)
                }
            }
            guard let text = String(validating: bytes, as: UTF8.self) else { continue }
            checked += 1
            XCTAssertNil(RecordTreeCheck.disagreement(text), text)
        }
        XCTAssertGreaterThan(checked, 2_000)
    }

    /// A file of many keys (YAMLGuard allows 1 MiB: about 140,000) is read in one pass: the
    /// plain reader once compared each key with every key before it, minutes of the hub's time
    /// for one pushed file. Read whole, as Yams reads it.
    func testManyKeysAreReadAsYamsReadsThem() {
        let text = (0..<60_000).map { "k\($0): v\($0)\n" }.joined()
        XCTAssertNil(RecordTreeCheck.disagreement(text))
    }
}
