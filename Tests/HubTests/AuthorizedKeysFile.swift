import Foundation
import Records
import XCTest

/// An authorized_keys file read the way sshd reads it (auth2-pubkeyfile.c, sshd(8) "AUTHORIZED_KEYS
/// FILE FORMAT"): one entry a line; blank lines and `#` lines skipped; a line that starts with a
/// key type has no options; otherwise the options run to the first space or tab outside double
/// quotes (`\"` is a quote inside them), separated by commas, then the key type, its base64 and
/// a comment. Independent of the code that writes the file.
struct AuthorizedKeysFile {
    struct Entry {
        var lineNumber: Int
        var options: [(name: String, value: String?)]
        var type: String
        var base64: String
        var comment: String?

        func option(_ name: String) -> String?? {
            options.first { $0.name.lowercased() == name }.map(\.value)
        }
    }

    struct ParseError: Error, CustomStringConvertible { var description: String }

    var entries: [Entry] = []

    init(_ text: String) throws {
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.drop { $0 == " " || $0 == "\t" }
            if line.isEmpty || line.first == "#" { continue }
            let number = index + 1
            var options: [(String, String?)] = []
            var rest = Substring(line)
            let firstWord = line.prefix { $0 != " " && $0 != "\t" }
            if !SSHPublicKey.types.contains(String(firstWord)) {
                // The options: up to the first space or tab outside quotes.
                var quoted = false
                var end = line.startIndex
                while end < line.endIndex {
                    let c = line[end]
                    if c == "\\", line.index(after: end) < line.endIndex, line[line.index(after: end)] == "\"" {
                        end = line.index(end, offsetBy: 2)
                        continue
                    }
                    if c == "\"" { quoted.toggle() } else if !quoted && (c == " " || c == "\t") { break }
                    end = line.index(after: end)
                }
                if quoted { throw ParseError(description: "line \(number): unterminated quote in the options") }
                options = try Self.options(String(line[..<end]), line: number)
                rest = line[end...].drop { $0 == " " || $0 == "\t" }
            }
            let words = rest.split(maxSplits: 2, whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard words.count >= 2, SSHPublicKey.types.contains(words[0]) else {
                throw ParseError(description: "line \(number): no key after the options: \(String(reflecting: String(raw)))")
            }
            entries.append(Entry(lineNumber: number, options: options, type: words[0], base64: words[1],
                                 comment: words.count > 2 ? words[2] : nil))
        }
    }

    /// `restrict,command="a \"b\"",from="x"` → [(restrict, nil), (command, a "b"), (from, x)].
    private static func options(_ text: String, line: Int) throws -> [(String, String?)] {
        var result: [(String, String?)] = []
        var name = "", value: String? = nil, inValue = false
        var i = text.startIndex
        func flush() { result.append((name, value)); name = ""; value = nil }
        while i < text.endIndex {
            let c = text[i]
            if inValue {
                if c == "\\", text.index(after: i) < text.endIndex, text[text.index(after: i)] == "\"" {
                    value! += "\""
                    i = text.index(i, offsetBy: 2)
                    continue
                }
                if c == "\"" { inValue = false } else { value! += String(c) }
            } else if c == "=" {
                guard text.index(after: i) < text.endIndex, text[text.index(after: i)] == "\"" else {
                    throw ParseError(description: "line \(line): option \(name) has a value without quotes")
                }
                value = ""
                inValue = true
                i = text.index(after: i)
            } else if c == "," {
                flush()
            } else {
                name.append(c)
            }
            i = text.index(after: i)
        }
        flush()
        return result
    }

    /// Asserts that every entry is restricted and forced to `carnet hub serve` of this hub, with
    /// one of the expected identities; returns identity token → key material ("type base64").
    @discardableResult
    static func assertEveryLineIsForced(_ text: String, carnet: String, hub: String, file: StaticString = #filePath,
                                        line: UInt = #line) throws -> [(identity: String, key: String)] {
        let parsed = try AuthorizedKeysFile(text)
        XCTAssertEqual(parsed.entries.count, text.split(separator: "\n").count, "every line is one entry", file: file, line: line)
        var result: [(String, String)] = []
        for entry in parsed.entries {
            XCTAssertFalse(entry.options.isEmpty, "line \(entry.lineNumber) has no options", file: file, line: line)
            XCTAssertNotNil(entry.option("restrict"), "line \(entry.lineNumber) is not restricted", file: file, line: line)
            guard let command = entry.option("command") ?? nil else {
                XCTFail("line \(entry.lineNumber) has no forced command", file: file, line: line)
                continue
            }
            // Exactly `CARNET hub serve --hub HUB --identity TOKEN --key BASE64` (paths without shell
            // quoting here), the key being the line's own.
            let words = command.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            guard words.count == 9 else {
                XCTFail("line \(entry.lineNumber): not the forced command: \(String(reflecting: command))", file: file, line: line)
                continue
            }
            func resolved(_ path: String) -> String { URL(fileURLWithPath: path).resolvingSymlinksInPath().path }
            XCTAssertEqual(resolved(words[0]), resolved(carnet), "line \(entry.lineNumber)", file: file, line: line)
            XCTAssertEqual(Array(words[1...5]), ["hub", "serve", "--hub", hub, "--identity"], "line \(entry.lineNumber)", file: file, line: line)
            let identity = words[6]
            XCTAssertTrue(identity.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-.@:_%+".contains($0)) },
                          "line \(entry.lineNumber): identity \(String(reflecting: identity))", file: file, line: line)
            XCTAssertEqual(Array(words[7...8]), ["--key", entry.base64], "line \(entry.lineNumber)", file: file, line: line)
            XCTAssertNoThrow(try SSHPublicKey.parse("\(entry.type) \(entry.base64)").get(), file: file, line: line)
            result.append((identity, "\(entry.type) \(entry.base64)"))
        }
        return result
    }
}
