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
}
