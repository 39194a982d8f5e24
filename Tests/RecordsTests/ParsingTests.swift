import Foundation
import XCTest
import Records

/// The sample plan loads, validates, and its values read as written.
final class ParsingTests: XCTestCase {
    func testSampleValidatesWithoutErrors() {
        let snapshot = PlanSnapshot(root: Fixtures.sample)
        let diagnostics = PlanValidator(today: Fixtures.today).validate(snapshot)
        XCTAssertFalse(diagnostics.hasErrors, diagnostics.map(\.description).joined(separator: "\n"))
        XCTAssertNotNil(snapshot.plan?.record)
        XCTAssertGreaterThanOrEqual(snapshot.commitments.count, 8)
        XCTAssertGreaterThanOrEqual(snapshot.ministries.count, 5)
        for folder in snapshot.sortedCommitments {
            XCTAssertNotNil(folder.commitment?.record, "commitment \(folder.id) did not read")
            XCTAssertNotNil(folder.progress?.record, "progress \(folder.id) did not read")
        }
        for (id, entry) in snapshot.ministries {
            XCTAssertEqual(entry.record?.id, id)
        }
        XCTAssertEqual(snapshot.sortedCommitments.map { $0.commitment?.record?.number ?? 0 },
                       Array(1...snapshot.commitments.count), "numbers 1…n, sorted")
    }

    func testPlanValues() throws {
        let plan = try XCTUnwrap(PlanSnapshot(root: Fixtures.sample).plan?.record)
        XCTAssertEqual(plan.country, .translated([.init("fr", "République de Valdoria"), .init("en", "Republic of Valdoria")]))
        XCTAssertEqual(plan.start, .day(year: 2025, month: 9, day: 1))
        XCTAssertEqual(plan.end, .day(year: 2027, month: 6, day: 30))
        XCTAssertEqual(plan.yearGroup, .odd)
        XCTAssertEqual(plan.languages, ["fr", "en"])
        XCTAssertEqual(plan.language, "fr")
        XCTAssertEqual(plan.submitted, PlanDate("2025-08-29"))
        XCTAssertEqual(plan.selfAssessments, ["mid_term": PlanDate("2026-10-16")!])
        XCTAssertEqual(plan.pointOfContact.name, "Amélie Dufresne-Kotto")
        XCTAssertEqual(plan.pointOfContact.organisation, "sgg")
        XCTAssertEqual(plan.pointOfContact.title?.value(in: "en"), "National Open Government Partnership coordinator")
        XCTAssertEqual(plan.staleAfterDays, 60)
    }

    func testCommitmentFiveMilestones() throws {
        let folder = try XCTUnwrap(PlanSnapshot(root: Fixtures.sample, only: ["05"]).commitments["05"])
        let c = try XCTUnwrap(folder.commitment?.record)
        XCTAssertEqual(c.id, "05")
        XCTAssertEqual(c.number, 5)
        XCTAssertEqual(c.title.value(in: "fr"), "Documents publics relatifs aux terres")
        XCTAssertEqual(c.title.value(in: "en"), "Public land records")
        XCTAssertNil(c.title.value(in: "es"))
        XCTAssertEqual(c.leadAgency, "autorite-terres")
        XCTAssertEqual(c.start, .day(year: 2025, month: 9, day: 1))
        XCTAssertEqual(c.description.values, [.transparency, .civicParticipation, .accountability])
        XCTAssertEqual(c.themes.count, 2)
        XCTAssertEqual(c.themes.first?.languages, ["fr", "en"])
        XCTAssertEqual(c.otherActors?.state, ["communes-tapir", "office-eaux", "min-terres", "min-justice"])
        XCTAssertEqual(c.otherActors?.nonState, ["innovatapir", "ti-tapir", "smartcitizens", "fhth"])
        XCTAssertEqual(c.additionalInformation?.programmes,
                       .plain("Programme national de sécurisation foncière rurale (PNSFR) 2024-2028."))

        XCTAssertEqual(c.milestones.map(\.id), ["m1", "m2", "m3", "m4"])
        let months = c.milestones.map { "\($0.start)…\($0.end)" }
        XCTAssertEqual(months, ["2025-09…2025-11", "2025-09…2025-12", "2026-01…2026-09", "2026-06…2027-06"])
        // A month means its first day as a start, its last day as an end.
        XCTAssertEqual(c.milestones[0].start, .month(year: 2025, month: 9))
        XCTAssertEqual(c.milestones[0].start.firstDay, 20250901)
        XCTAssertEqual(c.milestones[0].end.lastDay, 20251130)
        XCTAssertEqual(c.milestones[3].end.lastDay, 20270630)
        XCTAssertEqual(c.milestones[0].budget,
                       .plain("Temps du personnel + salle de réunion + frais de déplacement pour au moins 3 réunions du conseil."))
        XCTAssertTrue(c.milestones[2].activity.value(in: "fr")?.hasPrefix("Le plan est mis en place") ?? false)
        XCTAssertTrue(c.milestones[2].activity.value(in: "en")?.hasPrefix("The plan is implemented") ?? false)
        XCTAssertEqual(c.contact.name, "Gonzalo Vega")
        XCTAssertEqual(c.contact.email, "gonzalo.vega@terres.gouv.valdoria.example")

        let p = try XCTUnwrap(folder.progress?.record)
        XCTAssertEqual(p.commitment, "05")
        XCTAssertEqual(p.completion, .substantial)
        XCTAssertEqual(p.milestones.map(\.completion), [.complete, .complete, .substantial, .limited])
        XCTAssertEqual(p.milestone("m1")?.actualStart, .day(year: 2025, month: 9, day: 15))
        XCTAssertEqual(p.milestone("m1")?.actualEnd, .day(year: 2025, month: 11, day: 28))
        XCTAssertNil(p.milestone("m3")?.actualEnd)
        XCTAssertEqual(p.milestone("m1")?.note, .plain("Conseil de 31 membres, dont 9 représentantes des coopératives de femmes."))
        XCTAssertEqual(p.milestone("m2")?.note?.languages, ["fr", "en"])
        XCTAssertTrue(p.milestone("m3")?.delayReason?.value(in: "en")?.hasPrefix("The May 2026 floods") ?? false)
        XCTAssertEqual(p.evidence.map(\.id), ["e1", "e2", "e3", "e4"])
        XCTAssertEqual(p.evidence[0].file, "evidence/compte-rendu-atelier.md")
        XCTAssertNil(p.evidence[0].url)
        XCTAssertEqual(p.evidence[0].milestone, "m1")
        XCTAssertEqual(p.evidence[0].added, .day(year: 2025, month: 10, day: 3))
        XCTAssertEqual(p.evidence[1].url, "https://terres.gouv.valdoria.example/tapir-river/rapport-consultation-2026.pdf")
        XCTAssertNil(p.evidence[1].file)
        XCTAssertEqual(p.evidence[3].title.value(in: "fr", planLanguage: "fr"),
                       "Arrêté municipal portant ouverture du Bureau d'arbitrage de l'Ombudsman de Tapir-Amont")
    }

    func testLocationsPointAtTheValue() throws {
        let folder = try XCTUnwrap(PlanSnapshot(root: Fixtures.sample, only: ["05"]).commitments["05"])
        let source = try XCTUnwrap(folder.commitment?.source)
        let lines = try String(contentsOf: Fixtures.sample.appendingPathComponent("commitments/05/commitment.yaml"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func text(at location: Location) -> Substring {
            let line = lines[location.line - 1]
            return line.dropFirst(location.column - 1)
        }
        XCTAssertEqual(text(at: source.location(of: "lead_agency")), "autorite-terres")
        XCTAssertEqual(text(at: source.location(of: "milestones.m3.end")), "2026-09")
        XCTAssertEqual(text(at: source.location(of: "milestones.m2.id")), "m2")
        XCTAssertTrue(text(at: source.location(of: "title.en")).hasPrefix("\"Public land records\""))
        // An unknown field falls back to the nearest written one.
        XCTAssertEqual(source.location(of: "milestones.m3.deliverable.es"), source.location(of: "milestones.m3.deliverable"))
    }

    func testDuplicateKeyPointsAtTheRepeat() {
        func first(_ yaml: String) -> String? {
            RecordSource(bytes: Array(yaml.utf8), path: "p.yaml").diagnostics.first?.description
        }
        // In a list item (the first key after "- "), with CRLF line ends, after a comment and a deeper map.
        XCTAssertEqual(first("a:\r\n  - id: x\r\n    b: 1\r\n    # c\r\n    n:\r\n      id: y\r\n    id: z\r\n"),
                       "p.yaml:7:5: error: duplicate key 'id': each key may appear once (first at line 2)")
        XCTAssertEqual(first("a: 1\nb: 2\n\"a\": 3\n"),
                       "p.yaml:3:1: error: duplicate key 'a': each key may appear once (first at line 1)")
        // In a flow mapping there is no line to point at: the first key is shown.
        XCTAssertEqual(first("a: {x: 1, x: 2}\n"), "p.yaml:1:5: error: duplicate key 'x': each key may appear once")
    }

    func testDates() {
        XCTAssertEqual(PlanDate("2017-06-30"), .day(year: 2017, month: 6, day: 30))
        XCTAssertEqual(PlanDate("2017-06"), .month(year: 2017, month: 6))
        XCTAssertNil(PlanDate("2017-02-30"))
        XCTAssertNil(PlanDate("2017-13"))
        XCTAssertNil(PlanDate("17-06-30"))
        XCTAssertNil(PlanDate("2017-6-30"))
        XCTAssertNil(PlanDate("2017-06-30T00:00"))
        XCTAssertEqual(PlanDate("2024-02-29")?.lastDay, 20240229)
        XCTAssertNil(PlanDate("2023-02-29"))
        XCTAssertEqual(PlanDate("2024-02")?.lastDay, 20240229)
        XCTAssertEqual(PlanDate("2017-06")?.description, "2017-06")
        XCTAssertTrue(PlanDate.looksLikeDate("2017-02-30"))
        XCTAssertFalse(PlanDate.looksLikeDate("30/06/2017"))
    }
}
