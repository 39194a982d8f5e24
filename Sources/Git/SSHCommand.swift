import Foundation
import Messages
#if canImport(Glibc)
import Glibc
#endif

/// The OpenSSH client command line for one git request to a hub (`git-upload-pack '<path>'` or
/// `git-receive-pack '<path>'`), with connection multiplexing so that a sync made while a master
/// connection is alive costs a channel on it, not a new SSH session (issue 19: on a 300 ms link a
/// new session is 11 round trips before git says a word).
///
/// The URL comes from invite files and `carnet hub set`: hostile. A host or user beginning with
/// `-` would be read by ssh as an option (`-oProxyCommand=…`, the CVE-2017-1000117 class); both
/// are refused, and `--` ends ssh's options anyway. The path reaches the hub's shell (or its
/// forced command) single-quoted exactly as git's sq_quote does. No shell runs on our side: the
/// child is spawned with this argument vector.
struct SSHCommand: Equatable {
    var user: String
    var host: String
    var port: Int?
    /// The repository path as the remote command names it.
    var path: String
    var identityFile: String?
    /// nil: $HOME/.ssh/known_hosts, what libgit2's own transport reads.
    var knownHostsFile: String?
    /// The multiplexing socket; nil: no multiplexing (no private directory for it).
    var controlPath: String?

    static let program = "/usr/bin/ssh"
    /// How long a master outlives its last sync. The daemon syncs every 15 minutes by default and
    /// on each local change: past that, its master stays up between syncs. An idle master costs
    /// a keepalive every 15 s (a few hundred bytes a minute).
    static let persistSeconds = 1200
    /// The longest a master serves fetches after it was opened (SSHExecTransport.retireOldMaster):
    /// how long a key removed from the hub can still read through a session opened before.
    static let maxMasterAge: TimeInterval = 3600

    /// Refusals of a URL, said in the catalogue's words.
    enum Refusal: Error, Equatable { case optionLike(String), noPath, controlCharacter }

    /// Parses an ssh:// or scp-like URL. Refuses what could turn into an option of ssh or reach
    /// the remote command unquoted.
    init(url: String, defaultUser: String, identityFile: String?, knownHostsFile: String?) throws {
        let endpoint = Endpoint(url: url)
        guard endpoint.scheme == .ssh, let host = endpoint.host, !host.isEmpty else { throw Refusal.noPath }
        let user = endpoint.user.flatMap { $0.isEmpty ? nil : $0.removingPercentEncoding ?? $0 } ?? defaultUser
        for word in [host, user] {
            if word.hasPrefix("-") { throw Refusal.optionLike(word) }
        }
        var path: String
        if let range = url.range(of: "://") {
            let rest = url[range.upperBound...]
            path = rest.firstIndex(of: "/").map { String(rest[$0...]) } ?? ""
            // As libgit2 and git: ssh://host/~user/repo names a path relative to a home.
            if path.hasPrefix("/~") { path.removeFirst() }
        } else {
            path = url.firstIndex(of: ":").map { String(url[url.index(after: $0)...]) } ?? ""
        }
        guard !path.isEmpty else { throw Refusal.noPath }
        // Endpoint takes any number; a port out of range goes to libssh2's path, which says so.
        if let port = endpoint.port, !(1...65535).contains(port) { throw Refusal.noPath }
        // A newline or NUL would end the remote command line (sshd passes it to a shell).
        for word in [host, user, path] where word.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw Refusal.controlCharacter
        }
        self.user = user
        self.host = host
        self.port = endpoint.port
        self.path = path
        self.identityFile = identityFile
        self.knownHostsFile = knownHostsFile
    }

    /// git's sq_quote: the word in single quotes, each `'` and `!` taken out of them as `'\''`
    /// and `'\!'` (a `!` would be history expansion in an interactive csh on the far side).
    static func quoted(_ word: String) -> String {
        var out = "'"
        for c in word {
            if c == "'" || c == "!" { out += "'\\\(c)'" } else { out.append(c) }
        }
        return out + "'"
    }

    /// The remote command.
    func remoteCommand(_ program: String) -> String { "\(program) \(Self.quoted(path))" }

    /// The known_hosts file ssh checks against: the one named, else the one libgit2 read.
    var knownHosts: String {
        knownHostsFile ?? ((ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()) + "/.ssh/known_hosts")
    }

    /// The options shared by a request and by `-O exit`: no configuration file of the user's
    /// (libgit2's transport read none either), and the multiplexing socket.
    var controlOptions: [String] {
        var options = ["-F", "/dev/null"]
        if let controlPath {
            options += ["-o", "ControlMaster=auto", "-o", "ControlPersist=\(Self.persistSeconds)",
                        "-o", "ControlPath=" + Self.optionPath(controlPath)]
        } else {
            options += ["-o", "ControlMaster=no", "-o", "ControlPath=none"]
        }
        return options
    }

    /// The whole argument vector (argv[0] included) for one git request.
    func arguments(_ program: String) -> [String] {
        var a = [Self.program] + controlOptions
        a += ["-o", "BatchMode=yes",
              // Whom we trust: this file only, never a question, never a write to it.
              "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + Self.optionPath(knownHosts),
              "-o", "GlobalKnownHostsFile=/dev/null", "-o", "UpdateHostKeys=no", "-o", "CheckHostIP=no",
              // A dead master (link gone) ends within about a minute.
              "-o", "ServerAliveInterval=15", "-o", "ServerAliveCountMax=4",
              // Nothing but the git request travels: no agent, X11 or port forwarding, no tty.
              "-o", "ForwardAgent=no", "-o", "ForwardX11=no", "-o", "ClearAllForwardings=yes",
              "-o", "PermitLocalCommand=no", "-o", "RequestTTY=no",
              // debug1 says which host key the hub presented (type and SHA256 fingerprint): the
              // refusal names it, as the libssh2 path's does. It goes to our stderr pipe only.
              "-o", "LogLevel=DEBUG1"]
        if let identityFile {
            a += ["-o", "IdentitiesOnly=yes", "-i", Self.expandedPath(identityFile)]
        }
        if let port { a += ["-p", String(port)] }
        a += ["-l", user, "--", host, remoteCommand(program)]
        return a
    }

    /// A path as ssh reads it back unchanged after its own expansions: absolute (a leading `~`
    /// would be a home), `%` doubled (ssh expands `%h`, `%d`… in key, known_hosts and control
    /// paths: a hostile host name would choose a file). For `-i`, a whole argument.
    static func expandedPath(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return absolute.replacingOccurrences(of: "%", with: "%%")
    }

    /// A path as the value of `-o NAME=VALUE`: ssh splits such a value at spaces ("Mes documents"
    /// would become two known_hosts files, the first a prefix path someone else may create), so
    /// it is double-quoted, with `\` and `"` escaped as ssh's own argument splitting reads them.
    static func optionPath(_ path: String) -> String {
        let escaped = expandedPath(path).replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"" + escaped + "\""
    }

    /// The arguments that ask the master to exit (after a stall: its link may be dead).
    func exitArguments() -> [String] {
        [Self.program] + controlOptions + ["-O", "exit", "--", host]
    }
}
