import Foundation
import LocalSSH
#if canImport(Glibc)
import Glibc
#endif

/// A ministry office's link between carnet and a hub, for tests: Tests/link-relay.py, a TCP relay
/// on 127.0.0.1 in front of `targetPort` (a test's sshd) that limits the rate, adds delay, and
/// pauses or cuts the link (after some bytes, or when told). It counts the bytes that cross.
public final class LinkRelay {
    public struct Profile: Sendable {
        /// Bytes per second in each direction (0: unlimited).
        public var rate: Double
        /// One-way delay in seconds.
        public var delay: Double
        /// After this many bytes (both directions), nothing moves for `pauseFor` seconds (0: for ever).
        public var pauseAfter: Int?
        public var pauseFor: Double
        /// After this many bytes, every connection is closed; new ones are refused for `cutFor` seconds.
        public var cutAfter: Int?
        public var cutFor: Double

        public init(rate: Double = 0, delay: Double = 0, pauseAfter: Int? = nil, pauseFor: Double = 0,
                    cutAfter: Int? = nil, cutFor: Double = 0) {
            self.rate = rate
            self.delay = delay
            self.pauseAfter = pauseAfter
            self.pauseFor = pauseFor
            self.cutAfter = cutAfter
            self.cutFor = cutFor
        }

        /// kbit/s and a round trip in ms, as link profiles are usually given.
        public static func link(kbits: Double, roundTripMs: Double) -> Profile {
            Profile(rate: kbits * 1000 / 8, delay: roundTripMs / 2000)
        }
    }

    public let port: Int
    private let pid: pid_t
    private let control: String
    private let statsFile: String
    private let logFile: String

    public static var available: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")
    }

    public init(in directory: URL, targetPort: Int, profile: Profile) throws {
        let dir = directory.appendingPathComponent("relay-\(UUID().uuidString.prefix(6))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        control = dir + "/control"
        statsFile = dir + "/stats.json"
        logFile = dir + "/relay.log"
        port = try SSHServer.freePort()
        let script = RepositoryPaths.root().appendingPathComponent("Tests/link-relay.py").path
        var arguments = ["/usr/bin/python3", script, "--listen-port", String(port), "--target-port", String(targetPort),
                         "--rate", String(profile.rate), "--delay", String(profile.delay),
                         "--control", control, "--stats", statsFile]
        if let after = profile.pauseAfter { arguments += ["--pause-after", String(after), "--pause-for", String(profile.pauseFor)] }
        if let after = profile.cutAfter { arguments += ["--cut-after", String(after), "--cut-for", String(profile.cutFor)] }
        pid = try Self.spawn(arguments, log: logFile)
        // Readiness, not timing: until the relay accepts (it forwards that first connection; sshd
        // drops it at once).
        for _ in 0..<250 {
            if Self.listening(port: port) { return }
            usleep(20_000)
        }
        throw SetupFailure("the link relay did not start: \(log)")
    }

    deinit {
        kill(pid, SIGTERM)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }

    public var log: String { (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "" }

    /// Bytes that crossed the link: to the hub, from it. The relay rewrites its count every 0.1 s:
    /// this waits a quarter second first, so a transfer that just ended is counted.
    public var bytes: (up: Int, down: Int) {
        usleep(250_000)
        guard let data = FileManager.default.contents(atPath: statsFile),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return (0, 0) }
        return (object["up"] as? Int ?? 0, object["down"] as? Int ?? 0)
    }

    /// TCP connections the relay accepted so far (its readiness check's one included).
    public var connections: Int {
        usleep(250_000)
        guard let data = FileManager.default.contents(atPath: statsFile),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return -1 }
        return object["connections"] as? Int ?? -1
    }

    /// Holds the link (nothing moves) until `resume()`; returns once the relay holds it.
    public func pause() {
        try? "pause".write(toFile: control, atomically: true, encoding: .utf8)
        for _ in 0..<100 {
            if let data = FileManager.default.contents(atPath: statsFile),
               let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
               object["paused"] as? Bool == true { return }
            usleep(20_000)
        }
    }
    /// Closes every connection and refuses new ones until `resume()`.
    public func cut() { try? "cut".write(toFile: control, atomically: true, encoding: .utf8) }
    public func resume() { try? "".write(toFile: control, atomically: true, encoding: .utf8) }

    /// A known_hosts line naming the relay's port with the hub's host key (ssh checks the port).
    public static func knownHostsLine(port: Int, hostPublicKey: String) -> String {
        let parts = hostPublicKey.split(separator: " ")
        return "[127.0.0.1]:\(port) \(parts[0]) \(parts[1])\n"
    }

    private static func listening(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    private static func spawn(_ arguments: [String], log: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, log, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, arguments[0], &actions, nil, argv, environ)
        guard result == 0 else { throw SetupFailure("cannot start \(arguments[0]): \(String(cString: strerror(result)))") }
        return pid
    }
}
