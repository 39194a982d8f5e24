#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging
import Messages
import ServiceLifecycle
#if canImport(Glibc)
import Glibc
#endif

/// What the daemon needs to run, handed by `carnet daemon` to the small `carnet-daemon`
/// executable on its command line.
///
/// Why two binaries: a process's resident memory is mostly the code it has mapped and touched,
/// and `carnet` links libgit2 (and OpenSSL, libssh2, Kerberos), Yams, Plot, ZIPFoundation,
/// ArgumentParser and the whole of Foundation with ICU: about 35 MB resident once it has started,
/// for a daemon that mostly sleeps. `carnet-daemon` links this module alone (FoundationEssentials,
/// swift-log, swift-service-lifecycle); the syncs, which need the rest, run as children of the
/// full binary. `carnet daemon` checks its arguments and the working copy, then execs
/// `carnet-daemon` found beside itself: the same process (pid), so systemd's Type=notify, its
/// signals and `carnet status` see no difference.
public struct DaemonLaunch: Sendable {
    public static let executableName = "carnet-daemon"
    /// Bumped whenever the command line or the child protocol (SyncAttempt's JSON, the child's
    /// arguments) changes: a `carnet-daemon` from another build then refuses to start, clearly.
    public static let protocolVersion = 2

    /// The full `carnet` binary, which runs the syncs.
    public var carnet: String
    /// The working copy's root, and its git directory (where the state and logs are kept).
    public var root: String
    public var gitDirectory: String
    public var settings: SyncDaemon.Settings
    /// The language of the log lines and of the syncs' summaries: the one `carnet daemon` chose
    /// (--lang, CARNET_LANG, the copy's setting, the locale, the plan: LanguageChoice).
    public var language: String

    public init(carnet: String, root: String, gitDirectory: String, settings: SyncDaemon.Settings, language: String = Catalogue.language) {
        self.carnet = carnet
        self.root = root
        self.gitDirectory = gitDirectory
        self.settings = settings
        self.language = language
    }

    public struct BadArguments: Error, CustomStringConvertible {
        public var description: String
        /// 64 (usage), or 78 (configuration) when carnet and carnet-daemon are of different builds.
        public var exitCode: Int32 = 64
    }

    /// The command line of `carnet-daemon`, after its own path.
    public var arguments: [String] {
        ["--protocol", String(Self.protocolVersion), "--carnet", carnet, "--repo", root, "--git-dir", gitDirectory,
         "--interval-ms", String(Self.milliseconds(settings.interval)),
         "--debounce-ms", String(Self.milliseconds(settings.debounce)),
         "--retry-ms", String(Int64((settings.backoffBase * 1000).rounded())), "--lang", language]
    }

    /// Reads `arguments` back; every one is required, nothing else is accepted.
    public init(arguments: [String]) throws {
        guard arguments.count % 2 == 0 else { throw Self.usage(Catalogue.text("daemon.launch.no-value", ["argument": .text(arguments.last ?? "")])) }
        var values: [String: String] = [:]
        for pair in stride(from: 0, to: arguments.count, by: 2) { values[arguments[pair]] = arguments[pair + 1] }
        guard let version = values["--protocol"] else { throw Self.usage(Catalogue.text("daemon.launch.no-protocol")) }
        guard version == String(Self.protocolVersion) else {
            throw BadArguments(description: Catalogue.text("daemon.launch.other-build", ["ours": .text(String(Self.protocolVersion)), "theirs": .text(version)]),
                               exitCode: 78)
        }
        let known = ["--protocol", "--carnet", "--repo", "--git-dir", "--interval-ms", "--debounce-ms", "--retry-ms", "--lang"]
        if let unknown = values.keys.sorted().first(where: { !known.contains($0) }) {
            throw Self.usage(Catalogue.text("daemon.launch.unknown", ["argument": .text(unknown)]))
        }
        guard let carnet = values["--carnet"], let root = values["--repo"], let gitDirectory = values["--git-dir"], let language = values["--lang"] else {
            throw Self.usage(Catalogue.text("daemon.launch.required"))
        }
        func milliseconds(_ key: String) throws -> Int64 {
            guard let text = values[key], let value = Int64(text), value >= 0 else {
                throw Self.usage(Catalogue.text("daemon.launch.milliseconds", ["argument": .text(key)]))
            }
            return value
        }
        var settings = SyncDaemon.Settings()
        settings.interval = .milliseconds(try milliseconds("--interval-ms"))
        settings.debounce = .milliseconds(try milliseconds("--debounce-ms"))
        settings.backoffBase = Double(try milliseconds("--retry-ms")) / 1000
        // Only a language the catalogue has; anything else is English, never an error.
        self.init(carnet: carnet, root: root, gitDirectory: gitDirectory, settings: settings,
                  language: LanguageChoice(flag: language).resolve())
    }

    private static func usage(_ problem: String) -> BadArguments {
        BadArguments(description: Catalogue.text("daemon.launch.usage", ["problem": .text(problem)]))
    }

    private static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    /// The daemon's log: one line per event on stderr, which journald keeps.
    public static func bootstrapLogging() {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
    }

    public static let logLabel = "carnet.daemon"

    /// Runs the daemon until SIGTERM or SIGINT (then returns, having stopped cleanly).
    public func run(logger: Logger) async throws {
        // The resident process speaks one language for its whole life: the one it was started in.
        Catalogue.language = language
        let runner = ChildSyncRunner(carnet: carnet, directory: root, gitDirectory: gitDirectory, language: language)
        let daemon = SyncDaemon(runner: runner, root: URL(fileURLWithPath: root),
                                gitDirectory: URL(fileURLWithPath: gitDirectory), settings: settings, logger: logger)
        let group = ServiceGroup(configuration: .init(
            services: [daemon], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    // MARK: - Finding and starting carnet-daemon

    /// Where `carnet-daemon` is looked for, beside `carnet` (the folder of its real path):
    /// the same folder (/usr/local/bin, .build/release), then ../libexec/carnet (packaged).
    public static func candidates(besides carnet: String) -> [String] {
        let folder = URL(fileURLWithPath: carnet).deletingLastPathComponent()
        return [folder.appendingPathComponent(executableName).path,
                folder.deletingLastPathComponent().appendingPathComponent("libexec/carnet/\(executableName)").path]
    }

    public static func locate(besides carnet: String) -> String? {
        candidates(besides: carnet).first { access($0, X_OK) == 0 }
    }

    /// Replaces this process with `carnet-daemon` at `path`: same pid, same environment
    /// (NOTIFY_SOCKET), same stdin/stdout/stderr. Other descriptors this process opened (libgit2's
    /// pack files, say) are closed on the way. Returns only when the exec failed: errno's message.
    public func exec(_ path: String) -> String {
        Self.closeOnExecAboveStderr()
        // A thread of the concurrency pool blocks most signals, and the mask survives exec.
        var none = sigset_t()
        sigemptyset(&none)
        pthread_sigmask(SIG_SETMASK, &none, nil)
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        execv(path, argv)
        let problem = String(cString: strerror(errno))
        argv.forEach { free($0) }
        return problem
    }

    private static func closeOnExecAboveStderr() {
        guard let dir = opendir("/proc/self/fd") else { return }
        defer { closedir(dir) }
        let own = dirfd(dir)
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard let fd = Int32(name), fd > 2, fd != own else { continue }
            let flags = fcntl(fd, F_GETFD)
            if flags >= 0 { _ = fcntl(fd, F_SETFD, flags | FD_CLOEXEC) }
        }
    }

    /// This very binary's real path (symbolic links resolved), so the daemon's syncs and
    /// `carnet-daemon` are of the same build.
    public static func ownExecutable() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return CommandLine.arguments[0] }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
