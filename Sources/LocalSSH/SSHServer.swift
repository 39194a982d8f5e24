import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A peer (sshd, ssh-keygen) that could not be set up: tests fail, they are not skipped.
public struct SetupFailure: Error, CustomStringConvertible {
    public var description: String
    public init(_ text: String) { description = text }
}

/// A real OpenSSH server on 127.0.0.1 for a test or for `carnet demo`: its own host key,
/// configuration, port and authorized keys, all in one folder; git-upload-pack and
/// git-receive-pack (or `carnet hub serve`) serve repositories over it. Loopback only.
/// Debian: openssh-server and openssh-client.
public final class SSHServer {
    public let port: Int
    public let user: String
    public let knownHosts: String
    public let hostPublicKey: String
    /// A key the server accepts (when no authorized_keys file was given) and one it does not.
    public let clientKey: String
    public let wrongKey: String
    private let dir: String
    private let pid: pid_t

    public static var available: Bool { FileManager.default.isExecutableFile(atPath: "/usr/sbin/sshd") }

    /// With `authorizedKeys`, the server uses that file (e.g. what `carnet hub authorized-keys`
    /// wrote); otherwise it authorizes a client key of its own, `clientKey`.
    public init(in directory: URL, authorizedKeys: String? = nil) throws {
        let dir = directory.appendingPathComponent("sshd-\(UUID().uuidString.prefix(6))").path
        self.dir = dir
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        user = String(cString: getpwuid(getuid())!.pointee.pw_name)
        let hostKey = try Self.keygen(dir + "/host_key")
        clientKey = try Self.keygen(dir + "/client_key")
        wrongKey = try Self.keygen(dir + "/wrong_key")
        let authorized = authorizedKeys ?? dir + "/authorized_keys"
        if authorizedKeys == nil { try FileManager.default.copyItem(atPath: clientKey + ".pub", toPath: authorized) }
        hostPublicKey = try String(contentsOfFile: hostKey + ".pub", encoding: .utf8)
        port = try Self.freePort()
        knownHosts = dir + "/known_hosts"
        try Self.knownHostsLine(port: port, publicKey: hostPublicKey).write(toFile: knownHosts, atomically: true, encoding: .utf8)
        try """
            Port \(port)
            ListenAddress 127.0.0.1
            HostKey \(hostKey)
            AuthorizedKeysFile \(authorized)
            StrictModes no
            UsePAM no
            PubkeyAuthentication yes
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PermitRootLogin prohibit-password
            AllowUsers \(user)
            PidFile none
            LogLevel VERBOSE

            """.write(toFile: dir + "/sshd_config", atomically: true, encoding: .utf8)
        // Spawned directly, not with Foundation's Process: a long-lived Process child has been
        // seen to stop Foundation from reaping the short-lived ones started after it (git,
        // ssh-keygen), hanging tests in waitUntilExit.
        pid = try Self.spawn(["/usr/sbin/sshd", "-D", "-e", "-f", dir + "/sshd_config"], stderr: dir + "/sshd.log")
        try waitUntilListening()
    }

    deinit {
        kill(pid, SIGTERM)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }

    public var log: String { (try? String(contentsOfFile: dir + "/sshd.log", encoding: .utf8)) ?? "" }

    /// ssh://user@127.0.0.1:port/absolute/path
    public func url(_ path: String) -> String { "ssh://\(user)@127.0.0.1:\(port)\(path)" }

    /// GIT_SSH_COMMAND for a key: only that key, only this server's host key.
    public func sshCommand(key: String) -> String {
        "ssh -i \(key) -o IdentitiesOnly=yes -o IdentityAgent=none -o BatchMode=yes -o UserKnownHostsFile=\(knownHosts) -o StrictHostKeyChecking=yes -p \(port)"
    }

    /// Makes an ed25519 key pair without a passphrase (`path` and `path.pub`).
    @discardableResult
    public static func keygen(_ path: String, comment: String? = nil) throws -> String {
        let name = comment ?? URL(fileURLWithPath: path).lastPathComponent
        let pid = try spawn(["/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", path], stderr: "/dev/null")
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        guard status == 0, FileManager.default.fileExists(atPath: path + ".pub") else {
            throw SetupFailure("ssh-keygen could not make \(path) (Debian: apt-get install openssh-client)")
        }
        return path
    }

    /// A known_hosts file that names this server with another key (a changed host key).
    public func wrongKnownHosts() throws -> String {
        let other = try Self.keygen(dir + "/other_host_key")
        let path = dir + "/known_hosts_changed"
        let line = Self.knownHostsLine(port: port, publicKey: try String(contentsOfFile: other + ".pub", encoding: .utf8))
        try line.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func knownHostsLine(port: Int, publicKey: String) -> String {
        let parts = publicKey.split(separator: " ")
        return "[127.0.0.1]:\(port) \(parts[0]) \(parts[1])\n"
    }

    private var isRunning: Bool {
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == 0
    }

    private static func spawn(_ arguments: [String], stderr: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, arguments[0], &actions, nil, argv, environ)
        guard result == 0 else { throw SetupFailure("cannot start \(arguments[0]): \(String(cString: strerror(result)))") }
        return pid
    }

    /// Readiness, not timing: poll until sshd accepts connections (or has died).
    private func waitUntilListening() throws {
        for _ in 0..<500 {
            guard isRunning else { throw SetupFailure("sshd exited: \(log)") }
            if Loopback.connects(port: port) { return }
            usleep(20_000)
        }
        throw SetupFailure("sshd did not start listening: \(log)")
    }

    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = Loopback.address(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw SetupFailure("no free port on 127.0.0.1") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// A TCP listener on 127.0.0.1 that never accepts: the kernel completes the handshake, then
/// nothing is ever said. The stalled hub that libgit2 1.5 would wait for forever.
public final class SilentListener {
    public let port: Int
    private let fd: Int32

    public init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var address = Loopback.address(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard ok, listen(fd, 8) == 0 else { throw SetupFailure("cannot listen on 127.0.0.1") }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(fd) }
}

enum Loopback {
    static func address(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return address
    }

    static func connects(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = address(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}
