import Foundation
import Messages
import Git
import Records
import Workspace

extension SyncEngine {
    /// `carnet clone`: a new working copy of the hub's plan in `directory` (new or empty), with
    /// the settings every later sync uses. On failure nothing is left behind but what was there.
    public static func clone(_ settings: SyncSettings, into directory: String,
                             progress: (@Sendable (TransferProgress) -> Void)? = nil) -> SyncOutcome {
        var outcome = SyncOutcome(status: .inSync)
        let fm = FileManager.default
        let root = URL(fileURLWithPath: directory).standardizedFileURL
        let existed = fm.fileExists(atPath: root.path)
        var continuing = false
        // Only a folder this clone made or found empty is emptied again on failure: a folder
        // refused because it holds something is never touched.
        var ours = !existed
        var made: Repository?
        do {
            var repository: Repository
            if existed, !((try? fm.contentsOfDirectory(atPath: root.path)) ?? ["?"]).isEmpty {
                // A clone that was interrupted (killed, the laptop switched off) is continued: its
                // repository, and what its fetch had brought, are kept.
                guard let interrupted = interruptedClone(at: root) else {
                    throw SyncFailure.cannotCreate(Catalogue.text("sync.clone-not-empty", ["path": .text(root.path)]))
                }
                repository = interrupted
                continuing = true
                outcome.continuedClone = true
            } else {
                ours = true
                repository = try Repository.create(root.path)
                made = repository
            }
            try settings.write(to: repository)
            try checkOut(repository, settings: settings, root: root, outcome: &outcome, progress: progress, continuing: continuing)
        } catch {
            outcome.record(error)
            // Leave nothing half-made: the folder as it was (absent or empty; an interrupted clone
            // stays as it was, for the next try to continue).
            if continuing || !ours { return outcome }
            // A download cut after some of the hub's steps had arrived keeps them: the same clone
            // again continues from there instead of from the first byte.
            if let transport = error as? TransportError, outcome.status.isTemporary, let made,
               (try? made.referenceTarget(Repository.fetchedStepReference)) != nil {
                outcome.message = Catalogue.text("links.clone-kept", ["reason": .text(SyncOutcome.text(of: transport)), "path": .text(root.path)])
                return outcome
            }
            if existed {
                for name in (try? fm.contentsOfDirectory(atPath: root.path)) ?? [] {
                    try? fm.removeItem(at: root.appendingPathComponent(name))
                }
            } else {
                try? fm.removeItem(at: root)
            }
        }
        return outcome
    }

    /// Fetches the hub's main into a repository (settings written) and checks it out: the tree
    /// is judged before the first file is written. Shared by clone and join; `continuing` is an
    /// interrupted clone taken up again (its leftovers cleared first).
    static func checkOut(_ repository: Repository, settings: SyncSettings, root: URL, outcome: inout SyncOutcome,
                         progress: (@Sendable (TransferProgress) -> Void)? = nil, continuing: Bool = false) throws {
        var transport = settings.transport
        transport.progress = progress
        guard let hub = try SyncEngine.fetchMain(repository, transport) else {
            throw SyncFailure.notConfigured(
                Catalogue.text("sync.clone-empty-hub", ["hub": .text(settings.hub)]))
        }
        outcome.fetched = true
        try repository.refuseUnsafeTree(hub)  // before the first file is written
        if continuing { try clearLeftovers(of: root, for: try repository.files(at: hub).map(\.path), in: repository) }
        try repository.updateWorkingTree(from: nil, to: hub)
        try repository.moveReference(try repository.headBranch(), to: hub, expecting: nil, message: "carnet clone")
        outcome.fastForwarded = true
        outcome.head = hub.description
        outcome.hubHead = hub.description
        if !FileManager.default.fileExists(atPath: root.appendingPathComponent(PlanLayout.planFile).path) {
            outcome.status = .invalidRecords
            outcome.message = Catalogue.text("sync.clone-no-plan")
        }
    }

    /// The repository of a clone that did not finish in `root`: a working copy's .git attached to
    /// a hub (carnet.hub), whose branch has no commit yet (a clone moves it last), and nothing in
    /// the folder but that .git, files of the plan and temporary files of the work-tree writer.
    /// nil for anything else (a copy in use, another folder): those are never touched.
    static func interruptedClone(at root: URL) -> Repository? {
        let git = root.appendingPathComponent(".git")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: git.path, isDirectory: &isDirectory), isDirectory.boolValue,
              let repository = try? Repository.open(root.path, searchParents: false),
              URL(fileURLWithPath: repository.gitDirectory).standardizedFileURL.path == git.standardizedFileURL.path,
              (try? repository.configString("carnet.hub")) != nil,
              (try? repository.headCommitID()) == .some(nil) else { return nil }
        return repository
    }

    /// Before an interrupted clone's work tree is written: its temporary files go, and so do the
    /// plan's files it had written (they are written again from the hub's tree: a file written
    /// before the hub moved would otherwise read as an edit). A file the clone wrote holds a blob
    /// it had fetched: a file of the plan's name whose bytes are no object of the repository is
    /// the person's (a hub chooses its tree's names, not what is on the disk). Anything else in
    /// the folder stops the clone, nothing removed: it is not the clone's.
    static func clearLeftovers(of root: URL, for paths: [String], in repository: Repository) throws {
        let fm = FileManager.default
        let plan = Set(paths)
        var folders: Set<String> = []
        for path in paths {
            var parts = path.split(separator: "/").dropLast()
            while !parts.isEmpty { folders.insert(parts.joined(separator: "/")); parts = parts.dropLast() }
        }
        var files: [String] = []
        guard let walker = fm.enumerator(atPath: root.path) else { return }
        while let relative = walker.nextObject() as? String {
            if relative == ".git" || relative.hasPrefix(".git/") { walker.skipDescendants(); continue }
            let name = (relative as NSString).lastPathComponent
            let type = (walker.fileAttributes?[.type] as? FileAttributeType)
            if type == .typeDirectory {
                guard folders.contains(relative) else {
                    throw SyncFailure.cannotCreate(Catalogue.text("sync.clone-foreign-item", ["path": .text(root.path), "item": .text(relative + "/")]))
                }
                continue
            }
            let temporary = name.hasPrefix(".carnet-") && name.hasSuffix(".tmp")
            guard type == .typeRegular, temporary || (plan.contains(relative) && wroteIt(root.appendingPathComponent(relative), repository)) else {
                throw SyncFailure.cannotCreate(Catalogue.text("sync.clone-foreign-item", ["path": .text(root.path), "item": .text(relative)]))
            }
            files.append(relative)
        }
        for relative in files { try fm.removeItem(at: root.appendingPathComponent(relative)) }
    }

    /// Whether a file's bytes are a blob the repository holds (mapped, not read: a person's file
    /// may be large).
    private static func wroteIt(_ file: URL, _ repository: Repository) -> Bool {
        guard let data = try? Data(contentsOf: file, options: .alwaysMapped),
              let id = try? Repository.blobID(of: data) else { return false }
        return repository.hasObject(id)
    }
}
