import Foundation
import Git
import Hub
import Messages
import Workspace

/// Local reasons a sync stops that are not about the hub.
enum SyncFailure: Error, CustomStringConvertible {
    /// Someone committed in this working copy while we merged: merge again.
    case headMoved
    case notConfigured(String)
    case cannotCreate(String)

    var description: String {
        switch self {
        case .headMoved: return Catalogue.text("sync.head-moved")
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
                serverMessage = Self.hubWords(server)
                hubVerdict = VerdictWire.find(in: server)
            }
            message = status.isTemporary ? Catalogue.text("sync.kept-for-next", ["reason": .text(Self.text(of: e))]) : Self.text(of: e)
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
            message = Catalogue.text("sync.merge-failed", ["reason": .text(e.description)])
        case let e as WorkspaceError:
            status = e.exitCode == 65 ? .invalidRecords : .failed
            message = e.description
        default:
            status = .failed
            message = "\(error)"
        }
    }
}

extension SyncOutcome {
    /// What the hub said when it refused a push: a carnet hub's refusal written in this
    /// person's language (VerdictWire), else the hub's text as it is (another server's words).
    static func hubWords(_ server: String) -> String {
        guard let verdict = VerdictWire.find(in: server) else { return server }
        return verdict.report(in: Catalogue.language)
    }

    /// A transport failure in words; a refusal carries the hub's words in this person's language.
    static func text(of error: TransportError) -> String {
        switch error {
        case .rejected(let ref, let reason, let server):
            let words = hubWords(server)
            return Catalogue.text("sync.hub-refused", ["ref": .text(ref), "reason": .text(reason)]) + (words.isEmpty ? "" : "\n" + words)
        case .unreachable(let detail): return Catalogue.text("sync.unreachable", ["detail": .text(detail)])
        case .timedOut(let seconds, let during): return Catalogue.text("sync.timed-out", ["seconds": .number(seconds), "during": .text(during)])
        case .nonFastForward(let ref): return Catalogue.text("sync.moved-on", ["ref": .text(ref)])
        case .malformed(let detail): return Catalogue.text("sync.malformed-tree", ["detail": .text(detail)])
        case .hostKey, .authentication, .stalled, .linkLost: return error.description
        }
    }
}
