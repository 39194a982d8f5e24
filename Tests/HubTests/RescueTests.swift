import Foundation
import LocalSSH
import TestSupport
import XCTest

/// A copy the hub refused is one Carnet command away from syncing again, with nothing lost
/// (issue 11): the guarded hub on a real sshd, copies made by `carnet clone` over SSH, and the
/// "user" runs only carnet. git is the oracle.
final class RescueTests: XCTestCase {
    private var fixture: HubFixture!
    private var server: SSHServer!

    override func setUpWithError() throws {
        fixture = try HubFixture()
        let keys = try fixture.must(fixture.carnetRun(["hub", "authorized-keys", "--hub", fixture.hub]))
        let file = fixture.dir.path + "/authorized_keys"
        try keys.stdout.write(toFile: file, atomically: true, encoding: .utf8)
        server = try SSHServer(in: fixture.dir.url, authorizedKeys: file)
    }

    override func tearDown() {
        server = nil
        fixture = nil
    }

    private func carnetClone(_ person: HubFixture.Person, as author: (name: String, email: String)? = nil) throws -> String {
        let target = fixture.dir.path + "/copy-\(person.key)"
        try fixture.must(fixture.carnetRun(["clone", server.url(fixture.hub), target, "--ministry", person.ministry!,
                                            "--identity", fixture.keyPath(person), "--known-hosts", server.knownHosts]))
        let who = author ?? (person.name, person.email)
        try fixture.must(fixture.carnetRun(["whoami", "--name", who.name, "--email", who.email], in: target))
        return target
    }

    /// The point of contact gives commitment 05 to min-justice, straight on the hub.
    private func moveLeadOf05ToJustice() throws {
        let poc = fixture.dir.path + "/poc-copy"
        try fixture.must(fixture.git(["clone", "-q", fixture.hub, poc], in: fixture.dir.path, as: fixture.poc))
        try fixture.edit(poc + "/commitments/05/commitment.yaml", replacing: "lead_agency: autorite-terres", with: "lead_agency: min-justice")
        try fixture.must(fixture.git(["commit", "-q", "-a", "-m", "05 moves to min-justice"], in: poc, as: fixture.poc))
        try fixture.must(fixture.git(["push", "-q", "origin", "main"], in: poc, as: fixture.poc,
                                     environment: ["CARNET_PUSHER": fixture.identity(fixture.poc)]))
    }

    private func read(_ copy: String, _ path: String) throws -> String {
        try String(contentsOfFile: copy + "/" + path, encoding: .utf8)
    }

    private func hubFile(_ path: String) throws -> String {
        try Shell.git(["show", "main:\(path)"], in: fixture.hub).stdout
    }

    func testAChangeTheHubNoLongerTakesIsSetAsideAndEverythingElseIsSent() throws {
        let terres = try carnetClone(fixture.terres)
        // Offline: progress on 05 (which autorite-terres leads today) and its own phone number.
        try fixture.must(fixture.carnetRun(["milestone", "set", "05", "m1", "--note", "Atelier de Tapir tenu"], in: terres))
        try fixture.edit(terres + "/ministries/autorite-terres.yaml", replacing: "+00 123 45678", with: "+00 123 45670")
        try fixture.must(fixture.carnetRun(["commit", "-m", "Notre numéro"], in: terres))
        // Meanwhile the point of contact hands 05 to min-justice.
        try moveLeadOf05ToJustice()

        let refused = try fixture.carnetRun(["sync"], in: terres)
        XCTAssertEqual(refused.status, 77, refused.stdout + refused.stderr)
        XCTAssertTrue((refused.stdout + refused.stderr).contains("carnet rescue"), refused.stdout + refused.stderr)
        let status = try fixture.carnetRun(["status", "--json"], in: terres)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        XCTAssertEqual((json["sync"] as? [String: Any])?["sendState"] as? String, "refused")
        XCTAssertTrue(try fixture.carnetRun(["status"], in: terres).stdout.contains("run `carnet rescue`"))
        // A second sync is refused again: the copy is stranded until rescued.
        XCTAssertEqual(try fixture.carnetRun(["sync"], in: terres).status, 77)

        let rescue = try fixture.carnetRun(["rescue"], in: terres)
        XCTAssertEqual(rescue.status, 0, rescue.stdout + rescue.stderr)
        // Everything the hub takes is on it, with its author and message …
        XCTAssertTrue(try hubFile("ministries/autorite-terres.yaml").contains("+00 123 45670"))
        let log = try Shell.git(["log", "--format=%an|%s", "main"], in: fixture.hub).stdout
        XCTAssertTrue(log.contains("\(fixture.terres.name)|Notre numéro"), log)
        XCTAssertFalse(try hubFile("commitments/05/progress.yaml").contains("Atelier de Tapir tenu"))
        // … and the refused change is set aside in the copy, whole, with the reason.
        let folders = try FileManager.default.contentsOfDirectory(atPath: terres + "/carnet-set-aside")
        XCTAssertEqual(folders.count, 1)
        let aside = "carnet-set-aside/\(folders[0])"
        XCTAssertTrue(try read(terres, aside + "/files/commitments/05/progress.yaml").contains("Atelier de Tapir tenu"))
        let note = try read(terres, aside + "/README.md")
        XCTAssertTrue(note.contains("only the lead ministry of commitment 05 (min-justice)"), note)
        XCTAssertTrue(note.contains("Commitment 05, milestone m1"), note)
        // The copy is in step with the hub, clean, and says so; the old history is kept.
        XCTAssertEqual(try fixture.head(of: terres), try fixture.hubMain())
        XCTAssertEqual(try Shell.git(["status", "--porcelain"], in: terres).stdout, "")
        XCTAssertEqual(try fixture.carnetRun(["sync"], in: terres).status, 0)
        let after = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try fixture.carnetRun(["status", "--json"], in: terres).stdout.utf8)) as? [String: Any])
        XCTAssertEqual((after["sync"] as? [String: Any])?["sendState"] as? String, "in-sync")
        XCTAssertFalse(try Shell.git(["for-each-ref", "refs/carnet/rescued"], in: terres).stdout.isEmpty)
    }

    func testCommitsSignedBySomeoneElseAreSignedAgainAndSent() throws {
        // A laptop whose copy still signs as its previous owner: the hub refuses every commit.
        let terres = try carnetClone(fixture.terres, as: ("Ancien Propriétaire", "ancien@portable.example"))
        try fixture.must(fixture.carnetRun(["milestone", "set", "05", "m2", "--note", "Deuxième atelier"], in: terres))
        let refused = try fixture.carnetRun(["sync"], in: terres)
        XCTAssertEqual(refused.status, 77, refused.stdout + refused.stderr)
        XCTAssertTrue((refused.stdout + refused.stderr).contains("ancien@portable.example"), refused.stdout + refused.stderr)

        try fixture.must(fixture.carnetRun(["whoami", "--name", fixture.terres.name, "--email", fixture.terres.email], in: terres))
        let rescue = try fixture.carnetRun(["rescue"], in: terres)
        XCTAssertEqual(rescue.status, 0, rescue.stdout + rescue.stderr)
        XCTAssertTrue(rescue.stdout.contains("Signed by this copy's author"), rescue.stdout)
        XCTAssertTrue(try hubFile("commitments/05/progress.yaml").contains("Deuxième atelier"))
        XCTAssertEqual(try Shell.git(["log", "-1", "--no-merges", "--format=%ae", "main"], in: fixture.hub).stdout, fixture.terres.email + "\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: terres + "/carnet-set-aside"), "nothing had to be set aside")
    }
}
