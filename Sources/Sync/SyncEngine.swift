import Foundation
import Messages
import Git
import Hub
import Records
import Workspace

/// `carnet sync`: the working copy and the hub agree afterwards, and nothing is lost on the way.
///
/// One round: commit valid hand edits (WorkingCopy.commitPending; invalid files are reported and
/// left alone) → fetch the hub's main → fast-forward, merge or nothing → push. When the hub moved
/// meanwhile (a non-fast-forward), or a file was edited while we were about to update it, the
/// round starts again, at most `maxRounds` times. The hub orders history: every replica merges
/// onto what the hub has, so they converge.
///
/// Safety: the sync lock keeps syncs apart; refs move only after the objects they name are
/// written; the working tree is changed file by file with a journal (SyncJournal) and never over
/// an edit (Repository.updateWorkingTree); HEAD moves with compare-and-swap.
public final class SyncEngine {
    public let copy: WorkingCopy
    let repository: Repository
    public var maxRounds = 5
    /// Told where each transfer with the hub stands (bytes, rate, time left), from another thread.
    public var progress: (@Sendable (TransferProgress) -> Void)?
    /// Files the commit step kept back because the hub would refuse them, with the reason.
    var keptBack: [String: String] = [:]
    /// Where kept-back files went when the hub's changes needed their place (SetAside).
    private var setAsideFolders: [String] = []
    private var setAsidePaths: Set<String> = []

    public init(at directory: String) throws {
        copy = try WorkingCopy(at: directory)
        repository = try Repository.open(copy.root.path)
    }

    public func settings() throws -> SyncSettings? { try SyncSettings.read(from: repository) }

    /// Attaches this working copy to a hub (the point of contact publishing a new plan does this once).
    public func configure(_ settings: SyncSettings) throws { try settings.write(to: repository) }

    var journal: SyncJournal { SyncJournal(gitDirectory: repository.gitDirectory) }

    public func sync() -> SyncOutcome {
        var outcome = SyncOutcome(status: .inSync)
        let lock: SyncLock
        do { lock = try SyncLock(gitDirectory: repository.gitDirectory) } catch {
            outcome.record(error)
            return outcome
        }
        defer { lock.release() }
        do {
            if let pid = lock.tookOverFrom {
                outcome.recoveredFrom = pid
                removeStaleGitLocks()
            }
            try journal.recover(repository)
            guard let settings = try settings() else {
                throw SyncFailure.notConfigured(Catalogue.text("sync.no-hub"))
            }
            try repository.setRemote(SyncSettings.remoteName, url: SyncSettings.normalisedHub(settings.hub))
            // A hub on a file path: stale lock files left by a killed process (HubLock.swift).
            try HubLocks.around(hub: SyncSettings.normalisedHub(settings.hub), &outcome) { try rounds(settings, &$0) }
            if outcome.fastForwarded || outcome.mergeCommit != nil {
                // The hub's changes were just written here: look once more now, so the clean
                // stamp is taken and the next sync with nothing to do answers from stat data.
                _ = try? repository.changedFiles()
            }
        } catch {
            outcome.record(error)
        }
        outcome.setAside = setAsideFolders
        // A file set aside is out of the copy's way: nothing of it is left to report as kept back.
        for path in setAsidePaths { outcome.setAsideFiles[path] = keptBack[path] }
        outcome.refused.removeAll { setAsidePaths.contains($0.path) }
        outcome.head = (try? repository.headCommitID())??.description
        outcome.hubHead = (try? repository.referenceTarget(Self.hubMain))??.description
        if !outcome.refused.isEmpty && (outcome.status == .inSync || outcome.status.isTemporary) {
            let network = outcome.status.isTemporary ? (outcome.message ?? "") : nil
            outcome.status = .invalidRecords
            let advice = Catalogue.text(outcome.heldBackForTheHub ? "sync.nothing-waits" : "sync.fix-invalid")
            outcome.message = network.map { Catalogue.text("sync.also", ["first": .text(advice), "also": .text($0)]) } ?? advice
        }
        return outcome
    }

    private func rounds(_ settings: SyncSettings, _ outcome: inout SyncOutcome) throws {
        var transport = settings.transport
        transport.progress = progress
        var refused: PendingMerge?
        for round in 1...maxRounds {
            outcome.rounds = round
            let pending = try copy.commitPending(message: nil, judge: HubRules())
            outcome.committed += pending.committed.filter { !outcome.committed.contains($0) }
            outcome.refused = pending.refused
            keptBack = Dictionary(pending.refused.compactMap { file in
                file.diagnostics.first { $0.message.hasPrefix(WorkingCopy.hubWouldRefuse) }.map { (file.path, $0.message) }
            }, uniquingKeysWith: { a, _ in a })
            var local = try repository.headCommitID()
            if round == 1 {
                // A hub that merges hand-overs (IncomingRef): one push, no race to lose.
                do {
                    if try handOver(local, settings, transport, &outcome) { return }
                } catch let edited as EditedDuringUpdate {
                    outcome.editedDuringSync = edited.paths
                    continue
                } catch SyncFailure.headMoved {
                    continue
                }
                if try pushFirst(local, settings, transport, &outcome) { return }
            }
            // Records first may have remade the unsent commits (same tree) before the hub said no.
            if round == 1 { local = try repository.headCommitID() }
            let seen = try repository.referenceTarget(Self.hubMain)
            let hub = try Self.fetchMain(repository, transport)
            outcome.fetched = true
            if let hub { try refuseUnsafe(hub, seen: seen) }
            // A merge of ours that the hub refused (it moved on meanwhile) is redone from our side
            // onto the hub's new state, not merged again on top: one merge commit per sync. So is
            // one an earlier sync left unpushed (it ended on "the hub kept moving", or was killed).
            let redo = try refused.flatMap { $0.commit == local ? $0 : nil } ?? leftoverMerge(local, hub: hub, settings)
            do {
                try step(local: local, hub: hub, redo: redo, settings, transport, &outcome, &refused)
                outcome.editedDuringSync = []
                return
            } catch let edited as EditedDuringUpdate {
                outcome.editedDuringSync = edited.paths
            } catch TransportError.nonFastForward, SyncFailure.headMoved {
                // The hub or this copy moved meanwhile: another round.
            }
        }
        if !outcome.editedDuringSync.isEmpty {
            throw TransportError.unreachable(Catalogue.text("sync.kept-changing", ["paths": .text(outcome.editedDuringSync.joined(separator: ", "))]))
        }
        throw TransportError.unreachable(Catalogue.text("sync.hub-kept-moving", ["count": .number(maxRounds)]))
    }

    /// When this copy only added commits to the hub's main as last seen, push them straight away:
    /// if the hub has not moved, that is the whole sync, one connection instead of two (a fetch
    /// and a push). If it has, libgit2 refuses the push on our side (not a fast-forward) or the
    /// hub does, and the usual round follows. True when the push went through.
    private func pushFirst(_ local: ObjectID?, _ settings: SyncSettings, _ transport: TransportSettings,
                           _ outcome: inout SyncOutcome) throws -> Bool {
        guard let local,
              let seen = try repository.referenceTarget(Self.hubMain),
              seen != local, try repository.isDescendant(local, of: seen) else { return false }
        do {
            try pushInOrder(local: local, hub: seen, settings, transport, &outcome)
        } catch TransportError.nonFastForward {
            return false
        }
        return true
    }

    /// A merge commit made by this sync and not yet on the hub, our side of it, and what it reported.
    private struct PendingMerge {
        let commit: ObjectID
        let ours: ObjectID
        var conflicts: [SyncOutcome.Conflict] = []
        var keptBoth: [String] = []
    }

    /// One fetch's worth of work: nothing, push, fast-forward, or merge and push.
    private func step(local: ObjectID?, hub: ObjectID?, redo: PendingMerge?, _ settings: SyncSettings,
                      _ transport: TransportSettings, _ outcome: inout SyncOutcome, _ pendingMerge: inout PendingMerge?) throws {
        let branch = try repository.headBranch()
        func push() throws {
            try repository.push(remote: SyncSettings.remoteName, settings: transport)
            outcome.pushed = true
        }
        guard let hub else {
            if local != nil { try push() }  // an empty hub: we publish the plan
            return
        }
        guard let local else {
            try update(branch, from: nil, to: hub)
            outcome.fastForwarded = true
            return
        }
        if local == hub { return }
        if try repository.isDescendant(local, of: hub) {
            return try pushInOrder(local: local, hub: hub, settings, transport, &outcome)
        }
        if try repository.isDescendant(hub, of: local) {
            try update(branch, from: local, to: hub)
            outcome.fastForwarded = true
            return
        }
        let ours = redo?.ours ?? local
        if try repository.isDescendant(hub, of: ours) {
            // Our side reached the hub another way: the refused merge is not needed any more.
            try update(branch, from: local, to: hub)
            outcome.fastForwarded = true
            return
        }
        if let redo {  // what the refused merge reported is replaced by what this one reports
            outcome.conflicts.removeAll { redo.conflicts.contains($0) }
            outcome.keptBoth.removeAll { redo.keptBoth.contains($0) }
        }
        let before = (outcome.conflicts, outcome.keptBoth)
        let merged = try merge(ours, hub, settings, &outcome)
        try update(branch, from: local, to: merged)
        outcome.mergeCommit = merged.description
        pendingMerge = PendingMerge(commit: merged, ours: ours,
                                    conflicts: outcome.conflicts.filter { !before.0.contains($0) },
                                    keptBoth: outcome.keptBoth.filter { !before.1.contains($0) })
        try push()
        pendingMerge = nil
    }

    /// The sync merge commits at HEAD that never reached the hub and merged an older state of it,
    /// unwound to our own side: redone, they become one merge onto the hub as it is now. Only a
    /// merge this code would make again, tree for tree, is unwound (not one amended by hand).
    private func leftoverMerge(_ local: ObjectID?, hub: ObjectID?, _ settings: SyncSettings) throws -> PendingMerge? {
        guard let local, let hub else { return nil }
        var found: PendingMerge?
        var current = local
        while true {
            let commit = try repository.commit(current)
            guard commit.parents.count == 2, commit.summary == Self.mergeSummary,
                  current != hub, !(try repository.isDescendant(hub, of: current)),
                  try commit.parents[1] == hub || repository.isDescendant(hub, of: commit.parents[1]) else { break }
            guard try mergedTree(commit.parents[0], commit.parents[1], settings).tree == commit.tree else { break }
            found = PendingMerge(commit: local, ours: commit.parents[0])
            current = commit.parents[0]
        }
        return found
    }

    static let mergeSummary = "Sync: merge the hub's changes"
    static let hubMain = "refs/remotes/\(SyncSettings.remoteName)/main"

    /// A hub commit whose tree would write outside the plan is refused before anything reads or
    /// writes it, and the hub's branch as last seen goes back to where it was: the next sync
    /// fetches it again and refuses again, and nothing here ever points at it.
    func refuseUnsafe(_ hub: ObjectID, seen: ObjectID?) throws {
        do {
            try repository.refuseUnsafeTree(hub)
        } catch let error as UnsafeHubTree {
            if let seen {
                try? repository.moveReference(Self.hubMain, to: seen, expecting: hub, message: "carnet sync: unsafe tree refused")
            } else {
                try? repository.deleteReference(Self.hubMain)
            }
            throw error
        }
    }

    /// The merged tree of our side and the hub's, by the hub merge policy (which also says what it decided).
    func mergedTree(_ ours: ObjectID, _ theirs: ObjectID, _ settings: SyncSettings) throws -> (tree: ObjectID, policy: HubMerge) {
        try Self.mergedTree(in: repository, ours, theirs, role: settings.roleName)
    }

    /// The one merge of a sync, here or on the hub (IncomingMerge): the same tree either way.
    static func mergedTree(in repository: Repository, _ ours: ObjectID, _ theirs: ObjectID, role: String) throws -> (tree: ObjectID, policy: HubMerge) {
        var policy = HubMerge(role: role, ours: try repository.commit(ours), theirs: try repository.commit(theirs))
        let tree = try repository.mergeTrees(ours: ours, theirs: theirs, decide: { try policy.decide($0) },
                                              amend: { try policy.amend($0) })
        return (tree, policy)
    }

    /// The merge commit's message: the summary, and the fields where the hub's value was kept.
    static func mergeMessage(_ conflicts: [SyncOutcome.Conflict]) -> String {
        var message = mergeSummary
        if !conflicts.isEmpty {
            message += "\n\nConflicts (the hub's value kept, ours in the records' conflicts):\n"
                + conflicts.map { "- \($0.path): \($0.field)" }.joined(separator: "\n")
        }
        return message
    }

    private func merge(_ local: ObjectID, _ hub: ObjectID, _ settings: SyncSettings, _ outcome: inout SyncOutcome) throws -> ObjectID {
        let (tree, policy) = try mergedTree(local, hub, settings)
        let author = (try? copy.author())
            ?? Signature(name: "Carnet (\(settings.roleName))", email: "carnet@\(settings.roleName).invalid")
        let message = Self.mergeMessage(policy.conflicts)
        let id = try repository.createCommit(tree: tree, parents: [local, hub], message: message, author: author, updateRef: nil)
        // Reported only once the merge is ours for good (a later round may redo it).
        outcome.conflicts += policy.conflicts.filter { !outcome.conflicts.contains($0) }
        outcome.keptBoth += policy.keptBoth.filter { !outcome.keptBoth.contains($0) }
        return id
    }

    /// Working tree first (journaled), then HEAD by compare-and-swap.
    func update(_ branch: String, from: ObjectID?, to: ObjectID) throws {
        try journal.write(from: from, to: to)
        do {
            try updateWorkingTree(from: from, to: to)
        } catch {
            journal.remove()
            throw error
        }
        do {
            try repository.moveReference(branch, to: to, expecting: from, message: "carnet sync")
        } catch {
            // Someone committed here meanwhile: put our files back and merge again.
            if let from { _ = try? repository.updateWorkingTree(from: to, to: from) }
            journal.remove()
            throw SyncFailure.headMoved
        }
        journal.remove()
    }

    /// Updates the working tree; when the hub's changes need the place of files the commit step
    /// kept back (the hub would refuse them), those are set aside first (SetAside: nothing lost)
    /// and put back as the last commit has them. Otherwise a kept-back edit of a file the hub
    /// also changed would stop every sync from then on.
    private func updateWorkingTree(from: ObjectID?, to: ObjectID) throws {
        do {
            try repository.updateWorkingTree(from: from, to: to)
        } catch let edited as EditedDuringUpdate where !edited.paths.isEmpty && edited.paths.allSatisfy({ keptBack[$0] != nil }) {
            let items = edited.paths.map { SetAside.Item(path: $0, content: copy.workTreeContent($0), reason: keptBack[$0]!) }
            setAsideFolders.append(try SetAside.save(items, in: copy, title: Catalogue.text("sync.set-aside-title")))
            for path in edited.paths { try copy.restoreFromHead(path) }
            setAsidePaths.formUnion(edited.paths)
            try repository.updateWorkingTree(from: from, to: to)
        }
    }

    /// git's own lock files left by a process killed in the middle of a write: they would block
    /// every later commit. Only called when the previous sync died holding our lock. A lock file
    /// is removed once it is two seconds old: libgit2 and git hold theirs for milliseconds, so a
    /// live command has finished by then and the file that is still there is an orphan.
    private func removeStaleGitLocks() {
        let git = URL(fileURLWithPath: repository.gitDirectory)
        let names = ["index.lock", "HEAD.lock", "config.lock", "packed-refs.lock",
                     "refs/heads/main.lock", "refs/remotes/\(SyncSettings.remoteName)/main.lock"]
        for name in names {
            let path = git.appendingPathComponent(name).path
            guard let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date else { continue }
            let age = Date().timeIntervalSince(modified)
            if age < 2 { Thread.sleep(forTimeInterval: 2 - age) }
            try? FileManager.default.removeItem(atPath: path)
        }
    }
}
