import Foundation
import TestSupport
import XCTest

/// `carnet meeting add`, `consultation add`, `communication add` / `answer`, `review set` and
/// `document add`: one record in canonical YAML and one commit each, judged by the one validator
/// and the one access rule, with `carnet status`'s rules and git as the oracles.
final class ParticipationEditTests: CLITestCase {
    private func file(_ plan: String, _ path: String) throws -> String {
        try String(contentsOfFile: plan + "/" + path, encoding: .utf8)
    }

    private func commits(_ plan: String) throws -> Int {
        Int(try git("rev-list", "--count", "HEAD", in: plan).trimmingCharacters(in: .whitespacesAndNewlines))!
    }

    private func clean(_ plan: String) throws -> Bool { try git("status", "--porcelain", "--untracked-files=all", in: plan).isEmpty }

    /// This plan as a ministry's copy (what `carnet clone --ministry` writes).
    private func asMinistry(_ plan: String, _ ministry: String) throws {
        _ = try git("config", "carnet.role", "ministry", in: plan)
        _ = try git("config", "carnet.ministry", ministry, in: plan)
    }

    func testAMeetingInTheQuarterWithoutOneIsOneCommitAndStatusSeesIt() throws {
        let plan = try samplePlan()
        XCTAssertTrue(try carnet("status", in: plan).stdout.contains("no forum meeting in 1 quarter: 2026-Q1"))
        let before = try commits(plan)
        let result = try carnet("meeting", "add", "19/02/2026", "--title", "Forum: budget review", "--kind", "Forum",
                                "--government", "9", "--civil-society", "12", "--remote", "--agenda", "The 2026 budget", in: plan)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("Participation: meeting 2026-02-19-forum recorded"), result.stdout)
        XCTAssertEqual(try commits(plan), before + 1)
        XCTAssertEqual(try git("show", "--name-only", "--format=", "HEAD", in: plan), "participation/meetings/2026-02-19-forum.yaml\n")
        XCTAssertEqual(try file(plan, "participation/meetings/2026-02-19-forum.yaml"), """
            date: 2026-02-19
            kind: forum
            title: "Forum: budget review"
            remote: true
            attendance:
              government: 9
              civil_society: 12
            agenda: "The 2026 budget"

            """)
        XCTAssertEqual(try carnet("format", "--check", in: plan).status, 0, "written in canonical form")
        XCTAssertEqual(try carnet("validate", in: plan).status, 0)
        XCTAssertFalse(try carnet("status", in: plan).stdout.contains("2026-Q1"))
        // The same day again: a second meeting, its own file.
        XCTAssertEqual(try carnet("meeting", "add", "2026-02-19", "--title", "Second forum", in: plan).status, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: plan + "/participation/meetings/2026-02-19-forum-2.yaml"))
    }

    func testRefusedInputWritesNothing() throws {
        let plan = try samplePlan()
        let before = try head(plan)
        // A month is not a day; an unknown kind is named with the choices; minutes that are no document.
        let month = try carnet("meeting", "add", "2026-02", "--title", "x", in: plan)
        XCTAssertEqual(month.status, 64, month.stderr)
        XCTAssertTrue(month.stderr.contains("is a month: give a day"), month.stderr)
        let kind = try carnet("meeting", "add", "2026-02-19", "--title", "x", "--kind", "party", in: plan)
        XCTAssertEqual(kind.status, 64, kind.stderr)
        XCTAssertTrue(kind.stderr.contains("--kind"), kind.stderr)
        let minutes = try carnet("meeting", "add", "2026-02-19", "--title", "x", "--minutes", "no-such-document", in: plan)
        XCTAssertEqual(minutes.status, 65, minutes.stderr)
        XCTAssertTrue(minutes.stderr.contains("no-such-document"), minutes.stderr)
        let backwards = try carnet("consultation", "add", "--subject", "other", "--title", "x", "--opens", "2026-05-19", "--closes", "2026-05-06", in: plan)
        XCTAssertEqual(backwards.status, 65, backwards.stderr)
        let taken = try carnet("meeting", "add", "2026-02-19", "--title", "x", "--id", "2026-06-forum", in: plan)
        XCTAssertEqual(taken.status, 73, taken.stderr)
        let badID = try carnet("meeting", "add", "2026-02-19", "--title", "x", "--id", "../../etc", in: plan)
        XCTAssertEqual(badID.status, 64, badID.stderr)
        let hostile = try carnet("communication", "add", "--from", "x", "--channel", "email", "--question", "a\u{1B}[2Jb", in: plan)
        XCTAssertEqual(hostile.status, 65, hostile.stderr)
        XCTAssertFalse(hostile.stderr.contains("\u{1B}"), "nothing printed drives the terminal")
        XCTAssertEqual(try head(plan), before)
        XCTAssertTrue(try clean(plan), "nothing left behind")
        XCTAssertFalse(FileManager.default.fileExists(atPath: plan + "/participation/meetings/2026-02-19-forum.yaml"))
    }

    func testAShortConsultationIsFlaggedByStatus() throws {
        let plan = try samplePlan()
        let result = try carnet("consultation", "add", "--subject", "draft plan", "--title", "Draft plan 2027",
                                "--opens", "2026-05-06", "--closes", "2026-05-18", "--channel", "online", "--channel", "paper",
                                "--contributions", "40", in: plan)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try file(plan, "participation/consultations/draft-plan-2027.yaml"), """
            subject: draft-plan
            title: "Draft plan 2027"
            opens: 2026-05-06
            closes: 2026-05-18
            channels:
              - online
              - paper
            contributions: 40

            """)
        XCTAssertTrue(try carnet("status", in: plan).stdout.contains("consultation draft-plan-2027 was open 13 days: at least 14 are needed"))
    }

    func testACommunicationIsLoggedThenAnsweredAndItsDeadlineFollows() throws {
        let plan = try samplePlan()
        let added = try carnet("communication", "add", "--from", "Ana Reyes", "--channel", "e-mail", "--received", "2026-11-16",
                               "--question", "When is the register online?", in: plan)
        XCTAssertEqual(added.status, 0, added.stderr)
        XCTAssertFalse(added.stdout.contains("Ana Reyes"), "the sender is private: not in the commit subject")
        let id = "2026-11-16-when-is-the"
        XCTAssertTrue(try carnet("status", in: plan).stdout.contains("\(id) awaits an answer, due 14 December 2026"))
        let answered = try carnet("communication", "answer", id, "--answer", "In March.", "--answered", "2026-11-20", in: plan)
        XCTAssertEqual(answered.status, 0, answered.stderr)
        XCTAssertEqual(try file(plan, "participation/communications/\(id).yaml"), """
            received: 2026-11-16
            from: "Ana Reyes"
            from_public: false
            channel: email
            question: "When is the register online?"
            answered: 2026-11-20
            answer: "In March."
            answered_by: "Awa Diallo"

            """)
        XCTAssertFalse(try carnet("status", in: plan).stdout.contains("\(id) awaits"))
        let early = try carnet("communication", "answer", id, "--answer", "x", "--answered", "2026-11-01", in: plan)
        XCTAssertEqual(early.status, 65, early.stderr)
        let unknown = try carnet("communication", "answer", "no-such", "--answer", "x", in: plan)
        XCTAssertEqual(unknown.status, 64, unknown.stderr)
    }

    /// The one access rule, before anything is written: a civil society organisation writes its
    /// own reviews and nothing of the forum's; the forum's secretariat writes the forum's records.
    func testEachOrganisationWritesOnlyWhatTheAccessRuleGivesIt() throws {
        let plan = try samplePlan()
        try asMinistry(plan, "transparence-valdoria")
        let own = try carnet("review", "set", "5", "--completion", "substantial", "--comments", "Titles handed out",
                             "--evidence-url", "https://transparence-valdoria.example/suivi/05", in: plan)
        XCTAssertEqual(own.status, 0, own.stderr)
        XCTAssertEqual(try file(plan, "participation/reviews/transparence-valdoria/05.yaml"), """
            completion: substantial
            date: 2026-11-27
            comments: "Titles handed out"
            evidence:
              - title: "https://transparence-valdoria.example/suivi/05"
                url: "https://transparence-valdoria.example/suivi/05"

            """)
        let before = try head(plan)
        let other = try carnet("review", "set", "5", "--completion", "limited", "--organisation", "donnees-ouvertes", in: plan)
        XCTAssertEqual(other.status, 77, other.stderr)
        XCTAssertTrue(other.stderr.contains("transparence-valdoria may not write those of donnees-ouvertes"), other.stderr)
        let meeting = try carnet("meeting", "add", "2026-02-19", "--title", "x", in: plan)
        XCTAssertEqual(meeting.status, 77, meeting.stderr)
        XCTAssertTrue(meeting.stderr.contains("not the forum's secretariat"), meeting.stderr)
        let document = work.path + "/minutes.txt"
        try "minutes".write(toFile: document, atomically: true, encoding: .utf8)
        let doc = try carnet("document", "add", document, "--title", "Minutes", "--kind", "minutes", in: plan)
        XCTAssertEqual(doc.status, 77, doc.stderr)
        XCTAssertEqual(try head(plan), before)
        XCTAssertTrue(try clean(plan), "nothing written")

        // A ministry is no civil society organisation: the validator refuses its review.
        try asMinistry(plan, "min-terres")
        let ministry = try carnet("review", "set", "5", "--completion", "limited", in: plan)
        XCTAssertEqual(ministry.status, 65, ministry.stderr)

        // The forum's secretariat keeps the forum's records.
        try asMinistry(plan, "forum-multipartite")
        let secretary = try carnet("meeting", "add", "2026-02-19", "--title", "Forum", in: plan)
        XCTAssertEqual(secretary.status, 0, secretary.stderr)
        XCTAssertEqual(try carnet("validate", in: plan).status, 0)
    }

    func testADocumentIsCopiedIntoTheRepositoryAndNamedAsMinutes() throws {
        let plan = try samplePlan()
        let document = work.path + "/CR forum février.pdf"
        try Data("%PDF-1.4 minutes".utf8).write(to: URL(fileURLWithPath: document))
        let added = try carnet("document", "add", document, "--title", "Minutes, February forum", "--kind", "minutes",
                               "--dated", "2026-02-19", "--id", "cr-forum-2026-02", in: plan)
        XCTAssertEqual(added.status, 0, added.stderr)
        let changed = try git("-c", "core.quotepath=off", "show", "--name-only", "--format=", "HEAD", in: plan)
        XCTAssertEqual(changed.precomposedStringWithCanonicalMapping,
                       "participation/documents/cr-forum-2026-02.yaml\nparticipation/files/CR-forum-février.pdf\n")
        XCTAssertTrue(try file(plan, "participation/documents/cr-forum-2026-02.yaml").contains("file: \"files/CR-forum-"))
        let meeting = try carnet("meeting", "add", "2026-02-19", "--title", "Forum", "--minutes", "cr-forum-2026-02", in: plan)
        XCTAssertEqual(meeting.status, 0, meeting.stderr)
        let link = try carnet("document", "add", "--url", "https://example.org/plan.pdf", "--title", "Action plan", "--kind", "plan", in: plan)
        XCTAssertEqual(link.status, 0, link.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: plan + "/participation/documents/action-plan.yaml"))
        let notWeb = try carnet("document", "add", "--url", "javascript:alert(1)", "--title", "x", "--kind", "other", in: plan)
        XCTAssertEqual(notWeb.status, 65, notWeb.stderr)
        XCTAssertEqual(try carnet("validate", in: plan).status, 0)
        XCTAssertTrue(try clean(plan))
    }

    func testFrenchWordsAndDatesAndMessages() throws {
        let plan = try samplePlan()
        let env = ["HOME": home.path, "CARNET_TODAY": "2026-11-27", "CARNET_LANG": "", "LANG": "fr_FR.UTF-8"]
        let added = try Shell.run([RepositoryPaths.carnetBinary, "meeting", "add", "19 février 2026", "--kind", "atelier",
                                   "--title", "Atelier sur le foncier"], in: plan, environment: env)
        XCTAssertEqual(added.status, 0, added.stderr)
        XCTAssertTrue(try file(plan, "participation/meetings/2026-02-19-workshop.yaml").contains("kind: workshop"))
        let month = try Shell.run([RepositoryPaths.carnetBinary, "communication", "add", "--from", "x", "--channel", "courriel",
                                   "--question", "y", "--received", "février 2026"], in: plan, environment: env)
        XCTAssertEqual(month.status, 64, month.stderr)
        XCTAssertTrue(month.stderr.contains("est un mois\u{A0}: indiquez un jour"), month.stderr)
        let review = try Shell.run([RepositoryPaths.carnetBinary, "review", "set", "5", "--completion", "limité"], in: plan, environment: env)
        XCTAssertEqual(review.status, 64, review.stderr)
        XCTAssertTrue(review.stderr.contains("indiquez l'organisation"), review.stderr)
    }
}
