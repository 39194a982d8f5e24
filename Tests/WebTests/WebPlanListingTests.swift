import Foundation
import TestSupport
import XCTest

/// The point of contact's whole-plan lists (docs/WEB.md, "A page at a time"): fifty cards a page,
/// narrowed by lead agency, completion level, RAG rating and theme from the address, needing
/// attention first. The oracles: the plan's files themselves (grep), and the dashboard's own
/// filter pages for the rating.
final class WebPlanListingTests: WebTestCase {
    /// A generated plan of `count` commitments (Benchmarks/generate_plan.py), committed, served
    /// as the point of contact's copy.
    private func generated(_ count: Int) throws {
        let big = work.path + "/big"
        let script = RepositoryPaths.root().appendingPathComponent("Benchmarks/generate_plan.py").path
        XCTAssertEqual(try Shell.run(["python3", script, big, String(count), "2"]).status, 0)
        plan = big
        _ = try Shell.git(["init", "-q", "-b", "main"], in: big)
        _ = try git("add", "-A")
        // Adopted before the day the pages are made for (the dashboard, the oracle of ratings, reports as of that day).
        let adopted = try Shell.run(["env", "GIT_AUTHOR_DATE=2026-11-01T10:00:00", "GIT_COMMITTER_DATE=2026-11-01T10:00:00",
                                     "git", "-c", "user.name=Point of contact", "-c", "user.email=p@x", "commit", "-qm", "Plan adopted"], in: big)
        XCTAssertEqual(adopted.status, 0, adopted.stderr)
        try start(today: "2026-11-27")
    }

    /// The commitment ids a page's cards link to, in order.
    private func cards(_ body: String) -> [String] {
        body.components(separatedBy: "<li class=\"card").dropFirst().compactMap { card in
            card.range(of: "href=\"/c/").map { r in String(card[r.upperBound...].prefix { $0 != "\"" && $0 != "#" }) }
        }
    }

    /// Every id of a listing, page after page, following its own "Next page" links.
    private func everyPage(_ first: String) throws -> (ids: [String], pages: Int) {
        var ids: [String] = []
        var path: String? = first
        var pages = 0
        while let next = path, pages < 50 {
            let page = try server.get(next)
            XCTAssertEqual(page.status, 200, page.body)
            ids += cards(page.body)
            pages += 1
            path = (page.body.range(of: "\">Next page</a>") ?? page.body.range(of: "\">Page suivante</a>")).flatMap { end in
                page.body[..<end.lowerBound].components(separatedBy: "href=\"").last
            }.map { $0.replacingOccurrences(of: "&amp;", with: "&") }
        }
        return (ids, pages)
    }

    /// The ids whose file says `pattern` (grep's -l over the commitment folders).
    private func grepped(_ pattern: String, in file: String) throws -> Set<String> {
        let out = try Shell.run(["sh", "-c", "grep -l -x -e \"$1\" commitments/*/\(file) || true", "sh", pattern], in: plan).stdout
        return Set(out.split(separator: "\n").map { $0.split(separator: "/")[1] }.map(String.init))
    }

    func testTheWholePlanComesFiftyAtATimeEachCommitmentOnExactlyOnePage() throws {
        try generated(120)
        let first = try server.get("/").body
        XCTAssertEqual(cards(first).count, 50)
        XCTAssertTrue(first.contains("120 commitments match (page 1 of 3)"), first)
        XCTAssertTrue(first.contains("aria-current=\"page\">1</a>"), first)
        let all = try everyPage("/")
        XCTAssertEqual(all.pages, 3)
        XCTAssertEqual(all.ids.count, 120)
        let folders = try FileManager.default.contentsOfDirectory(atPath: plan + "/commitments")
        XCTAssertEqual(Set(all.ids), Set(folders), "every commitment once")
        // Past the last page: the last page; nonsense: the first.
        XCTAssertEqual(cards(try server.get("/?page=999").body).count, 20)
        for hostile in ["page=-4", "page=abc", "page=99999999999999999999", "status=%3Cscript%3E", "ministry=..%2F..%2Fetc", "rag=purple&theme=%00"] {
            let answer = try server.get("/?" + hostile)
            XCTAssertEqual(answer.status, 200, hostile)
            XCTAssertEqual(cards(answer.body).count, 50, hostile)
            XCTAssertFalse(answer.body.contains("<script"), hostile)
        }
        // Needs attention: its own pages, those that need it, the same way.
        let attention = try everyPage("/attention")
        XCTAssertEqual(Set(attention.ids).count, attention.ids.count)
        XCTAssertTrue(try server.get("/attention").body.contains("\(attention.ids.count) commitments match"))
    }

    func testFiltersNarrowToWhatThePlansFilesSayAndNeedingAttentionComesFirst() throws {
        try generated(120)
        let ministry = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: plan + "/ministries").sorted().first)
            .replacingOccurrences(of: ".yaml", with: "")
        XCTAssertEqual(Set(try everyPage("/?ministry=\(ministry)").ids), try grepped("lead_agency: \(ministry)", in: "commitment.yaml"))
        XCTAssertEqual(Set(try everyPage("/?status=limited").ids), try grepped("completion: limited", in: "progress.yaml"))
        let both = try everyPage("/?ministry=\(ministry)&status=limited").ids
        XCTAssertEqual(Set(both), try grepped("lead_agency: \(ministry)", in: "commitment.yaml").intersection(try grepped("completion: limited", in: "progress.yaml")))
        // The rating as the dashboard gives it: its own static filter page of red commitments.
        let out = work.path + "/site"
        XCTAssertEqual(try carnet("report", "dashboard", "-C", plan, "--out", out, "--as-of", "2026-11-27").status, 0)
        let red = try String(contentsOfFile: out + "/rag-red.html", encoding: .utf8)
        let redIDs = Set(red.components(separatedBy: "href=\"commitment-").dropFirst().map { String($0.prefix { $0 != "." && $0 != "\"" }) })
        XCTAssertFalse(redIDs.isEmpty, "the generated plan has red commitments by then")
        XCTAssertEqual(Set(try everyPage("/?rag=red").ids), redIDs)
        // Those needing attention first: every card marked late comes before any that is not.
        let page = try server.get("/").body
        let late = page.components(separatedBy: "<li class=\"card").dropFirst().map { $0.hasPrefix(" late") }
        XCTAssertEqual(late, late.sorted { $0 && !$1 }, "late cards first")
        // Each card says who leads it; the filter form keeps what was chosen, as links do.
        XCTAssertTrue(page.contains("Lead implementing agency"))
        let filtered = try server.get("/?ministry=\(ministry)&page=1").body
        XCTAssertTrue(filtered.contains("value=\"\(ministry)\" selected=\"selected\""), filtered)
        XCTAssertTrue(filtered.contains("href=\"/\">Show them all</a>"), filtered)
    }

    func testThemesNarrowTheListAndFrenchSaysItAll() throws {
        try generated(40)
        server.stop()
        // Two plan themes; every third commitment names the first.
        var planText = try String(contentsOfFile: plan + "/plan.yaml", encoding: .utf8)
        planText += "themes:\n  - id: donnees-ouvertes\n    title:\n      fr: \"Données ouvertes\"\n      en: \"Open data\"\n"
            + "  - id: integrite\n    title:\n      fr: \"Intégrité publique\"\n      en: \"Public integrity\"\n"
        try planText.write(toFile: plan + "/plan.yaml", atomically: true, encoding: .utf8)
        for (i, folder) in try FileManager.default.contentsOfDirectory(atPath: plan + "/commitments").sorted().enumerated() where i % 3 == 0 {
            let path = plan + "/commitments/\(folder)/commitment.yaml"
            try (try String(contentsOfFile: path, encoding: .utf8) + "themes:\n  - donnees-ouvertes\n").write(toFile: path, atomically: true, encoding: .utf8)
        }
        try start(language: "fr", today: "2026-11-27")
        let page = try server.get("/").body
        XCTAssertTrue(page.contains("40 engagements correspondent (page 1 sur 1)"), page)
        XCTAssertTrue(page.contains("<legend>N'afficher que</legend>"), page)
        XCTAssertTrue(page.contains("Principal organisme d'exécution"), page)
        XCTAssertTrue(page.contains("<option value=\"donnees-ouvertes\">Données ouvertes</option>"), page)
        let themed = try everyPage("/?theme=donnees-ouvertes").ids
        XCTAssertEqual(Set(themed), try grepped("  - donnees-ouvertes", in: "commitment.yaml"))
        XCTAssertEqual(themed.count, 14)
        XCTAssertEqual(try everyPage("/?theme=integrite").ids, [])
        XCTAssertTrue(try server.get("/?theme=integrite").body.contains("Aucun engagement à afficher."))
    }

    /// With JavaScript off, in Chromium: the filter form and the page links alone reach every page;
    /// then, script on, axe-core finds nothing on a page with its page links, at 1280 and 390 px.
    func testPagesAndFiltersWorkInABrowserWithoutScript() throws {
        try generated(120)
        let script = RepositoryPaths.root().appendingPathComponent("Tests/WebTests/Browser/listing_noscript.py").path
        let ministry = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: plan + "/ministries").sorted().first)
            .replacingOccurrences(of: ".yaml", with: "")
        let expected = try grepped("lead_agency: \(ministry)", in: "commitment.yaml").count
        let artifacts = RepositoryPaths.root().appendingPathComponent("test-artifacts/web").path
        let result = try Shell.run(["python3", script, server.address, ministry, String(expected), artifacts])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("listing_noscript: 0 problem(s)"), result.stdout + result.stderr)
    }
}
