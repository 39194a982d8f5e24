import Foundation
import LocalSSH
import TestSupport
import XCTest

/// A plan with three members (the point of contact, autorite-terres which leads 05, min-justice
/// which leads 02), each with an SSH key made by ssh-keygen, and a hub made from it by the real
/// carnet binary. Pushes are made by the real git CLI.
final class HubFixture {
    let dir = TemporaryDirectory("carnet-hub")
    let carnet = RepositoryPaths.carnetBinary
    var plan: String { dir.path + "/plan" }
    var hub: String { dir.path + "/hub.git" }

    struct Person {
        let key: String          // private key file
        let name: String
        let email: String
        let ministry: String?    // nil: the point of contact
    }

    let poc = Person(key: "poc", name: "Amélie Dufresne-Kotto", email: "amelie.dufresne-kotto@gouv.valdoria.example", ministry: nil)
    let terres = Person(key: "terres", name: "Rosine Abessolo", email: "rosine@terres.example", ministry: "autorite-terres")
    let justice = Person(key: "justice", name: "Jules Mba", email: "jules@justice.example", ministry: "min-justice")
    let stranger = Person(key: "stranger", name: "Nobody", email: "nobody@example.org", ministry: "min-justice")

    init() throws {
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: carnet), "build carnet first: \(carnet)")
        try must(carnetRun(["plan", "init", plan, "--sample", "--name", poc.name, "--email", poc.email]))
        for person in [poc, terres, justice, stranger] {
            try must(Shell.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", person.key, "-f", keyPath(person)]))
        }
        for person in [poc, terres, justice] {
            let target = person.ministry.map { [$0] } ?? ["--point-of-contact"]
            try must(carnetRun(["member", "add"] + target + ["--name", person.name, "--email", person.email,
                                "--key", keyPath(person) + ".pub"], in: plan))
        }
        try must(carnetRun(["hub", "init", hub, "--from", plan]))
    }

    func keyPath(_ person: Person) -> String { dir.path + "/" + person.key }

    /// A copy of the hub made by the git CLI, signed as `person` (carnet whoami too).
    func gitClone(_ name: String, as person: Person) throws -> String {
        let target = dir.path + "/" + name
        try must(git(["clone", "-q", hub, target], in: dir.path, as: person))
        try must(carnetRun(["whoami", "--name", person.name, "--email", person.email], in: target))
        return target
    }

    /// git push of main through git's local transport, the pusher named as `carnet hub serve`
    /// names it (or by the given environment: GitLab, Gitea, none).
    func gitPush(_ copy: String, as person: Person, _ refspec: [String] = ["main"], environment: [String: String]? = nil) throws -> ShellResult {
        try git(["push", "origin"] + refspec, in: copy, as: person, environment: environment ?? ["CARNET_PUSHER": identity(person)])
    }

    /// A private sshd on 127.0.0.1 whose authorized_keys is what `carnet hub authorized-keys` prints.
    func startSSH() throws -> SSHServer {
        let keys = try must(carnetRun(["hub", "authorized-keys", "--hub", hub]))
        let file = dir.path + "/authorized_keys"
        try keys.stdout.write(toFile: file, atomically: true, encoding: .utf8)
        return try SSHServer(in: dir.url, authorizedKeys: file)
    }

    func identity(_ person: Person) -> String { "\(person.ministry ?? "point-of-contact"):\(person.email)" }

    @discardableResult
    func carnetRun(_ arguments: [String], in directory: String? = nil, environment: [String: String] = [:]) throws -> ShellResult {
        try Shell.run([carnet] + arguments, in: directory, environment: environment)
    }

    @discardableResult
    func must(_ result: ShellResult, file: StaticString = #filePath, line: UInt = #line) throws -> ShellResult {
        XCTAssertEqual(result.status, 0, "stdout: \(result.stdout)\nstderr: \(result.stderr)", file: file, line: line)
        if result.status != 0 { throw SetupFailure("setup step failed") }
        return result
    }

    /// git with a fixed identity and extra environment (GIT_SSH_COMMAND, CARNET_PUSHER).
    @discardableResult
    func git(_ arguments: [String], in directory: String, as person: Person, environment: [String: String] = [:]) throws -> ShellResult {
        try Shell.run(["git", "-c", "user.name=\(person.name)", "-c", "user.email=\(person.email)",
                       "-c", "init.defaultBranch=main"] + arguments, in: directory, environment: environment)
    }

    /// The hub's main, read by the git oracle.
    func hubMain() throws -> String {
        try Shell.git(["rev-parse", "refs/heads/main"], in: hub).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Whether the hub's object database holds an object (a refused push must leave none).
    func hubHas(_ object: String) throws -> Bool {
        try Shell.git(["cat-file", "-e", object], in: hub).status == 0
    }

    /// Every object the hub holds, as git counts them: equal before and after a refused push.
    func hubObjects() throws -> String {
        let out = try Shell.git(["count-objects", "-v"], in: hub).stdout
        return out.split(separator: "\n").filter { $0.hasPrefix("count:") || $0.hasPrefix("in-pack:") }.joined(separator: " ")
    }

    func head(of directory: String) throws -> String {
        try Shell.git(["rev-parse", "HEAD"], in: directory).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func pushLog() -> [[String: Any]] {
        guard let data = FileManager.default.contents(atPath: hub + "/carnet-push-log.jsonl") else { return [] }
        return data.split(separator: 0x0A).compactMap { try? JSONSerialization.jsonObject(with: Data($0)) as? [String: Any] }
    }

    /// Replaces one line of a file (a hand edit, as a text editor makes it).
    func edit(_ file: String, replacing old: String, with new: String) throws {
        let text = try String(contentsOfFile: file, encoding: .utf8)
        XCTAssertTrue(text.contains(old), "\(file) has no '\(old)'")
        try text.replacingOccurrences(of: old, with: new).write(toFile: file, atomically: true, encoding: .utf8)
    }
}
