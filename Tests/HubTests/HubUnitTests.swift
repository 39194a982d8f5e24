import Foundation
@testable import Hub
import Git
@testable import Records
import TestSupport
import XCTest

/// The parts of the hub that need no peer: the forced command's parsing, key lines, identities.
final class HubUnitTests: XCTestCase {
    let hub = "/srv/carnet/valdoria.git"

    func testServeAllowsOnlyGitOfThisHub() {
        func program(_ command: String?) -> GitServe.Program? {
            try? GitServe.parse(command, hub: hub, home: "/srv/carnet").get()
        }
        XCTAssertEqual(program("git-upload-pack '/srv/carnet/valdoria.git'"), .uploadPack)
        XCTAssertEqual(program("git-receive-pack '/srv/carnet/valdoria.git'"), .receivePack)
        XCTAssertEqual(program("git receive-pack '/srv/carnet/valdoria.git/'"), .receivePack)
        XCTAssertEqual(program("git-receive-pack 'valdoria.git'"), .receivePack, "relative to HOME, as scp-style URLs send it")
        XCTAssertEqual(program("git-upload-pack '~/valdoria.git'"), .uploadPack)
        XCTAssertEqual(program("git-upload-pack '/srv/carnet/../carnet/valdoria.git'"), .uploadPack)
        for refused in [nil, "", "ls", "git-upload-archive '/srv/carnet/valdoria.git'", "git-upload-pack '/srv/carnet/other.git'",
                        "git-upload-pack '/srv/carnet/valdoria.git' '/etc'", "git-upload-pack /srv/carnet/valdoria.git;id",
                        "git-upload-pack '/srv/carnet/valdoria.git' $(id)", "git-upload-pack 'unterminated",
                        "git-upload-pack \"/srv/carnet/valdoria.git\"", "git-upload-pack `/srv/carnet/valdoria.git`"] {
            XCTAssertNil(program(refused), refused ?? "nil")
        }
    }

    func testShellWordsUndoGitsQuoting() {
        XCTAssertEqual(ShellWords.split("git-upload-pack 'it'\\''s.git'"), ["git-upload-pack", "it's.git"])
        XCTAssertEqual(ShellWords.split("a  'b c'"), ["a", "b c"])
        XCTAssertNil(ShellWords.split("a | b"))
    }

    func testIdentityTokens() {
        XCTAssertEqual(HubIdentity(token: "min-terres:awa@terres.example"), .ministry(id: "min-terres", email: "awa@terres.example"))
        XCTAssertEqual(HubIdentity(token: "point-of-contact:poc@gouv.example"), .pointOfContact(email: "poc@gouv.example"))
        XCTAssertNil(HubIdentity(token: "Min Terres:awa@x"))
        XCTAssertNil(HubIdentity(token: "min-terres:"))
        XCTAssertNil(HubIdentity(token: "nocolon"))
    }

    func testAccountsMapByWholeEmailOrUnambiguousUserName() {
        let members = PlanMembers(members: [
            .init(identity: .pointOfContact(email: "awa.diallo@gouv.example"), name: "Awa", keys: []),
            .init(identity: .ministry(id: "min-terres", email: "awa.diallo@terres.example"), name: "Awa D.", keys: []),
            .init(identity: .ministry(id: "min-terres", email: "paul@terres.example"), name: "Paul", keys: []),
            .init(identity: .ministry(id: "min-justice", email: "paul@justice.example"), name: "Paul", keys: []),
            .init(identity: .ministry(id: "min-justice", email: "paul.martin@justice.example"), name: "Paul Martin", keys: []),
            .init(identity: .ministry(id: "min-sante", email: "kofi@sante.example"), name: "Kofi", keys: [], account: "kofi-a"),
            .init(identity: .ministry(id: "min-sante", email: "jo@sante.example"), name: "Jo", keys: []),
            .init(identity: .pointOfContact(email: "jo.poc@gouv.example"), name: "Jo", keys: []),
            .init(identity: .ministry(id: "min-terres", email: "jo.poc@gouv.example"), name: "Jo", keys: []),
            .init(identity: .ministry(id: "min-terres", email: "eve@localhost"), name: "Eve", keys: []),
        ])
        // An identity the hub would not write nor accept from `carnet hub serve` matches nothing.
        XCTAssertThrowsError(try members.identity(forAccount: "eve", email: "eve@localhost", server: "Gitea").get())
        XCTAssertThrowsError(try members.identity(forAccount: "eve", email: nil).get())
        // Gitea: the whole email, without case; two Pauls with the same local part each push.
        XCTAssertEqual(try members.identity(forAccount: "paul", email: "PAUL@terres.example", server: "Gitea").get(),
                       .ministry(id: "min-terres", email: "paul@terres.example"))
        XCTAssertEqual(try members.identity(forAccount: "paul", email: "paul@justice.example", server: "Gitea").get(),
                       .ministry(id: "min-justice", email: "paul@justice.example"))
        XCTAssertThrowsError(try members.identity(forAccount: "paul", email: "paul@justice.example.org", server: "Gitea").get(), "the whole email")
        XCTAssertThrowsError(try members.identity(forAccount: "paul", email: nil, server: "Gitea").get(), "never the name on Gitea")
        // GitLab: a local part shared by two people is refused, with how to fix it — even when
        // one of them is the point of contact (it used to give the other the point of contact's rights).
        for name in ["paul", "awa.diallo", "Awa.Diallo"] {
            XCTAssertThrowsError(try members.identity(forAccount: name, email: nil).get(), name) { error in
                XCTAssertTrue("\(error)".contains("Carnet does not guess") && "\(error)".contains("--account"), "\(error)")
            }
        }
        // A name that is a prefix of another's matches neither; the whole local part matches.
        XCTAssertThrowsError(try members.identity(forAccount: "paul.m", email: nil).get())
        XCTAssertThrowsError(try members.identity(forAccount: "pau", email: nil).get())
        XCTAssertEqual(try members.identity(forAccount: "paul.martin", email: nil).get(), .ministry(id: "min-justice", email: "paul.martin@justice.example"))
        // An explicit account wins, and the person is known by it only.
        XCTAssertEqual(try members.identity(forAccount: "KOFI-A", email: nil).get(), .ministry(id: "min-sante", email: "kofi@sante.example"))
        XCTAssertThrowsError(try members.identity(forAccount: "kofi", email: nil).get())
        XCTAssertEqual(try members.identity(forAccount: "jo", email: nil).get(), .ministry(id: "min-sante", email: "jo@sante.example"))
        // One email as point of contact and in a ministry: one person, the point of contact.
        XCTAssertEqual(try members.identity(forAccount: "jo.poc", email: nil).get(), .pointOfContact(email: "jo.poc@gouv.example"))
        XCTAssertThrowsError(try members.identity(forAccount: "mallory", email: nil).get())
    }

    /// Well-formed ed25519 keys (the wire format: type, then 32 bytes), distinct by `byte`.
    static func key(_ byte: UInt8, _ comment: String = "laptop") -> String {
        var blob: [UInt8] = [0, 0, 0, 11] + Array("ssh-ed25519".utf8) + [0, 0, 0, 32]
        blob += Array(repeating: byte, count: 32)
        return "ssh-ed25519 \(Data(blob).base64EncodedString()) \(comment)"
    }

    /// The key's base64 blob, as `--key` names it.
    static func base64(_ line: String) -> String { String(line.split(separator: " ")[1]) }

    /// `hub serve` checks the key at each request: a key the plan lists for someone else, or no
    /// more, is not "listed" for this identity.
    func testAKeyIsListedOnlyForItsOwnIdentity() {
        let members = PlanMembers(members: [
            .init(identity: .ministry(id: "min-terres", email: "awa@terres.example"), name: "Awa", keys: [Self.key(1), "ssh-ed25519 AAAA-broken"]),
            .init(identity: .pointOfContact(email: "poc@gouv.example"), name: "Poc", keys: [Self.key(2)]),
        ])
        XCTAssertTrue(members.lists(.ministry(id: "min-terres", email: "AWA@terres.example"), key: Self.base64(Self.key(1))))
        XCTAssertFalse(members.lists(.ministry(id: "min-terres", email: "awa@terres.example"), key: Self.base64(Self.key(2))))
        XCTAssertFalse(members.lists(.ministry(id: "min-eau", email: "awa@terres.example"), key: Self.base64(Self.key(1))))
        XCTAssertFalse(members.lists(.ministry(id: "min-terres", email: "awa@terres.example"), key: Self.base64(Self.key(3))))
        XCTAssertFalse(members.lists(.ministry(id: "min-terres", email: "awa@terres.example"), key: "AAAA-broken"))
    }

    func testAuthorizedKeysLinesAreRestrictedAndForced() throws {
        let key = Self.key(1, "awa@laptop")
        let members = PlanMembers(members: [
            .init(identity: .ministry(id: "min-terres", email: "awa@terres.example"), name: "Awa", keys: [key, "ssh-ed25519 AAAA-broken", key]),
            .init(identity: .pointOfContact(email: "poc@gouv.example"), name: "Poc", keys: [Self.key(2)]),
        ])
        let output = AuthorizedKeys.lines(members: members, hub: "/srv/hub's.git", carnet: "/usr/local/bin/carnet")
        XCTAssertEqual(output.lines, [
            #"restrict,command="/usr/local/bin/carnet hub serve --hub '/srv/hub'\''s.git' --identity min-terres:awa@terres.example --key "# + Self.base64(key) + #"" "# + key,
            #"restrict,command="/usr/local/bin/carnet hub serve --hub '/srv/hub'\''s.git' --identity point-of-contact:poc@gouv.example --key "# + Self.base64(Self.key(2)) + #"" "# + Self.key(2),
        ])
        XCTAssertEqual(output.warnings.count, 1, "a broken key is left out: \(output.warnings)")
    }

    /// docs/HUB.md: a key listed for two people names neither (it used to be written for the
    /// first one listed, who could then act as the other or be locked out by them).
    func testAKeyListedForTwoPeopleIsLeftOutForBoth() throws {
        let members = PlanMembers(members: [
            .init(identity: .ministry(id: "min-terres", email: "awa@terres.example"), name: "Awa", keys: [Self.key(1, "awa"), Self.key(3)]),
            .init(identity: .ministry(id: "min-justice", email: "paul@justice.example"), name: "Paul", keys: [Self.key(1, "paul, another comment")]),
            .init(identity: .ministry(id: "min-justice", email: "jules@justice.example"), name: "Jules", keys: [Self.key(4)]),
        ])
        let output = AuthorizedKeys.lines(members: members, hub: "/srv/hub.git", carnet: "/usr/local/bin/carnet")
        let written = try AuthorizedKeysFile.assertEveryLineIsForced(output.text, carnet: "/usr/local/bin/carnet", hub: "/srv/hub.git")
        XCTAssertEqual(written.map(\.identity), ["min-terres:awa@terres.example", "min-justice:jules@justice.example"])
        XCTAssertFalse(written.contains { $0.key == Self.key(1, "").trimmingCharacters(in: .whitespaces) })
        XCTAssertEqual(output.warnings.count, 2, "\(output.warnings)")
        XCTAssertTrue(output.warnings.allSatisfy { $0.contains("a key must name one person") }, "\(output.warnings)")
    }

    /// The attack of issue 10: an identity whose email (or ministry id) holds a line break, a
    /// quote or a space, read from a record without looking at its diagnostics. Its key line would
    /// end inside the forced command, and the text after the break be a line of its own: a bare
    /// key, with a shell. The whole output is read back as sshd reads it.
    func testAuthorizedKeysNeverWritesAnUnsafeIdentity() throws {
        let bare = Self.key(9, "mallory")
        let members = PlanMembers(members: [
            .init(identity: .ministry(id: "min-terres", email: "m@terres.example\n\(bare)\n"), name: "M", keys: [Self.key(5)]),
            .init(identity: .ministry(id: "min-terres", email: "m@terres.example\" \(bare)"), name: "M", keys: [Self.key(6)]),
            .init(identity: .ministry(id: "min-terres", email: "m@terres.example\r\(bare)"), name: "M", keys: [Self.key(7)]),
            .init(identity: .ministry(id: "min terres\n\(bare)", email: "m@terres.example"), name: "M", keys: [Self.key(8)]),
            .init(identity: .pointOfContact(email: "poc@gouv.example \u{1B}[2J"), name: "P", keys: [Self.key(10)]),
            .init(identity: .ministry(id: "min-terres", email: "awa@terres.example"), name: "Awa", keys: [Self.key(11)]),
        ])
        let output = AuthorizedKeys.lines(members: members, hub: "/srv/hub.git", carnet: "/usr/local/bin/carnet")
        let written = try AuthorizedKeysFile.assertEveryLineIsForced(output.text, carnet: "/usr/local/bin/carnet", hub: "/srv/hub.git")
        XCTAssertEqual(written.map(\.identity), ["min-terres:awa@terres.example"])
        XCTAssertFalse(output.text.contains(String(bare.split(separator: " ")[1])))
        XCTAssertEqual(output.warnings.count, 5, "\(output.warnings)")
        for warning in output.warnings {
            XCTAssertNil(TextRule.line.forbidden(in: warning), "a warning repeats the unsafe text: \(String(reflecting: warning))")
            XCTAssertFalse(warning.contains(String(bare.split(separator: " ")[1])), warning)
        }
        XCTAssertNil(HubIdentity(token: "min-terres:m@terres.example\n\(bare)"), "the hub accepts no unsafe token either")
    }

    func testPublicKeysAreCheckedBeforeTheyAreRecorded() {
        let good = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOXA4cqGEh6fy32YgmCiSQbtoFvkjBg2rRviC9H42N0d awa"
        XCTAssertNoThrow(try SSHPublicKey.parse(good).get())
        XCTAssertThrowsError(try SSHPublicKey.parse("ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIOXA4cqGEh6fy32YgmCiSQbtoFvkjBg2rRviC9H42N0d").get(), "type mismatch")
        XCTAssertThrowsError(try SSHPublicKey.parse("command=\"sh\" " + good).get(), "options smuggled in")
        XCTAssertThrowsError(try SSHPublicKey.parse("-----BEGIN OPENSSH PRIVATE KEY-----").get())
        XCTAssertThrowsError(try SSHPublicKey.parse("ssh-ed25519 not!base64").get())
    }

    /// MembershipRule alone: what counts as a change of a ministry's members.
    func testMembershipRuleComparesPeopleEmailsKeysAndAccounts() {
        let me = HubIdentity.ministry(id: "min-terres", email: "awa@terres.example")
        let awa = Person(name: "Awa", email: "awa@terres.example", phone: "1", keys: [Self.key(1, "laptop")])
        func ministry(_ members: [Person], contacts: [Person] = []) -> Ministry {
            Ministry(id: "min-terres", name: .plain("Terres"), kind: .ministry, contacts: contacts, members: members)
        }
        let path = "ministries/min-terres.yaml"
        let old = ministry([awa])
        func violation(_ new: Ministry?) -> String? { MembershipRule.violation(writer: me.writer, path: path, old: old, new: new)?.text }
        XCTAssertNil(violation(ministry([awa], contacts: [Person(name: "Contact", phone: "2")])), "other fields are the ministry's")
        var other = awa
        other.phone = "3"
        other.keys = [Self.key(1, "another comment")]
        XCTAssertNil(violation(ministry([other])), "a member's phone, a key's comment")
        other = awa
        other.keys.append(Self.key(2))
        XCTAssertTrue(violation(ministry([other]))?.contains("changes the keys of awa@terres.example") == true)
        other = awa
        other.account = "awa"
        XCTAssertTrue(violation(ministry([other]))?.contains("changes the account of awa@terres.example") == true)
        other = awa
        other.email = "AWA@terres.example"
        XCTAssertNil(violation(ministry([other])), "emails compare without case")
        other.email = "awa2@terres.example"
        XCTAssertTrue(violation(ministry([other]))?.contains("adds awa2@terres.example, removes awa@terres.example") == true)
        XCTAssertNotNil(violation(ministry([awa, Person(name: "Awa")])), "a second entry without email")
        XCTAssertNotNil(violation(nil), "the file removed or unreadable")
        XCTAssertNil(MembershipRule.violation(writer: .pointOfContact, path: path, old: old, new: nil))
        XCTAssertNil(MembershipRule.violation(writer: me.writer, path: "ministries/min-justice.yaml", old: old, new: nil), "AccessRule's business")
    }

    func testRefUpdateLines() throws {
        let zero = String(repeating: "0", count: 40), one = String(repeating: "1", count: 40)
        let updates = try RefUpdate.parse("\(zero) \(one) refs/heads/main\n\(one) \(zero) refs/heads/x\n")
        XCTAssertNil(updates[0].old)
        XCTAssertEqual(updates[0].new?.description, one)
        XCTAssertNil(updates[1].new)
        XCTAssertThrowsError(try RefUpdate.parse("garbage"))
    }

    func testTheTimeLimitFiresUnlessCancelled() {
        let fired = expectation(description: "fired")
        let limit = TimeLimit(seconds: 1) { fired.fulfill() }
        wait(for: [fired], timeout: 5)
        limit.cancel()
        let never = expectation(description: "never")
        never.isInverted = true
        let cancelled = TimeLimit(seconds: 1) { never.fulfill() }
        cancelled.cancel()
        wait(for: [never], timeout: 2)
    }

    func testLimitsComeFromTheHubsConfigurationAndIgnoreNonsense() throws {
        let dir = TemporaryDirectory("carnet-limits")
        XCTAssertEqual(try Shell.git(["init", "-q", "--bare", dir.path + "/hub.git"], in: dir.path).status, 0)
        let hub = dir.path + "/hub.git"
        XCTAssertEqual(try Shell.git(["config", "carnet.maxCommits", "7"], in: hub).status, 0)
        XCTAssertEqual(try Shell.git(["config", "carnet.maxPaths", "-5"], in: hub).status, 0)
        XCTAssertEqual(try Shell.git(["config", "carnet.verifySeconds", "soon"], in: hub).status, 0)
        let limits = VerifyLimits.of(try Repository.open(hub))
        XCTAssertEqual(limits.maxCommits, 7)
        XCTAssertEqual(limits.maxPaths, VerifyLimits().maxPaths)
        XCTAssertEqual(limits.seconds, VerifyLimits().seconds)
    }

    /// A refused push's entry: its refusals bounded in number and length, one line each, no
    /// control character; a line written before refusals were logged reads as accepted.
    func testRefusalEntryIsBoundedAndOldLinesReadAsAccepted() throws {
        let update = RefUpdate(old: nil, new: nil, ref: RefUpdate.mainBranch)
        let hostile = "evil\u{1B}[2J\nsecond line " + String(repeating: "x", count: 1000)
        let refusals = [hostile] + (1...6).map { "rule \($0)" }
        let entry = try XCTUnwrap(PushLog.refusal(of: [update], refusals: refusals, pusher: HubIdentity(token: "min-justice:j@justice.example"),
                                                  claim: nil))
        XCTAssertEqual(entry.outcome, "refused")
        XCTAssertEqual(entry.ministry, "min-justice")
        XCTAssertFalse(entry.isAccepted)
        let kept = try XCTUnwrap(entry.refusals)
        XCTAssertEqual(kept.count, PushLogEntry.maxRefusals + 1)
        XCTAssertEqual(kept.last, "… and 2 more")
        for line in kept {
            XCTAssertLessThanOrEqual(line.count, PushLogEntry.maxRefusalLength)
            XCTAssertFalse(line.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, line.debugDescription)
        }
        XCTAssertTrue(kept[0].hasPrefix("evil"))

        let old = #"{"at":"2026-01-01T00:00:00Z","commits":[],"new":"abc","pusher":"min-justice:j@justice.example","ref":"refs/heads/main"}"#
        let entries = PushLog.entries(of: Data((old + "\n").utf8))
        XCTAssertEqual(entries.count, 1)
        XCTAssertTrue(entries[0].isAccepted)
    }
}
