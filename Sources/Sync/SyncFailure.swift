import Foundation
import Git
import Workspace

/// Local reasons a sync stops that are not about the hub.
enum SyncFailure: Error, CustomStringConvertible {
    /// Someone committed in this working copy while we merged: merge again.
    case headMoved
    case notConfigured(String)
    case cannotCreate(String)

    var description: String {
        switch self {
        case .headMoved: return "a commit was made in this working copy during the sync"
        case .notConfigured(let m), .cannotCreate(let m): return m
        }
    }
}

extension SyncOutcome {
    /// Puts an error into the outcome, sorted by what the user can do about it.
    mutating func record(_ error: Error) {
        switch error {
        case let e as TransportError:
            switch e {
            case .unreachable, .timedOut, .nonFastForward: status = .hubUnreachable
            case .stalled: status = .stalled
            case .linkLost: status = .linkLost
            case .hostKey, .authentication, .malformed: status = .refused
            case .rejected(_, _, let server):
                status = .refused
                serverMessage = server
            }
            message = e.description + (status.isTemporary ? TransferText.commitsKept : "")
        case let e as UnsafeHubTree:
            status = .refused
            message = e.description
        case let e as UnsafeWorkTreePath:
            status = .refused
            message = e.description
        case let e as HubLocks.Failure:
            status = e.busy ? .busy : .hubLocked
            message = e.description
        case let e as SyncLock.Busy:
            status = .busy
            message = e.description
        case let e as SyncFailure:
            if case .notConfigured = e { status = .notConfigured } else { status = .failed }
            message = e.description
        case let e as HubMerge.Failure:
            status = .failed
            message = e.description + "; nothing was changed (fix the file named, then sync again)"
        case let e as WorkspaceError:
            status = e.exitCode == 65 ? .invalidRecords : .failed
            message = e.description
        default:
            status = .failed
            message = "\(error)"
        }
    }
}
