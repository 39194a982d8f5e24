import Foundation
import TestSupport
import XCTest

/// `carnet evidence title`: an entry's title in one of the plan's languages, through the engine
/// the web app's title field uses (one commit, or refused with nothing written); git as the oracle.
final class EvidenceTitleCommandTests: CLITestCase {
    private func committedProgress(_ plan: String) throws -> String {
        try git("show", "HEAD:commitments/05/progress.yaml", in: plan)
    }

    func testATitleInAnotherLanguageIsWrittenBesideTheOriginalInOneCommit() throws {
        let plan = try samplePlan()
        let before = try head(plan).trimmingCharacters(in: .newlines)
        let result = try carnet("evidence", "title", "5", "e4", "Municipal order opening the Tapir-Amont arbitration office", "--lang", "en", "-C", plan)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try git("rev-list", "--count", "\(before)..HEAD", in: plan), "1\n")
        XCTAssertEqual(try git("show", "--name-only", "--format=%s", "HEAD", in: plan),
                       "Commitment 05, evidence e4: title (en)\n\ncommitments/05/progress.yaml\n")
        let progress = try committedProgress(plan)
        XCTAssertTrue(progress.contains("fr: \"Arrêté municipal portant ouverture du Bureau d'arbitrage de l'Ombudsman de Tapir-Amont\""), progress)
        XCTAssertTrue(progress.contains("en: \"Municipal order opening the Tapir-Amont arbitration office\""), progress)
        XCTAssertEqual(try git("status", "--porcelain", "--untracked-files=all", in: plan), "")
        XCTAssertEqual(try carnet("validate", plan).status, 0)
        // The English page of `carnet show` reads it back.
        let shown = try carnet("show", "05", "--lang", "en", "-C", plan)
        XCTAssertTrue(shown.stdout.contains("Municipal order opening the Tapir-Amont arbitration office"), shown.stdout)
    }

    func testTheOriginalTitleChangesWithoutLangAndTheSameTitleAgainIsNoCommit() throws {
        let plan = try samplePlan()
        let result = try carnet("evidence", "title", "05", "e1", "Compte rendu de l'atelier inaugural du conseil", "-C", plan)
        XCTAssertEqual(result.status, 0, result.stderr)
        let progress = try committedProgress(plan)
        XCTAssertTrue(progress.contains("fr: \"Compte rendu de l'atelier inaugural du conseil\""), progress)
        XCTAssertTrue(progress.contains("en: \"Minutes of the Tapir River council's inaugural workshop\""), progress)
        let before = try head(plan)
        let again = try carnet("evidence", "title", "05", "e1", "Compte rendu de l'atelier inaugural du conseil", "-C", plan)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(try head(plan), before, "nothing differs: no commit")
    }

    func testAnUnknownEntryOrABadTitleIsRefusedWithNothingWritten() throws {
        let plan = try samplePlan()
        let before = try head(plan)
        let unknown = try carnet("evidence", "title", "05", "e9", "Titre", "-C", plan)
        XCTAssertEqual(unknown.status, 64, unknown.stderr)
        XCTAssertTrue(unknown.stderr.contains("no evidence 'e9'"), unknown.stderr)
        XCTAssertTrue(unknown.stderr.contains("e1, e2, e3, e4"), unknown.stderr)
        let control = try carnet("evidence", "title", "05", "e2", "Rapport\u{7}", "-C", plan)
        XCTAssertEqual(control.status, 65, control.stderr)
        XCTAssertFalse(control.stderr.contains("Fatal"), control.stderr)
        let language = try carnet("evidence", "title", "05", "e2", "Titre", "--lang", "english", "-C", plan)
        XCTAssertEqual(language.status, 64, language.stderr)
        XCTAssertEqual(try head(plan), before)
        XCTAssertEqual(try git("status", "--porcelain", "--untracked-files=all", in: plan), "")
    }
}
