import Foundation
import Git
import Hub
import Workspace

/// Records first: when the commits a sync sends hold both record changes (kilobytes) and large
/// files (evidence scans, megabytes), the records go in a push of their own, before the large
/// files, so that on a slow link a ministry's milestones reach the hub in seconds while a scan is
/// still uploading — and are there even if the large push stalls or the link is lost.
///
/// How: the unsent commits (a straight line on the hub's main, no merge) are split by path. The
/// *heavy paths* are every path changed by a commit that brings a file larger than `heavyBytes`
/// (the document and, with it, the record that names it: a record may not name a document the
/// hub does not have). The records line is each commit again with the heavy paths as the hub has
/// them (commits left with no change are skipped); the heavy line, on top of it, is each commit
/// that touched heavy paths again with those paths as it had them. The last tree is the branch's
/// own tree, so the work tree does not change; authors and messages are kept. A record edit of a
/// file that a heavy commit also changed (the same commitment's progress) waits with the heavy
/// line: the unit is the file.
///
/// Every new commit is judged by the hub's rules first (HubRules, as the commit step does): should
/// one of them be refused, the commits are sent as they are, in one push, as before.
struct RecordsFirst {
    /// A commit that brings a file larger than this is heavy (64 KiB: 8 s at 64 kbit/s).
    static let heavyBytes = 64 * 1024
    /// More unsent commits than this are sent as they are (the judging would cost more than it saves).
    static let maxCommits = 200
    static let reference = "refs/carnet/records-first"

    let repository: Repository
    let copy: WorkingCopy
    let settings: SyncSettings

    struct Plan {
        /// The last commit of the records line (what the first push sends).
        var records: ObjectID
        /// The last commit of the heavy line: the branch's new tip (same tree as before).
        var tip: ObjectID
        /// Bytes of the heavy files held for the second push.
        var heavyBytes: UInt64
    }

    /// The split of `local` over `hub`; nil when there is nothing to gain (no heavy commit, no
    /// record change outside the heavy paths, merges, too many commits) or a new commit would be refused.
    func plan(local: ObjectID, hub: ObjectID) throws -> Plan? {
        let commits = try repository.commits(from: local, excluding: [hub])
        guard !commits.isEmpty, commits.count <= Self.maxCommits,
              commits.allSatisfy({ $0.parents.count == 1 }) else { return nil }
        var heavyPaths: Set<String> = []
        var heavy: UInt64 = 0
        var changes: [ObjectID: [String]] = [:]
        for commit in commits {
            let changed = try repository.pathChanges(from: commit.parents[0], to: commit.id)
            changes[commit.id] = changed.map(\.path)
            let large = try changed.compactMap { change -> UInt64? in
                guard let blob = change.newBlob else { return nil }
                let size = try repository.blobSize(blob)
                return size > Self.heavyBytes ? UInt64(size) : nil
            }
            if !large.isEmpty {
                heavyPaths.formUnion(changed.map(\.path))
                heavy += large.reduce(0, +)
            }
        }
        guard !heavyPaths.isEmpty else { return nil }
        let paths = Array(heavyPaths)

        // The records line: every commit with the heavy paths as the hub has them.
        var tip = hub
        var tipTree = try repository.commit(hub).tree
        for commit in commits where !(changes[commit.id] ?? []).allSatisfy(heavyPaths.contains) {
            let tree = try repository.tree(of: commit.id, takingPaths: paths, from: hub)
            guard tree != tipTree else { continue }
            tip = try remake(commit, tree: tree, on: tip)
            tipTree = tree
        }
        guard tip != hub else { return nil }   // nothing but heavy changes: one push, as before
        let records = tip
        let recordsTree = tipTree
        // The heavy line: each commit that touched heavy paths, with them as it had them.
        for commit in commits where (changes[commit.id] ?? []).contains(where: heavyPaths.contains) {
            let tree = try repository.tree(of: records, takingPaths: paths, from: commit.id)
            guard tree != tipTree else { continue }
            tip = try remake(commit, tree: tree, on: tip)
            tipTree = tree
        }
        guard tipTree == (try repository.commit(local)).tree, recordsTree != tipTree else { return nil }
        // The hub checks every commit of a push: so does this, before anything moves.
        let writer = try copy.writer() ?? (settings.ministry.map { .ministry($0) } ?? .pointOfContact)
        let line = try repository.commits(from: tip, excluding: [hub])
        for commit in line where !commits.contains(where: { $0.id == commit.id }) {
            if try !HubRules().refusals(in: repository, parent: commit.parents[0], candidate: commit.id, writer: writer).isEmpty {
                return nil
            }
        }
        return Plan(records: records, tip: tip, heavyBytes: heavy)
    }

    /// `commit` made again with `tree` on `parent`; the commit itself when that is what it is.
    private func remake(_ commit: CommitInfo, tree: ObjectID, on parent: ObjectID) throws -> ObjectID {
        if commit.parents == [parent] && commit.tree == tree { return commit.id }
        return try repository.createCommit(tree: tree, parents: [parent], message: commit.message,
                                           author: commit.author, updateRef: nil)
    }
}

extension SyncEngine {
    /// Sends the branch, which only adds commits to the hub's main as last seen (`hub`): the
    /// records first when a large file travels too (RecordsFirst), then the rest.
    func pushInOrder(local: ObjectID, hub: ObjectID?, _ settings: SyncSettings, _ transport: TransportSettings,
                     _ outcome: inout SyncOutcome) throws {
        if let hub, let plan = try? RecordsFirst(repository: repository, copy: copy, settings: settings).plan(local: local, hub: hub) {
            let branch = try repository.headBranch()
            // Same tree, other commits: the work tree stays as it is. Someone committing meanwhile
            // makes this fail, and the branch goes as it is.
            if (try? repository.moveReference(branch, to: plan.tip, expecting: local, message: "carnet sync: records first")) != nil {
                try? repository.deleteReference(RecordsFirst.reference)   // left by a sync that was killed
                try repository.moveReference(RecordsFirst.reference, to: plan.records, expecting: nil, message: "carnet sync: records first")
                defer { try? repository.deleteReference(RecordsFirst.reference) }
                try repository.push(remote: SyncSettings.remoteName, source: RecordsFirst.reference, settings: transport)
                outcome.recordsFirst = plan.records.description
                outcome.heavyBytes = plan.heavyBytes
            }
        }
        try repository.push(remote: SyncSettings.remoteName, settings: transport)
        outcome.pushed = true
    }
}
