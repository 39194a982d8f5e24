import Foundation
import TestSupport
import XCTest
import Records

/// Issue 10: the text, email and key rules that keep a record's values from reaching
/// authorized_keys, a hook's output or a page as something else than what they are.
final class IdentityRulesTests: XCTestCase {
    private let sgg = "ministries/sgg.yaml"

    private func validate(_ files: [String: String]) throws -> [String] {
        try CorpusTests.validate(files: files.mapValues { Array($0.utf8) })
    }

    private func realKey(_ type: String, bits: String? = nil) throws -> String {
        let dir = TemporaryDirectory("keys")
        let file = dir.path + "/k"
        let result = try Shell.run(["ssh-keygen", "-q", "-t", type, "-N", "", "-C", "someone@laptop", "-f", file] + (bits.map { ["-b", $0] } ?? []))
        XCTAssertEqual(result.status, 0, result.stderr)
        return try String(contentsOfFile: file + ".pub", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The attack: a ministry writes, in its own file, an email whose "\n" escape becomes a line
    /// break after YAML unescaping, followed by a bare key line. It used to validate.
    func testAnEmailWithALineBreakIsRefused() throws {
        let key = try realKey("ed25519")
        let ministry = """
            id: sgg
            name: "Secrétariat général du gouvernement"
            kind: ministry
            members:
              - name: "Mallory"
                email: "mallory@sgg.example\\n\(key)\\n"
                keys:
                  - "\(key)"

            """
        XCTAssertEqual(try validate([sgg: ministry]), [
            "ministries/sgg.yaml:6:12: error: 'members[0].email' holds U+000A (a line break), and this value is one line: write it on one line (without \"\\n\" escapes)",
        ])
    }

    func testEveryOneLineValueRefusesControlAndBidiCharacters() throws {
        for (escape, name) in [("\\t", "U+0009 (a tab)"), ("\\r", "U+000D (a carriage return)"), ("\\e", "U+001B (an escape character)"),
                               ("\\0", "U+0000 (a NUL character)"), ("\\x7F", "U+007F (a delete character)"),
                               ("\\N", "U+0085 (a C1 control character)"), ("\\u202E", "U+202E (a bidirectional embedding or override)"),
                               ("\\u2066", "U+2066 (a bidirectional isolate)"), ("\\L", "U+2028 (a line separator)")] {
            let ministry = """
                id: sgg
                name: "Secr\(escape)tariat"
                kind: ministry
                contacts:
                  - name: "A\(escape)"
                    title: {fr: "Chef\(escape)"}
                    email: "a@sgg.example"
                    phone: "+00\(escape)1"

                """
            let out = try validate([sgg: ministry])
            XCTAssertEqual(out.count, 4, "\(escape): \(out)")
            for (line, field) in [(2, "name"), (5, "contacts[0].name"), (6, "contacts[0].title.fr"), (8, "contacts[0].phone")] {
                XCTAssertTrue(out.contains { $0.hasPrefix("ministries/sgg.yaml:\(line):") && $0.contains("'\(field)' holds \(name)") },
                              "\(escape) in \(field): \(out)")
            }
        }
    }

    func testProseKeepsLineBreaksAndTabsButNothingElse() throws {
        let progress = try String(contentsOf: Fixtures.corpus.appendingPathComponent("_base/commitments/01/progress.yaml"), encoding: .utf8)
        func with(_ results: String) -> [String: String] {
            ["commitments/01/progress.yaml": progress + "results: \"\(results)\"\n"]
        }
        XCTAssertEqual(try validate(with("Deux ateliers.\\n\\tUn registre.\\n")), [])
        XCTAssertEqual(try validate(with("Ateliers\\e[2J")), [
            "commitments/01/progress.yaml:\(progress.split(separator: "\n").count + 1):10: error: 'results' holds U+001B (an escape character), which text may not hold (only line breaks and tabs): remove it (it may be written as a \\ escape)",
        ])
        XCTAssertEqual(try validate(with("abc\\u202Edef")).count, 1)
        XCTAssertEqual(try validate(with("abc\\r\\ndef")).count, 1, "a carriage return is not a line break of a record")
        XCTAssertEqual(try validate(with("abc\\x9Bdef")).count, 1, "C1")
        // A key of a mapping is checked too (it is repeated in messages).
        XCTAssertEqual(try validate(["commitments/01/progress.yaml": progress + "\"bad\\nkey\": 1\n"]).count, 1)
    }

    func testEmailGrammar() {
        for good in ["awa@terres.example", "a.b-c_d%e+f@x-y.gouv.example", "A@B.CO", "x@xn--valdria-c1a.example"] {
            XCTAssertNil(EmailAddress.problem(good), good)
        }
        let bad = ["", "awa", "awa@", "@terres.example", "awa@terres", "a@b@c.example", "a b@c.example", "\"a\"@c.example",
                   "a,b@c.example", "a:b@c.example", "a\\b@c.example", "a'b@c.example", ".a@c.example", "a.@c.example", "a..b@c.example",
                   "a@-c.example", "a@c-.example", "a@c..example", "a@.c.example", "a@c.example.", "a@c_d.example", "é@c.example",
                   "a@café.example", "a@c.example\n", "a\r@c.example", "a@c.exam\u{202E}ple", String(repeating: "a", count: 65) + "@c.example",
                   "a@" + String(repeating: "b", count: 64) + ".example", "a@" + Array(repeating: "b", count: 130).joined(separator: ".")]
        for address in bad {
            XCTAssertNotNil(EmailAddress.problem(address), String(reflecting: address))
        }
        XCTAssertTrue(EmailAddress.problem("a\n@c.example")!.contains("U+000A"))
        XCTAssertFalse(EmailAddress.problem("a b@c.example")!.contains("a b"), "the message does not repeat the address")
    }

    func testAnInvalidEmailIsAnError() throws {
        let ministry = """
            id: sgg
            name: "Secrétariat général du gouvernement"
            kind: ministry
            contacts:
              - name: "Awa"
                email: "awa, paul@sgg.example"

            """
        XCTAssertEqual(try validate([sgg: ministry]), [
            "ministries/sgg.yaml:6:12: error: 'contacts[0].email' is not an email address the hub can use: the part before '@' holds ',': use only ASCII letters, digits and . _ % + -",
        ])
    }

    func testKeysMustBeRealPublicKeys() throws {
        for type in ["ed25519", "ecdsa"] {
            let key = try realKey(type)
            XCTAssertNoThrow(try SSHPublicKey.parse(key).get(), key)
        }
        let rsa = try realKey("rsa", bits: "2048")
        XCTAssertNoThrow(try SSHPublicKey.parse(rsa).get())
        XCTAssertNoThrow(try SSHPublicKey.parse(try realKey("ecdsa", bits: "521")).get())

        let ed = try realKey("ed25519")
        let parts = ed.split(separator: " ").map(String.init)
        var blob = [UInt8](Data(base64Encoded: parts[1])!)
        func line(_ bytes: [UInt8], type: String = "ssh-ed25519") -> String { "\(type) \(Data(bytes).base64EncodedString()) x" }
        XCTAssertNoThrow(try SSHPublicKey.parse(line(blob)).get())
        let refused = [
            "ssh-foo AAAAnotakey", "ssh-ed25519 AAAAnotakey", "ssh-ed25519", parts[1],
            line(blob + [0, 0, 0, 0]),                          // trailing garbage
            line(Array(blob.dropLast())),                       // short key
            line(blob, type: "ssh-rsa"),                        // another type's data
            "ssh-ed25519 " + parts[1] + "== x",                 // not base64
            ed + "\nssh-ed25519 " + parts[1],                   // a second line
            "restrict " + ed, "command=\"sh\" " + ed,           // options in front
            ed + " \u{1B}[2J", ed + " \u{202E}",                // a comment that is not plain text
        ]
        for key in refused {
            XCTAssertThrowsError(try SSHPublicKey.parse(key).get(), String(reflecting: key))
        }
        blob[3] = 200   // a length that points past the end
        XCTAssertThrowsError(try SSHPublicKey.parse(line(blob)).get())
    }

    /// Validation uses the same definition: `ssh-foo AAAAnotakey` used to validate.
    func testValidationUsesTheOneKeyDefinition() throws {
        let key = try realKey("ed25519")
        func ministry(_ keyLine: String) -> [String: String] {
            [sgg: """
                id: sgg
                name: "Secrétariat général du gouvernement"
                kind: ministry
                members:
                  - name: "Awa"
                    email: "awa@sgg.example"
                    keys:
                      - "\(keyLine)"

                """]
        }
        XCTAssertEqual(try validate(ministry(key)), [])
        let out = try validate(ministry("ssh-foo AAAAnotakey"))
        XCTAssertEqual(out.count, 1, "\(out)")
        XCTAssertTrue(out.first?.hasPrefix("ministries/sgg.yaml:8:9: error: a key of 'members[0].keys' is refused: it is not an SSH public key") == true, "\(out)")
        XCTAssertEqual(try validate(ministry("ssh-ed25519 AAAAnotakey")).count, 1)
    }

    /// A person's optional `account` (their GitLab user name): read, written canonically, checked.
    func testAccountIsReadWrittenAndChecked() throws {
        let key = try realKey("ed25519")
        let text = """
            id: sgg
            name: "Secrétariat général du gouvernement"
            kind: ministry
            members:
              - name: "Awa"
                email: "awa@sgg.example"
                keys:
                  - "\(key)"
                account: "awa.diallo"

            """
        let (record, source) = AnyRecord.read(Array(text.utf8), path: sgg)
        XCTAssertEqual(source.diagnostics, [])
        guard case .ministry(let ministry?) = record else { return XCTFail("not read") }
        XCTAssertEqual(ministry.members.first?.account, "awa.diallo")
        XCTAssertEqual(ministry.canonicalYAML, text, "written back byte for byte")
        for bad in ["awa diallo", "-awa", "awa@sgg", "awa\\n"] {
            let out = try validate([sgg: text.replacingOccurrences(of: "\"awa.diallo\"", with: "\"\(bad)\"")])
            XCTAssertEqual(out.count, 1, "\(bad): \(out)")
            XCTAssertTrue(out.first?.contains("members[0].account") == true, "\(out)")
        }
    }

    /// A message that quotes a bad value shows its control characters as escapes: it stays one
    /// line (in a terminal, in the hook's `remote:` output).
    func testDiagnosticsQuoteBadValuesOnOneVisibleLine() throws {
        let progress = try String(contentsOf: Fixtures.corpus.appendingPathComponent("_base/commitments/01/progress.yaml"), encoding: .utf8)
        let evidence = progress.replacingOccurrences(of: "file: ", with: "file: \"x\\nremote: forged\" #")
        XCTAssertNotEqual(evidence, progress)
        let out = try validate(["commitments/01/progress.yaml": evidence])
        XCTAssertFalse(out.isEmpty)
        for line in out { XCTAssertFalse(line.contains("\n"), line) }
        XCTAssertTrue(out.contains { $0.contains("x\\u{A}remote: forged") }, "\(out)")
        XCTAssertEqual(Diagnostic(Location(path: "a"), .error, "a\u{1B}[2Jb\u{202E}c").message, "a\\u{1B}[2Jb\\u{202E}c")
    }
}
