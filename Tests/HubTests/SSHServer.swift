import Foundation
import TestSupport
import XCTest

/// A real sshd on 127.0.0.1, on a free port, with its own host key and configuration, whose
/// authorized keys are the file `carnet hub authorized-keys` wrote. Stopped when released.
final class SSHServer {
    let port: Int
    let knownHosts: String
    let user: String
    private let pid: pid_t
    private let dir: String

    init(authorizedKeys: String, in dir: String) throws {
        self.dir = dir
        user = ProcessInfo.processInfo.environment["USER"] ?? NSUserName()
        try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        let hostKey = dir + "/ssh_host_ed25519"
        let keygen = try Shell.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", hostKey])
        guard keygen.status == 0 else { throw SetupFailure("ssh-keygen failed: \(keygen.stderr)") }
        port = try Self.freePort()
        let config = """
            Port \(port)
            ListenAddress 127.0.0.1
            HostKey \(hostKey)
            AuthorizedKeysFile \(authorizedKeys)
            StrictModes no
            PubkeyAuthentication yes
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            UsePAM no
            PermitRootLogin prohibit-password
            PidFile none
            LogLevel VERBOSE

            """
        try config.write(toFile: dir + "/sshd_config", atomically: true, encoding: .utf8)
        let hostPub = try String(contentsOfFile: hostKey + ".pub", encoding: .utf8)
        knownHosts = dir + "/known_hosts"
        try "[127.0.0.1]:\(port) \(hostPub)".write(toFile: knownHosts, atomically: true, encoding: .utf8)

        // sshd is spawned directly, not with Foundation's Process: a long-lived Process child
        // has been seen to stop Foundation from reaping the short-lived ones (git, ssh-keygen)
        // started after it, hanging the test in waitUntilExit.
        pid = try Self.spawn(["/usr/sbin/sshd", "-D", "-e", "-f", dir + "/sshd_config"], stderr: dir + "/sshd.log")
        try waitUntilListening()
    }

    deinit {
        kill(pid, SIGTERM)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
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

    var log: String { (try? String(contentsOfFile: dir + "/sshd.log", encoding: .utf8)) ?? "" }

    func url(_ path: String) -> String { "ssh://\(user)@127.0.0.1:\(port)\(path)" }

    /// GIT_SSH_COMMAND for a person's key: only that key, only this server's host key.
    func sshCommand(key: String) -> String {
        "ssh -i \(key) -o IdentitiesOnly=yes -o IdentityAgent=none -o BatchMode=yes -o UserKnownHostsFile=\(knownHosts) -o StrictHostKeyChecking=yes -p \(port)"
    }

    /// ssh itself, for commands other than git's.
    func ssh(key: String, command: String) throws -> ShellResult {
        try Shell.run(["ssh", "-i", key, "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none", "-o", "BatchMode=yes",
                       "-o", "UserKnownHostsFile=\(knownHosts)", "-o", "StrictHostKeyChecking=yes", "-p", String(port),
                       "\(user)@127.0.0.1", command])
    }

    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw SetupFailure("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Readiness, not timing: poll until sshd accepts connections (or has died).
    private func waitUntilListening() throws {
        for _ in 0..<500 {
            guard isRunning else { throw SetupFailure("sshd exited: \(log)") }
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = UInt16(port).bigEndian
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
            }
            close(fd)
            if connected { return }
            usleep(20_000)
        }
        throw SetupFailure("sshd did not start listening: \(log)")
    }
}
