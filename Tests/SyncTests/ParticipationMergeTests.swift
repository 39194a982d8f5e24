import XCTest
import Records
@testable import Sync

/// The participation records merge field by field like the others (docs/MERGE.md): edits of
/// different fields on two sides are both kept, the same field changed on both sides is a
/// conflict the hub's value wins and the record keeps, and the result always reads back valid.
final class ParticipationMergeTests: XCTestCase {
    typealias F = MergeFixture
    let meetingPath = "participation/meetings/2025-12-forum.yaml"
    let reviewPath = "participation/reviews/transparence-valdoria/02.yaml"
    let communicationPath = "participation/communications/2026-11-medicaments.yaml"
    let documentPath = "participation/documents/point-avancement-2026-03.yaml"

    private func merged(_ path: String, base: String, ours: String, theirs: String) throws -> (text: String, result: RecordMergeResult) {
        let r = F.merge(path, base: base, ours: ours, theirs: theirs)
        XCTAssertNil(r.problem, path)
        let text = try XCTUnwrap(r.text, path)
        guard case .participation(let record) = PlanLayout.kind(of: path) else { XCTFail("not a participation path"); return (text, r) }
        let source = RecordSource(bytes: Array(text.utf8), path: path)
        XCTAssertNotNil(record.read(source), text)
        XCTAssertEqual(source.diagnostics.filter { $0.severity == .error }, [], text)
        return (text, r)
    }

    func testDifferentFieldsOfAMeetingAreBothKept() throws {
        let base = F.sample(meetingPath)
        let ours = base.replacingOccurrences(of: "  government: 10", with: "  government: 12")
        let theirs = base.replacingOccurrences(of: "premier point d'avancement", with: "premier bilan")
        XCTAssertNotEqual(ours, base)
        XCTAssertNotEqual(theirs, base)
        let (text, result) = try merged(meetingPath, base: base, ours: ours, theirs: theirs)
        XCTAssertTrue(text.contains("government: 12"), text)
        XCTAssertTrue(text.contains("premier bilan"), text)
        XCTAssertEqual(result.conflicts, [])
    }

    func testTheSameFieldChangedOnBothSidesIsAConflictTheHubWins() throws {
        let base = F.sample(meetingPath)
        let ours = base.replacingOccurrences(of: "date: 2025-12-04", with: "date: 2025-12-05")
        let theirs = base.replacingOccurrences(of: "date: 2025-12-04", with: "date: 2025-12-11")
        let (text, result) = try merged(meetingPath, base: base, ours: ours, theirs: theirs)
        XCTAssertTrue(text.contains("date: 2025-12-11"), text)
        XCTAssertEqual(result.conflicts.map(\.field), ["date"])
        XCTAssertEqual(result.conflicts.first?.lost, "2025-12-05")
        XCTAssertTrue(text.contains("lost: 2025-12-05") || text.contains("lost: \"2025-12-05\""), text)
    }

    func testAReviewsEvidenceMergesAsASetAndItsRatingAsOneValue() throws {
        let base = F.sample(reviewPath)
        func link(_ n: Int) -> String { "  - title: \"Relevé \(n)\"\n    url: \"https://transparence-valdoria.example/releve-\(n)\"\n" }
        let ours = base.appendingEvidence(link(1))
            .replacingOccurrences(of: "completion: limited", with: "completion: not-started")
        let theirs = base.appendingEvidence(link(2)).replacingOccurrences(of: "completion: limited", with: "completion: substantial")
        let (text, result) = try merged(reviewPath, base: base, ours: ours, theirs: theirs)
        XCTAssertTrue(text.contains("releve-1") && text.contains("releve-2") && text.contains("registre-2026-10"), text)
        XCTAssertTrue(text.contains("completion: substantial"), text)
        XCTAssertEqual(result.conflicts.map(\.field), ["completion"])
    }

    func testAnAnswerAndAQuestionEditedApartMergeIntoAValidRecord() throws {
        let base = F.sample(communicationPath)
        let ours = base + "answered: 2026-11-20\nanswer: \"Chaque semaine.\"\nanswered_by: \"Amélie Dufresne-Kotto\"\n"
        let theirs = base.replacingOccurrences(of: "channel: email", with: "channel: letter")
        let (text, result) = try merged(communicationPath, base: base, ours: ours, theirs: theirs)
        XCTAssertTrue(text.contains("answered: 2026-11-20") && text.contains("channel: letter"), text)
        XCTAssertEqual(result.conflicts, [])
    }

    func testADocumentsFileAndUrlMergeAsOneChoice() throws {
        let base = F.sample(documentPath)
        let ours = base.replacingOccurrences(of: "url: \"https://gouvernement-ouvert.valdoria.example/avancement-2026-03\"", with: "file: \"files/avancement.pdf\"")
        let theirs = base.replacingOccurrences(of: "avancement-2026-03\"", with: "avancement-mars-2026\"")
        XCTAssertNotEqual(ours, base)
        let (text, result) = try merged(documentPath, base: base, ours: ours, theirs: theirs)
        let document = try XCTUnwrap(ProcessDocument.read(RecordSource(bytes: Array(text.utf8), path: documentPath), id: "point-avancement-2026-03"))
        XCTAssertEqual(document.url, "https://gouvernement-ouvert.valdoria.example/avancement-mars-2026", "the hub's choice wins")
        XCTAssertNil(document.file, text)
        XCTAssertEqual(result.conflicts.map(\.field), ["file"])
    }

    func testMergeOfAnInvalidSideSaysWhyAndWritesNothing() {
        let base = F.sample(meetingPath)
        let r = F.merge(meetingPath, base: base, ours: base.replacingOccurrences(of: "kind: forum", with: "kind: banquet"), theirs: base)
        XCTAssertNil(r.text)
        XCTAssertNotNil(r.problem)
    }
}

private extension String {
    /// Adds an item to the `evidence:` list of a review in canonical form.
    func appendingEvidence(_ item: String) -> String {
        guard let range = range(of: "evidence:\n") else { return self }
        return replacingCharacters(in: range, with: "evidence:\n" + item)
    }
}
