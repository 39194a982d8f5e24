#if canImport(FoundationEssentials)
import FoundationEssentials   // not Foundation: no ICU, no CoreFoundation mapped into the daemon
#else
import Foundation
#endif
import Messages
#if canImport(Glibc)
import Glibc
#endif

/// What the daemon is doing, kept in the repository (.git/carnet-daemon.json) where
/// `carnet status` reads it.
public struct DaemonState: Codable, Sendable, Equatable {
    public var pid: Int32
    /// starting, idle, syncing, stopped.
    public var state: String
    public var lastAttempt: Date?
    public var lastSuccess: Date?
    public var lastResult: SyncAttempt.Result?
    public var lastError: String?
    /// Local commits not yet on the hub, after the last sync.
    public var commitsWaiting: Int
    public var nextTry: Date?
    /// The delay chosen after the last sync, in seconds: the interval, or the backoff while the
    /// hub does not answer (the dates are written to the second, too coarse to show the growth).
    public var retryDelay: Double?
    public var consecutiveFailures: Int
    /// Syncs run by this daemon process.
    public var syncs: Int
    /// Set when retrying cannot help and a person must act (the hub refused this copy's
    /// changes: `carnet rescue`); cleared by the next sync that lands.
    public var needsPerson: String?
    /// The same, language-neutral (a message key and its arguments), for `carnet status` to write
    /// in its reader's language; `needsPerson` keeps the daemon's sentence for older readers.
    public var needsPersonMessage: StoredMessage?
    /// The transfer of the sync in progress (nil when idle): bytes so far, total when known,
    /// rate, time left. Written about once a second while a sync moves data.
    public var transfer: DaemonTransfer?

    public init(pid: Int32 = getpid()) {
        self.pid = pid
        state = "starting"
        commitsWaiting = 0
        consecutiveFailures = 0
        syncs = 0
    }

    /// A new daemon's state: what the previous one learnt about the hub (last success, commits
    /// waiting) is kept, so `carnet status` does not forget it across a restart or a reboot.
    public init(continuing previous: DaemonState?, pid: Int32 = getpid()) {
        self.init(pid: pid)
        guard let previous else { return }
        lastAttempt = previous.lastAttempt
        lastSuccess = previous.lastSuccess
        lastResult = previous.lastResult
        lastError = previous.lastError
        commitsWaiting = previous.commitsWaiting
    }

    public static func file(inGitDirectory gitDirectory: URL) -> URL {
        gitDirectory.appendingPathComponent("carnet-daemon.json")
    }

    /// Whether the process that wrote this state still runs. A pid is reused after a reboot, so
    /// the process must also be a carnet (its command line names it).
    public var processAlive: Bool {
        guard pid > 0, kill(pid, 0) == 0 || errno == EPERM else { return false }
        guard let cmdline = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return true }
        return String(decoding: cmdline, as: UTF8.self).contains("carnet")
    }

    /// A daemon that says it runs (idle, syncing) but whose process is gone was killed or crashed.
    public var running: Bool { state != "stopped" && processAlive }

    public func save(to url: URL) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        if let data = try? encoder.encode(self) { try? data.write(to: url, options: .atomic) }
    }

    public static func load(from url: URL) -> DaemonState? {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return (try? Data(contentsOf: url)).flatMap { try? decoder.decode(DaemonState.self, from: $0) }
    }
}

/// Where the sync child's transfer stands, as it reports it (the JSON lines of
/// `carnet daemon --sync-once --progress-fd N`, keys of Git's TransferProgress).
/// Its own type on purpose, not a copy to fold into Git's: the daemon links no libgit2 (nor
/// the Git module), and the only module both share is Messages, the words. The JSON keys are
/// the contract between the two sides (DaemonTransferTests reads such lines, hostile ones too).
public struct DaemonTransfer: Codable, Sendable, Equatable {
    /// "fetch" or "push".
    public var operation: String
    public var received: UInt64
    public var sent: UInt64
    /// What the transfer is expected to move (a push's size), when known.
    public var total: UInt64?
    /// Bytes per second over the last few seconds.
    public var rate: Double
    public var elapsed: Double
    public var secondsLeft: Double?
    public var done: Bool
    /// When this was written.
    public var at: Date?

    public init(operation: String, received: UInt64 = 0, sent: UInt64 = 0, total: UInt64? = nil, rate: Double = 0,
                elapsed: Double = 0, secondsLeft: Double? = nil, done: Bool = false, at: Date? = nil) {
        self.operation = operation
        self.received = received
        self.sent = sent
        self.total = total
        self.rate = rate
        self.elapsed = elapsed
        self.secondsLeft = secondsLeft
        self.done = done
        self.at = at
    }

    /// The bytes of the direction that matters: sent for a push, received otherwise.
    public var bytes: UInt64 { operation == "push" ? sent : received }
}
