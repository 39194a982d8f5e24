import Foundation
import Git
import Messages
import Records
import Workspace

/// What `carnet undo` did.
public struct UndoOutcome: Codable, Sendable {
    public enum Status: String, Codable, Sendable {
        /// The last local change was taken back (exit 0).
        case undone
        /// Nothing to take back: the hub has every change of this copy (exit 77).
        case onHub = "on-hub"
        /// Files the change touched have edits not committed: nothing was done (exit 65).
        case editsInTheWay = "edits-in-the-way"
        /// Another sync holds the copy, or git failed (exit 75 / 74).
        case busy
        case failed
    }

    public var status: Status
    public var message: String
    /// The change taken back: its subject, author and files.
    public var subject: String?
    public var author: String?
    public var files: [String] = []
    /// Where the change is still kept (a reference of this copy), so that nothing is lost.
    public var keptAt: String?

    public var exitCode: Int32 {
        switch status {
        case .undone: return 0
        case .onHub: return 77
        case .editsInTheWay: return 65
        case .busy: return 75
        case .failed: return 74
        }
    }
}

extension SyncEngine {
    /// Takes back the last local change not yet on the hub: its files return to what they were
    /// before it, in the work tree and in history, offline. Repeatable, one change at a time.
    /// Never touches what the hub has (as of the last sync): that is changed by a new change.
    /// The change taken back stays in `refs/carnet/undone/…` (git keeps it; nothing is lost).
    public func undo() -> UndoOutcome {
        let lock: SyncLock
        do { lock = try SyncLock(gitDirectory: repository.gitDirectory) } catch {
            return UndoOutcome(status: .busy, message: Catalogue.text("sync.undo.busy"))
        }
        defer { lock.release() }
        do {
            try journal.recover(repository)
            return try takeBackLastChange()
        } catch let edited as EditedDuringUpdate {
            return UndoOutcome(status: .editsInTheWay, message: Catalogue.text("sync.undo.edits-in-the-way", ["paths": .text(edited.paths.joined(separator: ", "))]))
        } catch {
            return UndoOutcome(status: .failed, message: "\(error)")
        }
    }

    private func takeBackLastChange() throws -> UndoOutcome {
        let branch = try repository.headBranch()
        guard let head = try repository.headCommitID() else {
            return UndoOutcome(status: .onHub, message: Catalogue.text("sync.undo.no-change"))
        }
        let hub = try repository.referenceTarget("refs/remotes/\(SyncSettings.remoteName)/main")
        if let hub, try hub == head || repository.isDescendant(hub, of: head) {
            return UndoOutcome(status: .onHub, message: Catalogue.text("sync.undo.on-hub-as-of-last-sync"))
        }
        let replay = Replay(repository: repository, copy: copy, role: (try? settings())??.roleName ?? "poc")
        let target: ObjectID
        let last: CommitInfo
        let headInfo = try repository.commit(head)
        if headInfo.parents.count == 1 {
            // The usual case: the last change is HEAD itself.
            last = headInfo
            target = headInfo.parents[0]
        } else if let hub {
            // HEAD is a sync's merge that the hub has not got: the last change is our newest own
            // commit; the others are made again on the hub's main as last seen.
            let unsent = try replay.unsent(head: head, base: hub)
            guard let newest = unsent.last else {
                return UndoOutcome(status: .onHub, message: Catalogue.text("sync.undo.on-hub"))
            }
            last = newest
            target = try replay.replay(Array(unsent.dropLast()), onto: hub, judge: nil).tip
        } else {
            return UndoOutcome(status: .failed, message: Catalogue.text("sync.undo.merge-without-hub"))
        }
        let files = try repository.pathChanges(from: last.parents.first, to: last.id).map(\.path)
        try update(branch, from: head, to: target)
        let kept = "refs/carnet/undone/\(last.id.description)"
        try? repository.moveReference(kept, to: head, expecting: nil, message: "carnet undo")
        return UndoOutcome(status: .undone, message: Catalogue.text("sync.undo.done", ["summary": .text(last.summary), "paths": .text(files.joined(separator: ", "))]),
                           subject: last.summary, author: "\(last.author.name) <\(last.author.email)>", files: files, keptAt: kept)
    }
}
