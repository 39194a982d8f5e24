import Foundation
import XCTest
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A real OpenSSH server on 127.0.0.1 for one test: its own host key, config, authorized keys
/// and port, all in a temporary folder; git-upload-pack / git-receive-pack from the git package
/// serve the hub over it. Needs the Debian packages openssh-server and openssh-client.
final class SSHServer {
    let dir: URL
    let port: Int
    let user: String
    let clientKey: String
    let wrongKey: String
    let hostPublicKey: String
    let knownHosts: String
    private let pidFile: String

    static var available: Bool { FileManager.default.isExecutableFile(atPath: "/usr/sbin/sshd") }

    init(in temp: URL) throws {
        let dir = temp.appendingPathComponent("sshd")
        self.dir = dir
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        user = String(cString: getpwuid(getuid())!.pointee.pw_name)
        func keygen(_ name: String) throws -> String {
            let path = dir.appendingPathComponent(name).path
            let result = try Shell.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", path])
            XCTAssertEqual(result.status, 0, result.stderr)
            return path
        }
        let hostKey = try keygen("host_key")
        clientKey = try keygen("client_key")
        wrongKey = try keygen("wrong_key")
        hostPublicKey = try String(contentsOfFile: hostKey + ".pub", encoding: .utf8)
        let authorized = dir.appendingPathComponent("authorized_keys").path
        try FileManager.default.copyItem(atPath: clientKey + ".pub", toPath: authorized)
        let port = try Self.freePort()
        self.port = port
        let parts = hostPublicKey.split(separator: " ")
        let knownHosts = dir.appendingPathComponent("known_hosts").path
        self.knownHosts = knownHosts
        try "[127.0.0.1]:\(port) \(parts[0]) \(parts[1])\n".write(toFile: knownHosts, atomically: true, encoding: .utf8)
        let config = dir.appendingPathComponent("sshd_config").path
        try """
            Port \(port)
            ListenAddress 127.0.0.1
            HostKey \(hostKey)
            PidFile \(dir.appendingPathComponent("sshd.pid").path)
            AuthorizedKeysFile \(authorized)
            StrictModes no
            UsePAM no
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PubkeyAuthentication yes
            PermitRootLogin prohibit-password
            AllowUsers \(user)
            LogLevel ERROR
            """.write(toFile: config, atomically: true, encoding: .utf8)
        // sshd refuses to start without its privilege-separation directory.
        try? FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        // sshd daemonises (no -D) and is stopped through its pid file: a long-lived child
        // started with Foundation's Process stalls the reaping of every later child on Linux
        // (Shell.run of git then never returns).
        pidFile = dir.appendingPathComponent("sshd.pid").path
        let started = try Shell.run(["/usr/sbin/sshd", "-f", config])
        guard started.status == 0 else { throw XCTSkip("sshd did not start: \(started.stderr)") }
        try Self.waitForPort(port)
    }

    deinit {
        if let text = try? String(contentsOfFile: pidFile, encoding: .utf8),
           let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
            kill(pid, SIGTERM)
        }
    }

    /// ssh://user@127.0.0.1:port/absolute/path
    func url(_ path: String) -> String { "ssh://\(user)@127.0.0.1:\(port)\(path)" }

    /// Writes a known_hosts file that names this server with another key.
    func wrongKnownHosts() throws -> String {
        let other = dir.appendingPathComponent("other_host_key").path
        _ = try Shell.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other])
        let parts = try String(contentsOfFile: other + ".pub", encoding: .utf8).split(separator: " ")
        let path = dir.appendingPathComponent("known_hosts_changed").path
        try "[127.0.0.1]:\(port) \(parts[0]) \(parts[1])\n".write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func waitForPort(_ port: Int) throws {
        for _ in 0..<100 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = UInt16(port).bigEndian
            let ok = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            } == 0
            close(fd)
            if ok { return }
            usleep(50_000)
        }
        throw XCTSkip("sshd did not start listening on 127.0.0.1:\(port)")
    }
}

/// A TCP listener on 127.0.0.1 that never accepts: the kernel completes the handshake, then
/// nothing is ever said. The stalled hub that libgit2 1.5 would wait for forever.
final class SilentListener {
    let port: Int
    private let fd: Int32

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        guard listen(fd, 8) == 0 else { throw XCTSkip("cannot listen on 127.0.0.1") }
        self.port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(fd) }
}
