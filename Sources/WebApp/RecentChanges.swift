import Foundation
import Git
import Records
import Workspace

/// A commitment page's last changes (who changed what, and when), kept for the HEAD they were
/// read at. A commitment changed fewer times than the page lists has its whole history walked
/// for them; most requests find HEAD where it was (no walk), and after saves (new commits on top,
/// one parent each) only those commits are read. Anything else (a sync's merge, history
/// rewritten) walks again: the order is then history's own (`Repository.history`, as `carnet
/// log`). At most `capacity` commitments are kept. One page at a time reads or updates it (its
/// own lock: a page that finds HEAD where it was only looks).
final class RecentChanges: @unchecked Sendable {
    private let lock = NSLock()
    private var kept: [String: (head: ObjectID, changes: [Change], used: UInt64)] = [:]
    private var clock: UInt64 = 0
    private let capacity = 64

    /// The last `limit` changes of commitment `id` (a folder name already resolved), newest first.
    func changes(of id: String, limit: Int, in copy: WorkingCopy) throws -> [Change] {
        lock.lock()
        defer { lock.unlock() }
        let repository = try Repository.open(copy.root.path)
        guard let head = try repository.headCommitID() else { return [] }
        let folder = PlanLayout.commitmentDir(id) + "/"
        clock += 1
        var changes: [Change]
        if let known = kept[id], known.head == head {
            changes = known.changes
        } else if let known = kept[id], let newer = try onTop(of: known.head, head, folder: folder, in: repository) {
            changes = Array((newer + known.changes).prefix(limit))
        } else {
            changes = try repository.history(pathPrefixes: [folder], limit: limit).map(Change.init)
        }
        kept[id] = (head, changes, clock)
        if kept.count > capacity, let oldest = kept.min(by: { $0.value.used < $1.value.used })?.key { kept[oldest] = nil }
        return Array(changes.prefix(limit))
    }

    /// The changes under `folder` made by the commits from `old` (excluded) to `head`, newest
    /// first, when those commits are a line on top of `old` (one parent each); nil otherwise.
    private func onTop(of old: ObjectID, _ head: ObjectID, folder: String, in repository: Repository) throws -> [Change]? {
        guard try repository.isDescendant(head, of: old) else { return nil }
        var line = true
        var expected = head
        var found: [Change] = []
        try repository.walkHistory(hiding: [old], topLevel: [PlanLayout.commitmentsDir], folders: [folder]) { entry in
            // Each commit must be the one parent of the one before: a line, walked in its order.
            guard entry.commit.id == expected, entry.commit.parents.count == 1 else { line = false; return false }
            expected = entry.commit.parents[0]
            var entry = entry
            entry.changedPaths = entry.changedPaths.filter { $0.hasPrefix(folder) }
            if !entry.changedPaths.isEmpty { found.append(Change(entry)) }
            return true
        }
        return line && expected == old ? found : nil
    }
}
