import Foundation
import XCTest
import Records

/// Canonical writing: read → write → read is the same model, writing is a fixed point, and one
/// edit changes only its own lines.
final class CanonicalWritingTests: XCTestCase {
    func testEverySampleRecordRoundTrips() throws {
        try roundTrips(Fixtures.sample, atLeast: 30)
    }

    /// The second sample (Samples/northmere: themes, codes, drafts, units, reporting periods).
    func testEveryRecordOfTheSecondSampleRoundTrips() throws {
        try roundTrips(Fixtures.sample.deletingLastPathComponent().appendingPathComponent("northmere"), atLeast: 10)
    }

    private func roundTrips(_ sample: URL, atLeast count: Int) throws {
        let paths = Fixtures.recordPaths(in: sample)
        XCTAssertGreaterThan(paths.count, count)
        for path in paths {
            let original = try Fixtures.bytes(sample.appendingPathComponent(path))
            let (record, source) = AnyRecord.read(original, path: path)
            XCTAssertEqual(source.diagnostics, [], path)
            let written = try XCTUnwrap(record.canonicalYAML, path)
            let (again, againSource) = AnyRecord.read(Array(written.utf8), path: path)
            XCTAssertEqual(againSource.diagnostics, [], "\(path) as written:\n\(written)")
            XCTAssertEqual(again, record, "\(path): reading what was written gives another record")
            XCTAssertEqual(again.canonicalYAML, written, "\(path): writing is not a fixed point")
            // The samples are kept in canonical form: an unchanged file is written back byte for byte.
            XCTAssertEqual(written, String(decoding: original, as: UTF8.self), "\(path) is not in canonical form")
        }
    }

    private func sampleProgress(_ id: String) throws -> CommitmentProgress {
        let path = PlanLayout.progressFile(id)
        let (record, _) = AnyRecord.read(try Fixtures.bytes(Fixtures.sample.appendingPathComponent(path)), path: path)
        guard case .progress(let p?) = record else { throw XCTSkip("progress \(id) did not read") }
        return p
    }

    private func sampleCommitment(_ id: String) throws -> Commitment {
        let path = PlanLayout.commitmentFile(id)
        let (record, _) = AnyRecord.read(try Fixtures.bytes(Fixtures.sample.appendingPathComponent(path)), path: path)
        guard case .commitment(let c?) = record else { throw XCTSkip("commitment \(id) did not read") }
        return c
    }

    func testOneMilestoneCompletionChangesOneLine() throws {
        var p = try sampleProgress("05")
        let before = p.canonicalYAML
        let i = try XCTUnwrap(p.milestones.firstIndex { $0.id == "m3" })
        p.milestones[i].completion = .complete
        let diff = lineDiff(before, p.canonicalYAML)
        XCTAssertEqual(diff.removed, ["    completion: substantial"])
        XCTAssertEqual(diff.added, ["    completion: complete"])
        // …and it is the m3 line that changed, in place.
        let old = before.split(separator: "\n", omittingEmptySubsequences: false)
        let new = p.canonicalYAML.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(old.count, new.count)
        let changed = zip(old, new).enumerated().filter { $0.element.0 != $0.element.1 }.map(\.offset)
        XCTAssertEqual(changed.count, 1)
        if let line = changed.first { XCTAssertEqual(old[line - 1], "  - id: m3") }
    }

    func testOtherSingleEdits() throws {
        var p = try sampleProgress("05")
        let before = p.canonicalYAML

        var edited = p
        edited.completion = .complete
        var diff = lineDiff(before, edited.canonicalYAML)
        XCTAssertEqual(diff.removed, ["completion: substantial"])
        XCTAssertEqual(diff.added, ["completion: complete"])

        edited = p
        let m4 = try XCTUnwrap(edited.milestones.firstIndex { $0.id == "m4" })
        edited.milestones[m4].actualEnd = PlanDate("2027-05")
        diff = lineDiff(before, edited.canonicalYAML)
        XCTAssertEqual(diff.removed, [])
        XCTAssertEqual(diff.added, ["    actual_end: 2027-05"])

        edited = p
        edited.milestones[m4].note = edited.milestones[m4].note.map { $0.setting("Trois bureaux ouverts.", language: "fr", planLanguage: "fr") }
        diff = lineDiff(before, edited.canonicalYAML)
        XCTAssertEqual(diff.removed, ["    note: \"Bureaux ouverts à Tapir-Amont (juillet 2026) et Village-Neuf (octobre 2026).\""])
        XCTAssertEqual(diff.added, ["    note: \"Trois bureaux ouverts.\""])

        // Adding an English translation to a one-language text: that text's lines only.
        edited = p
        edited.milestones[m4].note = edited.milestones[m4].note.map { $0.setting("Offices opened.", language: "en", planLanguage: "fr") }
        diff = lineDiff(before, edited.canonicalYAML)
        XCTAssertEqual(diff.removed, ["    note: \"Bureaux ouverts à Tapir-Amont (juillet 2026) et Village-Neuf (octobre 2026).\""])
        XCTAssertEqual(diff.added.sorted(), ["    note:",
                                             "      en: \"Offices opened.\"",
                                             "      fr: \"Bureaux ouverts à Tapir-Amont (juillet 2026) et Village-Neuf (octobre 2026).\""].sorted())

        // A commitment: one milestone's end date.
        var c = try sampleCommitment("05")
        let cBefore = c.canonicalYAML
        c.milestones[1].end = PlanDate("2026-01")!
        diff = lineDiff(cBefore, c.canonicalYAML)
        XCTAssertEqual(diff.removed, ["    end: 2025-12"])
        XCTAssertEqual(diff.added, ["    end: 2026-01"])
        p = try sampleProgress("05")
        XCTAssertEqual(p.canonicalYAML, before, "reading twice gives the same bytes")
    }

    /// Strings that YAML would misread if written carelessly.
    static let trickyStrings: [String] = [
        "He said \"hi\"", "it's", "C:\\Program Files\\Carnet\\", "\\n is not a newline", "key: value", "a:b", "ends with colon:",
        "# not a comment", "text # not a comment either", "- not a list item", "-", "--- ", "...", "? not a key",
        "line one\nline two", "line one\nline two\n", "trailing newlines\n\n\n", "\nleading newline", " leading space",
        "trailing space ", "  \n  ", "a\n\nb", "a\n  indented\n b", "# first line\n- second line", "a  \nb  ", "a\n \nb",
        "\n", "\n\n", "", " ", "Évaluation — 日本語 🌍 ñ", "tab\there", "a\n\tb", "\tlead tab", "cr\r\nlf", "nbsp\u{A0}",
        "zero\u{FEFF}width", "del\u{7F}", "bell\u{07}", "nel\u{85}", "ls\u{2028}ps\u{2029}",
        "yes", "no", "null", "Null", "~", "true", "False", "on", "off", "05", "007", "1e5", "0x1F", "3.14", ".inf", "-.nan",
        "2017-06-30", "2017-06", "12:30:00", "@at", "`backtick", "%percent", "&anchor", "*alias", "!tag", "!!python/object",
        "|", ">", "|-\nx", "{a: b}", "[1, 2]", "'single'", "\"\"", "<<", "=",
    ]

    /// A distinct valid language code for each index: "qaa", "qab", …
    static func languageCode(_ i: Int) -> String {
        "q" + String(UnicodeScalar(UInt8(97 + i / 26 % 26))) + String(UnicodeScalar(UInt8(97 + i % 26)))
    }

    func testTrickyStringsSurviveRoundTrip() throws {
        var p = CommitmentProgress(commitment: "05", completion: .limited)
        p.results = .translated(Self.trickyStrings.enumerated().map { .init(Self.languageCode($0.offset), $0.element) })
        p.nextSteps = .plain("multi\nline with \"quotes\" and \\ and: colons\n")
        for (i, s) in Self.trickyStrings.enumerated() {
            var m = CommitmentProgress.MilestoneProgress(id: "m\(i)", completion: .limited)
            m.note = .plain(s)
            m.delayReason = .translated([.init("fr", s), .init("en", s + "!")])
            p.milestones.append(m)
            p.evidence.append(.init(id: "e\(i)", title: .plain(s), url: "https://example.org/\(i)"))
            p.conflicts.append(FieldConflict(field: "milestones.m\(i).note", kept: s + ".", lost: s + "\n", lostBy: s, lostAt: s))
        }
        let written = p.canonicalYAML
        let (read, source) = AnyRecord.read(Array(written.utf8), path: "commitments/05/progress.yaml")
        // Every string survives writing and reading; those that break TextRule (a control or
        // bidi character, a line break in a one-line value) are read back and refused, each once.
        var expected = 0
        for s in Self.trickyStrings {
            expected += [s, s, s, s + "!", s + ".", s + "\n"].filter { TextRule.prose.forbidden(in: $0) != nil }.count   // results, note, delay reason fr, en, kept, lost
            expected += [s, s, s].filter { TextRule.line.forbidden(in: $0) != nil }.count                         // title, lost_by, lost_at
        }
        XCTAssertEqual(source.diagnostics.filter { !$0.message.contains("' holds U+") }.map(\.description), [])
        XCTAssertEqual(source.diagnostics.count, expected, source.diagnostics.map(\.description).joined(separator: "\n"))
        guard case .progress(let q?) = read, q.milestones.count == p.milestones.count, q.evidence.count == p.evidence.count,
              q.conflicts.count == p.conflicts.count else { return XCTFail("not read back:\n\(written)") }
        for (i, s) in Self.trickyStrings.enumerated() {
            XCTAssertEqual(q.milestones[i].note, p.milestones[i].note, "note \(String(reflecting: s))")
            XCTAssertEqual(q.milestones[i].delayReason, p.milestones[i].delayReason, "delay reason \(String(reflecting: s))")
            XCTAssertEqual(q.evidence[i].title, p.evidence[i].title, "title \(String(reflecting: s))")
            XCTAssertEqual(q.conflicts[i], p.conflicts[i], "conflict \(String(reflecting: s))")
        }
        XCTAssertEqual(q.results, p.results)
        XCTAssertEqual(q.nextSteps, p.nextSteps)
        XCTAssertTrue(q == p, "the progress read back differs from the one written")
        XCTAssertTrue(q.canonicalYAML == written, "writing what was read gives other bytes")
    }

    /// Each tricky string alone as a person's name and a plan title: one at a time, so a failure names it.
    func testTrickyStringsOneByOne() throws {
        for s in Self.trickyStrings {
            let plan = Plan(country: .plain(s), title: .translated([.init("fr", s), .init("no", s)]),
                            start: PlanDate("2025-09-01")!, end: PlanDate("2027-06")!, yearGroup: .odd, languages: ["fr", "no"],
                            pointOfContact: Person(name: s.trimmingCharacters(in: .whitespaces).isEmpty ? "x" : s, title: .plain(s), organisation: "05",
                                                   email: "poc@gouv.example", phone: s))
            let written = plan.canonicalYAML
            let (read, source) = AnyRecord.read(Array(written.utf8), path: "plan.yaml")
            let errors = source.diagnostics.filter { $0.severity == .error }
            // All these values are one line: a string that breaks TextRule.line is read back, and
            // refused in each of its 6 fields (country, 2 titles, name, person's title, phone).
            if TextRule.line.forbidden(in: s) == nil {
                XCTAssertEqual(errors, [], "\(String(reflecting: s)) written as:\n\(written)")
            } else {
                XCTAssertEqual(errors.filter { $0.message.contains("' holds U+") }.count, 6, "\(String(reflecting: s)): \(errors)")
            }
            XCTAssertEqual(read, .plan(plan), "\(String(reflecting: s)) written as:\n\(written)")
            XCTAssertEqual(read.canonicalYAML, written)
        }
    }

    func testIdsThatLookLikeOtherTypesAreQuoted() {
        XCTAssertEqual(CanonicalYAML.id("05"), .text("05"))
        XCTAssertEqual(CanonicalYAML.id("no"), .text("no"))
        XCTAssertEqual(CanonicalYAML.id("min-terres"), .token("min-terres"))
        XCTAssertEqual(CanonicalYAML.write([("id", CanonicalYAML.id("05"))]), "id: \"05\"\n")
        XCTAssertEqual(CanonicalYAML.write([("a", .list([])), ("b", .map([])), ("c", .token("x"))]), "c: x\n")
    }
}
