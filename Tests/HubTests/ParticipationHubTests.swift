import Foundation
import LocalSSH
import TestSupport
import XCTest

/// Who writes the participation records (docs/HUB.md, "Who may write what"), end to end: real
/// sshd, real keys, real git pushes judged by `carnet hub verify`. A civil society organisation
/// writes its own reviews only; the forum's secretariat (participation/process.yaml `forum:`)
/// writes the forum's records; neither writes how the process is run.
final class ParticipationHubTests: XCTestCase {
    private var fixture: HubFixture!
    private var ssh: SSHHub!
    private let cso = HubFixture.Person(key: "cso", name: "Léa Moukagni", email: "lea@transparence.example", ministry: "transparence-valdoria")
    private let secretary = HubFixture.Person(key: "secretary", name: "Paul Ndong", email: "paul@forum.example", ministry: "forum-multipartite")

    override func setUpWithError() throws {
        fixture = try HubFixture()
        // The point of contact gives the organisation and the forum's secretary their keys.
        let poc = try fixture.gitClone("poc-local", as: fixture.poc)
        for person in [cso, secretary] {
            try fixture.must(Shell.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", person.key, "-f", fixture.keyPath(person)]))
            try fixture.must(fixture.carnetRun(["member", "add", person.ministry!, "--name", person.name, "--email", person.email,
                                                "--key", fixture.keyPath(person) + ".pub"], in: poc))
        }
        try fixture.must(fixture.gitPush(poc, as: fixture.poc))
        ssh = try SSHHub(fixture)
    }

    override func tearDown() {
        ssh = nil
        fixture = nil
    }

    private func commitAll(_ copy: String, _ person: HubFixture.Person, _ message: String) throws {
        try fixture.must(fixture.git(["add", "-A"], in: copy, as: person))
        try fixture.must(fixture.git(["commit", "-q", "-m", message], in: copy, as: person))
    }

    func testACivilSocietyOrganisationWritesItsOwnReviewsAndNothingOfTheForum() throws {
        let copy = try ssh.clone(cso)
        // Its own review: accepted.
        try fixture.edit(copy + "/participation/reviews/transparence-valdoria/02.yaml", replacing: "completion: limited", with: "completion: not-started")
        try commitAll(copy, cso, "Notre évaluation révisée")
        try fixture.must(ssh.push(copy, cso))
        XCTAssertEqual(try fixture.hubMain(), try fixture.head(of: copy))
        // A new review of its own, of another commitment: accepted.
        try "completion: limited\ndate: 2026-11-02\n".write(toFile: copy + "/participation/reviews/transparence-valdoria/08.yaml", atomically: true, encoding: .utf8)
        try commitAll(copy, cso, "Évaluation de l'engagement 08")
        try fixture.must(ssh.push(copy, cso))

        // Another organisation's review: refused, edited or created.
        try fixture.edit(copy + "/participation/reviews/donnees-ouvertes/06.yaml", replacing: "completion: substantial", with: "completion: limited")
        try commitAll(copy, cso, "Leur évaluation")
        try ssh.assertRefused(copy, cso, ["participation/reviews/donnees-ouvertes/06.yaml",
                                      "an organisation writes only its own reviews: transparence-valdoria may not write those of donnees-ouvertes"])
        try FileManager.default.createDirectory(atPath: copy + "/participation/reviews/ti-tapir", withIntermediateDirectories: true)
        try "completion: complete\ndate: 2026-11-02\n".write(toFile: copy + "/participation/reviews/ti-tapir/02.yaml", atomically: true, encoding: .utf8)
        try commitAll(copy, cso, "Au nom d'une autre")
        try ssh.assertRefused(copy, cso, ["participation/reviews/ti-tapir/02.yaml", "may not write those of ti-tapir"])

        // A forum meeting, a document, how the process is run: refused.
        try fixture.edit(copy + "/participation/meetings/2026-09-forum.yaml", replacing: "government: 9", with: "government: 2")
        try commitAll(copy, cso, "Présence")
        try ssh.assertRefused(copy, cso, ["participation/meetings/2026-09-forum.yaml", "transparence-valdoria is not the forum's secretariat"])
        try "forum: transparence-valdoria\n".write(toFile: copy + "/participation/process.yaml", atomically: true, encoding: .utf8)
        try commitAll(copy, cso, "Nous tenons le secrétariat")
        try ssh.assertRefused(copy, cso, ["participation/process.yaml", "written by the point of contact only"])
    }

    func testTheForumSecretariatWritesTheForumsRecordsOnly() throws {
        let copy = try ssh.clone(secretary)
        try FileManager.default.createDirectory(atPath: copy + "/participation/meetings", withIntermediateDirectories: true)
        try "date: 2026-11-26\nkind: forum\ntitle: \"Forum du quatrième trimestre\"\n"
            .write(toFile: copy + "/participation/meetings/2026-11-forum.yaml", atomically: true, encoding: .utf8)
        try "Compte rendu.\n".write(toFile: copy + "/participation/files/cr-2026-11.md", atomically: true, encoding: .utf8)
        try "title: \"Compte rendu du 26 novembre\"\nkind: minutes\ndate: 2026-11-26\nfile: files/cr-2026-11.md\n"
            .write(toFile: copy + "/participation/documents/cr-2026-11.yaml", atomically: true, encoding: .utf8)
        try commitAll(copy, secretary, "Forum du 26 novembre")
        try fixture.must(ssh.push(copy, secretary))
        XCTAssertEqual(try fixture.hubMain(), try fixture.head(of: copy))

        // An invalid meeting is refused for validity, with its location.
        try fixture.edit(copy + "/participation/meetings/2026-11-forum.yaml", replacing: "kind: forum", with: "kind: banquet")
        try commitAll(copy, secretary, "Type")
        try ssh.assertRefused(copy, secretary, ["participation/meetings/2026-11-forum.yaml:2", "invalid record"])
        // A review, or the process: refused.
        try fixture.edit(copy + "/participation/reviews/transparence-valdoria/02.yaml", replacing: "completion: limited", with: "completion: complete")
        try commitAll(copy, secretary, "Évaluation")
        try ssh.assertRefused(copy, secretary, ["may not write those of transparence-valdoria"])
        try fixture.edit(copy + "/participation/process.yaml", replacing: "  - 2026-12-25\n", with: "")
        try commitAll(copy, secretary, "Jours fériés")
        try ssh.assertRefused(copy, secretary, ["participation/process.yaml", "written by the point of contact only"])
    }

    /// A ministry cannot make itself the forum's secretariat in the push that uses it: the
    /// secretariat is what the hub's main says.
    func testNamingItselfTheSecretariatInThePushGivesNoRight() throws {
        let copy = try ssh.clone(cso)
        try "forum: transparence-valdoria\n".write(toFile: copy + "/participation/process.yaml", atomically: true, encoding: .utf8)
        try fixture.edit(copy + "/participation/meetings/2026-09-forum.yaml", replacing: "government: 9", with: "government: 2")
        try commitAll(copy, cso, "Secrétariat et présence")
        try ssh.assertRefused(copy, cso, ["participation/process.yaml", "participation/meetings/2026-09-forum.yaml"])
    }
}
