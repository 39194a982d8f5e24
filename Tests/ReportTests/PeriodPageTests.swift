import Foundation
import Records
@testable import Report
import XCTest

/// period-<id>.html, the six-monthly update (issue 16 item 7): per commitment, each milestone's
/// level at the start and at the end of the period, from a closed snapshot, from history read
/// at the period's end, or from the report date's records while the period is under way.
/// The sample reports every six months from 1 September 2025: p1 ends 28 February 2026, p2
/// 31 August 2026, p3 (under way on 1 December 2026) 28 February 2027; p4 has not begun.
final class PeriodPageTests: XCTestCase {
    /// p1 closed with 05 limited (m1 complete, m2 substantial, m3 not started).
    static let p1 = """
        period: p1
        start: 2025-09-01
        end: 2026-02-28
        closed_on: 2026-03-03
        closed_by: Awa Koné
        commitments:
          - id: "05"
            completion: limited
            next_steps: "Lancer la remise des titres en mars."
            milestones:
              - id: m1
                completion: complete
              - id: m2
                completion: substantial
                note: "Deux audiences tenues sur trois."
              - id: m3
                completion: not-started
              - id: m4
                completion: not-started

        """

    /// p2 not closed: its end as history would give it (05 substantial, m2 complete, m3 limited, late).
    static func p2History() -> [String: [ClosedPeriod.CommitmentState]] {
        ["p2": [ClosedPeriod.CommitmentState(
            id: "05", completion: .substantial, delayReason: .plain("Crues de mai <b>2026</b>"),
            milestones: [.init(id: "m1", completion: .complete), .init(id: "m2", completion: .complete),
                         .init(id: "m3", completion: .limited, delayReason: .plain("Bornes déplacées par la crue")),
                         .init(id: "m4", completion: .notStarted)],
            nextSteps: .plain("Nouveau levé des parcelles riveraines"))]]
    }

    func site(history: [String: [ClosedPeriod.CommitmentState]] = p2History(), language: ReportLanguage = .en,
              audience: DashboardAudience = .public) throws -> URL {
        let plan = try Fixtures.sampleCopy(self)
        try FileManager.default.createDirectory(at: plan.appendingPathComponent("periods"), withIntermediateDirectories: true)
        try Self.p1.write(to: plan.appendingPathComponent("periods/p1.yaml"), atomically: true, encoding: .utf8)
        let out = try Fixtures.temporaryDirectory(self, "period-site")
        try Dashboard(snapshot: Fixtures.snapshot(plan), language: language, asOf: Fixtures.asOf, audience: audience,
                      periodHistory: history).write(to: out)
        return out
    }

    /// The text of commitment 05's section of a period page, tags stripped.
    func section05(_ out: URL, _ page: String) throws -> String {
        let html = try Fixtures.read(out.appendingPathComponent(page))
        let start = try XCTUnwrap(html.range(of: "id=\"c-05\""), page)
        let rest = html[start.upperBound...]
        let end = rest.range(of: "<h2")?.lowerBound ?? rest.endIndex
        return String(rest[..<end]).replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression)
            .replacingOccurrences(of: "\\s+", with: " ", options: .regularExpression)
    }

    func testEachBegunPeriodHasItsPageWithTheStatesAtItsStartAndEnd() throws {
        let out = try site()
        for page in ["period-p1.html", "period-p2.html", "period-p3.html"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: out.appendingPathComponent(page).path), page)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.appendingPathComponent("period-p4.html").path), "p4 has not begun")

        let p1 = try Fixtures.read(out.appendingPathComponent("period-p1.html"))
        XCTAssertTrue(p1.contains("when closing the period on 3 March 2026"), p1)
        XCTAssertTrue(p1.contains("Compared with the start of the plan"), p1)
        let s1 = try section05(out, "period-p1.html")
        XCTAssertTrue(s1.contains("Completion: Not started → Limited"), s1)
        XCTAssertTrue(s1.contains("Lancer la remise des titres en mars."), s1)
        XCTAssertTrue(s1.contains("Deux audiences tenues sur trois."), s1)
        XCTAssertFalse(p1.contains("Awa Koné"), "who closed it is plumbing")

        let p2 = try Fixtures.read(out.appendingPathComponent("period-p2.html"))
        XCTAssertTrue(p2.contains("has ended but is not closed yet"), p2)
        XCTAssertTrue(p2.contains("Compared with the state on 28 February 2026, the end of the previous period (September 2025 – February 2026)."), p2)
        // Named as people name the period, not by its id (issue 16: "p2" means nothing to a citizen).
        XCTAssertTrue(p2.contains("<title>Progress update: March – August 2026 — "), p2)
        XCTAssertTrue(p2.contains("<h1>Progress update: March – August 2026</h1>"), p2)
        XCTAssertTrue(p2.contains(">September 2025 – February 2026</a>"), "the other periods, by name: \(p2)")
        XCTAssertFalse(p2.contains(">p1<") || p2.contains("period p2"), p2)
        let s2 = try section05(out, "period-p2.html")
        XCTAssertTrue(s2.contains("Completion: Limited → Substantial"), s2)
        XCTAssertTrue(s2.contains("m3 "), s2)
        XCTAssertTrue(s2.contains("Not started Limited"), "m3 moved from not started to limited: \(s2)")
        XCTAssertTrue(s2.contains("Bornes déplacées par la crue"), s2)
        XCTAssertTrue(s2.contains("Nouveau levé des parcelles riveraines"), s2)
        XCTAssertTrue(p2.contains("Crues de mai &lt;b&gt;2026&lt;/b&gt;"), "record text is text, never markup")
        XCTAssertTrue(p2.contains("<strong>Complete</strong>"), "a level that moved is marked")

        // Under way: today's records (05 substantial, m3 substantial, m4 limited) against p2's end.
        let p3 = try Fixtures.read(out.appendingPathComponent("period-p3.html"))
        XCTAssertTrue(p3.contains("The period is under way: the state shown is that of 1 December 2026"), p3)
        let s3 = try section05(out, "period-p3.html")
        XCTAssertTrue(s3.contains("Completion: Substantial, unchanged"), s3)
        XCTAssertTrue(s3.contains("Limited Substantial"), "m3: \(s3)")

        // Linked from the index and from each commitment's periods section.
        let index = try Fixtures.read(out.appendingPathComponent("index.html"))
        XCTAssertTrue(index.contains("href=\"period-p2.html\""), index)
        let commitment = try Fixtures.read(out.appendingPathComponent("commitment-05.html"))
        XCTAssertTrue(commitment.contains("href=\"period-p2.html#c-05\""), commitment)
        XCTAssertTrue(commitment.contains("September 2026 – February 2027 (under way)"), commitment)
        XCTAssertTrue(index.contains(">March – August 2026</a>"), index)
        // Public: no email address on any period page.
        for page in ["period-p1.html", "period-p2.html", "period-p3.html"] {
            let html = try Fixtures.read(out.appendingPathComponent(page))
            XCTAssertNil(html.range(of: "[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[a-z]{2,}", options: .regularExpression), page)
        }
    }

    /// The commitment page's periods table names a milestone by its official code when it has
    /// one (Milestone.spokenName), as the other pages do; it showed `m1`.
    func testTheCommitmentPagesPeriodTableNamesMilestonesByTheirCode() throws {
        let plan = try Fixtures.sampleCopy(self)
        let file = plan.appendingPathComponent("commitments/05/commitment.yaml")
        let record = try String(contentsOf: file, encoding: .utf8)
        XCTAssertTrue(record.contains("\n  - id: m1\n"))
        try record.replacingOccurrences(of: "\n  - id: m1\n", with: "\n  - id: m1\n    code: \"VAL05.1\"\n")
            .write(to: file, atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: plan.appendingPathComponent("periods"), withIntermediateDirectories: true)
        try Self.p1.write(to: plan.appendingPathComponent("periods/p1.yaml"), atomically: true, encoding: .utf8)
        let out = try Fixtures.temporaryDirectory(self, "period-code-site")
        try Dashboard(snapshot: Fixtures.snapshot(plan), language: .en, asOf: Fixtures.asOf, periodHistory: Self.p2History()).write(to: out)
        let page = try Fixtures.read(out.appendingPathComponent("commitment-05.html"))
        let start = try XCTUnwrap(page.range(of: "id=\"periods\""))
        let section = String(page[start.upperBound...].prefix(4000))
        XCTAssertTrue(section.contains("<td data-label=\"Milestone\">VAL05.1</td>"), section)
        XCTAssertFalse(section.contains(">m1</td>"), section)
        XCTAssertTrue(section.contains("<td data-label=\"Milestone\">m2</td>"), "a milestone without a code keeps its id: \(section)")
    }

    func testAPeriodWithoutSnapshotOrHistoryIsSaidUnknownNotGuessed() throws {
        let out = try site(history: [:])
        let p2 = try Fixtures.read(out.appendingPathComponent("period-p2.html"))
        XCTAssertTrue(p2.contains("The state at the end of this period is not known"), p2)
        XCTAssertFalse(p2.contains("id=\"c-05\""), "nothing is shown as if known")
        let p3 = try Fixtures.read(out.appendingPathComponent("period-p3.html"))
        XCTAssertTrue(p3.contains("The state at the end of the previous period (March – August 2026) is not known"), p3)
        let s3 = try section05(out, "period-p3.html")
        XCTAssertTrue(s3.contains("Completion: Substantial"), s3)
        XCTAssertFalse(s3.contains("unchanged") || s3.contains("no change"), "no change is claimed against an unknown state: \(s3)")
    }

    func testFrenchPeriodPage() throws {
        let out = try site(language: .fr)
        let p2 = try Fixtures.read(out.appendingPathComponent("period-p2.html"))
        XCTAssertTrue(p2.contains("<h1>Point d’étape\u{A0}: mars – août 2026</h1>") || p2.contains("<h1>Point d'étape\u{A0}: mars – août 2026</h1>"), p2)
        XCTAssertTrue(p2.contains("Par rapport à l'état au 28 février 2026, fin de la période précédente (septembre 2025 – février 2026)."), p2)
        let index = try Fixtures.read(out.appendingPathComponent("index.html"))
        XCTAssertTrue(index.contains(">septembre 2026 – février 2027 (en cours)</a>"), index)
        // The plan's own period too, as people write it (it read "1er septembre 2025 – 30 juin 2027").
        XCTAssertTrue(index.contains("<dd>septembre 2025 – juin 2027</dd>"), index)
        let s2 = try section05(out, "period-p2.html")
        XCTAssertTrue(s2.contains("Niveau d’achèvement") || s2.contains("Niveau d'achèvement"), s2)
        XCTAssertTrue(s2.contains("Limité → Substantiel"), s2)
        let p1 = try Fixtures.read(out.appendingPathComponent("period-p1.html"))
        XCTAssertTrue(p1.contains("le 3 mars 2026"), p1)
    }

    /// A closed period keeps its next steps, and reads back as written.
    func testClosedPeriodKeepsNextSteps() throws {
        let source = RecordSource(bytes: Array(Self.p1.utf8), path: "periods/p1.yaml")
        let record = try XCTUnwrap(ClosedPeriod.read(source, expectedID: "p1"), "\(source.diagnostics)")
        XCTAssertEqual(record.commitment("05")?.nextSteps, .plain("Lancer la remise des titres en mars."))
        let again = ClosedPeriod.read(RecordSource(bytes: Array(record.canonicalYAML.utf8), path: "periods/p1.yaml"), expectedID: "p1")
        XCTAssertEqual(again, record)
    }
}
