import Foundation
import LocalSSH
import TestSupport
import XCTest

/// Issue 16, item 1: the internal dashboard shows the pushes the hub refused, from the log the
/// hub's hooks publish and the point of contact's copy fetches (`carnet hub status`); the public
/// site shows none of it. Real sshd, real keys, the hub's own hooks.
final class RefusedPushesDashboardTests: XCTestCase {
    private var fixture: HubFixture!
    private var ssh: SSHHub!

    override func setUpWithError() throws {
        fixture = try HubFixture()
        ssh = try SSHHub(fixture)
    }

    override func tearDown() {
        ssh = nil
        fixture = nil
    }

    private func dashboard(_ copy: String, _ name: String, _ options: [String], language: [String: String] = [:]) throws -> String {
        let out = fixture.dir.path + "/" + name
        try fixture.must(fixture.carnetRun(["report", "dashboard", "--out", out] + options, in: copy, environment: language))
        return try String(contentsOfFile: out + "/index.html", encoding: .utf8)
    }

    func testTheInternalDashboardShowsTheRefusedPushAsTheCopyLastFetchedTheLog() throws {
        let poc = fixture.dir.path + "/poc-copy"
        try fixture.must(fixture.carnetRun(["clone", ssh.server.url(fixture.hub), poc, "--point-of-contact",
                                            "--identity", fixture.keyPath(fixture.poc), "--known-hosts", ssh.server.knownHosts]))
        // A copy that never fetched the log says how to get it, rather than "none refused".
        XCTAssertTrue(try dashboard(poc, "before", ["--internal", "--lang", "en"]).contains("run carnet hub status to fetch it"))

        let terres = try ssh.clone(fixture.terres)
        try fixture.must(fixture.carnetRun(["milestone", "set", "02", "m1", "--note", "pas à nous"], in: terres))
        XCTAssertNotEqual(try ssh.push(terres, fixture.terres).status, 0)
        try fixture.must(fixture.carnetRun(["hub", "status"], in: poc))

        let internalSite = try dashboard(poc, "internal", ["--internal", "--lang", "en"])
        XCTAssertTrue(internalSite.contains("Pushes refused by the hub"), internalSite)
        XCTAssertTrue(internalSite.contains(fixture.identity(fixture.terres)), internalSite)
        XCTAssertTrue(internalSite.contains("only the lead ministry of commitment 02 (min-justice)"), internalSite)
        XCTAssertTrue(internalSite.contains("no push accepted since"), internalSite)

        let french = try dashboard(poc, "interne", ["--internal", "--lang", "fr"])
        XCTAssertTrue(french.contains("Envois refusés par le hub"), french)
        XCTAssertTrue(french.contains("seul l'organisme d'exécution de l'engagement 02"), "the rule in the report's language: \(french)")

        let published = try dashboard(poc, "public", ["--lang", "en"])
        XCTAssertFalse(published.contains(fixture.identity(fixture.terres)), published)
        XCTAssertFalse(published.contains("Pushes refused") || published.contains("only the lead ministry"), published)
    }
}
