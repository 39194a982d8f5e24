import Foundation
import TestSupport
import XCTest

/// A plan workbook carries the plan's first language only: a translation it does not carry is
/// not a deletion. Peers: openpyxl fills and edits the workbook, PyYAML reads the records back,
/// git counts the commits.
extension PlanReimportTests {
    /// Import, translate through the CLI (and the plan's title by hand, committed), import the
    /// same workbook again: no commit, every translation kept. Then a changed English title:
    /// one commit of that file, its French kept and marked stale (a fingerprint of the old text).
    func testTranslationsKeptWhenImportedAgain() throws {
        let northmere = try northmereWorkbook()
        let file = work.path + "/bilingual.xlsx"
        try edit(northmere, file, [["op": "set_by_code", "sheet": "Plan", "row": 3, "code": "languages", "text": "en, fr"]])
        let plan = work.path + "/plan"
        let first = try importInto(plan, file)
        XCTAssertEqual(first.status, 0, first.stderr + first.stdout)

        let env = ["HOME": home.path, "XDG_CONFIG_HOME": home.path, "GIT_CONFIG_NOSYSTEM": "1", "CARNET_TODAY": "2026-11-27"]
        let define = try Shell.run([RepositoryPaths.carnetBinary, "commitment", "define", "01", "--lang", "fr",
                                    "--title", "Commande publique ouverte dans toute l'administration", "-C", plan], environment: env)
        XCTAssertEqual(define.status, 0, define.stderr + define.stdout)
        let milestone = try Shell.run([RepositoryPaths.carnetBinary, "milestone", "define", "01", "m1", "--lang", "fr",
                                       "--activity", "Adopter le standard de données sur la commande publique ouverte.", "-C", plan],
                                      environment: env)
        XCTAssertEqual(milestone.status, 0, milestone.stderr + milestone.stdout)
        let planFile = plan + "/plan.yaml"
        let text = try String(contentsOfFile: planFile, encoding: .utf8)
        let title = try XCTUnwrap(text.split(separator: "\n").first { $0.hasPrefix("title: ") })
        let translated = "title:\n  en: " + title.dropFirst("title: ".count) + "\n  fr: \"Quatrième plan d'action national\""
        try text.replacingOccurrences(of: String(title), with: translated).write(toFile: planFile, atomically: true, encoding: .utf8)
        _ = try git("commit", "-q", "-am", "Plan title in French", in: plan)
        let commits = try self.commits(plan)

        let again = try importInto(plan, file)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stdout.contains("Nothing to import"), again.stdout + again.stderr)
        XCTAssertEqual(try self.commits(plan), commits)
        XCTAssertEqual(try git("status", "--porcelain", in: plan), "")
        let commitment = plan + "/commitments/01/commitment.yaml"
        XCTAssertEqual(try yaml(commitment, "[d['title']['fr'], d['milestones'][0]['activity']['fr']]"),
                       "[\"Commande publique ouverte dans toute l'administration\", \"Adopter le standard de donn\\u00e9es sur la commande publique ouverte.\"]")
        XCTAssertEqual(try yaml(planFile, "d['title']['fr']"), "\"Quatri\\u00e8me plan d'action national\"")

        // The English title changed in the workbook: the French one stays, now stale.
        let changed = work.path + "/changed.xlsx"
        try edit(file, changed, [["op": "set_by_code", "sheet": "Commitments", "row": 3, "code": "title", "text": "Open contracting everywhere"]])
        let update = try importInto(plan, changed)
        XCTAssertEqual(update.status, 0, update.stderr + update.stdout)
        XCTAssertEqual(try self.commits(plan), commits + 1)
        XCTAssertEqual(try git("diff", "--name-only", "HEAD~1", "HEAD", in: plan).trimmingCharacters(in: .whitespacesAndNewlines),
                       "commitments/01/commitment.yaml")
        XCTAssertEqual(try yaml(commitment, "[d['title']['en'], d['title']['fr'], len(d['title'].get('fr_from', ''))]"),
                       "[\"Open contracting everywhere\", \"Commande publique ouverte dans toute l'administration\", 8]")
        let status = try Shell.run([RepositoryPaths.carnetBinary, "status", "-C", plan], environment: env)
        XCTAssertTrue(status.stdout.contains("1 translation to review") && status.stdout.contains("title (fr)"), status.stdout)
    }
}
