import Foundation
import TestSupport
import XCTest
import Records

/// The participation records (docs/RECORDS.md, "Participation"): read, written canonically,
/// checked against the plan; and the participation rules with their edge cases.
final class ParticipationTests: XCTestCase {
    static let valid: [String: String] = [
        "participation/process.yaml": """
            forum: ong-tapir
            holidays:
              - 2026-05-01
              - 2026-05-08
            """,
        "participation/meetings/2026-03-forum.yaml": """
            date: 2026-03-12
            kind: forum
            title: {fr: "Forum du premier trimestre", en: "First-quarter forum"}
            remote: true
            attendance: {government: 6, civil_society: 9}
            agenda: |
              Point sur les engagements.
              Préparation de la consultation.
            minutes: cr-mars
            """,
        "participation/consultations/projet-plan.yaml": """
            subject: draft-plan
            title: "Consultation sur le projet de plan"
            opens: 2026-05-06
            closes: 2026-05-19
            channels: [online, meeting]
            contributions: 42
            """,
        "participation/communications/q-001.yaml": """
            received: 2026-04-10
            from: "Jeanne Martin"
            channel: email
            question: "Quand le registre sera-t-il publié ?"
            answered: 2026-04-20
            answer: "En juin."
            answered_by: "Amélie Dufresne"
            """,
        "participation/reviews/ong-tapir/01.yaml": """
            completion: limited
            date: 2026-10-01
            comments: "Les données ne sont publiées qu'en partie."
            evidence:
              - title: "Notre relevé"
                url: "https://ong-tapir.example/releve"
            """,
        "participation/documents/cr-mars.yaml": """
            title: "Compte rendu du forum de mars"
            kind: minutes
            date: 2026-03-12
            file: files/cr-mars.txt
            """,
        "participation/files/cr-mars.txt": "Compte rendu.\n",
    ]

    func testValidRecordsGiveNoDiagnosticAndReadBackCanonically() throws {
        let diagnostics = try CorpusTests.validate(files: Self.valid.mapValues { Array($0.utf8) })
        XCTAssertEqual(diagnostics, [])
        for (path, text) in Self.valid where PlanLayout.isRecord(path) {
            let (record, source) = AnyRecord.read(Array(text.utf8), path: path)
            XCTAssertEqual(source.diagnostics, [], path)
            let canonical = try XCTUnwrap(record.canonicalYAML, path)
            let (again, againSource) = AnyRecord.read(Array(canonical.utf8), path: path)
            XCTAssertEqual(againSource.diagnostics, [], path)
            XCTAssertEqual(again, record, "\(path) changes when written canonically:\n\(canonical)")
            XCTAssertEqual(again.canonicalYAML, canonical, path)
        }
    }

    func testSnapshotHoldsEveryKind() throws {
        let plan = TemporaryDirectory("participation")
        try plan.overlay(Fixtures.corpus.appendingPathComponent("_base"))
        for (path, text) in Self.valid { try plan.write(path, text) }
        let snapshot = PlanSnapshot(root: plan.url)
        let p = snapshot.participation
        XCTAssertEqual(p.process?.record?.forum, "ong-tapir")
        XCTAssertEqual(p.sortedMeetings.map(\.id), ["2026-03-forum"])
        XCTAssertEqual(p.sortedMeetings.first?.attendance?.total, 15)
        XCTAssertEqual(p.sortedConsultations.first?.channels, [.online, .meeting])
        XCTAssertEqual(p.sortedCommunications.first?.fromPublic, false, "a sender is private unless said")
        XCTAssertEqual(p.reviews(of: "01").map(\.organisation), ["ong-tapir"])
        XCTAssertEqual(p.sortedDocuments.first?.published, true)
        // An edit of one commitment reads no participation record.
        XCTAssertTrue(PlanSnapshot(root: plan.url, only: ["01"]).participation.isEmpty)
    }

    // MARK: - Rules

    func plan(start: String = "2025-09-01", end: String = "2027-06-30") -> Plan {
        Plan(country: .plain("Valdoria"), title: .plain("Plan"), start: PlanDate(start)!, end: PlanDate(end)!, yearGroup: .odd,
             languages: ["fr"], pointOfContact: Person(name: "Amélie"))
    }

    func rules(_ files: [String: String], today: String, plan: Plan? = nil) throws -> ParticipationRules {
        let folder = TemporaryDirectory("rules")
        try folder.overlay(Fixtures.corpus.appendingPathComponent("_base"))
        for (path, text) in files { try folder.write(path, text) }
        let snapshot = PlanSnapshot(root: folder.url)
        return ParticipationRules(plan: plan ?? self.plan(), records: snapshot.participation, today: PlanDate(today)!)
    }

    func meeting(_ date: String, kind: String = "forum") -> String { "date: \(date)\nkind: \(kind)\ntitle: \"Réunion\"\n" }

    func testAQuarterWithoutAForumMeetingIsAGap() throws {
        let r = try rules([
            "participation/meetings/a.yaml": meeting("2025-09-15"),
            // Q4 2025: only a workshop, which is not the forum.
            "participation/meetings/b.yaml": meeting("2025-11-20", kind: "workshop"),
            "participation/meetings/c.yaml": meeting("2026-01-01"),
            "participation/meetings/d.yaml": meeting("2026-06-30"),
        ], today: "2026-08-10")
        XCTAssertEqual(r.quarters().map(\.quarter.description), ["2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"])
        XCTAssertEqual(r.quartersWithoutMeeting.map(\.description), ["2025-Q4"], "the current quarter is due, not a gap")
        XCTAssertEqual(r.quarters().last?.current, true)
        XCTAssertEqual(r.quarters().first { $0.quarter.description == "2026-Q1" }?.meetings, ["c"], "1 January is in Q1")
        XCTAssertEqual(r.quarters().first { $0.quarter.description == "2026-Q2" }?.meetings, ["d"], "30 June is in Q2")
    }

    func consultation(_ opens: String, _ closes: String, subject: String = "draft-plan") -> String {
        "subject: \(subject)\ntitle: \"C\"\nopens: \(opens)\ncloses: \(closes)\n"
    }

    func testAThirteenDayConsultationIsTooShort() throws {
        let r = try rules([
            "participation/consultations/thirteen.yaml": consultation("2026-05-06", "2026-05-18"),
            "participation/consultations/fourteen.yaml": consultation("2026-05-06", "2026-05-19"),
            // Across the end of February of a leap year: 29 Feb counts.
            "participation/consultations/leap.yaml": consultation("2028-02-20", "2028-03-04"),
        ], today: "2026-11-27")
        XCTAssertEqual(r.shortConsultations.map(\.id), ["thirteen"])
        XCTAssertEqual(r.records.sortedConsultations.map { "\($0.id) \(ParticipationRules.daysOpen($0))" }, ["fourteen 14", "thirteen 13", "leap 14"])
    }

    func communication(_ received: String, answered: String? = nil) -> String {
        "received: \(received)\nfrom: \"X\"\nchannel: email\nquestion: \"Q ?\"\n" + (answered.map { "answered: \($0)\n" } ?? "")
    }

    func testTwentyWorkingDaysSkipWeekendsAndTheHolidaysThePlanStates() throws {
        let files = [
            // Received Friday 2026-04-24: 20 working days without holidays end Friday 2026-05-22;
            // 1 and 8 May (Fridays) are holidays: the deadline moves to Tuesday 2026-05-26.
            "participation/communications/a.yaml": communication("2026-04-24", answered: "2026-05-26"),
            "participation/communications/b.yaml": communication("2026-04-24", answered: "2026-05-27"),
            "participation/communications/c.yaml": communication("2026-11-02"),
            "participation/communications/d.yaml": communication("2026-09-01"),
        ]
        let withHolidays = try rules(files.merging(["participation/process.yaml": "holidays: [2026-05-01, 2026-05-08]\n"]) { $1 }, today: "2026-11-27")
        let answers = Dictionary(uniqueKeysWithValues: withHolidays.answers().map { ($0.communication, $0) })
        XCTAssertEqual(answers["a"]?.deadline, PlanDate("2026-05-26"))
        XCTAssertEqual(answers["a"]?.state, .onTime)
        XCTAssertEqual(answers["a"]?.workingDays, 20)
        XCTAssertEqual(answers["b"]?.state, .late)
        XCTAssertEqual(answers["c"]?.state, .pending)
        XCTAssertEqual(answers["c"]?.deadline, PlanDate("2026-11-30"))
        XCTAssertEqual(answers["d"]?.state, .overdue)
        let without = try rules(files, today: "2026-11-27")
        XCTAssertEqual(without.answers().first { $0.communication == "a" }?.deadline, PlanDate("2026-05-22"))
        XCTAssertEqual(without.answers().first { $0.communication == "a" }?.state, .late)
    }

    func testWorkingDayCalendarAgreesWithFoundation() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = calendar.date(from: DateComponents(year: 1999, month: 12, day: 25))!
        for offset in stride(from: 0, to: 12_000, by: 37) {
            let date = calendar.date(byAdding: .day, value: offset, to: start)!
            let c = calendar.dateComponents([.year, .month, .day, .weekday], from: date)
            let n = WorkingDays.dayNumber(c.year! * 10000 + c.month! * 100 + c.day!)
            XCTAssertEqual(WorkingDays.planDate(n), .day(year: c.year!, month: c.month!, day: c.day!))
            XCTAssertEqual(WorkingDays(holidays: []).isWorkingForTest(n), c.weekday != 1 && c.weekday != 7)
        }
    }

    func progress(_ date: String, id: String) -> [String: String] {
        ["participation/documents/\(id).yaml": "title: \"Point\"\nkind: progress-update\ndate: \(date)\nurl: \"https://example.org/\(id)\"\n"]
    }

    func testProgressPublishedEverySixMonths() throws {
        // Start 2025-09-01; published 2026-02-27 (in time), then nothing until 2026-11-27: late
        // since 2026-08-27.
        let r = try rules(progress("2026-02-27", id: "p1"), today: "2026-11-27")
        XCTAssertEqual(r.publicationGaps().map { [$0.since, $0.due, $0.next] }, [[PlanDate("2026-02-27")!, PlanDate("2026-08-27")!, nil]])
        // Published late, then in time: the late one is a gap that ended.
        let late = try rules(progress("2026-03-15", id: "p1").merging(progress("2026-09-01", id: "p2")) { $1 }, today: "2026-11-27")
        XCTAssertEqual(late.publicationGaps().map { [$0.since, $0.due, $0.next] }, [[PlanDate("2025-09-01")!, PlanDate("2026-03-01")!, PlanDate("2026-03-15")!]])
        // A draft kept for the forum (published: false) is not a publication.
        let draft = try rules(["participation/documents/p1.yaml": "title: \"P\"\nkind: progress-update\ndate: 2026-02-01\nurl: \"https://e.org/p\"\npublished: false\n"],
                              today: "2026-03-10")
        XCTAssertEqual(draft.publicationGaps().map(\.due), [PlanDate("2026-03-01")!])
    }

    /// A plan stating its reporting periods: each period's progress is due within a month of
    /// its end (not six months from the last publication).
    func testProgressPublishedEachStatedReportingPeriod() throws {
        var quarterly = plan()
        quarterly.reportingPeriods = .everyMonths(3)   // p1 ends 2025-11-30, p2 2026-02-28, p3 2026-05-31…
        // Published for p1 (2025-12-10, by 2025-12-30), then nothing: p2 was due 2026-03-28 and is
        // a gap still open; p3 (due 2026-06-30) not yet.
        let r = try rules(progress("2025-12-10", id: "a"), today: "2026-04-15", plan: quarterly)
        XCTAssertEqual(r.publicationGaps().map { [$0.since, $0.due, $0.next] }, [[PlanDate("2025-12-10")!, PlanDate("2026-03-28")!, nil]])
        // The same day under the six-month count: no gap yet (due 2026-06-10).
        XCTAssertEqual(try rules(progress("2025-12-10", id: "a"), today: "2026-04-15").publicationGaps(), [])
        // p2 published late (2026-04-02): a gap that ended; p3 then on time.
        let late = try rules(progress("2025-12-10", id: "a").merging(progress("2026-04-02", id: "b")) { $1 }
                                .merging(progress("2026-06-05", id: "c")) { $1 }, today: "2026-07-01", plan: quarterly)
        XCTAssertEqual(late.publicationGaps().map { [$0.since, $0.due, $0.next] }, [[PlanDate("2025-12-10")!, PlanDate("2026-03-28")!, PlanDate("2026-04-02")!]])
        // Dates as plan.yaml lists them: the period ending 2026-02-28 wants a publication by 2026-03-28.
        var listed = plan()
        listed.reportingPeriods = .ends([PlanDate("2026-02-28")!, PlanDate("2027-06-30")!])
        XCTAssertEqual(try rules([:], today: "2026-05-01", plan: listed).publicationGaps().map(\.due), [PlanDate("2026-03-28")!])
    }

    func testSelfAssessmentConsultationBeforeItsDueDate() throws {
        let r = try rules([
            "participation/consultations/ae.yaml": consultation("2026-09-01", "2026-09-20", subject: "self-assessment"),
            "participation/consultations/late.yaml": consultation("2027-10-01", "2027-10-20", subject: "self-assessment"),
        ], today: "2027-09-30")
        let found = r.selfAssessmentConsultations(due: [("mid_term", PlanDate("2026-09-30")!), ("end_term", PlanDate("2027-09-30")!)])
        XCTAssertEqual(found.map(\.consultation), ["ae", nil])
    }
}

extension WorkingDays {
    func isWorkingForTest(_ n: Int) -> Bool { between(WorkingDays.planDate(n - 1), WorkingDays.planDate(n)) == 1 }
}
