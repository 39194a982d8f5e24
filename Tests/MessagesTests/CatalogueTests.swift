import Foundation
import XCTest
@testable import Messages

/// The catalogue as built into the binary: every language complete, same placeholders.
final class CatalogueTests: XCTestCase {
    let catalogue = Catalogue.shared

    func testEveryCatalogueFileParses() {
        XCTAssertEqual(catalogue.problems.map(\.description), [])
        XCTAssertTrue(catalogue.codes.contains("fr"))
        XCTAssertTrue(catalogue.codes.contains("en"))
    }

    /// Keys without their plural suffix, and the plural forms a language gives.
    private func bases(_ language: Catalogue.Language) -> [String: Set<String>] {
        var out: [String: Set<String>] = [:]
        for key in language.entries.keys {
            if let open = key.firstIndex(of: "[") {
                out[String(key[..<open]), default: []].insert(String(key[open...]))
            } else {
                out[key, default: []].insert("")
            }
        }
        return out
    }

    static func placeholders(_ template: String) -> Set<String> {
        var found: Set<String> = []
        var rest = Substring(template.replacingOccurrences(of: "{{", with: "").replacingOccurrences(of: "}}", with: ""))
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            found.insert(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return found
    }

    func testEveryKeyExistsInEveryLanguageWithTheSamePlaceholders() throws {
        let english = try XCTUnwrap(catalogue.languages["en"])
        let englishKeys = bases(english)
        for (code, language) in catalogue.languages where code != "en" {
            let keys = bases(language)
            // format.day.N are optional ordinal overrides ("1er"); every other key is required.
            let required = { (key: String) in !key.hasPrefix("format.day.") }
            XCTAssertEqual(Set(englishKeys.keys.filter(required)).subtracting(keys.keys), [], "missing in \(code)")
            XCTAssertEqual(Set(keys.keys.filter(required)).subtracting(englishKeys.keys), [], "only in \(code)")
            for (key, forms) in keys where required(key) {
                // A key is plural in every language or in none; plural keys have [other].
                XCTAssertEqual(forms.contains(""), englishKeys[key]?.contains("") ?? forms.contains(""), "\(code): \(key) plural or not")
                if !forms.contains("") { XCTAssertTrue(forms.contains("[other]"), "\(code): \(key) has no [other]") }
                let theirs = language.entries.filter { $0.key == key || $0.key.hasPrefix(key + "[") }
                let ours = english.entries.filter { $0.key == key || $0.key.hasPrefix(key + "[") }
                let expected = ours.values.reduce(into: Set<String>()) { $0.formUnion(Self.placeholders($1)) }
                for (variant, template) in theirs {
                    XCTAssertEqual(Self.placeholders(template).subtracting(["count"]), expected.subtracting(["count"]),
                                   "\(code): \(variant) placeholders differ from English")
                }
            }
        }
    }

    func testEveryKeyUsedInTheSourcesExists() throws {
        // Keys written as literals in Catalogue.text("…") calls across Sources/.
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        let english = try XCTUnwrap(catalogue.languages["en"])
        let known = Set(english.entries.keys.map { $0.split(separator: "[").first.map(String.init) ?? $0 })
        var missing: [String] = []
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)!
        for case let file as URL in files where file.pathExtension == "swift" {
            let text = try String(contentsOf: file, encoding: .utf8)
            var rest = Substring(text)
            while let range = rest.range(of: "Catalogue.text(\"") {
                let after = rest[range.upperBound...]
                guard let end = after.firstIndex(of: "\"") else { break }
                let key = String(after[..<end])
                if !key.contains("\\("), !known.contains(key) { missing.append("\(file.lastPathComponent): \(key)") }
                rest = after[end...]
            }
        }
        XCTAssertEqual(missing, [])
    }
}
