import Foundation
import LocalSSH
import Records
import TestSupport
import Workspace
import XCTest

/// Issue 17: a staffer joins with one file (invite → join → accept → join clones and syncs),
/// and the point of contact takes access back (remove, key rotation). Real carnet binary,
/// real sshd on 127.0.0.1 whose authorized_keys is what `carnet hub authorized-keys` writes.
final class JoinTests: XCTestCase {
    private var fixture: HubFixture!
    private var server: SSHServer!
    private var poc: String { fixture.dir.path + "/poc-copy" }
    private var home: String { fixture.dir.path + "/home" }

    override func setUpWithError() throws {
        fixture = try HubFixture()
        server = try fixture.startSSH()
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        // The point of contact's own copy, synced with the hub over SSH.
        try fixture.must(carnet(["clone", server.url(fixture.hub), poc, "--point-of-contact",
                                 "--identity", fixture.keyPath(fixture.poc), "--known-hosts", server.knownHosts]))
        try fixture.must(carnet(["whoami", "--name", fixture.poc.name, "--email", fixture.poc.email], in: poc))
    }

    override func tearDown() {
        server = nil
        fixture = nil
    }

    /// carnet with a HOME of its own: nothing of the flow reads the tester's ~/.ssh or git identity.
    @discardableResult
    private func carnet(_ arguments: [String], in directory: String? = nil) throws -> ShellResult {
        try fixture.carnetRun(arguments, in: directory ?? fixture.dir.path,
                              environment: ["HOME": home, "GIT_CONFIG_GLOBAL": home + "/no-gitconfig", "SSH_AUTH_SOCK": ""])
    }

    /// `carnet hub authorized-keys` again, into the file sshd reads at every connection.
    private func regenerateAuthorizedKeys() throws {
        let keys = try fixture.must(carnet(["hub", "authorized-keys", "--hub", fixture.hub]))
        try keys.stdout.write(toFile: fixture.dir.path + "/authorized_keys", atomically: true, encoding: .utf8)
    }

    private func invite(_ out: String, email: String = "awa@terres.example", extra: [String] = []) throws -> String {
        let path = fixture.dir.path + "/" + out
        try fixture.must(carnet(["member", "invite", "autorite-terres", "--name", "Awa Ndiaye", "--email", email, "--out", path] + extra, in: poc))
        return path
    }

    func testInviteJoinAcceptJoinClonesAndSyncs() throws {
        let invitation = try invite("invitation.txt")
        let text = try String(contentsOfFile: invitation, encoding: .utf8)
        XCTAssertTrue(text.contains("hub: \(server.url(fixture.hub))"), text)
        XCTAssertTrue(text.contains("host-key: ssh-ed25519 "), text)
        XCTAssertFalse(text.contains("PRIVATE"), text)
        // The secret stays in the point of contact's .git, 0600.
        let ledger = poc + "/.git/carnet/invitations"
        let records = try FileManager.default.contentsOfDirectory(atPath: ledger)
        XCTAssertEqual(records.count, 1)
        XCTAssertEqual(try permissions(ledger + "/" + records[0]), 0o600)
        XCTAssertEqual(try permissions(ledger), 0o700)

        // First run: key, pinned host key, author, answer; no network needed.
        let staff = fixture.dir.path + "/staff"
        let answer = fixture.dir.path + "/answer.txt"
        let first = try fixture.must(carnet(["join", invitation, staff, "--answer", answer]))
        XCTAssertTrue(first.stdout.contains("SHA256:"), first.stdout)
        XCTAssertEqual(try permissions(staff + "/.git/carnet/id_ed25519"), 0o600)
        XCTAssertEqual(try permissions(staff + "/.git/carnet"), 0o700)
        let known = try String(contentsOfFile: staff + "/.git/carnet/known_hosts", encoding: .utf8)
        XCTAssertEqual(known, try String(contentsOfFile: server.knownHosts, encoding: .utf8))
        XCTAssertEqual(try Shell.git(["config", "--local", "user.name"], in: staff).stdout, "Awa Ndiaye\n")
        XCTAssertEqual(try Shell.git(["config", "--local", "user.email"], in: staff).stdout, "awa@terres.example\n")
        XCTAssertFalse(try String(contentsOfFile: answer, encoding: .utf8).contains("PRIVATE"))

        // Not accepted yet: the hub refuses her key, the copy and its key stay for the next try.
        let early = try carnet(["join", invitation, staff])
        XCTAssertEqual(early.status, 77, early.stderr)
        XCTAssertTrue(early.stderr.contains("carnet join"), early.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: staff + "/.git/carnet/id_ed25519"))

        // The point of contact accepts: one commit adding her key; sync; authorized keys again.
        let before = try fixture.head(of: poc)
        let accepted = try fixture.must(carnet(["member", "accept", answer], in: poc))
        XCTAssertTrue(accepted.stdout.contains(first.stdout.components(separatedBy: "SHA256:")[1].prefix(20)), accepted.stdout)
        XCTAssertEqual(try Shell.git(["rev-list", "--count", "\(before)..HEAD"], in: poc).stdout, "1\n")
        XCTAssertTrue(try String(contentsOfFile: poc + "/ministries/autorite-terres.yaml", encoding: .utf8).contains("awa@terres.example"))
        try fixture.must(carnet(["sync"], in: poc))
        try regenerateAuthorizedKeys()

        // Run again: the plan comes, and syncs.
        try fixture.must(carnet(["join", invitation, staff]))
        XCTAssertTrue(FileManager.default.fileExists(atPath: staff + "/plan.yaml"))
        try fixture.must(carnet(["milestone", "set", "05", "m1", "--note", "Atelier tenu à Kindia"], in: staff))
        try fixture.must(carnet(["sync"], in: staff))
        XCTAssertEqual(try fixture.hubMain(), try fixture.head(of: staff))
        XCTAssertEqual(try Shell.git(["log", "-1", "--format=%an <%ae>", "main"], in: fixture.hub).stdout, "Awa Ndiaye <awa@terres.example>\n")
        let again = try carnet(["join", invitation, staff])
        XCTAssertEqual(again.status, 0, again.stderr)

        // The same answer again: used.
        let reused = try carnet(["member", "accept", answer], in: poc)
        XCTAssertEqual(reused.status, 77)
        XCTAssertTrue(reused.stderr.contains("already used"), reused.stderr)
    }

    func testAlteredExpiredUnknownAndMalformedAreRefused() throws {
        let invitation = try invite("invitation.txt")
        let answer = fixture.dir.path + "/answer.txt"
        try fixture.must(carnet(["join", invitation, fixture.dir.path + "/staff", "--answer", answer]))
        let head = try fixture.head(of: poc)

        // The answer's key swapped for another (an interception on the way back).
        let genuine = try String(contentsOfFile: answer, encoding: .utf8)
        let otherKey = try String(contentsOfFile: fixture.keyPath(fixture.stranger) + ".pub", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let keyLine = try XCTUnwrap(genuine.split(separator: "\n").first { $0.hasPrefix("key: ") })
        try assertRefused(genuine.replacingOccurrences(of: keyLine, with: "key: " + otherKey), 77, "altered")
        // The ministry changed (to get into another ministry), or the email.
        try assertRefused(genuine.replacingOccurrences(of: "ministry: autorite-terres", with: "ministry: min-justice"), 77, "altered")
        try assertRefused(genuine.replacingOccurrences(of: "awa@terres.example", with: "awa@justice.example"), 77, "altered")
        // An invitation altered before join (another hub): the answer carries it, refused.
        let forged = fixture.dir.path + "/forged.txt"
        try String(contentsOfFile: invitation, encoding: .utf8).replacingOccurrences(of: "name: Awa Ndiaye", with: "name: Awa Ndiaye-Diop")
            .write(toFile: forged, atomically: true, encoding: .utf8)
        let forgedAnswer = fixture.dir.path + "/forged-answer.txt"
        try fixture.must(carnet(["join", forged, fixture.dir.path + "/staff2", "--answer", forgedAnswer]))
        let refused = try carnet(["member", "accept", forgedAnswer], in: poc)
        XCTAssertEqual(refused.status, 77, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("altered"), refused.stderr)
        // An id this copy never issued.
        let id = try XCTUnwrap(genuine.split(separator: "\n").first { $0.hasPrefix("id: ") })
        try assertRefused(genuine.replacingOccurrences(of: id, with: "id: " + String(repeating: "ab", count: 16)), 77, "unknown")
        // Not an answer at all, too big, a path or control character smuggled in: malformed (65).
        try assertRefused("hello\n", 65, "not a Carnet")
        try assertRefused(String(repeating: "x", count: 20_000), 65, "larger than")
        try assertRefused(genuine.replacingOccurrences(of: id, with: "id: ../../../../etc/passwd"), 65, "'id'")
        try assertRefused(genuine.replacingOccurrences(of: "name: Awa Ndiaye", with: "name: Awa\u{1B}[2J"), 65, "forbidden character")
        try assertRefused(genuine + "extra: 1\n", 65, "unknown field")
        let noFile = try carnet(["member", "accept", fixture.dir.path + "/nothing.txt"], in: poc)
        XCTAssertEqual(noFile.status, 66)
        XCTAssertEqual(try fixture.head(of: poc), head, "a refused answer commits nothing")

        // The genuine answer still works after all that: refusals use nothing up.
        try fixture.must(carnet(["member", "accept", answer], in: poc))

        // Expired: issued 30 days ago for 14 days (the engine, with its clock given).
        let copy = try WorkingCopy(at: poc)
        let old = try copy.invite(ministry: "autorite-terres", name: "Late Comer", email: "late@terres.example",
                                  hub: server.url(fixture.hub), hostKeys: [server.hostPublicKey], days: 14,
                                  now: Date().addingTimeInterval(-30 * 86_400))
        let key = try SSHPublicKey.parse(otherKey).get()
        XCTAssertThrowsError(try copy.accept(InvitationAnswer(answering: old, key: key))) { error in
            XCTAssertTrue("\(error)".contains("expired"), "\(error)")
        }
        // carnet join refuses it too, before making anything.
        let expiredFile = fixture.dir.path + "/expired.txt"
        try old.text.write(toFile: expiredFile, atomically: true, encoding: .utf8)
        let late = try carnet(["join", expiredFile, fixture.dir.path + "/late"])
        XCTAssertEqual(late.status, 77, late.stderr)
        XCTAssertTrue(late.stderr.contains("expired"), late.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: fixture.dir.path + "/late"))
    }

    func testOnlyThePointOfContactInvitesAndAccepts() throws {
        let terres = fixture.dir.path + "/terres-copy"
        try fixture.must(carnet(["clone", server.url(fixture.hub), terres, "--ministry", "autorite-terres",
                                 "--identity", fixture.keyPath(fixture.terres), "--known-hosts", server.knownHosts]))
        try fixture.must(carnet(["whoami", "--name", fixture.terres.name, "--email", fixture.terres.email], in: terres))
        let result = try carnet(["member", "invite", "autorite-terres", "--name", "Awa Ndiaye", "--email", "awa@terres.example"], in: terres)
        XCTAssertEqual(result.status, 77, result.stderr)
        XCTAssertTrue(result.stderr.contains("only the point of contact"), result.stderr)
        let remove = try carnet(["member", "remove", "autorite-terres", "--email", fixture.terres.email], in: terres)
        XCTAssertEqual(remove.status, 77, remove.stderr)
    }

    /// Revocation over sshd: the removed member's key is refused by the hub's hook at once, and
    /// by sshd once authorized_keys is written again; rotation keeps the person and her history.
    func testRemovedKeyIsRefusedAndRotationKeepsHistory() throws {
        let terres = fixture.dir.path + "/terres-copy"
        try fixture.must(carnet(["clone", server.url(fixture.hub), terres, "--ministry", "autorite-terres",
                                 "--identity", fixture.keyPath(fixture.terres), "--known-hosts", server.knownHosts]))
        try fixture.must(carnet(["whoami", "--name", fixture.terres.name, "--email", fixture.terres.email], in: terres))
        try fixture.must(carnet(["milestone", "set", "05", "m1", "--note", "Avant la rotation"], in: terres))
        try fixture.must(carnet(["sync"], in: terres))
        try fixture.must(carnet(["sync"], in: poc))

        // Rotation: a new key added, the old one removed (two commits); the person stays.
        let newKey = fixture.dir.path + "/terres-new"
        try SSHServer.keygen(newKey)
        try fixture.must(carnet(["member", "add", "autorite-terres", "--name", fixture.terres.name, "--email", fixture.terres.email,
                                 "--key", newKey + ".pub"], in: poc))
        let last = try carnet(["member", "remove", "autorite-terres", "--email", fixture.terres.email,
                               "--key", fixture.keyPath(fixture.terres) + ".pub"], in: poc)
        XCTAssertEqual(last.status, 0, last.stderr)
        let ministry = try String(contentsOfFile: poc + "/ministries/autorite-terres.yaml", encoding: .utf8)
        XCTAssertTrue(ministry.contains(fixture.terres.email))
        XCTAssertFalse(ministry.contains(try String(contentsOfFile: fixture.keyPath(fixture.terres) + ".pub", encoding: .utf8).split(separator: " ")[1]))
        try fixture.must(carnet(["sync"], in: poc))
        try regenerateAuthorizedKeys()

        // The old key opens nothing; the new one syncs, and her earlier commit keeps her name.
        try fixture.must(carnet(["milestone", "set", "05", "m1", "--note", "Après la rotation"], in: terres))
        let old = try carnet(["sync"], in: terres)
        XCTAssertEqual(old.status, 77, old.stderr)
        try fixture.must(carnet(["sync", "--identity", newKey], in: terres))
        let authors = try Shell.git(["log", "--format=%an", "main"], in: fixture.hub).stdout
        XCTAssertGreaterThanOrEqual(authors.components(separatedBy: "\n").filter { $0 == fixture.terres.name }.count, 2, authors)

        // From here the hub keeps its authorized_keys itself (hub authorized-keys --write): the
        // removal below needs nobody on the server.
        let installed = try fixture.must(carnet(["hub", "authorized-keys", "--hub", fixture.hub,
                                                 "--write", fixture.dir.path + "/authorized_keys"]))
        XCTAssertTrue(installed.stdout.contains("authorized_keys"), installed.stdout)
        let mode = try FileManager.default.attributesOfItem(atPath: fixture.dir.path + "/authorized_keys")[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o600)

        // Removal: one commit; the hook refuses her push at once…
        let before = try fixture.head(of: poc)
        try fixture.must(carnet(["member", "remove", "autorite-terres", "--email", fixture.terres.email], in: poc))
        XCTAssertEqual(try Shell.git(["rev-list", "--count", "\(before)..HEAD"], in: poc).stdout, "1\n")
        try fixture.must(carnet(["sync"], in: poc))
        try fixture.must(carnet(["milestone", "set", "05", "m1", "--note", "Après le départ"], in: terres))
        let hookRefusal = try carnet(["sync"], in: terres)
        XCTAssertEqual(hookRefusal.status, 77, hookRefusal.stderr)
        // …and sshd too: the push of the removal rewrote authorized_keys, the key opens nothing.
        XCTAssertFalse(try String(contentsOfFile: fixture.dir.path + "/authorized_keys", encoding: .utf8)
            .contains(try String(contentsOfFile: newKey + ".pub", encoding: .utf8).split(separator: " ")[1]))
        let ls = try server.ssh(key: newKey, command: "git-upload-pack '\(fixture.hub)'")
        XCTAssertNotEqual(ls.status, 0)
        XCTAssertTrue(ls.stderr.contains("Permission denied"), ls.stderr)
        // Her history stays, under her name.
        XCTAssertTrue(try Shell.git(["log", "--format=%an", "main"], in: fixture.hub).stdout.contains(fixture.terres.name))
    }

    /// A kept SSH session (OpenSSH multiplexing: docs/SYNC.md) was checked against authorized_keys
    /// when it opened, perhaps before the key left the plan. Stale authorized_keys here stand for
    /// that session: sshd still lets the old key in, and `hub serve` must refuse each request
    /// itself, fetch and push alike. Before `--key`, the push landed (the person is still a member).
    func testAKeyRemovedFromThePlanIsRefusedEvenWhereSSHStillLetsItIn() throws {
        let terres = fixture.dir.path + "/terres-copy"
        try fixture.must(carnet(["clone", server.url(fixture.hub), terres, "--ministry", "autorite-terres",
                                 "--identity", fixture.keyPath(fixture.terres), "--known-hosts", server.knownHosts]))
        try fixture.must(carnet(["whoami", "--name", fixture.terres.name, "--email", fixture.terres.email], in: terres))
        let newKey = fixture.dir.path + "/terres-new"
        try SSHServer.keygen(newKey)
        try fixture.must(carnet(["member", "add", "autorite-terres", "--name", fixture.terres.name, "--email", fixture.terres.email,
                                 "--key", newKey + ".pub"], in: poc))
        try fixture.must(carnet(["member", "remove", "autorite-terres", "--email", fixture.terres.email,
                                 "--key", fixture.keyPath(fixture.terres) + ".pub"], in: poc))
        try fixture.must(carnet(["sync"], in: poc))
        // authorized_keys is NOT written again: the old key's line (with its --key) is still there.
        let oldBlob = String(try String(contentsOfFile: fixture.keyPath(fixture.terres) + ".pub", encoding: .utf8).split(separator: " ")[1])
        XCTAssertTrue(try String(contentsOfFile: fixture.dir.path + "/authorized_keys", encoding: .utf8).contains("--key \(oldBlob)"))

        let ls = try server.ssh(key: fixture.keyPath(fixture.terres), command: "git-upload-pack '\(fixture.hub)'")
        XCTAssertEqual(ls.status, 77, ls.stderr)
        XCTAssertTrue(ls.stderr.contains("no longer lists this SSH key"), ls.stderr)

        let hubBefore = try Shell.git(["rev-parse", "main"], in: fixture.hub).stdout
        try fixture.must(carnet(["milestone", "set", "05", "m1", "--note", "Par une session ancienne"], in: terres))
        let old = try carnet(["sync"], in: terres)
        XCTAssertEqual(old.status, 77, old.stderr)
        XCTAssertTrue(old.stderr.contains("no longer lists this SSH key"), old.stderr)
        XCTAssertEqual(try Shell.git(["rev-parse", "main"], in: fixture.hub).stdout, hubBefore, "nothing landed")
        XCTAssertFalse(try Shell.git(["log", "-p", "main"], in: fixture.hub).stdout.contains("Par une session ancienne"))
        // A line written before `--key` existed (no key named): the key is not checked, but the
        // person is. She is still a member, so served; once removed from the plan, refused.
        let serve = { (identity: String) in
            try self.fixture.carnetRun(["hub", "serve", "--hub", self.fixture.hub, "--identity", identity],
                                       environment: ["SSH_ORIGINAL_COMMAND": "git-upload-pack '\(self.fixture.hub)'"])
        }
        let terresToken = "autorite-terres:\(fixture.terres.email)"
        XCTAssertNotEqual(try serve(terresToken).status, 77, "served (git then ends on a closed input)")
        XCTAssertEqual(try serve("autorite-terres:someone-else@terres.example").status, 77)

        // The new key, listed in the plan (and added to authorized_keys), works as before.
        try regenerateAuthorizedKeys()
        try fixture.must(carnet(["sync", "--identity", newKey], in: terres))
        XCTAssertTrue(try Shell.git(["log", "-p", "main"], in: fixture.hub).stdout.contains("Par une session ancienne"))
    }

    /// Item 5 of the issue: advice that fits, and no author borrowed from the laptop's global git identity.
    func testAdviceOutsideAPlanAndNoAuthorFromTheGlobalIdentity() throws {
        let global = home + "/gitconfig"
        try "[user]\n\tname = Previous Owner\n\temail = previous@owner.example\n".write(toFile: global, atomically: true, encoding: .utf8)
        let env = ["HOME": home, "GIT_CONFIG_GLOBAL": global, "SSH_AUTH_SOCK": ""]
        // Outside a plan: how to get one, for staff and for a point of contact.
        let outside = try fixture.carnetRun(["status"], in: home, environment: env)
        XCTAssertEqual(outside.status, 66)
        XCTAssertTrue(outside.stderr.contains("carnet join") && outside.stderr.contains("carnet plan init"), outside.stderr)
        // A copy cloned without --name/--email has no author: its first commit asks (78), and the
        // laptop's previous owner signs nothing.
        let copy = fixture.dir.path + "/unnamed"
        let cloned = try fixture.carnetRun(["clone", server.url(fixture.hub), copy, "--ministry", "autorite-terres",
                                            "--identity", fixture.keyPath(fixture.terres), "--known-hosts", server.knownHosts],
                                           environment: env)
        XCTAssertEqual(cloned.status, 0, cloned.stderr)
        XCTAssertTrue(cloned.stdout.contains("carnet whoami"), cloned.stdout)
        let edit = try fixture.carnetRun(["milestone", "set", "05", "m1", "--note", "Qui suis-je ?"], in: copy, environment: env)
        XCTAssertEqual(edit.status, 78, edit.stderr)
        XCTAssertTrue(edit.stderr.contains("carnet whoami"), edit.stderr)
        XCTAssertFalse(try Shell.git(["log", "--format=%an"], in: copy).stdout.contains("Previous Owner"))
        // clone --name --email sets it.
        let named = fixture.dir.path + "/named"
        try fixture.must(fixture.carnetRun(["clone", server.url(fixture.hub), named, "--ministry", "autorite-terres",
                                            "--identity", fixture.keyPath(fixture.terres), "--known-hosts", server.knownHosts,
                                            "--name", fixture.terres.name, "--email", fixture.terres.email], environment: env))
        try fixture.must(fixture.carnetRun(["milestone", "set", "05", "m1", "--note", "Signé"], in: named, environment: env))
        XCTAssertEqual(try Shell.git(["log", "-1", "--format=%an"], in: named).stdout, fixture.terres.name + "\n")
        // A copy made by join, waiting: says what it waits for.
        let invitation = try invite("invitation.txt")
        let staff = fixture.dir.path + "/staff"
        try fixture.must(carnet(["join", invitation, staff, "--answer", fixture.dir.path + "/answer.txt"]))
        let waiting = try carnet(["status"], in: staff)
        XCTAssertEqual(waiting.status, 66)
        XCTAssertTrue(waiting.stderr.contains("waiting for the point of contact"), waiting.stderr)
    }

    /// The seal's HMAC-SHA-256 against RFC 4231's vectors (1, 2, 6) and FIPS 180-2's "abc".
    func testHMACSHA256MatchesRFC4231() {
        XCTAssertEqual(HMACSHA256.hex(HMACSHA256.sha256(Array("abc".utf8))),
                       "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(HMACSHA256.hex(HMACSHA256.mac(key: [UInt8](repeating: 0x0b, count: 20), message: Array("Hi There".utf8))),
                       "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        XCTAssertEqual(HMACSHA256.hex(HMACSHA256.mac(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))),
                       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        XCTAssertEqual(HMACSHA256.hex(HMACSHA256.mac(key: [UInt8](repeating: 0xaa, count: 131),
                                                     message: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8))),
                       "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
        XCTAssertTrue(HMACSHA256.same([1, 2, 3], [1, 2, 3]))
        XCTAssertFalse(HMACSHA256.same([1, 2, 3], [1, 2, 4]))
        XCTAssertFalse(HMACSHA256.same([1, 2, 3], [1, 2]))
        XCTAssertNil(HMACSHA256.bytes(hex: "AB"), "lowercase only: one spelling of each id")
        XCTAssertNotEqual(HMACSHA256.randomBytes(32), HMACSHA256.randomBytes(32))
    }

    private func assertRefused(_ text: String, _ status: Int32, _ says: String, line: UInt = #line) throws {
        let path = fixture.dir.path + "/tampered.txt"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try carnet(["member", "accept", path], in: poc)
        XCTAssertEqual(result.status, status, result.stderr, line: line)
        XCTAssertTrue(result.stderr.contains(says), result.stderr, line: line)
    }

    private func permissions(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int ?? 0) & 0o777
    }
}
