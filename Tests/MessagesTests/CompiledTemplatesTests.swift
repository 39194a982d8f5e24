import XCTest
@testable import Messages

/// A template is cut into parts the first time it is filled, and later fills are made from the
/// parts: every key of the shipped catalogue, in every language it has, with every plural form,
/// reads the same the first, second and third time, and the same as the template filled whole.
final class CompiledTemplatesTests: XCTestCase {
    func testEveryShippedKeyReadsTheSameFromItsPartsAsFilledWhole() throws {
        // A catalogue of its own: the shared one has already cut what other tests read.
        let catalogue = Catalogue(files: embeddedCatalogues.map { ($0.file, $0.text) })
        var checked = 0
        for code in catalogue.codes {
            let language = try XCTUnwrap(catalogue.languages[code])
            let keys = Set(language.entries.keys.map { $0.split(separator: "[").first.map(String.init) ?? $0 })
            for key in keys.sorted() {
                let template = language.entries[key] ?? language.entries["\(key)[other]"] ?? ""
                let names = Self.placeholders(template + " " + (language.entries["\(key)[one]"] ?? ""))
                for count in names.contains("count") ? [0, 1, 2, 1234] : [nil] {
                    var arguments: [String: MessageArgument] = [:]
                    for name in names { arguments[name] = .text("<\(name) & 1 : 2>") }
                    if let count { arguments["count"] = .number(count) }
                    let found = try XCTUnwrap(catalogue.template(key, in: code, count: count), "\(code) \(key)")
                    let conventions = try XCTUnwrap(catalogue.languages[found.language]).conventions
                    let whole = catalogue.fill(found.template, with: arguments, conventions: conventions, language: found.language)
                    for time in 1...3 {
                        XCTAssertEqual(catalogue.text(key, in: code, arguments), whole, "\(code) \(key) count \(String(describing: count)), fill \(time)")
                    }
                    checked += 1
                }
            }
        }
        XCTAssertGreaterThan(checked, 2000)
    }

    /// A key missing in French is read from English, whose plural rule differs (French says
    /// `[one]` for 0, English `[other]`): a part kept for French's `one` must not answer for it.
    func testAKeyReadFromTheFallbackLanguageFollowsThatLanguagesPluralRule() {
        let catalogue = Catalogue(files: [
            ("en.txt", "@language en\n@plural-one 1\nfiles[one] = {count} file\nfiles[other] = {count} files\n"),
            ("fr.txt", "@language fr\n@plural-one 0 1\n@fallback en\nother = autre\n"),
        ])
        for _ in 1...2 {
            XCTAssertEqual(catalogue.text("files", in: "fr", ["count": 1]), "1 file")
            XCTAssertEqual(catalogue.text("files", in: "fr", ["count": 0]), "0 files")
            XCTAssertEqual(catalogue.text("files", in: "fr", ["count": 2]), "2 files")
        }
        XCTAssertEqual(catalogue.text("missing", in: "fr", ["name": "x"]), "missing name=x")
        XCTAssertEqual(catalogue.text("missing", in: "fr", ["name": "x"]), "missing name=x")
    }

    /// `{name}` in a template, `{{` and `}}` aside.
    static func placeholders(_ template: String) -> Set<String> {
        var names: Set<String> = []
        var rest = Substring(template.replacingOccurrences(of: "{{", with: "").replacingOccurrences(of: "}}", with: ""))
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.insert(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }
}
