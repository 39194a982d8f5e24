import Foundation
import Messages

/// `carnet hub serve`: the SSH forced command of every member key. It allows exactly two
/// things — fetching from the hub (git-upload-pack) and pushing to it (git-receive-pack) — and
/// runs git's own server program for them: the one place Carnet runs the git binary, because
/// serving the git protocol is git's job and libgit2 has no server side.
public enum GitServe {
    public enum Program: String, Sendable, Equatable {
        case uploadPack = "git-upload-pack"
        case receivePack = "git-receive-pack"

        var subcommand: String { self == .uploadPack ? "upload-pack" : "receive-pack" }
    }

    /// Reads SSH_ORIGINAL_COMMAND (`git-receive-pack '/srv/plan.git'`, as git clients send it)
    /// and allows it only for the hub itself. The path is compared after removing the shell
    /// quoting git adds and resolving it (relative and `~/` paths from HOME, symbolic links).
    public static func parse(_ command: String?, hub: String, home: String?) -> Result<Program, HubError> {
        guard let command, !command.trimmingCharacters(in: .whitespaces).isEmpty else {
            return .failure(.refused(Catalogue.text("hub.serve.no-shell")))
        }
        guard let words = ShellWords.split(command) else {
            return .failure(.refused(Catalogue.text("hub.serve.not-git", ["command": .text(String(command.prefix(80)))])))
        }
        var rest = words[...]
        var name = rest.popFirst() ?? ""
        if name == "git", let sub = rest.popFirst() { name = "git-" + sub }
        guard let program = Program(rawValue: name) else {
            return .failure(.refused(Catalogue.text("hub.serve.fetch-push-only", ["command": .text(String(command.prefix(80)))])))
        }
        guard rest.count == 1, let requested = rest.first else {
            return .failure(.refused(Catalogue.text("hub.serve.one-path", ["program": .text(name)])))
        }
        guard same(requested, hub, home: home) else {
            return .failure(.refused(Catalogue.text("hub.serve.other-repository", ["path": .text(requested)])))
        }
        return .success(program)
    }

    private static func same(_ requested: String, _ hub: String, home: String?) -> Bool {
        var path = requested
        if path.hasPrefix("~/") { path = (home ?? "/") + "/" + path.dropFirst(2) }
        if !path.hasPrefix("/") { path = (home ?? "/") + "/" + path }
        let resolve = { (p: String) in URL(fileURLWithPath: p).standardizedFileURL.resolvingSymlinksInPath().path }
        return resolve(path) == resolve(hub)
    }

    /// Refuses a request made with a key the plan at the hub's main no longer lists for
    /// `identity` (removed, or its person gone): sshd read authorized_keys when the session
    /// opened, which may be long before this request on a kept SSH session (docs/SECURITY.md).
    /// A hub with no main yet lists no one and has nothing to protect: the request goes on.
    /// With no `key` (a line written before `--key` existed), the person at least must still be
    /// in the plan: an SSH session opened before their removal must not go on fetching.
    public static func checkKey(_ key: String?, of identity: HubIdentity, hub: String) -> HubError? {
        do {
            let repository = try HubHooks.openHub(hub)
            guard let head = try HubSetup.gitCall({ try repository.referenceTarget(RefUpdate.mainBranch) }) else { return nil }
            let members = try HubSetup.gitCall { try RecordReader(repository: repository).members(at: head) }
            guard let key else {
                return members.contains(identity) ? nil
                    : .refused(Catalogue.text("keyc.serve.person-not-listed", ["who": identity.argument]))
            }
            guard members.lists(identity, key: key) else {
                return .refused(Catalogue.text("keyc.serve.key-not-listed", ["who": identity.argument]))
            }
            return nil
        } catch let error as HubError {
            return error
        } catch {
            return .io("\(error)")
        }
    }

    /// Replaces this process with git's server program for the hub, passing the pusher's
    /// identity to the hooks in CARNET_PUSHER. Returns only when exec fails.
    public static func exec(_ program: Program, hub: String, identity: HubIdentity?, environment: [String: String]) -> HubError {
        guard let git = findGit(environment["PATH"]) else {
            return .io(Catalogue.text("hub.serve.no-git"))
        }
        // Nothing from the client's session may steer git to another repository or config.
        var env = environment.filter { !$0.key.hasPrefix("GIT_") || $0.key == "GIT_PROTOCOL" }
        env["CARNET_PUSHER"] = identity?.token
        if identity == nil { env.removeValue(forKey: "CARNET_PUSHER") }
        let hubPath = URL(fileURLWithPath: hub).standardizedFileURL.path
        let arguments = ["git", program.subcommand, hubPath]
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        execve(git, argv, envp)
        return .io(Catalogue.text("hub.serve.cannot-run", ["program": .text(git), "reason": .text(String(cString: strerror(errno)))]))
    }

    static func findGit(_ path: String?) -> String? {
        let dirs = (path ?? "").split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin", "/bin"]
        return dirs.map { $0 + "/git" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

/// Splits a command line the way git quotes it (single quotes, `'\''` for a quote, backslash
/// escapes); nil when it holds anything a shell would interpret (`;`, `|`, `$`, a backtick…).
enum ShellWords {
    static func split(_ line: String) -> [String]? {
        var words: [String] = []
        var current = "", inWord = false
        var chars = line.makeIterator()
        while let c = chars.next() {
            switch c {
            case "'":
                inWord = true
                var closed = false
                while let q = chars.next() {
                    if q == "'" { closed = true; break }
                    current.append(q)
                }
                if !closed { return nil }
            case "\\":
                guard let next = chars.next() else { return nil }
                inWord = true
                current.append(next)
            case " ", "\t":
                if inWord { words.append(current); current = ""; inWord = false }
            default:
                if ";|&$`<>(){}\"*?[]!#\n\r".contains(c) { return nil }
                inWord = true
                current.append(c)
            }
        }
        if inWord { words.append(current) }
        return words
    }
}
