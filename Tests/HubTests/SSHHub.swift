import Foundation
import LocalSSH
import TestSupport
import XCTest

/// The fixture's hub behind a real sshd (HubFixture.startSSH), reached by each person's git CLI
/// with their own key: what every push-over-SSH test does — clone, push, pull, and a push the
/// hub must refuse — written once.
struct SSHHub {
    let fixture: HubFixture
    let server: SSHServer

    /// Starts the sshd whose authorized_keys is what the hub prints now: give people their keys first.
    init(_ fixture: HubFixture) throws {
        self.fixture = fixture
        server = try fixture.startSSH()
    }

    func environment(_ person: HubFixture.Person) -> [String: String] {
        ["GIT_SSH_COMMAND": server.sshCommand(key: fixture.keyPath(person))]
    }

    /// A working copy cloned over SSH with the person's key, signed as them (carnet whoami too).
    /// Each clone has a folder of its own, so a test may clone for one person twice.
    func clone(_ person: HubFixture.Person) throws -> String {
        let target = fixture.dir.path + "/wc-\(person.key)-\(UUID().uuidString.prefix(6))"
        try fixture.must(fixture.git(["clone", "-q", server.url(fixture.hub), target], in: fixture.dir.path,
                                     as: person, environment: environment(person)))
        try fixture.must(fixture.carnetRun(["whoami", "--name", person.name, "--email", person.email], in: target))
        return target
    }

    func push(_ copy: String, _ person: HubFixture.Person) throws -> ShellResult {
        try fixture.git(["push", "origin", "main"], in: copy, as: person, environment: environment(person))
    }

    func pull(_ copy: String, _ person: HubFixture.Person) throws {
        try fixture.must(fixture.git(["pull", "-q", "--no-rebase", "--no-edit", "origin", "main"], in: copy,
                                     as: person, environment: environment(person)))
    }

    /// Pushes, expects a refusal naming every one of `mentions` and main unmoved, then puts the
    /// copy back on the hub's main so that the test goes on from there.
    func assertRefused(_ copy: String, _ person: HubFixture.Person, _ mentions: [String],
                       file: StaticString = #filePath, line: UInt = #line) throws {
        let main = try fixture.hubMain()
        let result = try push(copy, person)
        XCTAssertNotEqual(result.status, 0, "pushed: \(result.stderr)", file: file, line: line)
        for text in mentions {
            XCTAssertTrue(result.stderr.contains(text), "no '\(text)' in: \(result.stderr)", file: file, line: line)
        }
        XCTAssertEqual(try fixture.hubMain(), main, "main moved", file: file, line: line)
        try fixture.must(fixture.git(["reset", "-q", "--hard", main], in: copy, as: person))
    }
}
