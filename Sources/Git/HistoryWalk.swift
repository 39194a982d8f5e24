import CGit2
import Foundation

/// libgit2's walk of history from a commit, in `walkHistory`'s order: newest first by commit
/// time, and a commit always before its parents. libgit2 reads every commit of the graph
/// before the first comes out (any sorted walk does), so a run that needs history twice should
/// walk it once (HistoryWalk).
final class RevisionWalk {
    private var walker: OpaquePointer?

    /// nil when there is nothing to walk (an unborn branch).
    init?(_ repository: Repository, from start: ObjectID?, hiding: [ObjectID]) throws {
        guard let head = try start ?? repository.headCommitID() else { return nil }
        try check("start history walk", git_revwalk_new(&walker, repository.pointer))
        try check("sort history", git_revwalk_sorting(walker, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue))
        var headRaw = head.raw
        try check("walk from \(head.short)", git_revwalk_push(walker, &headRaw))
        for hidden in hiding {
            var raw = hidden.raw
            try check("walk from \(head.short) without \(hidden.short)", git_revwalk_hide(walker, &raw))
        }
    }

    deinit { git_revwalk_free(walker) }

    /// The next commit; nil at the end of history (or where libgit2 cannot go on, as before).
    func next() -> ObjectID? {
        var oid = git_oid()
        return git_revwalk_next(&oid, walker) == 0 ? ObjectID(oid) : nil
    }
}

/// History from HEAD read once for every reader of one run, each at its own pace: the dashboard
/// reads its changes on one thread (`changes`) while the main thread looks for the commit
/// standing at the end of each past reporting period and of an `--as-of` day (AsOf). Before,
/// each made its own libgit2 walk, and each walk read the whole graph of commits first.
///
/// The commits are kept in the walk's order as they are read; whoever needs one further than
/// read so far reads on (under the lock), so no reader waits for another's tree comparisons.
public final class HistoryWalk: @unchecked Sendable {
    private let lock = NSLock()
    /// Used under the lock only; nil once the walk is closed.
    private var repository: Repository?
    private var walker: RevisionWalk?
    private var started = false
    private var read: [CommitInfo] = []
    private var failure: Error?
    /// The repository's `.git` folder, for readers that compare trees with their own handle.
    public let gitDirectory: String
    /// Its working tree (nil for a bare repository), with a trailing slash.
    public let workdir: String?

    /// The walk of `repository`'s history from HEAD. The walk reads through this handle under
    /// its own lock: give it one no other thread uses while the walk is read.
    public init(repository: Repository) {
        self.repository = repository
        gitDirectory = repository.gitDirectory
        workdir = repository.workdir
    }

    /// The walk of history from HEAD of the repository holding `path` (searching upwards, as
    /// git does); nil where there is none.
    public static func open(_ path: String) -> HistoryWalk? {
        (try? Repository.open(path)).map { HistoryWalk(repository: $0) }
    }

    /// Whether this is the walk of `repository`'s history (the same `.git` folder).
    public func isWalk(of repository: Repository) -> Bool {
        repository.gitDirectory == gitDirectory
    }

    /// The commit at `index` in the walk's order (0: HEAD); nil past the oldest commit.
    public func commit(_ index: Int) throws -> CommitInfo? {
        lock.lock()
        defer { lock.unlock() }
        while read.count <= index {
            if let failure { throw failure }
            if !started, let repository {
                started = true
                do { walker = try RevisionWalk(repository, from: nil, hiding: []) } catch { failure = error; throw error }
            }
            guard let repository else { throw GitError(operation: "walk history", code: .invalid, message: "the walk is closed") }
            guard let id = walker?.next() else {
                walker = nil
                return nil
            }
            do { read.append(try repository.lookupCommit(id).info) } catch { failure = error; walker = nil; throw error }
        }
        return read[index]
    }

    /// Frees what the walk holds (libgit2's graph of every commit, its handle's cache of objects,
    /// the commits read) once every reader is done: a dashboard's pages are written after, and
    /// its peak memory is then. Reading further afterwards is an error.
    public func close() {
        lock.lock()
        defer { lock.unlock() }
        walker = nil
        read = []
        repository = nil
        started = true
    }
}

extension HistoryWalk {
    /// What `Repository.walkHistory(topLevel:maxCommits:)` hands, read from this walk: the same
    /// entries in the same order, and the same count returned. Trees are compared through a
    /// handle of the reader's own (libgit2 handles are not shared between threads); a commit's
    /// parent is most often the next commit walked, whose tree id is known already.
    ///
    /// `comparing`: false for a commit whose changes the reader has no use for (one dated after
    /// the day a report is about), handed with no paths and its trees left unread.
    @discardableResult
    public func changes(topLevel: Set<String>?, maxCommits: Int? = nil, comparing: (CommitInfo) -> Bool = { _ in true },
                        _ visit: (HistoryEntry) throws -> Bool) throws -> Int {
        let reader = try Repository.open(gitDirectory, searchParents: false)
        let crediting = try ChangeCrediting(repository: reader, topLevel: topLevel, folders: nil)
        var read = 0
        while let commit = try commit(read) {
            if let maxCommits, read >= maxCommits { break }
            read += 1
            let next = read
            let entry = comparing(commit)
                ? try crediting.entry(commit) { parent in
                    if let child = try self.commit(next), child.id == parent { return child.tree }
                    return try reader.lookupCommit(parent).treeID
                }
                : HistoryEntry(commit: commit, changedPaths: [])
            if try !visit(entry) { break }
        }
        return read
    }
}
