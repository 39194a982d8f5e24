import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// `carnet daemon`: syncs on an interval and soon after a record changes on disk; backs off while
/// the hub is unreachable; never stops for one conflict or one invalid file; on SIGTERM lets the
/// sync in progress finish (the engine abandons safely at its deadline) and exits.
public final class SyncDaemon: Service, Sendable {
    public struct Settings: Sendable {
        public var interval: Duration = .seconds(15 * 60)
        /// How long the folder must stay quiet after a save before syncing (a burst is one sync).
        public var debounce: Duration = .seconds(2)
        public var tick: Duration = .milliseconds(250)
        public var backoffBase: Double = 30
        public var backoffMaximum: Double = 3600
        /// After SIGTERM, how long a sync in progress may take to finish before it is abandoned.
        public var shutdownGrace: Duration = .seconds(5)
        public init() {}
    }

    let runner: any SyncRunner
    let watcher: RecordWatcher?
    let settings: Settings
    let stateFile: URL
    let logger: Logger
    let notifier: SystemdNotifier
    private let stopRequested = Atomic<Bool>(false)

    public init(runner: any SyncRunner, root: URL, gitDirectory: URL, settings: Settings, logger: Logger,
                notifier: SystemdNotifier = SystemdNotifier()) {
        self.runner = runner
        self.settings = settings
        self.logger = logger
        self.notifier = notifier
        watcher = RecordWatcher(root: root)
        stateFile = DaemonState.file(inGitDirectory: gitDirectory)
        if watcher == nil { logger.warning("cannot watch \(root.path) for changes: syncing on the interval only") }
    }

    public func run() async throws {
        var state = DaemonState()
        var backoff = Backoff(base: settings.backoffBase, maximum: settings.backoffMaximum)
        let clock = ContinuousClock()
        var nextSync = clock.now            // sync once at start: the laptop may have been off
        var changesHandled = watcher?.changes.count ?? 0
        state.state = "idle"
        state.save(to: stateFile)
        notifier.ready(status: "watching for changes")
        logger.info("started: interval \(settings.interval), watching for changes")

        await withGracefulShutdownHandler {
            while !stopRequested.load(ordering: .relaxed) {
                try? await Task.sleep(for: settings.tick)
                let changes = watcher?.changes ?? (count: 0, last: nil)
                let changed = changes.count > changesHandled
                    && changes.last.map { clock.now - $0 >= settings.debounce } ?? false
                guard changed || clock.now >= nextSync, !stopRequested.load(ordering: .relaxed) else { continue }

                let seenBefore = changes.count
                state.state = "syncing"
                state.lastAttempt = Date()
                state.save(to: stateFile)
                notifier.status("syncing")
                let started = clock.now
                let attempt = await runner.sync()
                let seconds = (clock.now - started).seconds
                // Only the changes seen before the sync are handled: a save during it triggers
                // another sync (so does the sync's own checkout, which then finds nothing to do).
                changesHandled = seenBefore

                state.syncs += 1
                state.lastResult = attempt.result
                state.commitsWaiting = attempt.commitsWaiting
                var delay = settings.interval.seconds
                switch attempt.result {
                case .synced:
                    state.lastSuccess = Date()
                    state.lastError = nil
                    state.consecutiveFailures = 0
                    backoff.reset()
                case .unreachable:
                    state.lastError = attempt.summary
                    state.consecutiveFailures += 1
                    delay = backoff.nextDelay()
                case .invalidRecords, .refused, .failed:
                    // Reported and kept going: one bad file or one refused commit must not stop sync.
                    state.lastError = attempt.summary
                    state.consecutiveFailures += 1
                    backoff.reset()
                }
                nextSync = clock.now + .milliseconds(Int64(delay * 1000))
                state.nextTry = Date().addingTimeInterval(delay)
                state.state = "idle"
                state.save(to: stateFile)
                let line = "sync \(attempt.result.rawValue) in \(String(format: "%.2f", seconds)) s: \(attempt.summary); next in \(Int(delay)) s"
                if attempt.result == .synced { logger.info("\(line)") } else { logger.warning("\(line)") }
                notifier.status("\(attempt.result.rawValue): \(attempt.summary)")
            }
        } onGracefulShutdown: {
            self.stopRequested.store(true, ordering: .relaxed)
            // A sync in progress gets a few seconds to finish; then the process exits anyway.
            // That is safe: the engine writes through temporary files, a lock a dead process
            // cannot hold, and git objects before refs, so the next sync finishes the job.
            let grace = self.settings.shutdownGrace
            let logger = self.logger
            let notifier = self.notifier
            let stateFile = self.stateFile
            Thread.detachNewThread {
                Thread.sleep(forTimeInterval: grace.seconds)
                logger.warning("abandoning the sync in progress after \(grace): the next sync finishes it")
                var state = DaemonState.load(from: stateFile) ?? DaemonState()
                state.state = "stopped"
                state.save(to: stateFile)
                notifier.stopping()
                exit(0)
            }
        }
        state.state = "stopped"
        state.save(to: stateFile)
        notifier.stopping()
        logger.info("stopped")
    }
}

extension Duration {
    var seconds: Double {
        let (s, attos) = components
        return Double(s) + Double(attos) / 1e18
    }
}
