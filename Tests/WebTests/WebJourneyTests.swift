import Foundation
import LocalSSH
import TestSupport
import XCTest

/// Whole journeys in a real Chromium (Tests/WebTests/Browser/journey.py, Selenium) against the
/// guarded hub on a real sshd (HubFixture): copies cloned by `carnet clone` over SSH, served by
/// `carnet web`, and git on the hub as the oracle of what each click sent. Screenshots at 1280
/// and 390 px go to test-artifacts/web/journeys/.
final class WebJourneyTests: XCTestCase {
    private var fixture: HubFixture!
    private var sshd: SSHServer!
    private var home: TemporaryDirectory!
    private var servers: [WebServer] = []

    override func setUpWithError() throws {
        fixture = try HubFixture()
        sshd = try fixture.startSSH()
        home = TemporaryDirectory("carnet-journey-home")
    }

    override func tearDown() {
        servers.forEach { $0.stop() }
        servers = []
        sshd = nil
        fixture = nil
    }

    /// A copy cloned over SSH with `person`'s key (a ministry's, or the point of contact's),
    /// signed as that person.
    private func clone(_ person: HubFixture.Person, _ name: String) throws -> String {
        let target = fixture.dir.path + "/" + name
        let role = person.ministry.map { ["--ministry", $0] } ?? ["--point-of-contact"]
        try fixture.must(fixture.carnetRun(["clone", sshd.url(fixture.hub), target] + role +
                                           ["--identity", fixture.keyPath(person), "--known-hosts", sshd.knownHosts]))
        try fixture.must(fixture.carnetRun(["whoami", "--name", person.name, "--email", person.email], in: target))
        return target
    }

    private func serve(_ copy: String) throws -> WebServer {
        let server = try WebServer(plan: copy, home: home.path)
        servers.append(server)
        return server
    }

    /// One step of the journey in the browser; its last page's text.
    @discardableResult
    private func browser(_ server: WebServer, _ step: String, _ arguments: String..., file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let root = RepositoryPaths.root()
        let script = root.appendingPathComponent("Tests/WebTests/Browser/journey.py").path
        let test = String(name.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).last ?? "journey")
        let artifacts = root.appendingPathComponent("test-artifacts/web/journeys/\(test)").path
        let result = try Shell.run(["python3", script, server.address, artifacts, step] + arguments)
        XCTAssertEqual(result.status, 0, "journey step \(step): \(result.stdout)\n\(result.stderr)", file: file, line: line)
        if result.status != 0 { throw SetupFailure("journey step \(step) failed") }
        return result.stdout.components(separatedBy: "--- page ---\n").last ?? ""
    }

    private func hubLog(_ format: String, _ count: Int = 1) throws -> String {
        try Shell.git(["log", "-\(count)", "--format=\(format)", "main"], in: fixture.hub).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func hubFile(_ path: String) throws -> String {
        try Shell.git(["show", "main:\(path)"], in: fixture.hub).stdout
    }

    /// A small real PDF (made by LibreOffice from a text file), as a staffer would attach.
    private func makePDF() throws -> String {
        let text = fixture.dir.path + "/compte-rendu.txt"
        try "Compte rendu de l'atelier de Tapir.\n".write(toFile: text, atomically: true, encoding: .utf8)
        let made = try Shell.run(["soffice", "--headless", "-env:UserInstallation=file://\(home.path)/lo", "--convert-to", "pdf",
                                  "--outdir", fixture.dir.path, text], in: fixture.dir.path, environment: ["HOME": home.path])
        XCTAssertEqual(made.status, 0, made.stderr)
        return fixture.dir.path + "/compte-rendu.pdf"
    }

    /// A staffer updates a milestone and attaches a PDF in the page, "Sync now" sends both to
    /// the hub authored as the staffer; then another copy of the same ministry changes the same
    /// note, the next "Sync now" sets one value aside, and the staffer settles it in the page
    /// with a combined text, which the following "Sync now" sends.
    func testAStafferSavesAttachesSyncsThenSettlesAConflictInThePage() throws {
        let rosine = try clone(fixture.terres, "rosine")
        let pdf = try makePDF()
        let web = try serve(rosine)

        try browser(web, "update", "05", "m4", "Trois bureaux ouverts à Tapir.", pdf)
        let copyLog = try Shell.git(["log", "-2", "--format=%an <%ae>|%s"], in: rosine).stdout
        XCTAssertEqual(copyLog.split(separator: "\n").count, 2, copyLog)
        XCTAssertTrue(copyLog.split(separator: "\n").allSatisfy { $0.hasPrefix("Rosine Abessolo <rosine@terres.example>|") }, copyLog)
        XCTAssertNotEqual(try fixture.hubMain(), try fixture.head(of: rosine), "not sent yet")

        let synced = try browser(web, "sync")
        XCTAssertTrue(synced.contains("Everything was sent and received."), synced)
        XCTAssertEqual(try fixture.hubMain(), try fixture.head(of: rosine), "the hub has both changes")
        XCTAssertEqual(try hubLog("%an <%ae>", 2), "Rosine Abessolo <rosine@terres.example>\nRosine Abessolo <rosine@terres.example>")
        XCTAssertTrue(try hubFile("commitments/05/progress.yaml").contains("Trois bureaux ouverts à Tapir."))
        let files = try Shell.git(["ls-tree", "-r", "--name-only", "main", "commitments/05"], in: fixture.hub).stdout
        let sent = try XCTUnwrap(files.split(separator: "\n").first { $0.hasSuffix(".pdf") }, files)
        let blob = try Shell.git(["cat-file", "blob", "main:\(sent)"], in: fixture.hub).stdout
        XCTAssertTrue(blob.hasPrefix("%PDF"), "the PDF arrived whole")
        XCTAssertEqual(try Shell.git(["hash-object", pdf], in: fixture.dir.path).stdout,
                       try Shell.git(["rev-parse", "main:\(sent)"], in: fixture.hub).stdout, "the same bytes")

        // Another copy of autorite-terres (carnet, over SSH: the staffer's other computer; the hub
        // takes only commits its members wrote) writes the same note first.
        let other = try clone(fixture.terres, "other-computer")
        try fixture.must(fixture.carnetRun(["milestone", "set", "05", "m4", "--note", "Deux bureaux seulement."], in: other))
        try fixture.must(fixture.carnetRun(["sync"], in: other))
        try browser(web, "note", "05", "m4", "Trois bureaux, dont un provisoire.")
        try browser(web, "sync")
        let conflicts = try fixture.must(fixture.carnetRun(["conflicts"], in: rosine)).stdout
        XCTAssertTrue(conflicts.contains("milestones.m4.note"), conflicts)

        let settled = try browser(web, "settle", "Deux bureaux ouverts, un troisième provisoire.")
        XCTAssertTrue(settled.contains("No conflict"), settled)
        let last = try Shell.git(["log", "-1", "--format=%an|%s"], in: rosine).stdout
        XCTAssertEqual(last.trimmingCharacters(in: .newlines), "Rosine Abessolo|Resolve commitments/05/progress.yaml milestones.m4.note: wrote a new value")
        let after = try browser(web, "sync")
        XCTAssertTrue(after.contains("Everything was sent and received."), after)
        XCTAssertEqual(try fixture.hubMain(), try fixture.head(of: rosine))
        XCTAssertTrue(try hubFile("commitments/05/progress.yaml").contains("Deux bureaux ouverts, un troisième provisoire."))
        XCTAssertEqual(try Shell.git(["status", "--porcelain"], in: rosine).stdout, "")
    }

    /// The point of contact hands commitment 05 to min-justice while autorite-terres saves
    /// progress on it offline: "Sync now" is refused by the hub, the sync page explains it and
    /// its rescue button sets the refused change aside; the copy then syncs again.
    func testAChangeTheHubRefusesIsRescuedFromThePageAndTheCopySyncsAgain() throws {
        let rosine = try clone(fixture.terres, "rosine")
        let web = try serve(rosine)
        try browser(web, "note", "05", "m1", "Atelier de Tapir tenu.")

        let poc = try fixture.gitClone("poc-copy", as: fixture.poc)
        try fixture.edit(poc + "/commitments/05/commitment.yaml", replacing: "lead_agency: autorite-terres", with: "lead_agency: min-justice")
        try fixture.must(fixture.git(["commit", "-q", "-a", "-m", "05 moves to min-justice"], in: poc, as: fixture.poc))
        try fixture.must(fixture.gitPush(poc, as: fixture.poc))
        let handedOver = try fixture.hubMain()

        let refused = try browser(web, "sync")
        XCTAssertTrue(refused.contains("The hub refused this copy's changes"), refused)
        XCTAssertEqual(try fixture.hubMain(), handedOver, "nothing refused reached the hub")

        let rescued = try browser(web, "rescue")
        XCTAssertTrue(rescued.contains("Rescue finished"), rescued)
        XCTAssertFalse(try hubFile("commitments/05/progress.yaml").contains("Atelier de Tapir tenu."))
        let aside = try FileManager.default.contentsOfDirectory(atPath: rosine + "/carnet-set-aside")
        XCTAssertEqual(aside.count, 1, "the refused change is kept, set aside")
        XCTAssertTrue(try String(contentsOfFile: rosine + "/carnet-set-aside/\(aside[0])/files/commitments/05/progress.yaml", encoding: .utf8)
            .contains("Atelier de Tapir tenu."))

        // The copy is syncable again: the page's Sync now and the CLI both succeed.
        let again = try browser(web, "sync")
        XCTAssertTrue(again.contains("Everything was sent and received."), again)
        XCTAssertEqual(try fixture.carnetRun(["sync"], in: rosine).status, 0)
        XCTAssertEqual(try fixture.hubMain(), try fixture.head(of: rosine))
    }

    /// The point of contact's copy, cloned over SSH, downloads the self-assessment draft from
    /// the page; LibreOffice opens it and its text is the plan's mid-term report.
    func testThePointOfContactDownloadsTheSelfAssessmentDraft() throws {
        let poc = try clone(fixture.poc, "poc-copy")  // "poc" is the key's file
        let web = try serve(poc)
        let folder = fixture.dir.path + "/downloads"
        try browser(web, "docx", folder)
        let docx = folder + "/self-assessment-mid_term.docx"
        XCTAssertTrue(FileManager.default.fileExists(atPath: docx), (try? FileManager.default.contentsOfDirectory(atPath: folder))?.description ?? "")
        let pdf = try Shell.run(["soffice", "--headless", "-env:UserInstallation=file://\(home.path)/lo", "--convert-to", "pdf",
                                 "--outdir", folder, docx], in: folder, environment: ["HOME": home.path])
        XCTAssertEqual(pdf.status, 0, pdf.stderr)
        let text = try Shell.run(["pdftotext", folder + "/self-assessment-mid_term.pdf", "-"]).stdout
        XCTAssertTrue(text.contains("Mid-term"), text)
        XCTAssertTrue(text.contains("Valdoria"), text)
    }
}
