#if canImport(FoundationEssentials)
import FoundationEssentials   // not Foundation: no ICU, no CoreFoundation mapped into the daemon
#else
import Foundation
#endif
import Logging
import Messages
import ServiceLifecycle
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// `carnet daemon`: syncs on an interval and soon after a record changes on disk; backs off while
/// the hub is unreachable; never stops for one conflict or one invalid file; on SIGTERM lets the
/// sync in progress finish (or abandons it safely after a grace period) and exits 0.
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
    private let syncing = Atomic<Bool>(false)

    public init(runner: any SyncRunner, root: URL, gitDirectory: URL, settings: Settings, logger: Logger,
                notifier: SystemdNotifier = SystemdNotifier()) {
        self.runner = runner
        self.settings = settings
        self.logger = logger
        self.notifier = notifier
        watcher = RecordWatcher(root: root)
        stateFile = DaemonState.file(inGitDirectory: gitDirectory)
        if watcher == nil { logger.warning("\(Catalogue.text("daemon.log.cannot-watch", ["path": .text(root.path)]))") }
    }

    private var stopping: Bool { stopRequested.load(ordering: .relaxed) || Task.isCancelled }

    public func run() async throws {
        var state = DaemonState(continuing: DaemonState.load(from: stateFile))
        var backoff = Backoff(base: settings.backoffBase, maximum: settings.backoffMaximum)
        let clock = ContinuousClock()
        var nextSync = clock.now            // sync once at start: the laptop may have been off
        var changesHandled = watcher?.changes.count ?? 0
        state.state = "idle"
        state.save(to: stateFile)
        notifier.ready(status: Catalogue.text("daemon.status.watching"))
        logger.info("\(Catalogue.text("daemon.log.started", ["interval": .duration(settings.interval.seconds)]))")

        await withGracefulShutdownHandler {
            while !stopping {
                // Cancelled, the sleep returns at once: the loop condition ends it, never a spin.
                try? await Task.sleep(for: settings.tick)
                let changes = watcher?.changes ?? (count: 0, last: nil)
                let changed = changes.count > changesHandled
                    && changes.last.map { clock.now - $0 >= settings.debounce } ?? false
                let due = clock.now >= nextSync
                guard changed || due, !stopping else { continue }

                // Only the changes seen before the sync are handled: a save during it triggers
                // another sync. The sync's own checkout is seen too, and is let go here when it
                // left nothing to send.
                let seenBefore = changes.count
                if !due, await !runner.hasLocalWork() {
                    changesHandled = seenBefore
                    continue
                }
                guard !stopping else { break }   // asked to stop while the question was asked
                state.state = "syncing"
                state.lastAttempt = Date()
                state.save(to: stateFile)
                notifier.status(Catalogue.text("daemon.status.syncing"))
                syncing.store(true, ordering: .relaxed)
                let started = clock.now
                // The child's progress goes into the state file (about once a second) for
                // `carnet status`; the loop does not write the state until the sync returns.
                let during = state
                let stateFile = stateFile
                let attempt = await runner.sync { transfer in
                    var now = during
                    now.transfer = transfer
                    now.save(to: stateFile)
                }
                state.transfer = nil
                let seconds = (clock.now - started).seconds
                syncing.store(false, ordering: .relaxed)
                changesHandled = seenBefore

                let delay = record(attempt, in: &state, backoff: &backoff)
                nextSync = clock.now + .milliseconds(Int64(delay * 1000))
                state.syncs += 1
                state.nextTry = Date().addingTimeInterval(delay)
                state.retryDelay = delay
                state.state = "idle"
                state.save(to: stateFile)
                let line = DaemonText.syncLine(attempt, seconds: seconds, delay: delay)
                if attempt.result == .synced { logger.info("\(line)") } else { logger.warning("\(line)") }
                if attempt.result == .refused { logger.error("\(DaemonText.refusedNeedsRescue.text)") }
                notifier.status("\(attempt.result.rawValue): \(Self.oneLine(attempt.summary))")
            }
        } onGracefulShutdown: {
            self.stopRequested.store(true, ordering: .relaxed)
            self.abandonAfterGrace()
        }
        state.state = "stopped"
        state.save(to: stateFile)
        notifier.stopping()
        logger.info("\(Catalogue.text("daemon.log.stopped"))")
    }

    /// Updates the state after a sync; returns the delay before the next one, in seconds.
    private func record(_ attempt: SyncAttempt, in state: inout DaemonState, backoff: inout Backoff) -> Double {
        state.lastResult = attempt.result
        state.commitsWaiting = attempt.commitsWaiting
        switch attempt.result {
        case .synced:
            state.lastSuccess = Date()
            state.lastError = nil
            state.needsPerson = nil
            state.consecutiveFailures = 0
            backoff.reset()
            return settings.interval.seconds
        case .busy:
            // Someone else is syncing this copy: it will be done soon; not the hub's fault.
            state.lastError = attempt.details ?? attempt.summary
            return min(settings.interval.seconds, settings.backoffBase)
        case .needsPerson:
            // Retrying sooner will not help, nor waiting longer: the usual interval, and the
            // message (which file, which command) stays in the state for `carnet status`.
            state.lastError = attempt.details ?? attempt.summary
            state.needsPerson = Catalogue.text("daemon.needs-person", ["reason": .text(attempt.summary)])
            state.needsPersonMessage = StoredMessage("daemon.needs-person", ["reason": .text(attempt.summary)])
            state.consecutiveFailures += 1
            backoff.reset()
            return settings.interval.seconds
        case .stalled, .linkLost:
            // The hub answered and bytes moved, then the link failed: the next try comes soon —
            // the backoff, but held to ten times its base (5 min by default) rather than the hour
            // a silent hub earns: a link that works in bursts is used when it works, and one that
            // keeps failing is not hammered (each try goes on from the last history step that arrived, docs/SYNC.md). Counted in
            // consecutiveFailures for `carnet status`.
            state.lastError = attempt.details ?? attempt.summary
            state.consecutiveFailures += 1
            return min(settings.interval.seconds, backoff.nextDelay(), settings.backoffBase * 10)
        case .unreachable, .invalidRecords, .refused, .failed:
            // Reported and kept going: one bad file or one refused commit must not stop sync.
            state.lastError = attempt.details ?? attempt.summary
            if attempt.result == .refused {
                // Retrying sends the same refused commits again: a person must run the rescue.
                state.needsPerson = DaemonText.refusedNeedsRescue.text
                state.needsPersonMessage = DaemonText.refusedNeedsRescue
            }
            state.consecutiveFailures += 1
            if attempt.result == .invalidRecords && attempt.hubAnswered { state.lastSuccess = Date() }
            // Only a silent hub is a reason to wait longer: retrying sooner would not help it.
            guard attempt.hubAnswered || attempt.result == .failed else { return backoff.nextDelay() }
            backoff.reset()
            return settings.interval.seconds
        }
    }

    /// A sync in progress gets `shutdownGrace` to finish; then the runner abandons it, which is
    /// safe: the engine writes objects before the refs that name them, updates the work tree
    /// through a journal, under a lock a dead process cannot hold, so the next sync finishes the
    /// job. Should the sync still not return, the process exits anyway.
    private func abandonAfterGrace() {
        let grace = settings.shutdownGrace
        if syncing.load(ordering: .relaxed) { logger.info("\(Catalogue.text("daemon.log.stopping", ["grace": .duration(grace.seconds)]))") }
        Threads.detach(name: "carnet-grace") { [self] in
            Threads.sleep(seconds: grace.seconds)
            // Idle by then: the loop has ended (or ends within a tick) and the process exits normally.
            guard syncing.load(ordering: .relaxed) else { return }
            logger.warning("\(Catalogue.text("daemon.log.abandoning", ["grace": .duration(grace.seconds)]))")
            runner.abandon()
            for _ in 0..<30 where syncing.load(ordering: .relaxed) { Threads.sleep(seconds: 0.1) }
            guard syncing.load(ordering: .relaxed) else { return }
            var state = DaemonState.load(from: stateFile) ?? DaemonState()
            state.state = "stopped"
            state.save(to: stateFile)
            notifier.stopping()
            // _exit, not exit: atexit handlers and static destructors would run while the sync's
            // thread is still working, which can crash the process on its way out.
            fflush(nil)
            _exit(0)
        }
    }

    /// The engine's summary has a line per fact; the log has one line per sync.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline)
            .map { line in line.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed() }
            .map { String($0) }
            .filter { !$0.isEmpty }
            .joined(separator: "; ")
    }

}

extension Duration {
    var seconds: Double {
        let (s, attos) = components
        return Double(s) + Double(attos) / 1e18
    }
}

/// The daemon's own sentences, in the language it was started in (`daemon.*` keys).
enum DaemonText {
    static let refusedNeedsRescue = StoredMessage("daemon.refused-needs-rescue")

    /// One journal line per sync: its result (a stable code, for grep), how long it took, what
    /// it did, and when the next one runs.
    static func syncLine(_ attempt: SyncAttempt, seconds: Double, delay: Double) -> String {
        Catalogue.text("daemon.log.sync", ["result": .text(attempt.result.rawValue), "seconds": .decimal(seconds),
                                           "summary": .text(SyncDaemon.oneLine(attempt.summary)), "next": .number(Int(delay.rounded()))])
    }
}
