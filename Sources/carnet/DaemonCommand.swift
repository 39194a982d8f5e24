import ArgumentParser
import Daemon
import Foundation
import Logging
import Sync

struct DaemonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daemon",
        abstract: "Sync in the background: on an interval, and soon after a record is saved.",
        discussion: """
            Logs one line per sync to stderr (journald keeps it); tells systemd when it is ready \
            (Type=notify); keeps its state where `carnet status` shows it. SIGTERM or SIGINT: the \
            sync in progress finishes or is safely abandoned, and the daemon exits 0.

            The daemon runs as carnet-daemon, installed beside carnet (the same process: carnet \
            execs it); each sync is a child carnet process.
            """)

    @Option(help: "The working copy (default: the current folder).") var repo: String = "."
    @Option(help: "Time between syncs: 15m, 90s, 1h (default 15m).") var interval: String = "15m"
    @Option(help: "Quiet time after a save before syncing (default 2s).") var debounce: String = "2s"
    @Option(help: "First retry delay while the hub is unreachable (default 30s); doubles up to 1h.") var retry: String = "30s"
    // The daemon's children (ChildSyncRunner), not for people: one sync, whose outcome is printed
    // as JSON for the daemon; and whether there is anything to send (exit 0 yes, 1 no).
    @Flag(name: .customLong("sync-once"), help: .private) var syncOnce = false
    @Flag(name: .customLong("local-work"), help: .private) var localWork = false
    @Option(name: .customLong("progress-fd"), help: .private) var progressFD: Int32?

    func run() async throws {
        if syncOnce { return try DaemonChild.syncOnce(repo, progressFD: progressFD) }
        if localWork { throw ExitCode(DaemonChild.hasLocalWork(repo) ? 0 : ChildSyncRunner.noLocalWorkExitCode) }

        guard let every = DurationParser.parse(interval), let quiet = DurationParser.parse(debounce),
              let firstRetry = DurationParser.parse(retry) else {
            throw ValidationError("durations are written like 90s, 15m or 1h")
        }
        var settings = SyncDaemon.Settings()
        settings.interval = every
        settings.debounce = quiet
        settings.backoffBase = firstRetry.components.seconds > 0 ? Double(firstRetry.components.seconds) : 1
        // The engine (and libgit2's open files) is gone before the exec below.
        let (root, gitDirectory) = try {
            let engine = try Failure.guarded { try SyncEngine(at: repo) }
            guard try Failure.guarded({ try engine.settings() }) != nil else {
                Console.error("\(repo) has no hub configured: make it with `carnet clone HUB DIR --ministry ID`")
                throw ExitCode(66)
            }
            return (engine.copy.root.path, engine.copy.gitDirectory)
        }()
        let carnet = DaemonLaunch.ownExecutable()
        let launch = DaemonLaunch(carnet: carnet, root: root, gitDirectory: gitDirectory, settings: settings)

        // Becomes carnet-daemon (same pid): the resident daemon without libgit2, YAML and ICU.
        // Should it be missing, the same daemon runs here, in the full binary, with a warning.
        let problem: String
        if let slim = DaemonLaunch.locate(besides: carnet) {
            problem = "cannot start \(slim) (\(launch.exec(slim)))"
        } else {
            problem = "\(DaemonLaunch.executableName) is not installed beside \(carnet)"
        }
        DaemonLaunch.bootstrapLogging()
        let logger = Logger(label: DaemonLaunch.logLabel)
        let folder = URL(fileURLWithPath: carnet).deletingLastPathComponent().path
        logger.warning("""
            \(problem): the daemon runs inside carnet instead, which works but keeps about 35 MB resident \
            instead of under 20 MB; install carnet-daemon from the same build in the same folder as carnet \
            (install -m 755 .build/release/carnet-daemon \(folder)/)
            """)
        try await launch.run(logger: logger)
    }
}

/// The daemon's log line for a sync: what `carnet sync` prints, in one line of bounded length
/// (a burst of saves commits a hundred files; journald gets a count, not the list).
enum DaemonLogLine {
    static func summary(_ o: SyncOutcome) -> String {
        var parts: [String] = []
        switch o.status {
        case .inSync: parts.append("in sync with the hub" + (o.head.map { " at \($0.prefix(8))" } ?? ""))
        case .invalidRecords:
            let files = o.refused.map { file in
                file.diagnostics.first { $0.severity == .error }.map(\.description) ?? file.path
            }
            parts.append("invalid files left as they are: " + list(files))
            if let message = o.message { parts.append(message) }
        default: parts.append(o.message ?? o.status.rawValue)
        }
        if let pid = o.recoveredFrom { parts.append("finished the interrupted sync of pid \(pid)") }
        parts += o.removedHubLocks ?? []
        if !o.committed.isEmpty { parts.append("committed " + list(o.committed)) }
        if o.fastForwarded { parts.append("took the hub's changes") }
        if o.mergeCommit != nil { parts.append("merged the hub's changes with ours") }
        if o.pushed { parts.append("sent our commits to the hub") }
        if !o.conflicts.isEmpty { parts.append("\(o.conflicts.count) conflict(s) kept in the records (carnet conflicts)") }
        if !o.keptBoth.isEmpty { parts.append("kept ours beside a different file: " + list(o.keptBoth)) }
        if !o.editedDuringSync.isEmpty { parts.append("left for the next sync (edited meanwhile): " + list(o.editedDuringSync)) }
        if o.status == .refused, let server = o.serverMessage, !server.isEmpty { parts.append("the hub said: " + server) }
        return parts.joined(separator: "; ")
    }

    private static func list(_ items: [String]) -> String {
        items.count <= 3 ? items.joined(separator: ", ") : items.prefix(2).joined(separator: ", ") + " and \(items.count - 2) more"
    }
}

enum DurationParser {
    /// "90s", "15m", "1h", "500ms", or plain seconds.
    static func parse(_ text: String) -> Duration? {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            if let n = Double(text.dropLast(suffix.count)), n >= 0 { return .milliseconds(Int64(n * factor * 1000)) }
        }
        return Double(text).map { .milliseconds(Int64($0 * 1000)) }
    }
}
