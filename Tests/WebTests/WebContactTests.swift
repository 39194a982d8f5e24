import Foundation
import TestSupport
import XCTest

/// The point of contact's pages in a copy cloned `--point-of-contact` from a hub: what the hub
/// says of every ministry, what needs attention, the dashboard previewed, the draft downloaded.
final class WebContactTests: WebTestCase {
    private var hub: String { work.path + "/hub.git" }

    private func clone(_ name: String, _ role: String...) throws {
        XCTAssertEqual(try carnet("hub", "init", hub, "--from", plan).status, 0)
        let arguments = ["clone", hub, name] + role
        let clone = try Shell.run([RepositoryPaths.carnetBinary] + arguments, in: work.path, environment: [
            "HOME": home.path, "XDG_CONFIG_HOME": home.path + "/config", "GIT_CONFIG_NOSYSTEM": "1", "CARNET_TODAY": "2026-11-27",
        ])
        XCTAssertEqual(clone.status, 0, clone.stderr)
        plan = work.path + "/" + name
        XCTAssertEqual(try carnet("whoami", "-C", plan, "--name", "Awa Diallo", "--email", "awa@terres.example").status, 0)
    }

    func testMinistriesShowWhatTheHubSaysOfEachAfterAskingIt() throws {
        try clone("poc", "--point-of-contact")
        try start()
        let home = try server.get("/").body
        XCTAssertTrue(home.contains("href=\"/ministries\""), "the point of contact's pages are in the menu")
        let before = try server.get("/ministries")
        XCTAssertEqual(before.status, 200, before.body)
        XCTAssertTrue(before.body.contains("has not asked the hub yet"), before.body)

        let asked = try server.post("/ministries", [("csrf", try XCTUnwrap(hiddenValue("csrf", in: before.body)))])
        XCTAssertEqual(asked.status, 303, asked.body)
        let page = try server.get("/ministries?asked=1").body
        XCTAssertTrue(page.contains("The hub answered"), page)
        // The oracle: carnet hub status in the same copy, which reads what the page's question fetched.
        let status = try Shell.run([RepositoryPaths.carnetBinary, "hub", "status", "--json"], in: plan,
                                   environment: ["HOME": self.home.path, "GIT_CONFIG_NOSYSTEM": "1"])
        XCTAssertEqual(status.status, 0, status.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        let ministries = try XCTUnwrap(json["ministries"] as? [[String: Any]])
        XCTAssertFalse(ministries.isEmpty)
        for m in ministries {
            let id = try XCTUnwrap(m["id"] as? String)
            XCTAssertTrue(page.contains("(\(id))</h2>"), "ministry \(id) is listed")
            for c in m["commitments"] as? [String] ?? [] {
                XCTAssertTrue(page.contains("<a href=\"/c/\(c)\">\(c)</a>"), "\(id) leads \(c)")
            }
        }
        // Shown again without the network: the hub gone, the page still says what it said.
        try FileManager.default.moveItem(atPath: hub, toPath: hub + ".gone")
        let offline = try server.get("/ministries").body
        XCTAssertTrue(offline.contains("(\(try XCTUnwrap(ministries.first?["id"] as? String)))</h2>"), offline)
        let failed = try server.post("/ministries", [("csrf", try XCTUnwrap(hiddenValue("csrf", in: offline)))])
        XCTAssertEqual(failed.status, 502)
        XCTAssertTrue(failed.body.contains("The hub could not be asked"), failed.body)
        XCTAssertTrue(failed.body.contains(hub), "the hub's own message says which hub: \(failed.body)")
    }

    /// The hub's published push log (refs/carnet/push-log, as its hooks publish it; a hub on a
    /// path runs no hook, so the log is written here with git itself): one line a push.
    private func publishPushLog(_ lines: [String]) throws {
        let file = work.path + "/push-log.jsonl"
        try (lines.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        func hubGit(_ arguments: [String], input: String? = nil) throws -> String {
            let result = try Shell.git(["--git-dir", hub] + arguments, in: work.path)
            XCTAssertEqual(result.status, 0, result.stderr)
            return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let blob = try hubGit(["hash-object", "-w", file])
        let treeFile = work.path + "/tree.txt"
        try "100644 blob \(blob)\tcarnet-push-log.jsonl\n".write(toFile: treeFile, atomically: true, encoding: .utf8)
        let tree = try Shell.run(["sh", "-c", "git --git-dir '\(hub)' mktree < '\(treeFile)'"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let commit = try Shell.run(["sh", "-c", "git --git-dir '\(hub)' -c user.name=hub -c user.email=hub@carnet.invalid commit-tree \(tree) -m 'carnet push log'"])
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try hubGit(["update-ref", "refs/carnet/push-log", commit])
    }

    func testARefusedMinistryIsShownStuckThenUnstuckWithTheRuleItBroke() throws {
        try clone("poc", "--point-of-contact")
        let refused = #"{"at":"2026-11-20T10:00:00Z","pusher":"autorite-terres:rosine@terres.example","ministry":"autorite-terres","ref":"refs/heads/main","new":"1111111111111111111111111111111111111111","commits":[],"outcome":"refused","refusals":["only the lead ministry of commitment 02 (min-justice) may change its progress"]}"#
        try publishPushLog([refused])
        try start()
        let form = try server.get("/ministries").body
        XCTAssertEqual(try server.post("/ministries", [("csrf", try XCTUnwrap(hiddenValue("csrf", in: form)))]).status, 303)
        let stuck = try server.get("/ministries").body
        let card = try XCTUnwrap(stuck.components(separatedBy: "<li class=\"card").first { $0.contains("(autorite-terres)</h2>") })
        XCTAssertTrue(card.hasPrefix(" late\""), "a stuck ministry is marked: \(card)")
        XCTAssertTrue(card.contains("still stuck"), card)
        XCTAssertTrue(card.contains("by autorite-terres:rosine@terres.example"), card)
        XCTAssertTrue(card.contains("only the lead ministry of commitment 02 (min-justice)"), card)

        let accepted = #"{"at":"2026-11-21T10:00:00Z","pusher":"autorite-terres:rosine@terres.example","ministry":"autorite-terres","ref":"refs/heads/main","new":"2222222222222222222222222222222222222222","commits":[],"outcome":"accepted"}"#
        try publishPushLog([refused, accepted])
        XCTAssertTrue(try server.get("/ministries").body.contains("still stuck"), "nothing fetched yet: what the hub said last")
        XCTAssertEqual(try server.post("/ministries", [("csrf", try XCTUnwrap(hiddenValue("csrf", in: form)))]).status, 303)
        let unstuck = try server.get("/ministries").body
        let after = try XCTUnwrap(unstuck.components(separatedBy: "<li class=\"card").first { $0.contains("(autorite-terres)</h2>") })
        XCTAssertTrue(after.contains("unstuck since by an accepted change"), after)
        XCTAssertTrue(after.contains("21 November 2026, 10:00 UTC by autorite-terres:rosine@terres.example"), "its last push, as a date: \(after)")
    }

    func testAMinistrysCopyIsToldThesePagesAreThePointOfContacts() throws {
        try clone("terres", "--ministry", "autorite-terres")
        try start()
        XCTAssertFalse(try server.get("/").body.contains("href=\"/ministries\""), "not in a ministry's menu")
        for path in ["/ministries", "/attention", "/preview/", "/self-assessment", "/self-assessment/draft?term=mid"] {
            let answer = try server.get(path)
            XCTAssertEqual(answer.status, 403, path)
            XCTAssertTrue(answer.body.contains("for the point of contact"), answer.body)
        }
    }

    func testNeedsAttentionListsEveryLateCommitmentOfThePlanWithItsLeadMinistry() throws {
        try start(today: "2027-06-15")
        let all = try server.get("/").body
        var late: [String] = []
        for card in all.components(separatedBy: "<li class=\"card late\">").dropFirst() {
            guard let r = card.range(of: "href=\"/c/") else { continue }
            late.append(String(card[r.upperBound...].prefix { $0 != "\"" }))
        }
        XCTAssertFalse(late.isEmpty, "the sample has overdue milestones by then")
        let page = try server.get("/attention")
        XCTAssertEqual(page.status, 200, page.body)
        for id in late { XCTAssertTrue(page.body.contains("href=\"/c/\(id)\""), "late commitment \(id) needs attention") }
        // Each card names its lead agency (the list is narrowed by agency rather than grouped under it).
        let cards = page.body.components(separatedBy: "<li class=\"card").count - 1
        XCTAssertEqual(page.body.components(separatedBy: "<dt>Lead implementing agency</dt>").count - 1, cards)
    }

    func testTheDashboardIsPreviewedAsReportDashboardWritesItUnderTheSameHeaders() throws {
        try start()
        let index = try server.get("/preview/")
        XCTAssertEqual(index.status, 200, index.body)
        XCTAssertTrue(index.header("Content-Security-Policy")?.contains("frame-ancestors 'none'") == true)
        // The oracle: the same dashboard written by the CLI.
        let out = work.path + "/site"
        XCTAssertEqual(try carnet("report", "dashboard", "-C", plan, "--out", out, "--as-of", "2026-11-27").status, 0)
        let written = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        XCTAssertEqual(index.body, written, "the preview is the published page")
        let style = try server.get("/preview/style.css")
        XCTAssertEqual(style.header("Content-Type"), "text/css; charset=utf-8")
        XCTAssertEqual(style.body, try String(contentsOfFile: out + "/style.css", encoding: .utf8))
        for hostile in ["/preview/../plan.yaml", "/preview/%2e%2e/%2e%2e/plan.yaml", "/preview/.carnet-dashboard", "/preview/nothing.html",
                        "/preview/%00"] {
            let answer = try server.get(hostile)
            XCTAssertNotEqual(answer.status, 200, hostile)
            XCTAssertFalse(answer.body.contains("lead_agency"), hostile)
        }
    }

    func testTheSelfAssessmentDraftDownloadsAsADocxLibreOfficeReads() throws {
        try start()
        let form = try server.get("/self-assessment")
        XCTAssertEqual(form.status, 200, form.body)
        XCTAssertTrue(form.body.contains("action=\"/self-assessment/draft\""), form.body)
        XCTAssertEqual(try server.get("/self-assessment/draft?term=someday").status, 400)
        let file = work.path + "/draft.docx"
        let download = try Shell.run(["curl", "-s", "-D", "-", "-o", file, "-H", "Cookie: \(server.cookie)",
                                      "http://\(server.host)/self-assessment/draft?term=mid_term&language=en"])
        XCTAssertEqual(download.status, 0, download.stderr)
        XCTAssertTrue(download.stdout.contains("application/vnd.openxmlformats-officedocument.wordprocessingml.document"), download.stdout)
        XCTAssertTrue(download.stdout.contains("attachment; filename=\"self-assessment-mid_term.docx\""), download.stdout)
        let pdf = try Shell.run(["soffice", "--headless", "-env:UserInstallation=file://\(home.path)/lo", "--convert-to", "pdf",
                                 "--outdir", work.path, file], in: work.path, environment: ["HOME": home.path])
        XCTAssertEqual(pdf.status, 0, pdf.stderr)
        let text = try Shell.run(["pdftotext", work.path + "/draft.pdf", "-"]).stdout
        XCTAssertTrue(text.contains("Mid-term"), text)
        let title = try git("show", "HEAD:plan.yaml").split(separator: "\n").first { $0.hasPrefix("title:") || $0.contains("title:") }
        XCTAssertNotNil(title)
        XCTAssertFalse(text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
    }
}
