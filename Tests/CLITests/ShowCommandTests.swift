import Foundation
import TestSupport
import XCTest

/// `carnet show`: one commitment at a glance, judged against a fixed day.
final class ShowCommandTests: CLITestCase {
    private func json(_ result: ShellResult) throws -> [String: Any] {
        XCTAssertEqual(result.status, 0, result.stderr)
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], result.stdout)
    }

    private func milestone(_ sheet: [String: Any], _ id: String) -> [String: Any]? {
        (sheet["milestones"] as? [[String: Any]])?.first { $0["id"] as? String == id }
    }

    func testPlainTextForAPersonAcceptsTheNumber() throws {
        let plan = try samplePlan()
        let shown = try carnet("show", "5", "--today", "2026-11-27", "-C", plan)
        XCTAssertEqual(shown.status, 0, shown.stderr)
        let text = shown.stdout
        for expected in [
            "Commitment 5 (05): Documents publics relatifs aux terres",
            "Lead agency:  Autorité nationale relative aux terres (autorite-terres)",
            "Completion:   substantial",
            "m3  substantial  planned January 2026 to September 2026; started 2 February 2026",
            "OVERDUE by 58 days",
            "reason for delay: Les crues de mai 2026",
            "2 of 4 complete; overdue: m3",
            "e1  Compte rendu de l'atelier d'installation du conseil de Tapir River  [milestone m1]",
            "commitments/05/evidence/compte-rendu-atelier.md  (added 3 October 2025)",
            "https://registre-foncier.valdoria.example/tapir-river",
            "Conflicts: none",
            "by Awa Diallo <awa@terres.example>",
        ] {
            XCTAssertTrue(text.contains(expected), "missing \(expected) in:\n\(text)")
        }
        XCTAssertFalse(text.contains("no reason for delay"), text)
        XCTAssertEqual(try carnet("show", "05", "--today", "2026-11-27", "-C", plan).stdout, text, "05 and 5 are the same commitment")
        let english = try carnet("show", "5", "--lang", "en", "-C", plan)
        XCTAssertTrue(english.stdout.contains("Commitment 5 (05): Public land records"), english.stdout)
    }

    func testJSONSaysWhatIsDueOverdueAndWhereAReasonIsMissing() throws {
        let plan = try samplePlan()
        let late = try json(try carnet("show", "05", "--json", "--today", "2027-07-15", "-C", plan))
        XCTAssertEqual(late["id"] as? String, "05")
        XCTAssertEqual(late["number"] as? Int, 5)
        XCTAssertEqual(late["asOf"] as? String, "2027-07-15")
        XCTAssertEqual((late["lead"] as? [String: Any])?["id"] as? String, "autorite-terres")
        XCTAssertEqual(milestone(late, "m4")?["state"] as? String, "overdue")
        // The plan ended 30 June 2027: a finished plan is judged the day after its end, not
        // against today (issue 14, item 7), so m4 missed the plan's end by one day, not 15.
        XCTAssertEqual(milestone(late, "m4")?["days"] as? Int, 1)
        XCTAssertEqual(milestone(late, "m4")?["delayReasonMissing"] as? Bool, true)
        XCTAssertEqual(milestone(late, "m3")?["delayReasonMissing"] as? Bool, false)
        XCTAssertEqual(milestone(late, "m1")?["state"] as? String, "complete")
        XCTAssertEqual(milestone(late, "m1")?["actualEnd"] as? String, "2025-11-28")
        let evidence = late["evidence"] as? [[String: Any]]
        XCTAssertEqual(evidence?.map { $0["id"] as? String }, ["e1", "e2", "e3", "e4"])
        XCTAssertEqual(evidence?.first?["file"] as? String, "commitments/05/evidence/compte-rendu-atelier.md")
        XCTAssertEqual(evidence?[1]["url"] as? String, "https://terres.gouv.valdoria.example/tapir-river/rapport-consultation-2026.pdf")
        XCTAssertEqual((late["conflicts"] as? [Any])?.count, 0)

        let plain = try carnet("show", "05", "--today", "2027-07-15", "-C", plan)
        XCTAssertTrue(plain.stdout.contains("no reason for delay: add one with  carnet milestone set 05 m4 --delay-reason"), plain.stdout)

        XCTAssertEqual(try carnet("milestone", "set", "05", "m4", "--delay-reason", "Budget gelé", "-C", plan).status, 0)
        let explained = try json(try carnet("show", "05", "--json", "--today", "2027-07-15", "-C", plan))
        XCTAssertEqual(milestone(explained, "m4")?["delayReasonMissing"] as? Bool, false)
        XCTAssertEqual(milestone(explained, "m4")?["delayReason"] as? String, "Budget gelé")
        let last = explained["lastChange"] as? [String: Any]
        XCTAssertEqual(last?["message"] as? String, "Commitment 05, milestone m4: reason for delay")
        XCTAssertEqual(last?["commit"] as? String, try head(plan).trimmingCharacters(in: .newlines))

        let soon = try json(try carnet("show", "05", "--json", "--today", "2027-06-10", "-C", plan))
        XCTAssertEqual(milestone(soon, "m4")?["state"] as? String, "due")
        XCTAssertEqual(milestone(soon, "m4")?["days"] as? Int, 20)
        XCTAssertEqual(milestone(soon, "m3")?["state"] as? String, "overdue")
    }

    func testUnknownCommitmentOrBadDayIsAUsageError() throws {
        let plan = try samplePlan()
        let unknown = try carnet("show", "42", "-C", plan)
        XCTAssertEqual(unknown.status, 64, unknown.stderr)
        XCTAssertTrue(unknown.stderr.contains("no commitment '42'"), unknown.stderr)
        XCTAssertEqual(try carnet("show", "05", "--today", "2026-13-01", "-C", plan).status, 64)
        XCTAssertEqual(try carnet("show", "../05", "-C", plan).status, 64)
    }

    func testAnInvalidProgressFileIsNamedNotShownHalfRead() throws {
        let plan = try samplePlan()
        try work.write("plan/commitments/05/progress.yaml", "commitment: \"05\"\ncompletion: almost\n")
        let shown = try carnet("show", "5", "-C", plan)
        XCTAssertEqual(shown.status, 65, shown.stderr)
        XCTAssertTrue(shown.stderr.contains("commitments/05/progress.yaml:2:"), shown.stderr)
        XCTAssertTrue(shown.stderr.contains("is invalid: fix it"), shown.stderr)
        XCTAssertEqual(shown.stdout, "")
    }

    func testTheEditingCommandsTakeTheNumberToo() throws {
        let plan = try samplePlan()
        let set = try carnet("milestone", "set", "5", "m4", "--completion", "substantial", "-C", plan)
        XCTAssertEqual(set.status, 0, set.stderr)
        XCTAssertEqual(try git("log", "-1", "--format=%s", in: plan), "Commitment 05, milestone m4: completion limited → substantial\n")
        XCTAssertEqual(try carnet("commitment", "set", "8", "--completion", "limited", "-C", plan).status, 0)
        XCTAssertEqual(try git("show", "--name-only", "--format=", "HEAD", in: plan), "commitments/08/progress.yaml\n")
        let log = try carnet("log", "5", "--json", "-C", plan)
        XCTAssertEqual(log.status, 0, log.stderr)
        XCTAssertEqual((try JSONSerialization.jsonObject(with: Data(log.stdout.utf8)) as? [Any])?.count, 2)
        XCTAssertEqual(try carnet("milestone", "set", "50", "m1", "--completion", "complete", "-C", plan).status, 64)
    }
}
