import Foundation

/// What one sync did, as the daemon needs to know it (the sync engine's outcome, reduced).
public struct SyncAttempt: Sendable, Equatable {
    public enum Result: String, Sendable, Codable {
        /// In sync with the hub (exit 0).
        case synced
        /// The hub did not answer; local commits are kept (exit 75): back off and retry.
        case unreachable
        /// Local records are invalid (exit 65): reported, and syncing goes on for the rest.
        case invalidRecords = "invalid-records"
        /// The hub refused the push (exit 77).
        case refused
        /// Anything else (another sync running, a file system error).
        case failed
    }

    public var result: Result
    /// One line for the log: what happened.
    public var summary: String
    /// Local commits not yet on the hub.
    public var commitsWaiting: Int
    /// Files edited but not committed (after the sync).
    public var pendingEdits: Int

    public init(result: Result, summary: String, commitsWaiting: Int = 0, pendingEdits: Int = 0) {
        self.result = result
        self.summary = summary
        self.commitsWaiting = commitsWaiting
        self.pendingEdits = pendingEdits
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
}
