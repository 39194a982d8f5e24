import Foundation
import TestSupport
import XCTest
import Records

/// Corpus cases whose bytes are made here rather than committed: too big, not text, symlinks,
/// deep nesting, random garbage. Each is laid over Corpus/_base like a corpus case.
final class GeneratedInputTests: XCTestCase {
    private func check(_ files: [String: [UInt8]], prepare: (TemporaryDirectory) throws -> Void = { _ in },
                       expected: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let actual = try CorpusTests.validate(files: files, prepare: prepare)
        let text = expected.joined(separator: "\n") + "\n"
        if CorpusTests.compare(expected: text, actual: actual) != nil {
            XCTFail("--- expected\n\(text)--- actual\n\(actual.joined(separator: "\n"))", file: file, line: line)
        }
    }

    private let sgg = "ministries/sgg.yaml"

    func testFileOverTheSizeLimit() throws {
        // Valid YAML, just long: one key with a 1 MiB string.
        let big = Array("id: sgg\nname: \"".utf8) + Array(repeating: UInt8(ascii: "a"), count: YAMLGuard.maxRecordBytes) + Array("\"\nkind: ministry\n".utf8)
        try check([sgg: big], expected: [
            "ministries/sgg.yaml:1:1: error: file is larger than the 1048576-byte limit for a record; shorten long texts or move documents to evidence/",
        ])
        // Exactly at the limit is allowed.
        var exact = Array("id: sgg\nname: \"S\"\nkind: ministry\n# ".utf8)
        exact += Array(repeating: UInt8(ascii: "x"), count: YAMLGuard.maxRecordBytes - exact.count - 1) + [0x0A]
        XCTAssertEqual(exact.count, YAMLGuard.maxRecordBytes)
        try check([sgg: exact], expected: [])
    }

    func testTextThatIsNotUTF8() throws {
        // "Secrétariat" in Latin-1: é is the single byte 0xE9.
        let latin1 = Array("id: sgg\nname: \"Secr".utf8) + [0xE9] + Array("tariat\"\nkind: ministry\n".utf8)
        // An overlong encoding of '/' and a lone surrogate, in UTF-8 clothing.
        let overlong = Array("id: sgg\nname: \"a".utf8) + [0xC0, 0xAF] + Array("\"\nkind: ministry\n".utf8)
        let surrogate = Array("id: ong-tapir\nname: \"é".utf8) + [0xED, 0xA0, 0x80] + Array("\"\nkind: cso\n".utf8)
        try check([sgg: latin1, "ministries/min-terres.yaml": overlong, "ministries/ong-tapir.yaml": surrogate], expected: [
            "ministries/min-terres.yaml:2:9: error: text is not UTF-8 (byte 0xC0); save the file as UTF-8",
            "ministries/ong-tapir.yaml:2:9: error: text is not UTF-8 (byte 0xED); save the file as UTF-8",
            "ministries/sgg.yaml:2:12: error: text is not UTF-8 (byte 0xE9); save the file as UTF-8",
        ])
    }

    func testControlCharacters() throws {
        let bell = Array("id: sgg\nname: \"Secr\u{07}tariat\"\nkind: ministry\n".utf8)
        let nul = Array("id: min-terres\nname: \"Terres\"\nkind: ministry\u{0}\n".utf8)
        let escape = Array("id: ong-tapir\nname: \"é\u{1B}[31m\"\nkind: cso\n".utf8)
        try check([sgg: bell, "ministries/min-terres.yaml": nul, "ministries/ong-tapir.yaml": escape], expected: [
            "ministries/min-terres.yaml:3:15: error: control character U+0000 is not allowed; remove it",
            "ministries/ong-tapir.yaml:2:9: error: control character U+001B is not allowed; remove it",
            "ministries/sgg.yaml:2:12: error: control character U+0007 is not allowed; remove it",
        ])
        // Tabs between tokens, CRLF line ends and escapes of ordinary characters are fine…
        let fine = Array("id: sgg\r\nname:\t\"Secr\\xE9tariat\\u0020\"\r\nkind: ministry\r\n".utf8)
        try check([sgg: fine], expected: [])
        // …but an escape is read as its character, and a control character is refused all the same.
        let escaped = Array("id: sgg\r\nname:\t\"Secr\\x07tariat\\t\"\r\nkind: ministry\r\n".utf8)
        try check([sgg: escaped], expected: [
            "ministries/sgg.yaml:2:7: error: 'name' holds U+0007 (a control character), which a one-line value may not hold: remove it (it may be written as a \\ escape)",
        ])
    }

    func testDeepFlowNesting() throws {
        let brackets = Array("id: sgg\nname: ".utf8) + Array(repeating: UInt8(ascii: "["), count: 100_000) + [0x0A]
        let braces = Array(repeating: UInt8(ascii: "{"), count: 100_000)
        try check([sgg: brackets, "ministries/min-terres.yaml": braces], expected: [
            "ministries/min-terres.yaml:1:32: error: nesting deeper than 32 levels; records are never this deep",
            "ministries/sgg.yaml:2:38: error: nesting deeper than 32 levels; records are never this deep",
        ])
    }

    func testDeepBlockNesting() throws {
        // 1,000 levels of block mappings, then of block sequences, each one level per line.
        var mappings = "id: sgg\nkind: ministry\nname:\n"
        var sequences = "id: min-terres\nkind: ministry\nname:\n"
        for depth in 1...1000 {
            mappings += String(repeating: " ", count: depth) + "fr:\n"
            sequences += String(repeating: " ", count: depth) + "-\n"
        }
        try check([sgg: Array(mappings.utf8), "ministries/min-terres.yaml": Array(sequences.utf8)], expected: [
            // A list item counts its list and itself, so lists reach the limit one line earlier.
            "ministries/min-terres.yaml:34:32: error: nesting deeper than 32 levels; records are never this deep",
            "ministries/sgg.yaml:35:33: error: nesting deeper than 32 levels; records are never this deep",
        ])
        // 32 levels is the limit, and is reached: no nesting diagnostic.
        var limit = "id: sgg\nkind: ministry\nname:\n"
        for depth in 1...30 { limit += String(repeating: " ", count: depth) + "x\(depth):\n" }
        limit += String(repeating: " ", count: 31) + "en: \"deep\"\n"
        let actual = try CorpusTests.validate(files: [sgg: Array(limit.utf8)])
        XCTAssertFalse(actual.contains { $0.contains("nesting") }, actual.joined(separator: "\n"))
    }

    func testEvidenceSymlinkPointingOut() throws {
        let progress = """
            commitment: "01"
            completion: limited
            milestones:
              - id: m1
                completion: complete
            evidence:
              - id: e1
                title: "Lien"
                file: evidence/passwd
              - id: e2
                title: "Lien vers le plan"
                file: evidence/plan.yaml
              - id: e3
                title: "Lien vers un autre document de preuve"
                file: evidence/copie.txt

            """
        try check(["commitments/01/progress.yaml": Array(progress.utf8)], prepare: { plan in
            let fm = FileManager.default
            let evidence = plan.url.appendingPathComponent("commitments/01/evidence")
            try fm.createSymbolicLink(atPath: evidence.appendingPathComponent("passwd").path, withDestinationPath: "/etc/passwd")
            try fm.createSymbolicLink(atPath: evidence.appendingPathComponent("plan.yaml").path, withDestinationPath: "../../../plan.yaml")
            try fm.createSymbolicLink(atPath: evidence.appendingPathComponent("copie.txt").path, withDestinationPath: "compte-rendu.txt")
        }, expected: [
            // A plan holds only plain files: every link is refused, even one that stays inside
            // the evidence folder (copie.txt), and no link is followed to judge it.
            "commitments/01/evidence/copie.txt:1:1: error: a plan holds only plain files: commitments/01/evidence/copie.txt is a symbolic link",
            "commitments/01/evidence/passwd:1:1: error: a plan holds only plain files: commitments/01/evidence/passwd is a symbolic link",
            "commitments/01/evidence/plan.yaml:1:1: error: a plan holds only plain files: commitments/01/evidence/plan.yaml is a symbolic link",
            "commitments/01/progress.yaml:9:11: error: a plan holds only plain files: evidence file 'evidence/passwd' is (or goes through) a symbolic link",
            "commitments/01/progress.yaml:12:11: error: a plan holds only plain files: evidence file 'evidence/plan.yaml' is (or goes through) a symbolic link",
            "commitments/01/progress.yaml:15:11: error: a plan holds only plain files: evidence file 'evidence/copie.txt' is (or goes through) a symbolic link",
        ])
    }

    func testEvidenceFolderItselfASymlinkPointingOut() throws {
        let progress = """
            commitment: "01"
            completion: limited
            milestones:
              - id: m1
                completion: complete
            evidence:
              - id: e1
                title: "Mots de passe"
                file: evidence/passwd

            """
        try check(["commitments/01/progress.yaml": Array(progress.utf8)], prepare: { plan in
            let fm = FileManager.default
            let evidence = plan.url.appendingPathComponent("commitments/01/evidence")
            try fm.removeItem(at: evidence)
            try fm.createSymbolicLink(atPath: evidence.path, withDestinationPath: "/etc")
        }, expected: [
            "commitments/01/evidence:1:1: error: a plan holds only plain files: commitments/01/evidence is a symbolic link",
            "commitments/01/progress.yaml:9:11: error: a plan holds only plain files: evidence file 'evidence/passwd' is (or goes through) a symbolic link",
        ])
    }

    func testBinaryGarbage() throws {
        var rng = SeededGenerator(seed: 0xCA27E7)
        for round in 0..<20 {
            let count = Int.random(in: 1...4096, using: &rng)
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let actual = try CorpusTests.validate(files: [sgg: bytes])
            XCTAssertEqual(actual.count, 1, "round \(round): \(actual)")
            XCTAssertTrue(actual.first?.hasPrefix("ministries/sgg.yaml:") ?? false, "round \(round): \(actual)")
            XCTAssertTrue(actual.first?.contains(": error: ") ?? false, "round \(round): \(actual)")
        }
        // Printable garbage gets past the UTF-8 check and reaches the parser.
        let printable = Array(" !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~abcXYZ019\n\t".utf8)
        for round in 0..<50 {
            let bytes = (0..<Int.random(in: 1...512, using: &rng)).map { _ in printable.randomElement(using: &rng)! }
            let actual = try CorpusTests.validate(files: [sgg: bytes])
            XCTAssertFalse(actual.isEmpty, "round \(round): \(String(decoding: bytes, as: UTF8.self))")
            for line in actual { XCTAssertTrue(line.contains(": error: ") || line.contains(": warning: "), line) }
        }
    }

    func testBillionLaughsGeneratedDeep() throws {
        // Twenty levels of ten: 10^20 nodes if expanded. Refused from its first anchor.
        var yaml = "a0: &a0 [\"lol\"]\n"
        for i in 1...20 { yaml += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
        try check([sgg: Array(yaml.utf8)], expected: [
            "ministries/sgg.yaml:1:5: error: an anchor ('&') is not allowed in records; if this is text, put it in double quotes",
        ])
    }
}
