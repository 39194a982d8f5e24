import Foundation
import TestSupport
import XCTest

/// `carnet status` shows the participation rules in a short section, in the reader's language,
/// and `--json` gives the same findings language-neutral.
final class ParticipationStatusTests: XCTestCase {
    func testStatusShowsTheParticipationSection() throws {
        let dir = TemporaryDirectory("participation-status")
        let plan = dir.path + "/plan"
        let carnet = RepositoryPaths.carnetBinary
        XCTAssertEqual(try Shell.run([carnet, "plan", "init", plan, "--sample", "--name", "Amélie", "--email", "amelie@example.org"]).status, 0)
        let today = ["CARNET_TODAY": "2026-11-27"]
        let en = try Shell.run([carnet, "status"], in: plan, environment: today)
        XCTAssertEqual(en.status, 0, en.stderr)
        for line in ["Participation (forum, consultations, questions):", "no forum meeting in 1 quarter: Q1 2026",
                     "2026-03-registre-beneficiaires answered late: due 30 March 2026, answered 14 April 2026",
                     "2026-11-medicaments awaits an answer, due 7 December 2026",
                     "mid-term self-assessment (due 30 September 2026): consulted (auto-evaluation-mi-parcours)"] {
            XCTAssertTrue(en.stdout.contains(line), "no '\(line)' in:\n\(en.stdout)")
        }
        let fr = try Shell.run([carnet, "status"], in: plan, environment: today.merging(["CARNET_LANG": "", "LANG": "fr_FR.UTF-8"]) { $1 })
        XCTAssertTrue(fr.stdout.contains("aucune réunion du forum pendant 1 trimestre\u{A0}: T1 2026"), fr.stdout)
        XCTAssertTrue(fr.stdout.contains("réponse attendue au plus tard le 7 décembre 2026"), fr.stdout)
        let json = try Shell.run([carnet, "status", "--json"], in: plan, environment: today.merging(["CARNET_LANG": "", "LANG": "fr_FR.UTF-8"]) { $1 })
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let participation = try XCTUnwrap(object["participation"] as? [String: Any], json.stdout)
        XCTAssertEqual(participation["quartersWithoutMeeting"] as? [String], ["2026-Q1"])
        XCTAssertEqual((participation["answeredLate"] as? [[String: Any]])?.first?["deadline"] as? String, "2026-03-30")
    }
}
