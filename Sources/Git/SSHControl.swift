import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where OpenSSH's multiplexing sockets live, and which one a request uses.
///
/// Whoever can connect to a master's socket speaks to the hub *as us*: the directory is ours
/// alone (0700, owned by us, not a symbolic link; refused otherwise, and then no multiplexing).
/// And one master must never serve two identities: two copies of different ministries on one
/// machine (Benchmarks/hub.sh runs 20 as the same Unix user) would otherwise push as each other.
/// So the socket's name is a hash of everything that decides who we are and whom we trust:
/// user, host, port, the identity file (path and content) or the agent's socket, and the
/// known_hosts file (path and content: a key revoked there ends the reuse of a session checked
/// against the old file).
enum SSHControl {
    /// sun_path holds 108 bytes; ssh first binds "<path>.<16 random characters>" then renames it.
    static let maxSocketPath = 107 - 17

    /// The private directory, created if needed; nil when none is safe to use. Tests and
    /// benchmarks name one with CARNET_SSH_CONTROL_DIR.
    static func directory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        var candidates: [String] = []
        if let named = environment["CARNET_SSH_CONTROL_DIR"], !named.isEmpty { candidates.append(named) }
        if let runtime = environment["XDG_RUNTIME_DIR"], runtime.hasPrefix("/") { candidates.append(runtime + "/carnet-ssh") }
        if let home = environment["HOME"], home.hasPrefix("/") { candidates.append(home + "/.ssh/carnet-mux") }
        candidates.append("/tmp/carnet-ssh-\(getuid())")
        return candidates.first { $0.utf8.count + 1 + nameLength <= maxSocketPath && ensurePrivate($0) }
    }

    static let nameLength = 20

    /// Creates `path` (0700) when missing; true when it is a real directory of ours that nobody
    /// else can enter. Never follows a symbolic link (lstat), never loosens or takes over
    /// someone else's directory.
    static func ensurePrivate(_ path: String) -> Bool {
        var info = stat()
        if lstat(path, &info) != 0 {
            guard errno == ENOENT else { return false }
            let parent = (path as NSString).deletingLastPathComponent
            var parentInfo = stat()
            // The parent must exist (we create one level only, below a directory that is there).
            guard lstat(parent, &parentInfo) == 0, parentInfo.st_mode & S_IFMT == S_IFDIR else { return false }
            guard mkdir(path, 0o700) == 0 || errno == EEXIST else { return false }
            guard lstat(path, &info) == 0 else { return false }
        }
        // Writable too: ssh cannot make its socket on a read-only mount (systemd's ProtectSystem)
        // and would then fail the sync instead of going without multiplexing.
        return info.st_mode & S_IFMT == S_IFDIR && info.st_uid == getuid() && info.st_mode & 0o077 == 0
            && access(path, W_OK | X_OK) == 0
    }

    /// The socket's file name for a request: 20 hexadecimal digits of a SHA-1 over who and whom.
    /// SHA-1 names here, it does not sign: every input is our own setting.
    static func name(user: String, host: String, port: Int?, identityFile: String?, knownHosts: String,
                     agentSocket: String?) -> String {
        func content(_ path: String?) -> String {
            guard let path, let data = FileManager.default.contents(atPath: path) else { return "-" }
            return HMACSHA1.sha1([UInt8](data)).map { String(format: "%02x", $0) }.joined()
        }
        let identity = identityFile.map { "key \($0) \(content($0))" } ?? "agent \(agentSocket ?? "-")"
        let parts = ["carnet-ssh-1", user, host, String(port ?? 22), identity, "known \(knownHosts) \(content(knownHosts))"]
        let digest = HMACSHA1.sha1(Array(parts.joined(separator: "\n").utf8))
        return String(digest.map { String(format: "%02x", $0) }.joined().prefix(nameLength))
    }
}
