import Foundation
import Messages
import Records
import TestSupport
import XCTest

/// Hand-edited records in the reader's language: the canonical spelling is still required, and
/// the diagnostic names it (in English and in French); a tab in the indentation is named; every
/// diagnostic of the corpus reads as French when the process speaks French.
///
/// `Catalogue.language` is the process's: each test sets it and puts it back (XCTest runs the
/// tests of a process one after the other).
final class RecordsLanguageTests: XCTestCase {
    func speaking<T>(_ language: String, _ body: () throws -> T) rethrows -> T {
        let before = Catalogue.language
        Catalogue.language = language
        defer { Catalogue.language = before }
        return try body()
    }

    static let base = Fixtures.corpus.appendingPathComponent("_base")

    /// A base record with one line replaced, validated alone: its diagnostics as printed.
    func diagnostics(_ path: String, replacing old: String, with new: String) throws -> [String] {
        let text = try String(contentsOf: Self.base.appendingPathComponent(path), encoding: .utf8)
        XCTAssertTrue(text.contains(old), "\(path) has no '\(old)'")
        return try CorpusTests.validate(files: [path: Array(text.replacingOccurrences(of: old, with: new).utf8)])
    }

    func testAPersonsWordForACompletionLevelNamesTheCanonicalOne() throws {
        let english = try speaking("en") {
            try diagnostics("commitments/01/progress.yaml", replacing: "completion: limited\nmilestones", with: "completion: terminé\nmilestones")
        }
        XCTAssertEqual(english, ["commitments/01/progress.yaml:2:13: error: 'terminé' is not a valid completion: did you mean complete? "
                                 + "(use one of not-started, limited, substantial, complete)"])
        let french = try speaking("fr") {
            try diagnostics("commitments/01/progress.yaml", replacing: "completion: limited\nmilestones", with: "completion: terminé\nmilestones")
        }
        XCTAssertEqual(french, ["commitments/01/progress.yaml:2:13: erreur: «\u{202F}terminé\u{202F}» n'est pas une valeur admise pour "
                                + "completion\u{00A0}: vouliez-vous dire complete\u{202F}? (valeurs admises\u{00A0}: not-started, limited, substantial, complete)"])
    }

    func testOtherChoicesAndSlipsNameTheCanonicalSpelling() throws {
        try speaking("fr") {
            XCTAssertTrue(try diagnostics("plan.yaml", replacing: "year_group: odd", with: "year_group: impair")
                .contains { $0.contains("« impair » n'est pas une valeur admise pour year group : vouliez-vous dire odd ?".typeset) })
            XCTAssertTrue(try diagnostics("commitments/01/commitment.yaml", replacing: "    - transparency", with: "    - transparence")
                .contains { $0.contains("« transparence » n'est pas une valeur du PGO : vouliez-vous dire transparency ?".typeset) })
            XCTAssertTrue(try diagnostics("ministries/sgg.yaml", replacing: "kind: ministry", with: "kind: Ministère")
                .contains { $0.contains("vouliez-vous dire ministry ?".typeset) })
        }
        try speaking("en") {
            XCTAssertTrue(try diagnostics("commitments/01/progress.yaml", replacing: "completion: limited\nmilestones",
                                          with: "completion: substantail\nmilestones")
                .contains { $0.contains("'substantail' is not a valid completion: did you mean substantial?") })
            // A hand-edited date keeps its canonical form; the one meant is shown.
            XCTAssertTrue(try diagnostics("commitments/01/progress.yaml", replacing: "actual_end: 2026-03-20", with: "actual_end: 20/03/2026")
                .contains { $0.hasSuffix("not '20/03/2026': did you mean 2026-03-20?") })
            // Ambiguous in English: no reading is put forward.
            XCTAssertTrue(try diagnostics("commitments/01/progress.yaml", replacing: "actual_end: 2026-03-20", with: "actual_end: 03/04/2026")
                .contains { $0.hasSuffix("not '03/04/2026'") })
        }
    }

    func testAMisspeltKeyNamesTheKnownOne() throws {
        let result = try speaking("en") {
            try diagnostics("commitments/01/commitment.yaml", replacing: "lead_agency: min-terres", with: "lead_agncy: min-terres")
        }
        XCTAssertTrue(result.contains { $0.contains("unknown key 'lead_agncy' in commitment.yaml; did you mean 'lead_agency'?") }, "\(result)")
        let swapped = try speaking("en") {
            try diagnostics("commitments/01/progress.yaml", replacing: "title: \"Registre en ligne\"", with: "titel: \"Registre en ligne\"")
        }
        XCTAssertTrue(swapped.contains { $0.contains("unknown key 'titel' in an evidence entry; did you mean 'title'?") }, "\(swapped)")
        let french = try speaking("fr") {
            try diagnostics("commitments/01/commitment.yaml", replacing: "lead_agency: min-terres", with: "Lead_Agency: min-terres")
        }
        XCTAssertTrue(french.contains { $0.contains("clé inconnue « Lead_Agency » dans commitment.yaml ; vouliez-vous dire « lead_agency » ?".typeset) },
                      "\(french)")
    }

    func testATabInTheIndentationIsNamed() throws {
        for (language, words) in [("en", "tab used for indentation: use spaces"), ("fr", "tabulation utilisée pour l'indentation : utilisez des espaces".typeset)] {
            let result = try speaking(language) {
                try diagnostics("commitments/01/progress.yaml", replacing: "    completion: complete\n", with: "  \tcompletion: complete\n")
            }
            XCTAssertEqual(result.count, 1, "\(result)")
            XCTAssertTrue(result.first?.hasPrefix("commitments/01/progress.yaml:5:3: ") == true, "\(result)")
            XCTAssertTrue(result.first?.contains(words) == true, "\(result)")
        }
        // A tab inside a quoted text or after the indentation is not indentation.
        let quoted = try diagnostics("commitments/01/progress.yaml", replacing: "title: \"Registre en ligne\"",
                                     with: "title: \"Registre\ten ligne\"")
        XCTAssertFalse(quoted.contains { $0.contains("indentation") }, "\(quoted)")
        XCTAssertTrue(quoted.contains { $0.contains("U+0009") }, "\(quoted)")   // a one-line title holds no tab (TextRule)
    }

    /// What a diagnostic says is also a stable key (`code`, in `--json`), whatever the language.
    func testDiagnosticsCarryALanguageNeutralCode() throws {
        for language in ["en", "fr"] {
            let snapshot = try speaking(language) { () throws -> [Diagnostic] in
                let plan = TemporaryDirectory("code")
                try plan.overlay(Self.base)
                let text = try String(contentsOf: Self.base.appendingPathComponent("commitments/01/progress.yaml"), encoding: .utf8)
                try plan.write("commitments/01/progress.yaml", Array(text.replacingOccurrences(of: "completion: limited\nmilestones",
                                                                                               with: "completion: terminé\nmilestones").utf8))
                return PlanValidator(today: Fixtures.today).validate(PlanSnapshot(root: plan.url))
            }
            XCTAssertEqual(snapshot.map(\.code), ["records.choice-invalid-suggest"], language)
            let json = try XCTUnwrap(String(data: try JSONEncoder().encode(snapshot), encoding: .utf8))
            XCTAssertTrue(json.contains("\"code\":\"records.choice-invalid-suggest\""), json)
            XCTAssertTrue(json.contains("\"severity\":\"error\""), json)
        }
        // Every diagnostic of the corpus has one.
        for name in try CorpusTests.caseNames() {
            let plan = TemporaryDirectory("corpus-code")
            try plan.overlay(Self.base)
            try plan.overlay(Fixtures.corpus.appendingPathComponent(name), skipping: ["expected.txt"])
            for d in PlanValidator(today: Fixtures.today).validate(PlanSnapshot(root: plan.url)) {
                XCTAssertNotNil(d.code, "\(name): \(d)")
            }
        }
    }

    /// The keys written as `Said("…")` in Sources/Records exist in every language (MessagesTests
    /// checks the `Catalogue.text("…")` ones).
    func testEverySaidKeyExists() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/Records")
        var keys: Set<String> = []
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".swift") {
            var rest = Substring(try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8))
            while let range = rest.range(of: "Said(\"") {
                let after = rest[range.upperBound...]
                guard let end = after.firstIndex(of: "\"") else { break }
                keys.insert(String(after[..<end]))
                rest = after[end...]
            }
        }
        XCTAssertGreaterThan(keys.count, 50)
        for code in ["en", "fr"] {
            let entries = try XCTUnwrap(Catalogue.shared.languages[code]).entries
            XCTAssertEqual(keys.filter { entries[$0] == nil }.sorted(), [], code)
        }
    }

    /// Every invalid case of the corpus, read in French: nothing in the message is English.
    func testCorpusDiagnosticsReadAsFrench() throws {
        // Words that only English sentences hold (checked as whole words, outside quoted values,
        // paths and canonical spellings, which are the records' own and stay as written).
        let tellTales: Set<String> = ["the", "is", "not", "must", "use", "error", "warning", "of", "and", "or", "an",
                                      "should", "did", "you", "mean", "missing", "unknown", "duplicate", "file", "key", "value",
                                      "has", "holds", "write", "found", "while", "expected", "before", "after", "at", "line"]
        var checked = 0
        for name in try CorpusTests.caseNames() {
            let lines = try speaking("fr") { try CorpusTests.validate(case: Fixtures.corpus.appendingPathComponent(name)) }
            for line in lines {
                checked += 1
                let words = Self.sentenceWords(line)
                let english = words.filter(tellTales.contains)
                XCTAssertEqual(english, [], "\(name): \(line)")
                XCTAssertTrue(line.contains(": erreur: ") || line.contains(": avertissement: "), line)
            }
        }
        XCTAssertGreaterThan(checked, 40)
    }

    /// The words of a diagnostic's message that are the catalogue's: without the location, the
    /// quoted values (« … », '…', `…`), parenthesised lists of canonical values, and paths.
    static func sentenceWords(_ line: String) -> [String] {
        var text = line
        // The canonical spellings a message lists are the records' words, not English sentences.
        let canonical = CompletionLevel.allCases.map(\.rawValue) + OGPValue.allCases.map(\.rawValue)
            + Plan.YearGroup.allCases.map(\.rawValue) + Ministry.Kind.allCases.map(\.rawValue)
        for spelling in canonical.sorted(by: { $0.count > $1.count }) { text = text.replacingOccurrences(of: spelling, with: " ") }
        if let colon = text.range(of: ": ", options: []) { text = String(text[colon.upperBound...]) }
        for (open, close) in [("«", "»"), ("`", "`"), ("'", "'")] where open != "'" {
            while let a = text.range(of: open), let b = text.range(of: close, range: a.upperBound..<text.endIndex) {
                text.replaceSubrange(a.lowerBound..<b.upperBound, with: " ")
            }
        }
        return text.components(separatedBy: CharacterSet.letters.inverted).filter { !$0.isEmpty }
            .filter { word in !line.contains("/\(word)") && !line.contains("\(word)/") && !line.contains("\(word).yaml") }
    }
}

extension String {
    /// The catalogue's French typography, for comparing with what it writes: a no-break space
    /// before ':' and narrow ones before ';' '?' and inside « ».
    var typeset: String {
        replacingOccurrences(of: " :", with: "\u{00A0}:").replacingOccurrences(of: " ;", with: "\u{202F};")
            .replacingOccurrences(of: " ?", with: "\u{202F}?").replacingOccurrences(of: "« ", with: "«\u{202F}")
            .replacingOccurrences(of: " »", with: "\u{202F}»")
    }
}
