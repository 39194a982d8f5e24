import Foundation
import Records
@testable import Report
import XCTest

/// Public history told from the records' own change (issue 16 item 1): what a commit did to
/// progress.yaml, read from the file at the commit against its parent, in the report's language
/// ("Étape clé m4 : Complété, fin réelle novembre 2026"), never the commit's subject.
final class StructuredHistoryTests: XCTestCase {
    func git(_ repo: URL, _ args: String..., date: String? = nil, author: String = "Awa Diallo") throws {
        var env = ["GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": "a@example.org",
                   "GIT_COMMITTER_NAME": author, "GIT_COMMITTER_EMAIL": "a@example.org"]
        if let date { env["GIT_AUTHOR_DATE"] = date; env["GIT_COMMITTER_DATE"] = date }
        let result = try Fixtures.run(try Fixtures.requireTool("git", package: "git"), ["-C", repo.path] + args, environment: env)
        XCTAssertEqual(result.status, 0, result.output)
    }

    func makeRepository() throws -> URL {
        let plan = try Fixtures.sampleCopy(self)
        try git(plan, "init", "-q", "-b", "main")
        try git(plan, "add", "-A")
        try git(plan, "commit", "-q", "-m", "Plan adopted", date: "2025-09-01T10:00:00Z", author: "Amélie")
        try Fixtures.edit(plan, "commitments/05/progress.yaml",
                          replacing: "  - id: m4\n    completion: limited\n    actual_start: 2026-07-01\n",
                          with: "  - id: m4\n    completion: complete\n    actual_start: 2026-07-01\n    actual_end: 2026-11\n")
        try git(plan, "commit", "-q", "-am", "Hand edits: commitments/05/progress.yaml", date: "2026-11-20T09:00:00Z", author: "Hortense")
        try Fixtures.edit(plan, "commitments/05/progress.yaml", replacing: "completion: substantial\nresults:", with: "completion: complete\nresults:")
        try Fixtures.edit(plan, "commitments/05/progress.yaml", replacing: "Remettre les 820 titres restants", with: "Remettre les 821 titres restants")
        try git(plan, "commit", "-q", "-am", "Sync: merge refs/carnet/x", date: "2026-11-21T09:00:00Z", author: "Hortense")
        return plan
    }

    func testFactsAreReadFromTheRecordsDiff() throws {
        let plan = try makeRepository()
        let read = try ChangeHistory.read(for: Fixtures.snapshot(plan), asOf: Fixtures.asOf)
        let changes = try XCTUnwrap(read.byCommitment["05"])
        XCTAssertEqual(changes.count, 3)
        XCTAssertEqual(changes[1].progressFacts["05"], [.milestone(id: "m4", level: .complete, actualEnd: PlanDate("2026-11"))])
        XCTAssertEqual(changes[0].progressFacts["05"], [.completion(.complete), .nextSteps])
        // The first commit created the file: every milestone that had started is said.
        XCTAssertTrue(changes[2].progressFacts["05"]?.contains(.completion(.substantial)) == true, "\(changes[2].progressFacts)")
    }

    func testPublicHistorySaysWhatChangedInTheReportsLanguage() throws {
        let plan = try makeRepository()
        let read = try ChangeHistory.read(for: Fixtures.snapshot(plan), asOf: Fixtures.asOf)
        for (language, expected) in [(ReportLanguage.fr, ["Étape clé m4 : Complété, fin réelle novembre 2026", "Niveau d'achèvement : Complété",
                                                          "prochaines étapes mises à jour"]),
                                     (.en, ["Milestone m4: Complete, actual end November 2026", "Completion: Complete", "next steps updated"])] {
            let out = try Fixtures.temporaryDirectory(self, "structured-\(language.rawValue)")
            try Dashboard(snapshot: Fixtures.snapshot(plan), history: read, language: language, asOf: Fixtures.asOf).write(to: out)
            let page = try Fixtures.read(out.appendingPathComponent("commitment-05.html"))
                .replacingOccurrences(of: "\u{00A0}", with: " ").replacingOccurrences(of: "\u{202F}", with: " ")
                .replacingOccurrences(of: "’", with: "'").replacingOccurrences(of: "&#39;", with: "'")
            for text in expected { XCTAssertTrue(page.contains(text), "\(language): \(text)") }
            XCTAssertFalse(page.contains("Hand edits"), "no commit subject on a public page")
            XCTAssertFalse(page.contains("Hortense"), "no author on a public page")
        }
        // The internal site keeps who changed what beside it.
        let out = try Fixtures.temporaryDirectory(self, "structured-internal")
        try Dashboard(snapshot: Fixtures.snapshot(plan), history: read, language: .en, asOf: Fixtures.asOf, audience: .internal).write(to: out)
        let page = try Fixtures.read(out.appendingPathComponent("commitment-05.html"))
        XCTAssertTrue(page.contains("Hortense") && page.contains("Milestone m4: Complete, actual end November 2026"), page)
    }
}
