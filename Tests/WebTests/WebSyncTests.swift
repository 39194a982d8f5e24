import Foundation
import TestSupport
import XCTest

/// A ministry's copy, cloned from a hub: its commitments only, the guardrails of the CLI, and
/// "sync now" sending a save made in the page.
final class WebSyncTests: WebTestCase {
    private var hub: String { work.path + "/hub.git" }

    /// The sample's hub, and a copy of it cloned for autorite-terres, served by carnet web.
    private func terresCopy() throws {
        XCTAssertEqual(try carnet("hub", "init", hub, "--from", plan).status, 0)
        let clone = try carnet("clone", hub, "terres", "--ministry", "autorite-terres")
        XCTAssertEqual(clone.status, 0, clone.stderr)
        plan = work.path + "/terres"
        XCTAssertEqual(try carnet("whoami", "-C", plan, "--name", "Rosine Abessolo", "--email", "rosine@terres.example").status, 0)
        try start()
    }

    private func hubHead() throws -> String {
        try Shell.git(["--git-dir", hub, "rev-parse", "main"], in: work.path).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func testASaveInThePageIsSentBySyncNow() throws {
        try terresCopy()
        XCTAssertTrue(try server.get("/").body.contains("<h1>My commitments</h1>"))
        let page = try server.get("/c/05").body
        let marker = "action=\"/c/05/m/m4\""
        let saved = try server.post("/c/05/m/m4", [("csrf", try XCTUnwrap(hiddenValue("csrf", in: page, after: marker))),
                                                   ("version", try XCTUnwrap(hiddenValue("version", in: page, after: marker))),
                                                   ("note", "Trois bureaux ouverts.")])
        XCTAssertEqual(saved.status, 303, saved.body)
        XCTAssertEqual(try git("log", "-1", "--format=%an"), "Rosine Abessolo", "signed by the copy's author")

        let before = try server.get("/sync").body
        XCTAssertTrue(before.contains(hub), before)
        XCTAssertTrue(before.contains("1 change</dd>"), before)
        XCTAssertNotEqual(try hubHead(), try git("rev-parse", "HEAD"))

        let csrf = try XCTUnwrap(hiddenValue("csrf", in: before))
        XCTAssertEqual(try server.post("/sync", [("csrf", csrf)]).status, 303)
        let after = try server.get("/sync?done=1").body
        XCTAssertTrue(after.contains("Everything was sent and received."), after)
        XCTAssertTrue(after.contains("0 changes</dd>"), after)
        XCTAssertEqual(try hubHead(), try git("rev-parse", "HEAD"), "the hub has the save")
        XCTAssertTrue(FileManager.default.fileExists(atPath: plan + "/.git/carnet-last-sync.json"), "recorded for carnet status too")
    }

    func testAnotherMinistrysCommitmentIsRefusedAsTheCLIRefusesIt() throws {
        try terresCopy()
        // A commitment autorite-terres does not lead.
        let others = try Shell.run(["grep", "-L", "lead_agency: autorite-terres", "-r", plan + "/commitments", "--include=commitment.yaml"]).stdout
        let other = URL(fileURLWithPath: String(try XCTUnwrap(others.split(separator: "\n").first))).deletingLastPathComponent().lastPathComponent
        XCTAssertFalse(try server.get("/").body.contains("href=\"/c/\(other)\""), "not in My commitments")
        let page = try server.get("/c/\(other)").body
        let marker = "action=\"/c/\(other)/m/m1\""
        let head = try git("rev-parse", "HEAD")
        let refused = try server.post("/c/\(other)/m/m1", [("csrf", try XCTUnwrap(hiddenValue("csrf", in: page, after: marker))),
                                                          ("version", try XCTUnwrap(hiddenValue("version", in: page, after: marker))),
                                                          ("note", "Pas à nous")])
        XCTAssertEqual(refused.status, 422)
        XCTAssertTrue(refused.body.contains("refused"), refused.body)
        XCTAssertEqual(try git("rev-parse", "HEAD"), head)
        XCTAssertEqual(try git("status", "--porcelain"), "")
    }

    func testAConflictFromAnotherCopyIsShownSideBySideAndSettledInThePage() throws {
        XCTAssertEqual(try carnet("hub", "init", hub, "--from", plan).status, 0)
        for (name, person) in [("a", "Rosine A"), ("b", "Paul B")] {
            XCTAssertEqual(try carnet("clone", hub, name, "--ministry", "autorite-terres").status, 0)
            XCTAssertEqual(try carnet("whoami", "-C", work.path + "/" + name, "--name", person, "--email", "\(name)@terres.example").status, 0)
        }
        XCTAssertEqual(try carnet("milestone", "set", "05", "m4", "-C", work.path + "/a", "--note", "Note de A", "--completion", "substantial").status, 0)
        XCTAssertEqual(try carnet("sync", "-C", work.path + "/a").status, 0)
        XCTAssertEqual(try carnet("milestone", "set", "05", "m4", "-C", work.path + "/b", "--note", "Note de B", "--completion", "complete").status, 0)
        _ = try carnet("sync", "-C", work.path + "/b")
        plan = work.path + "/b"
        try start()

        let page = try server.get("/conflicts").body
        // In the commitment page's words, not the record's field names; a level as the manual says it.
        XCTAssertTrue(page.contains("Commitment 5, milestone m4: Note"), page)
        XCTAssertTrue(page.contains("Commitment 5, milestone m4: Completion level"), page)
        XCTAssertFalse(page.contains("milestones.m4.note</h2>") || page.contains(": milestones.m4"), page)
        XCTAssertTrue(page.contains("<pre>Note de A</pre>") && page.contains("<pre>Note de B</pre>"), "both values")
        XCTAssertTrue(page.contains("<pre>Substantial</pre>") && page.contains("<pre>Complete</pre>"), page)
        XCTAssertTrue(page.contains("Rosine A") && page.contains("Paul B"), "who wrote each")
        XCTAssertTrue(page.contains(" UTC</p>") && !page.contains("Z</p>"), "when, as a date and time: \(page)")
        // A level is one or the other: the note can be written from both, the level cannot.
        XCTAssertEqual(page.components(separatedBy: "<textarea").count - 1, 1, page)
        let csrf = try XCTUnwrap(hiddenValue("csrf", in: page))

        // The page with a conflict on it, in the browser: axe-core, 390 px.
        let script = RepositoryPaths.root().appendingPathComponent("Tests/WebTests/Browser/axe_pages.py").path
        let artifacts = RepositoryPaths.root().appendingPathComponent("test-artifacts/web").path
        let browser = try Shell.run(["python3", script, server.address, artifacts, "with-conflict-"])
        XCTAssertEqual(browser.status, 0, browser.stdout + browser.stderr)
        let head = try git("rev-parse", "HEAD")

        // A file and field that are not a listed conflict: refused, whatever the path says.
        XCTAssertEqual(try server.post("/conflicts/settle", [("csrf", csrf), ("path", "../../etc/passwd"), ("field", "x"),
                                                              ("choice", "keep")]).status, 404)
        XCTAssertEqual(try server.post("/conflicts/settle", [("csrf", csrf), ("path", "commitments/05/progress.yaml"),
                                                              ("field", "milestones.m4.note"), ("choice", "value"), ("value", " ")]).status, 422)
        XCTAssertEqual(try git("rev-parse", "HEAD"), head)

        let settled = try server.post("/conflicts/settle", [("csrf", csrf), ("path", "commitments/05/progress.yaml"),
                                                             ("field", "milestones.m4.note"), ("choice", "value"),
                                                             ("value", "Notes de A et de B")])
        XCTAssertEqual(settled.status, 303, settled.body)
        XCTAssertEqual(try git("log", "-1", "--format=%s"), "Resolve commitments/05/progress.yaml milestones.m4.note: wrote a new value")
        let level = try server.post("/conflicts/settle", [("csrf", csrf), ("path", "commitments/05/progress.yaml"),
                                                          ("field", "milestones.m4.completion"), ("choice", "take-lost")])
        XCTAssertEqual(level.status, 303, level.body)
        XCTAssertTrue(try server.get("/conflicts?settled=1").body.contains("No conflict"))
        XCTAssertTrue(try String(contentsOfFile: plan + "/commitments/05/progress.yaml", encoding: .utf8).contains("Notes de A et de B"))
        XCTAssertEqual(try git("status", "--porcelain"), "")
    }

    func testAHubRefusalIsExplainedAndTheRescueButtonRunsTheRescue() throws {
        try terresCopy()
        XCTAssertEqual(try carnet("milestone", "set", "05", "m4", "-C", plan, "--note", "En attente").status, 0)
        // The last sync's record as `carnet sync` writes it when the hub refused the push (a hub on
        // a path runs no hook, so the refusal itself is written here; the rescue is real).
        let record = #"{"at":"2026-11-27T10:00:00Z","exitCode":77,"result":"refused","serverRefused":true,"summary":"the hub refused the push"}"#
        try record.write(toFile: plan + "/.git/carnet-last-sync.json", atomically: true, encoding: .utf8)
        let page = try server.get("/sync").body
        XCTAssertTrue(page.contains("The hub refused this copy&#39;s changes") || page.contains("The hub refused this copy's changes"), page)
        XCTAssertTrue(page.contains("action=\"/rescue\""), "the rescue is a button")
        let answer = try server.post("/rescue", [("csrf", try XCTUnwrap(hiddenValue("csrf", in: page)))])
        XCTAssertEqual(answer.status, 303)
        XCTAssertEqual(answer.header("Location"), "/sync?rescued=1")
        let after = try server.get("/sync?rescued=1").body
        XCTAssertTrue(after.contains("Rescue finished"), after)
        XCTAssertFalse(after.contains("action=\"/rescue\""), "nothing refused any more")
        XCTAssertEqual(try hubHead(), try git("rev-parse", "HEAD"), "the change the hub accepts was sent")
    }
}

