import Foundation
@testable import Hub
import Git
import Records
import TestSupport
import Workspace
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

    func testAccountsMapByEmailOrLocalPart() {
        let members = PlanMembers(members: [
            .init(identity: .pointOfContact(email: "awa.diallo@gouv.example"), name: "Awa", keys: []),
            .init(identity: .ministry(id: "min-terres", email: "awa.diallo@terres.example"), name: "Awa", keys: []),
            .init(identity: .ministry(id: "min-terres", email: "paul@terres.example"), name: "Paul", keys: []),
            .init(identity: .ministry(id: "min-justice", email: "paul@justice.example"), name: "Paul", keys: []),
        ])
        XCTAssertEqual(try members.identity(forAccount: "awa.diallo", email: nil).get(), .pointOfContact(email: "awa.diallo@gouv.example"))
        XCTAssertEqual(try members.identity(forAccount: "x", email: "PAUL@terres.example").get(), .ministry(id: "min-terres", email: "paul@terres.example"))
        XCTAssertThrowsError(try members.identity(forAccount: "paul", email: nil).get(), "two ministries: ambiguous")
        XCTAssertThrowsError(try members.identity(forAccount: "mallory", email: nil).get())
    }

    func testAuthorizedKeysLinesAreRestrictedAndForced() throws {
        let key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOXA4cqGEh6fy32YgmCiSQbtoFvkjBg2rRviC9H42N0d awa@laptop"
        let members = PlanMembers(members: [
            .init(identity: .ministry(id: "min-terres", email: "awa@terres.example"), name: "Awa", keys: [key, "ssh-ed25519 AAAA-broken"]),
            .init(identity: .ministry(id: "min-justice", email: "paul@justice.example"), name: "Paul", keys: [key]),
        ])
        let output = AuthorizedKeys.lines(members: members, hub: "/srv/hub's.git", carnet: "/usr/local/bin/carnet")
        XCTAssertEqual(output.lines, [
            #"restrict,command="/usr/local/bin/carnet hub serve --hub '/srv/hub'\''s.git' --identity min-terres:awa@terres.example" "# + key,
        ])
        XCTAssertEqual(output.warnings.count, 2, "a broken key and a key shared by two people are left out: \(output.warnings)")
    }

    func testPublicKeysAreCheckedBeforeTheyAreRecorded() {
        let good = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOXA4cqGEh6fy32YgmCiSQbtoFvkjBg2rRviC9H42N0d awa"
        XCTAssertNoThrow(try SSHPublicKey.parse(good).get())
        XCTAssertThrowsError(try SSHPublicKey.parse("ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIOXA4cqGEh6fy32YgmCiSQbtoFvkjBg2rRviC9H42N0d").get(), "type mismatch")
        XCTAssertThrowsError(try SSHPublicKey.parse("command=\"sh\" " + good).get(), "options smuggled in")
        XCTAssertThrowsError(try SSHPublicKey.parse("-----BEGIN OPENSSH PRIVATE KEY-----").get())
        XCTAssertThrowsError(try SSHPublicKey.parse("ssh-ed25519 not!base64").get())
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

    func testRefUpdateLines() throws {
        let zero = String(repeating: "0", count: 40), one = String(repeating: "1", count: 40)
        let updates = try RefUpdate.parse("\(zero) \(one) refs/heads/main\n\(one) \(zero) refs/heads/x\n")
        XCTAssertNil(updates[0].old)
        XCTAssertEqual(updates[0].new?.description, one)
        XCTAssertNil(updates[1].new)
        XCTAssertThrowsError(try RefUpdate.parse("garbage"))
    }
}
