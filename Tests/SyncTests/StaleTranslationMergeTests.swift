import XCTest
import Records
import Workspace
@testable import Sync

/// A translation's fingerprint (TranslationStamp) merges with its value, so the merged record
/// says stale exactly when the English kept was made from another French than the one kept.
final class StaleTranslationMergeTests: XCTestCase {
    typealias F = MergeFixture
    let base = F.progress()

    /// Each side as Carnet commits it: its edit, then the fingerprints brought up to date.
    func side(_ fr: String?, _ en: String?) -> CommitmentProgress {
        var p = base
        if let fr { p.results = p.results!.setting(fr, language: "fr", planLanguage: "fr") }
        if let en { p.results = p.results!.setting(en, language: "en", planLanguage: "fr") }
        return p.stampingTranslations(after: base, firstLanguage: "fr")
    }

    func merged(_ ours: CommitmentProgress, _ theirs: CommitmentProgress) -> CommitmentProgress {
        let r = F.merge(F.progressPath, base: base.canonicalYAML, ours: ours.canonicalYAML, theirs: theirs.canonicalYAML)
        XCTAssertNil(r.problem)
        return F.progress(r.text ?? "")
    }

    func stale(_ p: CommitmentProgress) -> [String] {
        p.staleTranslations(firstLanguage: "fr").filter { $0.field == "results" }.map(\.language)
    }

    func testFrenchChangedHereEnglishUntouchedThereStaysStale() {
        let ours = side("Résultats revus", nil)
        XCTAssertEqual(stale(ours), ["en"])
        XCTAssertEqual(stale(merged(ours, base)), ["en"])
        XCTAssertEqual(stale(merged(base, ours)), ["en"])
    }

    func testEnglishRetranslatedOfTheOldFrenchWhileTheFrenchChangedIsStale() {
        // Ours changed the French; theirs rewrote the English from the French it had (the old one).
        let ours = side("Résultats revus", nil), theirs = side(nil, "Better English results")
        for m in [merged(ours, theirs), merged(theirs, ours)] {
            XCTAssertEqual(m.results?.value(in: "fr"), "Résultats revus")
            XCTAssertEqual(m.results?.value(in: "en"), "Better English results")
            XCTAssertEqual(stale(m), ["en"], "the English kept translates the French that was replaced")
        }
    }

    func testBothLanguagesEditedTogetherOnOneSideStayFresh() {
        let ours = side("Résultats revus", "Revised results")
        XCTAssertEqual(stale(ours), [])
        XCTAssertEqual(stale(merged(ours, base)), [])
        XCTAssertEqual(stale(merged(base, ours)), [])
    }

    func testAConflictOnTheEnglishKeepsTheFingerprintOfTheValueKept() {
        // Ours revised both; theirs only the English: the English conflicts, one side's value wins
        // with its own fingerprint, so the verdict is that side's.
        let ours = side("Résultats revus", "Revised results"), theirs = side(nil, "Other English")
        let a = merged(ours, theirs)   // theirs wins the English: made from the old French
        XCTAssertEqual(a.results?.value(in: "en"), "Other English")
        XCTAssertEqual(stale(a), ["en"])
        let b = merged(theirs, ours)   // ours (the revised pair) wins
        XCTAssertEqual(b.results?.value(in: "en"), "Revised results")
        XCTAssertEqual(stale(b), [])
    }
}

/// Real copies and a hub: the French changed in one copy and the English in another (from the
/// French it had) end, in every copy, with the English marked stale; correcting it clears it.
final class StaleTranslationSyncTests: XCTestCase {
    let path = "commitments/09/progress.yaml"

    func edit(_ peers: SyncPeers, _ name: String, _ old: String, _ new: String) throws {
        let text = try peers.read(name, path)
        XCTAssertTrue(text.contains(old), old)
        try peers.write(name, path, text.replacingOccurrences(of: old, with: new))
    }

    func stale(_ peers: SyncPeers, _ name: String) throws -> [String] {
        try WorkingCopy(at: peers.copies[name]!).staleTranslations().map { "\($0.path) \($0.field) \($0.language)" }
    }

    func testCopiesAgreeOnWhatIsStaleAfterSync() throws {
        let peers = try SyncPeers()
        try peers.publish()
        try peers.clone("a")
        try peers.clone("b")
        try edit(peers, "a", "412 contrats de concession", "415 contrats de concession")
        try edit(peers, "b", "412 concession contracts have been inventoried", "412 concession contracts are inventoried")
        // Before anything is committed, each copy already says what its commit will mean.
        XCTAssertEqual(try stale(peers, "a"), ["\(path) results en"])
        XCTAssertEqual(try stale(peers, "b"), [])
        for name in ["a", "b", "a"] { XCTAssertEqual(try peers.sync(name).status, .inSync) }
        XCTAssertEqual(try stale(peers, "a"), ["\(path) results en"])
        XCTAssertEqual(try stale(peers, "b"), ["\(path) results en"])
        XCTAssertTrue(try peers.read("a", path).contains("415 contrats"))
        XCTAssertTrue(try peers.read("a", path).contains("412 concession contracts are inventoried"))

        // b corrects the English: cleared in b at once (pending), then everywhere.
        try edit(peers, "b", "412 concession contracts are inventoried", "415 concession contracts are inventoried")
        XCTAssertEqual(try stale(peers, "b"), [])
        for name in ["b", "a"] { XCTAssertEqual(try peers.sync(name).status, .inSync) }
        XCTAssertEqual(try stale(peers, "a"), [])
        XCTAssertEqual(try stale(peers, "b"), [])
    }
}
