import Foundation
import Git
import Messages
import Hub
import Records
import Workspace

/// What `carnet rescue` did.
public struct RescueOutcome: Codable, Sendable {
    /// Local commits made again on the hub's main (their subjects).
    public var replayed: [String] = []
    /// Changes the hub would refuse, set aside: path and reason.
    public var setAside: [SetAsideLine] = []
    /// The folder that holds them (carnet-set-aside/…), relative to the copy.
    public var folder: String?
    /// Commits whose author was not a member of this copy's ministry, now signed by this copy's author.
    public var authorReplaced: [String] = []
    /// Where the copy's history before the rescue is kept (nothing is lost).
    public var keptAt: String?
    /// The sync that followed.
    public var sync: SyncOutcome
    public var message: String?

    public struct SetAsideLine: Codable, Sendable {
        public var path: String
        public var reason: String
    }

    public var exitCode: Int32 { sync.exitCode }
}

extension SyncEngine {
    /// For a copy whose commits the hub refused: rebuilds its unsent work on the hub's current
    /// main. Every local change the hub would accept is made again as a new commit (author and
    /// message kept); every change it would refuse is set aside in the copy (SetAside, with the
    /// reason and how to send it on) and left out of history; then it syncs. Nothing is lost:
    /// the old history stays in `refs/carnet/rescued/…`.
    public func rescue() -> RescueOutcome {
        var out = RescueOutcome(sync: SyncOutcome(status: .inSync))
        do {
            let lock = try SyncLock(gitDirectory: repository.gitDirectory)
            defer { lock.release() }
            try journal.recover(repository)
            guard let settings = try settings() else {
                out.sync = SyncOutcome(status: .notConfigured, message: Catalogue.text("sync.rescue.no-hub"))
                return out
            }
            try repository.setRemote(SyncSettings.remoteName, url: SyncSettings.normalisedHub(settings.hub))
            // The hub as it is now when it can be reached; as last seen otherwise.
            do { _ = try repository.fetch(remote: SyncSettings.remoteName, settings: settings.transport) } catch {
                out.message = Catalogue.text("sync.rescue.unreachable")
            }
            // Edits not committed yet: committed first when the hub would take them (the others
            // stay in the work tree, kept back as sync keeps them).
            let pending = try copy.commitPending(message: nil, judge: HubRules())
            keptBack = Dictionary(pending.refused.compactMap { file in
                file.diagnostics.first { $0.message.hasPrefix(WorkingCopy.hubWouldRefuse) }.map { (file.path, $0.message) }
            }, uniquingKeysWith: { a, _ in a })
            try rebuild(settings, &out)
        } catch {
            out.sync.record(error)
            return out
        }
        out.sync = sync()
        return out
    }

    private func rebuild(_ settings: SyncSettings, _ out: inout RescueOutcome) throws {
        guard let hub = try repository.referenceTarget("refs/remotes/\(SyncSettings.remoteName)/main"),
              let head = try repository.headCommitID(),
              head != hub, !(try repository.isDescendant(hub, of: head)) else {
            out.message = out.message ?? Catalogue.text("sync.rescue.nothing")
            return
        }
        let replay = Replay(repository: repository, copy: copy, role: settings.roleName)
        let writer = try copy.writer() ?? (settings.ministry.map { .ministry($0) } ?? .pointOfContact)
        var members: Set<String>?
        if let ministry = writer.ministryID {
            let path = PlanLayout.ministryFile(ministry)
            let people = try repository.fileData(path, at: hub).flatMap {
                Ministry.read(RecordSource(bytes: [UInt8]($0), path: path), expectedID: ministry)?.members
            } ?? []
            members = Set(people.compactMap { $0.email?.lowercased() })
        }
        let result = try replay.replay(try replay.unsent(head: head, base: hub), onto: hub, judge: writer,
                                       author: try? copy.author(), members: members)
        if !result.setAside.isEmpty {
            out.folder = try SetAside.save(result.setAside, in: copy, title: Catalogue.text("sync.rescue.set-aside-title"))
            out.setAside = result.setAside.map { .init(path: $0.path, reason: $0.reason) }
        }
        let kept = "refs/carnet/rescued/\(head.description)"
        try? repository.moveReference(kept, to: head, expecting: nil, message: "carnet rescue")
        out.keptAt = kept
        try update(try repository.headBranch(), from: head, to: result.tip)
        out.replayed = result.replayed.map(\.summary)
        out.authorReplaced = result.authorReplaced.map(\.summary)
    }
}
