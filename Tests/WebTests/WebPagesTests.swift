import Foundation
import TestSupport
import XCTest

/// The pages for ministry staff, through real HTTP: every save goes through the engine of
/// `carnet milestone set` (validated, one commit), refusals are shown next to their field.
final class WebPagesTests: WebTestCase {
    private func form(_ id: String = "05", milestone: String) throws -> (csrf: String, version: String, page: String) {
        let page = try server.get("/c/\(id)")
        XCTAssertEqual(page.status, 200, page.body)
        let marker = "action=\"/c/\(id)/m/\(milestone)\""
        return (try XCTUnwrap(hiddenValue("csrf", in: page.body, after: marker)),
                try XCTUnwrap(hiddenValue("version", in: page.body, after: marker)), page.body)
    }

    private func commitCount() throws -> Int { Int(try git("rev-list", "--count", "HEAD"))! }

    func testMyCommitmentsListsTheCopysMinistrysCommitmentsWithWhatIsLate() throws {
        _ = try git("config", "carnet.role", "ministry")
        _ = try git("config", "carnet.ministry", "autorite-terres")
        try start()
        let page = try server.get("/")
        XCTAssertEqual(page.status, 200)
        XCTAssertTrue(page.body.contains("<h1>My commitments</h1>"), page.body)
        XCTAssertTrue(page.body.contains("href=\"/c/05\""), "commitment 05 is led by autorite-terres")
        let others = try Shell.run(["grep", "-L", "lead_agency: autorite-terres", "-r", plan + "/commitments", "--include=commitment.yaml"]).stdout
        for file in others.split(separator: "\n") {
            let id = URL(fileURLWithPath: String(file)).deletingLastPathComponent().lastPathComponent
            XCTAssertFalse(page.body.contains("href=\"/c/\(id)\""), "commitment \(id) is another ministry's")
        }
        XCTAssertTrue(page.body.contains("aria-current=\"page\""))
        XCTAssertFalse(page.body.contains("No update"), "just made: updated today")
    }

    func testMyCommitmentsSaysWhichHaveNoUpdateForLongerThanThePlanAsks() throws {
        _ = try git("config", "carnet.role", "ministry")
        _ = try git("config", "carnet.ministry", "autorite-terres")
        // Half a year after the plan's only commit (the plan asks every 60 days unless it says otherwise).
        let last = try git("log", "-1", "--format=%cs")
        let parts = last.split(separator: "-").map { Int($0)! }
        let later = String(format: "%04d-%02d-%02d", parts[1] > 6 ? parts[0] + 1 : parts[0], (parts[1] + 5) % 12 + 1, 1)
        try start(today: later)
        let page = try server.get("/")
        XCTAssertTrue(page.body.contains("<dt>No update</dt>"), page.body)
        XCTAssertTrue(page.body.contains("days (the plan asks for one at least every"), page.body)
    }

    func testSavingAMilestoneIsOneCommitMadeByTheEngine() throws {
        try start()
        let before = try commitCount()
        let (csrf, version, page) = try form(milestone: "m4")
        XCTAssertTrue(page.contains("<legend>Completion level</legend>"))
        XCTAssertTrue(page.contains("<label for=\"m4-note\">Note</label>"), "every field has its label")
        let answer = try server.post("/c/05/m/m4", [("csrf", csrf), ("version", version), ("completion", "substantial"),
                                                     ("actual-start", "2026-03"), ("actual-end", ""), ("note", "Deux bureaux ouverts."),
                                                     ("delay-reason", "")])
        XCTAssertEqual(answer.status, 303, answer.body)
        XCTAssertEqual(answer.header("Location"), "/c/05?saved=m4#milestone-m4")
        XCTAssertEqual(try commitCount(), before + 1, "one commit")
        XCTAssertEqual(try git("log", "-1", "--format=%s"), "Commitment 05, milestone m4: completion limited → substantial; actual start 2026-03; note")
        XCTAssertEqual(try git("status", "--porcelain"), "", "nothing left uncommitted")
        let progress = try String(contentsOfFile: plan + "/commitments/05/progress.yaml", encoding: .utf8)
        XCTAssertTrue(progress.contains("Deux bureaux ouverts."), progress)
        XCTAssertEqual(try carnet("validate").status, 0)
        let after = try server.get("/c/05?saved=m4")
        XCTAssertTrue(after.body.contains("Milestone m4 saved."))
        XCTAssertTrue(after.body.contains("<li><strong>Awa Diallo, "), "who changed it, in the history")
        // And what, in words read from the records (HistoryWords), not git's English subject.
        XCTAssertTrue(after.body.contains("<br/>Milestone m4: Substantial; Milestone m4: actual start March 2026; Milestone m4: note updated</li>"), after.body)
        XCTAssertFalse(after.body.contains("Commitment 05, milestone m4: completion limited → substantial"))

        // The same form again, unchanged: nothing to save, no commit.
        let again = try form(milestone: "m4")
        var fields: [(String, String)] = [("csrf", again.csrf), ("version", again.version)]
        for name in ["completion", "actual-start", "actual-end", "note", "delay-reason"] {
            fields.append((name, name == "completion" ? "substantial" : name == "actual-start" ? "2026-03" : name == "note" ? "Deux bureaux ouverts." : ""))
        }
        XCTAssertEqual(try server.post("/c/05/m/m4", fields).status, 303)
        XCTAssertEqual(try commitCount(), before + 1)
    }

    func testAnInvalidValueIsRefusedNextToItsFieldAndNothingIsWritten() throws {
        try start()
        let head = try git("rev-parse", "HEAD")
        let (csrf, version, _) = try form(milestone: "m4")
        let answer = try server.post("/c/05/m/m4", [("csrf", csrf), ("version", version), ("completion", "finished"),
                                                     ("actual-start", "2026-13"), ("note", "x")])
        XCTAssertEqual(answer.status, 422)
        // Read as the command line reads dates (PeopleInput): its message, with the forms it reads.
        let error = try XCTUnwrap(answer.body.range(of: "id=\"m4-actual-start-error\">"), answer.body)
        let message = answer.body[error.upperBound...].prefix { $0 != "<" }
        XCTAssertTrue(message.contains("2026-13") && message.contains("is not a real date") && message.contains("30 November 2026"), String(message))
        XCTAssertTrue(answer.body.contains("aria-describedby=\"m4-actual-start-hint m4-actual-start-error\" aria-invalid=\"true\""), answer.body)
        XCTAssertTrue(answer.body.contains("Choose one of the four completion levels."))
        XCTAssertTrue(answer.body.contains("value=\"2026-13\""), "what was typed is kept in the form")
        XCTAssertEqual(try git("rev-parse", "HEAD"), head)
        XCTAssertEqual(try git("status", "--porcelain"), "")

        // A value the engine's validation refuses (an end before the start): its message, nothing written.
        let fresh = try form(milestone: "m4")
        let refused = try server.post("/c/05/m/m4", [("csrf", fresh.csrf), ("version", fresh.version), ("completion", "limited"),
                                                      ("actual-start", "2026-10"), ("actual-end", "2026-01")])
        XCTAssertEqual(refused.status, 422, refused.body)
        XCTAssertTrue(refused.body.contains("role=\"alert\""), refused.body)
        XCTAssertTrue(refused.body.contains("id=\"m4-actual-end-error\">milestone &#39;m4&#39; actually ends (2026-01) before it starts (2026-10)")
                      || refused.body.contains("id=\"m4-actual-end-error\">milestone 'm4' actually ends (2026-01) before it starts (2026-10)"),
                      "the validator's message next to its field")
        // A control character in a note: the validator's rule, next to the note.
        let third = try form(milestone: "m4")
        let control = try server.post("/c/05/m/m4", [("csrf", third.csrf), ("version", third.version), ("note", "a\u{1}b")])
        XCTAssertEqual(control.status, 422)
        XCTAssertTrue(control.body.contains("id=\"m4-note-error\""), control.body)
        XCTAssertEqual(try git("rev-parse", "HEAD"), head)
        XCTAssertEqual(try git("status", "--porcelain"), "")
    }

    func testASaveAfterTheFileChangedIsRefusedAndShowsWhatChanged() throws {
        try start()
        let (csrf, version, _) = try form(milestone: "m4")
        // Meanwhile, the CLI (or a sync, or a text editor) changes the commitment.
        let cli = try carnet("milestone", "set", "05", "m4", "-C", plan, "--note", "Changé depuis la ligne de commande")
        XCTAssertEqual(cli.status, 0, cli.stderr)
        let head = try git("rev-parse", "HEAD")
        let answer = try server.post("/c/05/m/m4", [("csrf", csrf), ("version", version), ("completion", "complete"),
                                                     ("note", "Mon texte")])
        XCTAssertEqual(answer.status, 409)
        XCTAssertTrue(answer.body.contains("was changed"), answer.body)
        XCTAssertTrue(answer.body.contains("Changé depuis la ligne de commande"), "the form shows what is saved now")
        XCTAssertTrue(answer.body.contains("Mon texte"), "and what the person had written")
        XCTAssertEqual(try git("rev-parse", "HEAD"), head, "nothing overwritten")
        // A hand edit not yet committed changes the version too.
        let now = try form(milestone: "m4")
        let file = plan + "/commitments/05/progress.yaml"
        try (try String(contentsOfFile: file, encoding: .utf8) + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        XCTAssertEqual(try server.post("/c/05/m/m4", [("csrf", now.csrf), ("version", now.version), ("completion", "complete")]).status, 409)
    }

    func testRecordValuesAreShownAsTextNeverAsMarkup() throws {
        try start()
        let (csrf, version, _) = try form(milestone: "m4")
        let hostile = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>"
        XCTAssertEqual(try server.post("/c/05/m/m4", [("csrf", csrf), ("version", version), ("completion", "limited"), ("note", hostile)]).status, 303)
        let page = try server.get("/c/05")
        XCTAssertFalse(page.body.contains("<script>"))
        XCTAssertFalse(page.body.contains("<img"))
        XCTAssertTrue(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    }

    /// A card is kept as written (WrittenCards) and written again from there: still escaped text.
    func testACardKeptBetweenPagesIsStillTextNeverMarkup() throws {
        try start()
        let hostile = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>"
        let defined = try carnet("commitment", "define", "-C", plan, "05", "--title", hostile, "--lang", "en")
        XCTAssertEqual(defined.status, 0, defined.stderr)
        for _ in 0..<2 {  // made, then written again from what was kept
            let page = try server.get("/").body
            XCTAssertFalse(page.contains("<script>"), page)
            XCTAssertFalse(page.contains("<img"), page)
            XCTAssertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), page)
        }
    }

    func testPagesSpeakTheUsersLanguage() throws {
        try start(language: "fr")
        XCTAssertTrue(try server.get("/").body.contains("Les engagements du plan"))
        let page = try server.get("/c/05").body
        XCTAssertTrue(page.contains("<html lang=\"fr\">"))
        XCTAssertTrue(page.contains("Niveau d&#39;achèvement") || page.contains("Niveau d'achèvement"), page)
        XCTAssertTrue(page.contains("Étape clé m4"))
        XCTAssertTrue(try server.get("/sync").body.contains("Synchroniser maintenant"))
        XCTAssertTrue(try server.get("/", headers: ["Cookie": ""]).body.contains("Accès refusé"))
    }

    func testSyncPageSaysThereIsNoHubAndSyncNowRunsTheEngine() throws {
        try start()
        let page = try server.get("/sync")
        XCTAssertEqual(page.status, 200)
        XCTAssertTrue(page.body.contains("not attached to a hub"), page.body)
        XCTAssertTrue(page.body.contains("never, from this copy"))
        let csrf = try XCTUnwrap(hiddenValue("csrf", in: page.body))
        XCTAssertEqual(try server.post("/sync", [("csrf", csrf)]).status, 303)
        let after = try server.get("/sync?done=1")
        XCTAssertTrue(after.body.contains("Sync finished"), after.body)
        XCTAssertTrue(after.body.contains("This copy has no hub to sync with."), after.body)
        XCTAssertTrue(FileManager.default.fileExists(atPath: plan + "/.git/carnet-last-sync.json"), "recorded as carnet sync records it")
    }

    func testTheCommitmentsOwnProgressSavesThroughTheEngineOfCommitmentSet() throws {
        try start()
        let page = try server.get("/c/05").body
        let marker = "action=\"/c/05/progress\""
        XCTAssertTrue(page.contains("<label for=\"commitment-results\">Description of results</label>"), page)
        let csrf = try XCTUnwrap(hiddenValue("csrf", in: page, after: marker))
        let version = try XCTUnwrap(hiddenValue("version", in: page, after: marker))
        let before = try commitCount()
        let answer = try server.post("/c/05/progress", [("csrf", csrf), ("version", version), ("completion", "complete"),
                                                         ("next-steps", "Publier le bilan.")])
        XCTAssertEqual(answer.status, 303, answer.body)
        XCTAssertEqual(try commitCount(), before + 1)
        XCTAssertEqual(try git("log", "-1", "--format=%s"), "Commitment 05: completion substantial → complete; next steps")
        XCTAssertTrue(try server.get("/c/05?progress=1").body.contains("The commitment&#39;s progress is saved.")
                      || (try server.get("/c/05?progress=1").body.contains("The commitment's progress is saved.")))
        // The old version again: refused, nothing written.
        let stale = try server.post("/c/05/progress", [("csrf", csrf), ("version", version), ("results", "Autre")])
        XCTAssertEqual(stale.status, 409)
        XCTAssertEqual(try commitCount(), before + 1)
        // Emptying the results is said next to the field.
        let now = try server.get("/c/05").body
        let emptied = try server.post("/c/05/progress", [("csrf", csrf), ("version", try XCTUnwrap(hiddenValue("version", in: now, after: marker))),
                                                          ("results", "")])
        XCTAssertEqual(emptied.status, 422)
        XCTAssertTrue(emptied.body.contains("id=\"commitment-results-error\""), emptied.body)
    }

    func testATranslationLeftBehindByASaveIsMarkedForReview() throws {
        try start()
        XCTAssertFalse(try server.get("/c/05").body.contains("Translations to review"))
        // m2's note is written in French and English; the form changes the French (the plan's first language).
        let page = try server.get("/c/05").body
        let marker = "action=\"/c/05/m/m2\""
        let saved = try server.post("/c/05/m/m2", [("csrf", try XCTUnwrap(hiddenValue("csrf", in: page, after: marker))),
                                                   ("version", try XCTUnwrap(hiddenValue("version", in: page, after: marker))),
                                                   ("note", "Troisième audience reportée à février.")])
        XCTAssertEqual(saved.status, 303, saved.body)
        let after = try server.get("/c/05").body
        XCTAssertTrue(after.contains("Translations to review"), after)
        XCTAssertTrue(after.contains("Milestone m2: Note: the English text is older than the text it translates"), "the field and the language by their names: \(after)")
    }
}

