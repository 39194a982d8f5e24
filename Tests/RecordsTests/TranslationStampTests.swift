import Foundation
@testable import Records
import XCTest

/// Fingerprints of the first-language text a translation was made from (TranslationStamp):
/// read, written canonically, brought up to date by the one rule, and judged.
final class TranslationStampTests: XCTestCase {
    let path = "commitments/05/progress.yaml"

    func progress(_ yaml: String) -> (CommitmentProgress?, [Diagnostic]) {
        let source = RecordSource(bytes: Array(yaml.utf8), path: path)
        return (CommitmentProgress.read(source, expectedID: "05"), source.diagnostics)
    }

    func record(results: String) -> String {
        "commitment: \"05\"\ncompletion: limited\nresults:\n" + results
    }

    func testAFingerprintIsReadAndWrittenBackBesideItsTranslation() throws {
        let stamp = TranslationStamp.of("Résultats")
        let (p, diagnostics) = progress(record(results: "  fr: \"Résultats\"\n  en: \"Results\"\n  en_from: \"\(stamp)\"\n"))
        XCTAssertEqual(diagnostics, [])
        XCTAssertEqual(p?.results, .translated([.init("fr", "Résultats"), .init("en", "Results", from: stamp)]))
        let written = try XCTUnwrap(p).canonicalYAML
        XCTAssertTrue(written.contains("  en: \"Results\"\n  en_from: \"\(stamp)\"\n"), written)
        XCTAssertEqual(progress(written).0, p, "canonical text reads back the same")
    }

    func testAFingerprintWithoutItsTranslationIsDroppedAndADamagedOneIsAWarning() throws {
        let (p, diagnostics) = progress(record(results: "  fr: \"Résultats\"\n  es_from: \"0badc0de\"\n  en: \"Results\"\n  en_from: [x]\n"))
        XCTAssertEqual(p?.results, .translated([.init("fr", "Résultats"), .init("en", "Results")]))
        XCTAssertEqual(diagnostics.map(\.severity), [.warning], "\(diagnostics)")
        XCTAssertTrue(diagnostics.first?.message.contains("results.en_from") ?? false)
        XCTAssertFalse(try XCTUnwrap(p).canonicalYAML.contains("_from"))
        // Not a language code before _from: the key is refused as any other would be.
        XCTAssertTrue(progress(record(results: "  fr: \"R\"\n  EN_from: \"0badc0de\"\n")).1.contains { $0.severity == .error })
    }

    func testTheFingerprintIsStableAndIgnoresUnicodeNormalisation() {
        XCTAssertEqual(TranslationStamp.of("Résultats"), TranslationStamp.of("Re\u{301}sultats"))
        XCTAssertNotEqual(TranslationStamp.of("Résultats"), TranslationStamp.of("Résultats."))
        XCTAssertEqual(TranslationStamp.of(""), "811c9dc5")
        XCTAssertTrue(TranslationStamp.isValid(TranslationStamp.of("x")))
        XCTAssertFalse(TranslationStamp.isValid("0BADC0DE"))
    }

    func testTheRule() {
        let before = Text.translated([.init("fr", "Texte"), .init("en", "Text")])
        // A French edit alone: the English was made from the old French, so it is stale.
        let frEdited = Text.translated([.init("fr", "Texte revu"), .init("en", "Text")]).stamped(after: before, firstLanguage: "fr")
        XCTAssertEqual(frEdited.staleLanguages(firstLanguage: "fr"), ["en"])
        XCTAssertEqual(frEdited.languages, ["fr", "en"])
        // Later French edits keep it stale; a later English edit clears it.
        let again = frEdited.setting("Texte revu encore", language: "fr", planLanguage: "fr").stamped(after: frEdited, firstLanguage: "fr")
        XCTAssertTrue(again.isStale("en", firstLanguage: "fr"))
        let enEdited = again.setting("Revised text", language: "en", planLanguage: "fr").stamped(after: again, firstLanguage: "fr")
        XCTAssertEqual(enEdited.staleLanguages(firstLanguage: "fr"), [])
        // Both edited together: a fresh translation.
        let both = Text.translated([.init("fr", "A"), .init("en", "B")]).stamped(after: before, firstLanguage: "fr")
        XCTAssertEqual(both.staleLanguages(firstLanguage: "fr"), [])
        // Nothing changed and nothing known: no fingerprint is invented.
        XCTAssertEqual(before.stamped(after: before, firstLanguage: "fr"), before)
        // A translation added to a plain text is stamped with the text it translates.
        let added = Text.plain("Texte").setting("Text", language: "en", planLanguage: "fr").stamped(after: .plain("Texte"), firstLanguage: "fr")
        XCTAssertEqual(added, .translated([.init("fr", "Texte"), .init("en", "Text", from: TranslationStamp.of("Texte"))]))
        // The first language's own fingerprint means nothing and is dropped.
        let own = Text.translated([.init("fr", "Texte", from: "0badc0de"), .init("en", "Text")]).stamped(after: before, firstLanguage: "fr")
        XCTAssertEqual(own, before)
    }

    func testRecordFieldsAreMatchedByPathNotPosition() throws {
        var old = CommitmentProgress(commitment: "05", completion: .limited)
        var m1 = CommitmentProgress.MilestoneProgress(id: "m1", completion: .limited)
        m1.note = .translated([.init("fr", "Note"), .init("en", "Note")])
        let m2 = CommitmentProgress.MilestoneProgress(id: "m2", completion: .limited)
        old.milestones = [m1, m2]
        var new = old
        new.milestones = [m2, m1]
        new.milestones[1].note = .translated([.init("fr", "Note revue"), .init("en", "Note")])
        let stamped = new.stampingTranslations(after: old, firstLanguage: "fr")
        XCTAssertEqual(stamped.staleTranslations(firstLanguage: "fr").map { "\($0.field).\($0.language)" }, ["milestones.m1.note.en"])
    }

    func testRestampRewritesOnlyWhenAFingerprintChanges() throws {
        let before = record(results: "  fr: \"Texte\"\n  en: \"Text\"\n")
        XCTAssertNil(TranslationStamp.restamp(path: path, text: Array(before.utf8), before: Array(before.utf8), firstLanguage: "fr"))
        let edited = record(results: "  fr: \"Texte revu\"\n  en: \"Text\"\n")
        let text = try XCTUnwrap(TranslationStamp.restamp(path: path, text: Array(edited.utf8), before: Array(before.utf8), firstLanguage: "fr"))
        XCTAssertTrue(text.contains("en_from: \"\(TranslationStamp.of("Texte"))\""), text)
        let stale = TranslationStamp.staleAfterCommit(path: path, text: Array(edited.utf8), before: Array(before.utf8), firstLanguage: "fr")
        XCTAssertEqual(stale.map(\.field), ["results"])
        XCTAssertEqual(stale.first?.location.line, 5, "located in the person's own text")
        // An invalid file is never rewritten.
        XCTAssertNil(TranslationStamp.restamp(path: path, text: Array("completion: [".utf8), before: Array(before.utf8), firstLanguage: "fr"))
    }

    func testValidateWarnsNamingTheFieldAndLanguage() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("carnet-stale-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: root) }
        let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Samples/valdoria")
        try FileManager.default.copyItem(at: sample, to: root)
        let file = root.appendingPathComponent("commitments/05/commitment.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        let old = "  en: \"Public land records\"\n"
        XCTAssertTrue(text.contains(old))
        try text.replacingOccurrences(of: old, with: old + "  en_from: \"0badc0de\"\n").write(to: file, atomically: true, encoding: .utf8)
        let snapshot = PlanSnapshot(root: root)
        XCTAssertEqual(snapshot.staleTranslations().map { "\($0.path) \($0.field) \($0.language) \($0.location.line)" },
                       ["commitments/05/commitment.yaml title en 5"])
        let warnings = PlanValidator().validate(snapshot).filter { $0.message.contains("title.en") }
        XCTAssertEqual(warnings.map(\.severity), [.warning])
        XCTAssertEqual(warnings.first?.line, 5)
        XCTAssertTrue(warnings.first?.message.contains("title.fr") ?? false, warnings.first?.message ?? "")
    }
}
