import ArgumentParser
import Daemon
import Foundation
import Logging
import ServiceLifecycle
import Sync

struct DaemonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daemon",
        abstract: "Sync in the background: on an interval, and soon after a record is saved.",
        discussion: """
            Logs one line per sync to stderr (journald keeps it); tells systemd when it is ready
            (Type=notify); keeps its state where `carnet status` shows it. SIGTERM or SIGINT: the
            sync in progress finishes or is safely abandoned, and the daemon exits 0.
            """)

    @Option(help: "The working copy (default: the current folder).") var repo: String = "."
    @Option(help: "Time between syncs: 15m, 90s, 1h (default 15m).") var interval: String = "15m"
    @Option(help: "Quiet time after a save before syncing (default 2s).") var debounce: String = "2s"
    @Option(help: "First retry delay while the hub is unreachable (default 30s); doubles up to 1h.") var retry: String = "30s"

    func run() async throws {
        guard let every = DurationParser.parse(interval), let quiet = DurationParser.parse(debounce),
              let firstRetry = DurationParser.parse(retry) else {
            throw ValidationError("durations are written like 90s, 15m or 1h")
        }
        let engine = try Failure.guarded { try SyncEngine(at: repo) }
        guard try Failure.guarded({ try engine.settings() }) != nil else {
            Console.error("\(repo) has no hub configured: make it with `carnet clone HUB DIR --ministry ID`")
            throw ExitCode(66)
        }
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        let logger = Logger(label: "carnet.daemon")
        var settings = SyncDaemon.Settings()
        settings.interval = every
        settings.debounce = quiet
        settings.backoffBase = firstRetry.components.seconds > 0 ? Double(firstRetry.components.seconds) : 1
        let root = engine.copy.root
        let daemon = SyncDaemon(runner: try SyncProcessRunner(directory: root.path), root: root,
                                gitDirectory: URL(fileURLWithPath: engine.copy.gitDirectory), settings: settings, logger: logger)
        let group = ServiceGroup(configuration: .init(
            services: [daemon], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
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
