import Foundation
import Git
import Hub
import Workspace

/// Records first: when the commits a sync sends hold both record changes (kilobytes) and large
/// files (evidence scans, megabytes), the records go in a push of their own, before the large
/// files, so that on a slow link a ministry's milestones reach the hub in seconds while a scan is
/// still uploading — and are there even if the large push stalls or the link is lost.
///
/// How: the unsent commits (a straight line on the hub's main, no merge) are sorted. A *heavy*
/// commit brings a file larger than `heavyBytes` (with, usually, the evidence entry that names it
/// in the commitment's progress); the others are *light*. The records line is every light commit
/// made again on the hub's main, its own change applied field by field (the merge sync uses: a
/// milestone note edited after adding a scan goes without the scan's evidence entry); the heavy
/// line is every heavy commit made again on top of it the same way. Authors and messages are kept.
///
/// Nothing is guessed: the split is used only when every step merges without a conflict, the last
/// tree is the branch's own tree (the work tree does not change), and the hub's rules accept every
/// new commit (HubRules, as the commit step judges). Otherwise the commits go as they are, in one
/// push, as before. A record change that needs the scan (an edit of the new evidence entry
/// itself) therefore waits with it.
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
        /// Bytes of the large files held for the second push.
        var heavyBytes: UInt64
    }

    /// The split of `local` over `hub`; nil when there is nothing to gain (no heavy commit or no
    /// light one, merges, too many commits) or when it cannot be made exactly (see above).
    func plan(local: ObjectID, hub: ObjectID) throws -> Plan? {
        let commits = try repository.commits(from: local, excluding: [hub])
        guard !commits.isEmpty, commits.count <= Self.maxCommits,
              commits.allSatisfy({ $0.parents.count == 1 }) else { return nil }
        var heavy: [CommitInfo] = []
        var light: [CommitInfo] = []
        var heavyBytes: UInt64 = 0
        for commit in commits {
            var large: UInt64 = 0
            for change in try repository.pathChanges(from: commit.parents[0], to: commit.id) {
                guard let blob = change.newBlob else { continue }
                let size = try repository.blobSize(blob)
                if size > Self.heavyBytes { large += UInt64(size) }
            }
            if large > 0 {
                heavy.append(commit)
                heavyBytes += large
            } else {
                light.append(commit)
            }
        }
        guard !heavy.isEmpty, !light.isEmpty else { return nil }
        // Already in order (every light commit before every heavy one): still two pushes, or
        // the records would wait for the whole pack.
        var tip = hub
        for commit in light { guard let next = try replay(commit, onto: tip) else { return nil }; tip = next }
        let records = tip
        guard records != hub else { return nil }
        for commit in heavy { guard let next = try replay(commit, onto: tip) else { return nil }; tip = next }
        guard try repository.commit(tip).tree == repository.commit(local).tree else { return nil }
        // The hub checks every commit of a push: so does this, before anything moves.
        let writer = try copy.writer() ?? (settings.ministry.map { .ministry($0) } ?? .pointOfContact)
        let known = Set(commits.map(\.id))
        for commit in try repository.commits(from: tip, excluding: [hub]) where !known.contains(commit.id) {
            if try !HubRules().refusals(in: repository, parent: commit.parents[0], candidate: commit.id, writer: writer).isEmpty {
                return nil
            }
        }
        return Plan(records: records, tip: tip, heavyBytes: heavyBytes)
    }

    /// `commit`'s own change (its parent → it) applied to `tip` by the sync's field-level merge,
    /// as a new commit with its author and message (the commit itself when it already sits on
    /// `tip`); nil when that merge has a conflict or keeps two files apart.
    private func replay(_ commit: CommitInfo, onto tip: ObjectID) throws -> ObjectID? {
        if commit.parents == [tip] { return commit.id }
        var policy = HubMerge(role: settings.roleName, ours: commit, theirs: try repository.commit(tip))
        let tree = try repository.mergeTrees(ours: commit.id, theirs: tip, base: commit.parents[0],
                                             decide: { try policy.decide($0) }, amend: { try policy.amend($0) })
        guard policy.conflicts.isEmpty, policy.keptBoth.isEmpty else { return nil }
        if tree == (try repository.commit(tip)).tree { return tip }
        return try repository.createCommit(tree: tree, parents: [tip], message: commit.message,
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
        try pushInSteps(transport)
        outcome.pushed = true
    }
}
