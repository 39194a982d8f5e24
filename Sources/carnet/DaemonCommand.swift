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
        let daemon = SyncDaemon(runner: EngineRunner(directory: root.path), root: root,
                                gitDirectory: URL(fileURLWithPath: engine.copy.gitDirectory), settings: settings, logger: logger)
        let group = ServiceGroup(configuration: .init(
            services: [daemon], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}

/// Runs the sync engine on its own thread (libgit2 blocks), one fresh engine per sync.
struct EngineRunner: SyncRunner {
    let directory: String

    func sync() async -> SyncAttempt {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                let attempt: SyncAttempt
                do {
                    let outcome = try SyncEngine(at: directory).sync()
                    attempt = SyncAttempt(result: SyncAttempt.result(forExitCode: outcome.exitCode), summary: outcome.summary,
                                          commitsWaiting: outcome.pushed ? 0 : outcome.committed.count,
                                          pendingEdits: outcome.refused.count + outcome.editedDuringSync.count)
                } catch {
                    attempt = SyncAttempt(result: .failed, summary: "\(error)")
                }
                continuation.resume(returning: attempt)
            }
        }
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
