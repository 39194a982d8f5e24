import Foundation
import Messages
import Git
import Hub
import Records
import Workspace

/// What a sync (or a clone) did, for people and, with --json, for scripts and timers.
public struct SyncOutcome: Codable, Sendable {
    public enum Status: String, Codable, Sendable {
        /// The working copy and the hub agree (exit 0).
        case inSync = "in-sync"
        /// The hub could not be reached, or never answered within the no-progress bound; local
        /// commits are kept for the next sync (exit 75). The daemon backs off (longer each time).
        case hubUnreachable = "hub-unreachable"
        /// The transfer had begun, then no byte moved for the no-progress bound (`--timeout`):
        /// Carnet closed the connection (exit 75, like an unreachable hub: retry later). A link
        /// that went quiet, or a hub that stopped answering. The daemon retries soon (its backoff
        /// held to ten times its base: the hub did answer); what was moved is in `message`.
        case stalled
        /// The transfer had begun, then the connection broke (exit 75): the link dropped or was
        /// reset. The daemon retries soon, as for a stall.
        case linkLost = "link-lost"
        /// Some local files are invalid: left untouched, everything else synced (exit 65).
        case invalidRecords = "invalid-records"
        /// The hub refused the push (its message is in `serverMessage`), or our key / its host key; or
        /// the hub served a tree that would write outside the plan, refused before any write (exit 77).
        case refused
        /// Another sync holds this working copy, or a hub on a file path holds a lock file younger
        /// than HubLocks.staleAfter (a push may be under way there): exit 75, try again later.
        case busy
        /// A hub on a file path is locked by a stale lock file that cannot be removed from here
        /// (a read-only drive, no permission), or one dated in the future: a person must remove
        /// it; the message names the file and the command (exit 74).
        case hubLocked = "hub-locked"
        /// No hub configured, or the arguments are wrong (exit 78 / 64).
        case notConfigured = "not-configured"
        /// Something Carnet could not handle: a record that does not merge, an I/O error (exit 70 / 74).
        case failed

        /// A network failure that a later sync gets past by itself (exit 75).
        public var isTemporary: Bool { [.hubUnreachable, .stalled, .linkLost].contains(self) }
    }

    /// One conflict recorded during this sync.
    public struct Conflict: Codable, Sendable, Equatable {
        public var path: String
        public var field: String
        public var kept: String
        public var lost: String
        public var lostBy: String?
        public var lostAt: String?
        /// Who wrote the kept value, and when: not in the record, found in history by
        /// `ConflictList` (docs/MERGE.md); nil when history does not tell.
        public var keptBy: String? = nil
        public var keptAt: String? = nil
    }

    public var status: Status
    public var message: String?
    /// Hand edits committed by this sync.
    public var committed: [String] = []
    /// Files left out because they are invalid, with their diagnostics.
    public var refused: [WorkingCopy.PendingFile] = []
    public var fetched = false
    public var fastForwarded = false
    public var mergeCommit: String?
    public var pushed = false
    /// A clone that continued one interrupted in the same folder (its repository and what its
    /// fetch had brought were kept).
    public var continuedClone: Bool?
    /// Records first: the commit holding this sync's record changes, sent in a push of its own
    /// before the large files (RecordsFirst); nil when everything went in one push.
    public var recordsFirst: String?
    /// The bytes of the large files sent after the records (with `recordsFirst`).
    public var heavyBytes: UInt64?
    public var head: String?
    public var hubHead: String?
    /// Conflicts recorded by the merges of this sync (the losing values are in the records).
    public var conflicts: [Conflict] = []
    /// Files that met a different file at the same path: ours was kept under this new path.
    public var keptBoth: [String] = []
    /// Edits made while this sync ran, which it left alone (the next sync commits them).
    public var editedDuringSync: [String] = []
    /// Folders of the copy where edits the hub would refuse were set aside (carnet-set-aside/…).
    public var setAside: [String] = []
    /// The files set aside, each with the reason the hub would refuse it.
    public var setAsideFiles: [String: String] = [:]
    /// What the hub printed when it refused a push (a carnet hub's refusal written in this
    /// person's language).
    public var serverMessage: String?
    /// A carnet hub's refusal as message keys and arguments (VerdictWire), for scripts: the same
    /// whatever the language.
    public var hubVerdict: VerdictWire?
    /// Fetch–merge–push rounds (more than one when the hub moved meanwhile).
    public var rounds = 0
    /// A previous sync was interrupted (its pid), and this one finished its work.
    public var recoveredFrom: Int32?
    /// Stale lock files this sync removed from a hub on a file path, one sentence each (nil: none).
    public var removedHubLocks: [String]?

    public init(status: Status, message: String? = nil) {
        self.status = status
        self.message = message
    }

    /// sysexits.h codes, as the README documents them.
    public var exitCode: Int32 {
        switch status {
        case .inSync: return 0
        case .hubUnreachable, .stalled, .linkLost, .busy: return 75
        case .invalidRecords: return 65
        case .refused: return 77
        case .notConfigured: return 78
        case .hubLocked: return 74
        case .failed: return 70
        }
    }

    /// Some files were kept out because the hub would refuse them (not because they are invalid).
    public var heldBackForTheHub: Bool {
        refused.contains { $0.diagnostics.contains { $0.message.hasPrefix(WorkingCopy.hubWouldRefuse) } }
    }

    /// A few lines for a person.
    public var summary: String {
        var lines: [String] = []
        switch status {
        case .inSync:
            lines.append(head.map { Catalogue.text("sync.in-sync-at", ["commit": .text(String($0.prefix(8)))]) } ?? Catalogue.text("sync.in-sync"))
        case .invalidRecords where heldBackForTheHub: lines.append(Catalogue.text("sync.held-back"))
        case .invalidRecords: lines.append(Catalogue.text("sync.invalid-left"))
        default: lines.append(message ?? status.rawValue)
        }
        for file in refused {
            lines.append("  \(file.path)")
            for d in file.diagnostics where d.severity == .error { lines.append("    \(d)") }
        }
        lines += removedHubLocks ?? []
        if !committed.isEmpty { lines.append(Catalogue.text("sync.committed", ["paths": .text(committed.joined(separator: ", "))])) }
        if fastForwarded { lines.append(Catalogue.text("sync.took-hub")) }
        if mergeCommit != nil { lines.append(Catalogue.text("sync.merged")) }
        if recordsFirst != nil {
            lines.append(TransferText.recordsFirst(heavy: heavyBytes ?? 0, complete: pushed))
        }
        if pushed { lines.append(Catalogue.text("sync.pushed")) }
        for c in conflicts {
            lines.append(Catalogue.text("sync.conflict", ["path": .text(c.path), "field": .text(c.field), "kept": .text(c.kept), "lost": .text(c.lost)]))
        }
        for path in keptBoth { lines.append(Catalogue.text("sync.kept-both", ["path": .text(path)])) }
        for folder in setAside { lines.append(Catalogue.text("sync.set-aside", ["folder": .text(folder)])) }
        for (path, reason) in setAsideFiles.sorted(by: { $0.key < $1.key }) { lines.append("  \(path): \(reason)") }
        if !editedDuringSync.isEmpty {
            lines.append(Catalogue.text("sync.edited-during", ["paths": .text(editedDuringSync.joined(separator: ", "))]))
        }
        if let serverMessage, !serverMessage.isEmpty, status == .refused, !(message ?? "").contains(serverMessage) {
            lines.append(Catalogue.text("sync.hub-said", ["text": .text(serverMessage)]))
        }
        if status == .refused, serverMessage != nil { lines.append(Catalogue.text("sync.rescue-advice")) }
        if status == .invalidRecords, let message { lines.append(message) }
        return lines.joined(separator: "\n")
    }
}
