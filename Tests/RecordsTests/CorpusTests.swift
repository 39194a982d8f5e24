import Foundation
import TestSupport
import XCTest
import Records

/// The corpus of bad files (Corpus/README.md): each case is laid over Corpus/_base, a small valid
/// plan, and the validator's output must be exactly the case's expected.txt.
final class CorpusTests: XCTestCase {
    /// The cases the corpus must hold (issue 2, point 3), so that none is lost silently.
    static let requiredCases: Set<String> = [
        "yaml-syntax-error", "unknown-key", "missing-required-key", "wrong-type-list-for-text", "wrong-type-text-for-list",
        "completion-invalid", "impossible-date", "malformed-date", "commitment-end-before-start",
        "milestone-end-before-start", "milestone-outside-commitment", "duplicate-milestone-ids", "duplicate-evidence-ids",
        "duplicate-keys", "duplicate-commitment-numbers", "lead-agency-missing", "actor-missing",
        "progress-milestone-unknown", "evidence-file-missing", "evidence-file-outside", "evidence-file-and-url",
        "evidence-bad-url", "billion-laughs", "yaml-tags", "empty-file", "list-not-mapping", "id-differs-from-folder",
        "language-code-invalid", "overdue-milestone",
        // Issue 12: people's words and slips named with the canonical spelling; a tab in the indentation.
        "choice-in-peoples-words", "tab-indentation",
    ]

    static func caseNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: Fixtures.corpus.path)
            .filter { !$0.hasPrefix("_") && !$0.hasPrefix(".") && !$0.contains(".") }
            .sorted()
    }

    func testBaseIsValid() throws {
        XCTAssertEqual(try Self.validate(files: [:]), [])
    }

    func testCorpusHasEveryRequiredCase() throws {
        let names = Set(try Self.caseNames())
        XCTAssertEqual(Self.requiredCases.subtracting(names), [], "missing corpus cases")
        for name in names {
            let expected = Fixtures.corpus.appendingPathComponent(name).appendingPathComponent("expected.txt")
            XCTAssertTrue(FileManager.default.fileExists(atPath: expected.path), "\(name) has no expected.txt")
        }
    }

    func testCorpus() throws {
        let update = ProcessInfo.processInfo.environment["CARNET_UPDATE_CORPUS"] == "1"
        for name in try Self.caseNames() {
            let folder = Fixtures.corpus.appendingPathComponent(name)
            let expectedURL = folder.appendingPathComponent("expected.txt")
            let expectedText = (try? String(contentsOf: expectedURL, encoding: .utf8)) ?? ""
            let actual = try Self.validate(case: folder)
            let mismatch = Self.compare(expected: expectedText, actual: actual)
            if update, let mismatch {
                let target = Fixtures.corpusSource.appendingPathComponent(name).appendingPathComponent("expected.txt")
                try mismatch.updated.write(to: target, atomically: true, encoding: .utf8)
            } else if let mismatch {
                XCTFail("corpus case \(name): \(mismatch.reason)\n--- expected\n\(expectedText)--- actual\n\(actual.joined(separator: "\n"))\n")
            }
            XCTAssertFalse(actual.isEmpty, "corpus case \(name) gives no diagnostic at all")
        }
    }

    // MARK: - Running a case

    /// Lays `case` over the base plan in a temporary folder and validates it.
    static func validate(case folder: URL) throws -> [String] {
        let plan = TemporaryDirectory("corpus")
        try plan.overlay(Fixtures.corpus.appendingPathComponent("_base"))
        try plan.overlay(folder, skipping: ["expected.txt"])
        return validate(plan)
    }

    /// Lays `files` (path → bytes) over the base plan, lets `prepare` add more, and validates.
    static func validate(files: [String: [UInt8]], prepare: (TemporaryDirectory) throws -> Void = { _ in }) throws -> [String] {
        let plan = TemporaryDirectory("generated")
        try plan.overlay(Fixtures.corpus.appendingPathComponent("_base"))
        for (path, bytes) in files { try plan.write(path, bytes) }
        try prepare(plan)
        return validate(plan)
    }

    static func validate(_ plan: TemporaryDirectory) -> [String] {
        let diagnostics = PlanValidator(today: Fixtures.today).validate(PlanSnapshot(root: plan.url))
        return diagnostics.map(\.description)
    }

    // MARK: - expected.txt

    struct Mismatch {
        var reason: String
        /// expected.txt rewritten to the actual output, keeping the lines that still match.
        var updated: String
    }

    /// Expected lines: `#` comments and blank lines are skipped; a line ending in `...` matches any
    /// diagnostic that starts with what comes before (a location, a severity and a message prefix).
    static func expectedLines(_ text: String) -> [String] {
        text.split(separator: "\n").map(String.init)
            .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty && !$0.hasPrefix("#") }
    }

    static func matches(_ expected: String, _ actual: String) -> Bool {
        if expected.hasSuffix("...") {
            let prefix = String(expected.dropLast(3))
            // At least `path:line:column: severity:` must be given for a prefix to count.
            return prefix.contains(": error:") || prefix.contains(": warning:") ? actual.hasPrefix(prefix) : false
        }
        return expected == actual
    }

    static func compare(expected text: String, actual: [String]) -> Mismatch? {
        let expected = expectedLines(text)
        var ok = expected.count == actual.count
        var updated: [String] = text.split(separator: "\n").map(String.init).filter { $0.hasPrefix("#") }
        for (i, line) in actual.enumerated() {
            if i < expected.count, matches(expected[i], line) {
                updated.append(expected[i])
            } else {
                ok = false
                updated.append(line)
            }
        }
        if ok { return nil }
        return Mismatch(reason: "\(expected.count) expected line(s), \(actual.count) actual, or a line differs",
                        updated: updated.joined(separator: "\n") + "\n")
    }

    func testExpectedFormat() {
        XCTAssertTrue(Self.matches("a.yaml:1:2: error: YAML syntax: ...", "a.yaml:1:2: error: YAML syntax: found x"))
        XCTAssertFalse(Self.matches("a.yaml:1:2: error: YAML syntax: ...", "a.yaml:1:3: error: YAML syntax: found x"))
        XCTAssertFalse(Self.matches("a.yaml:...", "a.yaml:1:3: error: YAML syntax: found x"))
        XCTAssertNil(Self.compare(expected: "# c\n\na:1:1: error: m\n", actual: ["a:1:1: error: m"]))
        XCTAssertNotNil(Self.compare(expected: "a:1:1: error: m\n", actual: ["a:1:1: error: m", "a:2:1: error: n"]))
        XCTAssertNotNil(Self.compare(expected: "a:1:1: error: m\n", actual: ["a:1:1: warning: m"]))
    }
}
