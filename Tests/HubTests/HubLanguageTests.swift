import Foundation
import Hub
import LocalSSH
import TestSupport
import XCTest

/// The hub's refusal reaches a ministry in the ministry's language (issue 12): the guarded hub on
/// a real sshd, copies made by `carnet clone` over SSH, the pre-receive hook run by git's
/// receive-pack. The hook writes the refusal in the hub's language and adds a `carnet-verdict`
/// line; the pusher's carnet writes it again in its person's language.
final class HubLanguageTests: XCTestCase {
    private var fixture: HubFixture!
    private var server: SSHServer!

    override func setUpWithError() throws {
        fixture = try HubFixture()
        server = try fixture.startSSH()
    }

    override func tearDown() {
        server = nil
        fixture = nil
    }

    /// What a French-speaking person's carnet runs with: no CARNET_LANG, a French locale.
    static let french = ["CARNET_LANG": "", "LANG": "fr_FR.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""]
    /// Words that give English away in a French text.
    static let englishTells = [" the ", " and ", " with ", " from ", " your ", " is "]

    /// A copy of autorite-terres with a change to commitment 05 committed offline, and the point
    /// of contact giving 05 to min-justice meanwhile: the hub refuses the copy's push.
    private func refusedCopy() throws -> String {
        let copy = fixture.dir.path + "/copy-terres"
        try fixture.must(fixture.carnetRun(["clone", server.url(fixture.hub), copy, "--ministry", "autorite-terres",
                                            "--identity", fixture.keyPath(fixture.terres), "--known-hosts", server.knownHosts]))
        try fixture.must(fixture.carnetRun(["whoami", "--name", fixture.terres.name, "--email", fixture.terres.email], in: copy))
        try fixture.must(fixture.carnetRun(["milestone", "set", "05", "m1", "--note", "Atelier tenu"], in: copy))
        let poc = fixture.dir.path + "/poc-copy"
        try fixture.must(fixture.git(["clone", "-q", fixture.hub, poc], in: fixture.dir.path, as: fixture.poc))
        try fixture.edit(poc + "/commitments/05/commitment.yaml", replacing: "lead_agency: autorite-terres", with: "lead_agency: min-justice")
        try fixture.must(fixture.git(["commit", "-q", "-a", "-m", "05 moves to min-justice"], in: poc, as: fixture.poc))
        try fixture.must(fixture.git(["push", "-q", "origin", "main"], in: poc, as: fixture.poc,
                                     environment: ["CARNET_PUSHER": fixture.identity(fixture.poc)]))
        return copy
    }

    func testARefusedSyncIsExplainedInTheLanguageOfTheCopy() throws {
        let copy = try refusedCopy()

        let french = try fixture.carnetRun(["sync"], in: copy, environment: Self.french)
        XCTAssertEqual(french.status, 77, french.stdout + french.stderr)
        let saidInFrench = french.stdout + french.stderr
        XCTAssertTrue(saidInFrench.contains("seul l'organisme d'exécution de l'engagement 05 (min-justice)"), saidInFrench)
        XCTAssertTrue(saidInFrench.contains("envoi refusé pour rosine@terres.example (autorite-terres)"), saidInFrench)
        XCTAssertTrue(saidInFrench.contains("lancez `carnet rescue`"), saidInFrench)
        XCTAssertFalse(saidInFrench.contains(VerdictWire.marker), "the JSON line is for carnet, not for a person: \(saidInFrench)")
        for tell in Self.englishTells {
            XCTAssertFalse(saidInFrench.contains(tell), "English '\(tell)' in: \(saidInFrench)")
        }

        let english = try fixture.carnetRun(["sync"], in: copy)
        XCTAssertEqual(english.status, 77, english.stdout + english.stderr)
        let saidInEnglish = english.stdout + english.stderr
        XCTAssertTrue(saidInEnglish.contains("only the lead ministry of commitment 05 (min-justice) may write its progress and evidence"), saidInEnglish)
        XCTAssertTrue(saidInEnglish.contains("push refused for rosine@terres.example of autorite-terres"), saidInEnglish)
        XCTAssertFalse(saidInEnglish.contains("seul l'organisme"), saidInEnglish)

        // Scripts read the refusal by its keys, the same in every language.
        let synced = try fixture.carnetRun(["sync", "--json"], in: copy, environment: Self.french)
        let outcome = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(synced.stdout.utf8)) as? [String: Any], synced.stdout + synced.stderr)
        let verdict = try XCTUnwrap(outcome["hubVerdict"] as? [String: Any], "\(outcome)")
        let first = try XCTUnwrap((verdict["refusals"] as? [[String: Any]])?.first)
        XCTAssertEqual((first["rule"] as? [String: Any])?["key"] as? String, "records.access.not-lead")
        XCTAssertEqual(outcome["status"] as? String, "refused")

        // The push log keeps the rule as a key, for `carnet hub status` to write in its reader's language.
        let refused = try XCTUnwrap(fixture.pushLog().last)
        let rules = try XCTUnwrap(refused["rules"] as? [[String: Any]], "\(refused)")
        XCTAssertEqual((rules.first?["rule"] as? [String: Any])?["key"] as? String, "records.access.not-lead")
        // … and the point of contact reads it in hers.
        let status = try fixture.carnetRun(["hub", "status", "--hub", fixture.hub], environment: Self.french)
        XCTAssertEqual(status.status, 0, status.stderr)
        let stuck = try XCTUnwrap(status.stdout.split(separator: "\n").first { $0.contains("seul l'organisme d'exécution") }, status.stdout)
        XCTAssertTrue(stuck.contains("première règle"), String(stuck))
        XCTAssertTrue(status.stdout.contains("PAS rattrapé"), status.stdout)
        let json = try fixture.carnetRun(["hub", "status", "--hub", fixture.hub, "--json"], environment: Self.french)
        XCTAssertTrue(json.stdout.contains("\"records.access.not-lead\""), "language-neutral key in --json: \(json.stdout)")
    }

    /// The rescue that follows sets the refused change aside with a README for the person at
    /// this machine: in their language, the hub's rule included.
    func testTheSetAsideReadmeIsInTheLanguageOfThePersonWhoRescues() throws {
        let copy = try refusedCopy()
        XCTAssertEqual(try fixture.carnetRun(["sync"], in: copy, environment: Self.french).status, 77)
        let rescue = try fixture.carnetRun(["rescue"], in: copy, environment: Self.french)
        XCTAssertEqual(rescue.status, 0, rescue.stdout + rescue.stderr)
        let folders = try FileManager.default.contentsOfDirectory(atPath: copy + "/carnet-set-aside")
        XCTAssertEqual(folders.count, 1)
        let readme = try String(contentsOfFile: copy + "/carnet-set-aside/\(folders[0])/README.md", encoding: .utf8)
        for words in ["Modifications refusées par le hub", "Carnet a mis ces modifications de côté", "Rien n'est perdu",
                      "seul l'organisme d'exécution de l'engagement 05 (min-justice)", "le fichier tel qu'il était"] {
            XCTAssertTrue(readme.contains(words), "no '\(words)' in: \(readme)")
        }
        for tell in Self.englishTells { XCTAssertFalse(readme.contains(tell), "English '\(tell)' in: \(readme)") }
    }

    /// A plain git client gets the hub's language: its setting, else the plan's first (French
    /// for the sample), with the verdict line after the text.
    func testPlainGitReadsTheRefusalInTheHubsLanguage() throws {
        let copy = fixture.dir.path + "/wc-terres"
        let ssh = ["GIT_SSH_COMMAND": server.sshCommand(key: fixture.keyPath(fixture.terres))]
        try fixture.must(fixture.git(["clone", "-q", server.url(fixture.hub), copy], in: fixture.dir.path, as: fixture.terres, environment: ssh))
        try fixture.must(fixture.carnetRun(["whoami", "--name", fixture.terres.name, "--email", fixture.terres.email], in: copy))
        try fixture.must(fixture.carnetRun(["milestone", "set", "02", "m1", "--note", "pas à nous"], in: copy))

        try fixture.must(Shell.git(["config", "--unset", "carnet.language"], in: fixture.hub))
        let planLanguage = try fixture.git(["push", "origin", "main"], in: copy, as: fixture.terres, environment: ssh)
        XCTAssertNotEqual(planLanguage.status, 0)
        XCTAssertTrue(planLanguage.stderr.contains("seul l'organisme d'exécution de l'engagement 02 (min-justice)"), planLanguage.stderr)
        XCTAssertTrue(planLanguage.stderr.contains("remote: " + VerdictWire.marker), planLanguage.stderr)

        try fixture.must(Shell.git(["config", "carnet.language", "en"], in: fixture.hub))
        let setting = try fixture.git(["push", "origin", "main"], in: copy, as: fixture.terres, environment: ssh)
        XCTAssertTrue(setting.stderr.contains("only the lead ministry of commitment 02 (min-justice)"), setting.stderr)
    }

    /// What a hub sends is not trusted: only a well-formed verdict of known `hub.`/`records.` keys,
    /// within bounds, is rewritten; anything else is shown as the hub's own text.
    func testAVerdictLineIsCheckedBeforeItIsRead() throws {
        func line(_ json: String) -> String { "remote text\n" + VerdictWire.marker + json + "\n" }
        let good = #"{"pusher":null,"refusals":[{"path":"commitments/02/progress.yaml","rule":{"key":"records.access.plan","arguments":{}}}],"total":3}"#
        let wire = try XCTUnwrap(VerdictWire.find(in: line(good)))
        let french = wire.report(in: "fr")
        XCTAssertTrue(french.contains("plan.yaml est écrit par le point de contact seulement"), french)
        XCTAssertTrue(french.contains("… et 2 de plus"), french)
        XCTAssertTrue(wire.report(in: "en").contains("plan.yaml is written by the point of contact only"))

        let unknownKey = good.replacingOccurrences(of: "records.access.plan", with: "hub.no-such-key")
        XCTAssertNil(VerdictWire.find(in: line(unknownKey)))
        let otherArea = good.replacingOccurrences(of: "records.access.plan", with: "language.set")
        XCTAssertNil(VerdictWire.find(in: line(otherArea)), "only the hub's and the records' messages")
        let nested = good.replacingOccurrences(of: #""arguments":{}"#, with: #""arguments":{"x":{"message":{"key":"cli.x","arguments":{}}}}"#)
        XCTAssertNil(VerdictWire.find(in: line(nested)))
        let hugeDuration = good.replacingOccurrences(of: #""arguments":{}"#, with: #""arguments":{"x":{"duration":1e300}}"#)
        XCTAssertNil(VerdictWire.find(in: line(hugeDuration)), "a duration that would trap when rounded")
        let lying = good.replacingOccurrences(of: #""total":3"#, with: #""total":0"#)
        XCTAssertNil(VerdictWire.find(in: line(lying)))
        // The line comes with a refused push only: one refusing nothing would be written as
        // "push accepted" under the refusal.
        XCTAssertNil(VerdictWire.find(in: line(#"{"pusher":null,"refusals":[],"total":0}"#)), "a refusal of nothing")
        XCTAssertNil(VerdictWire.find(in: line("{not json")))
        XCTAssertNil(VerdictWire.find(in: line(good.replacingOccurrences(of: "\"total\":3", with: "\"total\":3,\"pad\":\"" + String(repeating: "x", count: VerdictWire.maxBytes) + "\""))))
        XCTAssertEqual(VerdictWire.withoutLine(line(good)), "remote text\n")
    }
}
