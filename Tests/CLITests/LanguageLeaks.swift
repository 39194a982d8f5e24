import Foundation
import TestSupport
import XCTest

/// Words that give a language away where the other one is expected. Reusable: once every area
/// speaks French, the integrator widens what is checked (fewer lines set aside by `ours`).
enum LanguageLeaks {
    /// Unmistakably English; none is French ("hub" and "commit" are left out: French uses them).
    static let english = [" the ", " and ", " with ", " from ", " when ", " your ", "USAGE", "OPTIONS", " is ", " of "]
    /// Unmistakably French.
    static let french = [" le ", " les ", " des ", " une ", "é"]

    /// The tell-tale words found in `text`, with the line each is on.
    static func found(_ words: [String], in text: String) -> [String] {
        text.split(separator: "\n").flatMap { line in
            words.filter { (" " + line + " ").contains($0) }.map { "\($0.trimmingCharacters(in: .whitespaces)) in: \(line)" }
        }
    }

    /// The output with what other parts of Carnet and the records themselves wrote taken out:
    /// the given texts (record values, commit messages: from --json), their shortened forms
    /// ("…"), and diagnostics (path:line:column: error|warning: …, the records' own words).
    static func ours(_ output: String, notOurs: [String] = []) -> String {
        var text = output
        for value in Set(notOurs).sorted(by: { $0.count > $1.count }) where value.count >= 3 {
            let flat = value.replacingOccurrences(of: "\n", with: " ")
            text = text.replacingOccurrences(of: flat, with: "‹value›")
            for limit in [100, 80] where flat.count > limit {
                text = text.replacingOccurrences(of: String(flat.prefix(limit - 1)) + "…", with: "‹value›")
            }
            for line in value.split(separator: "\n") where line.count >= 3 {
                text = text.replacingOccurrences(of: String(line), with: "‹value›")
            }
        }
        let diagnostic = try! NSRegularExpression(pattern: #":\d+:\d+: (error|warning): "#)
        return text.split(separator: "\n", omittingEmptySubsequences: false).filter { line in
            let s = String(line)
            return diagnostic.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) == nil
        }.joined(separator: "\n")
    }

    /// Every string in a JSON document: what the records and the history hold.
    static func strings(inJSON json: String) -> [String] {
        guard let value = try? JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed]) else { return [] }
        var out: [String] = []
        func walk(_ v: Any) {
            if let s = v as? String { out.append(s) }
            if let a = v as? [Any] { a.forEach(walk) }
            if let d = v as? [String: Any] { d.values.forEach(walk) }
        }
        walk(value)
        return out
    }
}

/// No English tell-tale in text meant to be French.
func assertNoEnglish(_ text: String, _ what: String = "", file: StaticString = #filePath, line: UInt = #line) {
    let leaks = LanguageLeaks.found(LanguageLeaks.english, in: text)
    XCTAssertEqual(leaks, [], "English in French output \(what):\n\(text)", file: file, line: line)
}

/// No French tell-tale in text meant to be English.
func assertNoFrench(_ text: String, _ what: String = "", file: StaticString = #filePath, line: UInt = #line) {
    let leaks = LanguageLeaks.found(LanguageLeaks.french, in: text)
    XCTAssertEqual(leaks, [], "French in English output \(what):\n\(text)", file: file, line: line)
}
