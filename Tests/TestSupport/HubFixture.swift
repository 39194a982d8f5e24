import Foundation
import LocalSSH
import XCTest

/// A plan with three members (the point of contact, autorite-terres which leads 05, min-justice
/// which leads 02), each with an SSH key made by ssh-keygen, and a hub made from it by the real
/// carnet binary. Pushes are made by the real git CLI. In TestSupport so that the hub's tests and
/// the browser journeys (WebTests) share one fixture.
public final class HubFixture {
    public let dir = TemporaryDirectory("carnet-hub")
    public let carnet = RepositoryPaths.carnetBinary
    public var plan: String { dir.path + "/plan" }
    public var hub: String { dir.path + "/hub.git" }

    public struct Person {
        public let key: String          // private key file
        public let name: String
        public let email: String
        public let ministry: String?    // nil: the point of contact

        public init(key: String, name: String, email: String, ministry: String?) {
            self.key = key
            self.name = name
            self.email = email
            self.ministry = ministry
        }
    }

    public let poc = Person(key: "poc", name: "Amélie Dufresne-Kotto", email: "amelie.dufresne-kotto@gouv.valdoria.example", ministry: nil)
    public let terres = Person(key: "terres", name: "Rosine Abessolo", email: "rosine@terres.example", ministry: "autorite-terres")
    public let justice = Person(key: "justice", name: "Jules Mba", email: "jules@justice.example", ministry: "min-justice")
    public let stranger = Person(key: "stranger", name: "Nobody", email: "nobody@example.org", ministry: "min-justice")

    public init() throws {
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
        // The hub's refusals to plain git are in its setting's language, else the plan's first
        // (French here): the tests read English, as a carnet run with CARNET_LANG=en does.
        try must(Shell.git(["config", "carnet.language", "en"], in: hub))
    }

    public func keyPath(_ person: Person) -> String { dir.path + "/" + person.key }

    /// A copy of the hub made by the git CLI, signed as `person` (carnet whoami too).
    public func gitClone(_ name: String, as person: Person) throws -> String {
        let target = dir.path + "/" + name
        try must(git(["clone", "-q", hub, target], in: dir.path, as: person))
        try must(carnetRun(["whoami", "--name", person.name, "--email", person.email], in: target))
        return target
    }

    /// git push of main through git's local transport, the pusher named as `carnet hub serve`
    /// names it (or by the given environment: GitLab, Gitea, none).
    public func gitPush(_ copy: String, as person: Person, _ refspec: [String] = ["main"], environment: [String: String]? = nil) throws -> ShellResult {
        try git(["push", "origin"] + refspec, in: copy, as: person, environment: environment ?? ["CARNET_PUSHER": identity(person)])
    }

    /// A private sshd on 127.0.0.1 whose authorized_keys is what `carnet hub authorized-keys` prints.
    public func startSSH() throws -> SSHServer {
        let keys = try must(carnetRun(["hub", "authorized-keys", "--hub", hub]))
        let file = dir.path + "/authorized_keys"
        try keys.stdout.write(toFile: file, atomically: true, encoding: .utf8)
        return try SSHServer(in: dir.url, authorizedKeys: file)
    }

    public func identity(_ person: Person) -> String { "\(person.ministry ?? "point-of-contact"):\(person.email)" }

    @discardableResult
    public func carnetRun(_ arguments: [String], in directory: String? = nil, environment: [String: String] = [:]) throws -> ShellResult {
        try Shell.run([carnet] + arguments, in: directory, environment: environment)
    }

    @discardableResult
    public func must(_ result: ShellResult, file: StaticString = #filePath, line: UInt = #line) throws -> ShellResult {
        XCTAssertEqual(result.status, 0, "stdout: \(result.stdout)\nstderr: \(result.stderr)", file: file, line: line)
        if result.status != 0 { throw SetupFailure("setup step failed") }
        return result
    }

    /// git with a fixed identity and extra environment (GIT_SSH_COMMAND, CARNET_PUSHER).
    @discardableResult
    public func git(_ arguments: [String], in directory: String, as person: Person, environment: [String: String] = [:]) throws -> ShellResult {
        try Shell.run(["git", "-c", "user.name=\(person.name)", "-c", "user.email=\(person.email)",
                       "-c", "init.defaultBranch=main"] + arguments, in: directory, environment: environment)
    }

    /// The hub's main, read by the git oracle.
    public func hubMain() throws -> String {
        try Shell.git(["rev-parse", "refs/heads/main"], in: hub).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Whether the hub's object database holds an object (a refused push must leave none).
    public func hubHas(_ object: String) throws -> Bool {
        try Shell.git(["cat-file", "-e", object], in: hub).status == 0
    }

    /// The files in the hub's folder, but what the push log's hooks write for every push,
    /// refused ones included (the log file, `refs/carnet/push-log`, its published objects and
    /// the object folders made for them): equal before and after a refused push.
    public func hubFolder() throws -> [String] {
        let published = try publishedObjects()
        let files = (FileManager.default.enumerator(atPath: hub)?.allObjects as? [String] ?? []).sorted()
        return files.filter { path in
            if path == "carnet-push-log.jsonl" || path.hasPrefix("refs/carnet") { return false }
            let parts = path.split(separator: "/")
            if parts.count == 2, parts[0] == "objects", parts[1].count == 2 { return false }
            if parts.count == 3, parts[0] == "objects", published.contains(String(parts[1] + parts[2])) { return false }
            return true
        }
    }

    /// Every object the hub holds (loose or packed, reachable or not), but the push log's
    /// publications (`refs/carnet/push-log`: a commit "carnet push log", its tree, its blob),
    /// which the hooks write for refused pushes too: equal before and after a refused push.
    public func hubObjects() throws -> String {
        let published = try publishedObjects()
        return try allObjects().map(\.id).filter { !published.contains($0) }.sorted().joined(separator: " ")
    }

    private func allObjects() throws -> [(id: String, type: String)] {
        let all = try Shell.git(["cat-file", "--batch-all-objects", "--batch-check=%(objectname) %(objecttype)"], in: hub).stdout
        return all.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: " ")
            return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
        }
    }

    /// The objects of every publication of the push log: each commit "carnet push log", its
    /// tree and its blob.
    public func publishedObjects() throws -> Set<String> {
        var published = Set<String>()
        for object in try allObjects() where object.type == "commit" {
            let info = try Shell.git(["show", "-s", "--format=%s%x00%T", object.id], in: hub).stdout.trimmingCharacters(in: .newlines)
            let fields = info.split(separator: "\0").map(String.init)
            guard fields.count == 2, fields[0] == "carnet push log" else { continue }
            published.formUnion([object.id, fields[1]])
            let blob = try Shell.git(["rev-parse", "\(fields[1]):carnet-push-log.jsonl"], in: hub).stdout
            published.insert(blob.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return published
    }

    public func head(of directory: String) throws -> String {
        try Shell.git(["rev-parse", "HEAD"], in: directory).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    public func pushLog() -> [[String: Any]] {
        guard let data = FileManager.default.contents(atPath: hub + "/carnet-push-log.jsonl") else { return [] }
        return data.split(separator: 0x0A).compactMap { try? JSONSerialization.jsonObject(with: Data($0)) as? [String: Any] }
    }

    /// Replaces one line of a file (a hand edit, as a text editor makes it).
    public func edit(_ file: String, replacing old: String, with new: String) throws {
        let text = try String(contentsOfFile: file, encoding: .utf8)
        XCTAssertTrue(text.contains(old), "\(file) has no '\(old)'")
        try text.replacingOccurrences(of: old, with: new).write(toFile: file, atomically: true, encoding: .utf8)
    }
}
