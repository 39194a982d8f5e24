#if canImport(FoundationEssentials)
import FoundationEssentials   // not Foundation: no ICU, no CoreFoundation mapped into the daemon
#else
import Foundation
#endif

/// What one sync did, as the daemon needs to know it (the sync engine's outcome, reduced).
/// Encoded as JSON, it is what a sync child (`carnet daemon --sync-once`) tells the daemon.
public struct SyncAttempt: Sendable, Equatable, Codable {
    public enum Result: String, Sendable, Codable {
        /// In sync with the hub (exit 0).
        case synced
        /// The hub did not answer; local commits are kept (exit 75): back off and retry.
        case unreachable
        /// A transfer had begun, then no byte moved for the no-progress bound (exit 75, `stalled`):
        /// retry soon (the backoff held to ten times its base: the hub did answer).
        case stalled
        /// A transfer had begun, then the connection broke (exit 75, `link-lost`): retry soon.
        case linkLost = "link-lost"
        /// Local records are invalid (exit 65): reported, and syncing goes on for the rest.
        case invalidRecords = "invalid-records"
        /// The hub refused the push (exit 77).
        case refused
        /// Another sync (`carnet sync` by hand, the timer) holds this working copy: try again soon.
        case busy
        /// Anything else (another sync running, a file system error).
        case failed
        /// Something only a person can fix, that retrying will not: a stale lock file on a hub on
        /// a file path that cannot be removed from here (exit 74, `hub-locked`; the summary names
        /// the file and the command).
        case needsPerson = "needs-person"
    }

    public var result: Result
    /// One line for the log: what happened.
    public var summary: String
    /// The whole story when it is longer (every invalid file and its errors): the last error
    /// that `carnet status` shows.
    public var details: String?
    /// Local commits not yet on the hub.
    public var commitsWaiting: Int
    /// Files edited but not committed (after the sync).
    public var pendingEdits: Int
    /// Whether the hub answered. An invalid file is reported as such even when the hub was
    /// also unreachable; the daemon must still back off then.
    public var hubAnswered: Bool

    public init(result: Result, summary: String, details: String? = nil, commitsWaiting: Int = 0, pendingEdits: Int = 0,
                hubAnswered: Bool? = nil) {
        self.result = result
        self.summary = summary
        self.details = details
        self.commitsWaiting = commitsWaiting
        self.pendingEdits = pendingEdits
        self.hubAnswered = hubAnswered ?? [.synced, .invalidRecords, .refused].contains(result)
    }

    /// From a `carnet sync` exit code (the documented ones).
    public static func result(forExitCode code: Int32) -> Result {
        switch code {
        case 0: return .synced
        case 75: return .unreachable
        case 65: return .invalidRecords
        case 77: return .refused
        default: return .failed
        }
    }
}

/// Runs one sync. The daemon does not know how: the CLI gives it the sync engine.
public protocol SyncRunner: Sendable {
    func sync() async -> SyncAttempt
    /// The same, telling `progress` where the sync's transfers stand while it runs.
    func sync(progress: @escaping @Sendable (DaemonTransfer) -> Void) async -> SyncAttempt
    /// Whether a save seen on disk left anything to send (an edit, a commit not on the hub).
    /// The sync's own update of the working tree is seen as saves too: this keeps it from
    /// triggering a second, empty sync (a round trip to the hub) after each one that took changes.
    func hasLocalWork() async -> Bool
    /// The daemon is stopping and the sync in progress had its grace period: stop it now.
    func abandon()
}

extension SyncRunner {
    public func sync(progress: @escaping @Sendable (DaemonTransfer) -> Void) async -> SyncAttempt { await sync() }
    public func hasLocalWork() async -> Bool { true }
    public func abandon() {}
}
