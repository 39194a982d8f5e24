import Foundation
import TestSupport
import XCTest

/// `carnet undo` (issue 11): the last local change not yet on the hub is taken back, offline,
/// one at a time; what the hub has is never touched. The real binary; git as the oracle.
final class UndoTests: CLITestCase {
    private func terresCopy() throws -> String {
        let plan = try samplePlan()
        XCTAssertEqual(try carnet("hub", "init", work.path + "/hub.git", "--from", plan).status, 0)
        XCTAssertEqual(try carnet("clone", work.path + "/hub.git", "terres", "--ministry", "autorite-terres").status, 0)
        let copy = work.path + "/terres"
        XCTAssertEqual(try carnet("whoami", "--name", "Rosine Abessolo", "--email", "rosine@terres.example", in: copy).status, 0)
        return copy
    }

    private func progress(_ copy: String) throws -> String {
        try String(contentsOfFile: copy + "/commitments/05/progress.yaml", encoding: .utf8)
    }

    func testUndoTakesBackLocalChangesOneByOneAndNeverWhatTheHubHas() throws {
        let copy = try terresCopy()
        let onHub = try head(copy)
        XCTAssertEqual(try carnet("milestone", "set", "05", "m1", "--note", "Premier atelier", in: copy).status, 0)
        let first = try head(copy)
        XCTAssertEqual(try carnet("milestone", "set", "05", "m2", "--note", "Second atelier", in: copy).status, 0)

        let undo = try carnet("undo", in: copy)
        XCTAssertEqual(undo.status, 0, undo.stderr)
        XCTAssertTrue(undo.stdout.contains("milestone m2"), undo.stdout)
        XCTAssertFalse(try progress(copy).contains("Second atelier"))
        XCTAssertTrue(try progress(copy).contains("Premier atelier"))
        XCTAssertEqual(try head(copy), first)
        XCTAssertEqual(try git("status", "--porcelain", in: copy), "")

        XCTAssertEqual(try carnet("undo", in: copy).status, 0)
        XCTAssertFalse(try progress(copy).contains("Premier atelier"))
        XCTAssertEqual(try head(copy), onHub)

        let nothing = try carnet("undo", in: copy)
        XCTAssertEqual(nothing.status, 77)
        XCTAssertTrue(nothing.stderr.contains("on the hub already"), nothing.stderr)
        XCTAssertEqual(try head(copy), onHub)
        // Nothing is lost: the changes taken back are still in the copy.
        XCTAssertEqual(try git("for-each-ref", "--format=%(refname)", "refs/carnet/undone", in: copy).split(separator: "\n").count, 2)
    }

    func testUndoNeverOverwritesAnEditNotCommitted() throws {
        let copy = try terresCopy()
        XCTAssertEqual(try carnet("milestone", "set", "05", "m1", "--note", "Premier atelier", in: copy).status, 0)
        let before = try head(copy)
        let edited = try progress(copy).replacingOccurrences(of: "Premier atelier", with: "Premier atelier, corrigé à la main")
        try edited.write(toFile: copy + "/commitments/05/progress.yaml", atomically: true, encoding: .utf8)
        let undo = try carnet("undo", in: copy)
        XCTAssertEqual(undo.status, 65, undo.stdout + undo.stderr)
        XCTAssertTrue(undo.stderr.contains("commitments/05/progress.yaml"), undo.stderr)
        XCTAssertEqual(try head(copy), before)
        XCTAssertEqual(try progress(copy), edited)
    }

    func testAfterASyncTheHubsChangesStayAndOnlyOursIsTakenBack() throws {
        let copy = try terresCopy()
        XCTAssertEqual(try carnet("milestone", "set", "05", "m1", "--note", "Envoyé", in: copy).status, 0)
        XCTAssertEqual(try carnet("sync", in: copy).status, 0)
        let undo = try carnet("undo", in: copy)
        XCTAssertEqual(undo.status, 77, "a change the hub has is not taken back: \(undo.stdout)")
        XCTAssertTrue(try progress(copy).contains("Envoyé"))
    }
}
