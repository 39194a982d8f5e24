import CGit2
import Foundation

/// One commit of history with the files it introduced (see `Repository.walkHistory`).
public struct HistoryEntry: Sendable {
    public var commit: CommitInfo
    public var changedPaths: [String]
    /// For each of `changedPaths`, in the same order, its blob at the commit and at the first
    /// parent: read from the tree bytes the walk compared, so a caller that wants a changed
    /// file's versions does not walk down both trees again (`Repository.blobID(of:at:)`).
    public var blobs: [BlobIDs] = []

    public init(commit: CommitInfo, changedPaths: [String], blobs: [BlobIDs] = []) {
        self.commit = commit
        self.changedPaths = changedPaths
        self.blobs = blobs
    }
}

/// A changed file's blob in a commit and in its first parent; nil where the path is absent
/// there or is not a blob (a folder, a submodule), as `Repository.blobID(of:at:)` says.
public struct BlobIDs: Sendable, Equatable {
    public let new: ObjectID?
    public let old: ObjectID?
}

/// The one history walker: `carnet log`, `carnet hub status` and the reports (ChangeHistory)
/// all read history through `walkHistory`, or, where one run has several readers of it (the
/// dashboard), through `HistoryWalk.changes`, which hands the same entries: both credit a change
/// through `ChangeCrediting`, so it is credited the same way everywhere.
///
/// How a change is credited: to the commit that introduced it.
/// - A commit with one parent introduced the files that differ from its parent; a root commit,
///   every file it holds.
/// - A merge introduced only the files that differ from EVERY parent: what the merge itself
///   wrote (a conflict settled, an edit made during the merge). A file the merge took as it was
///   on one side is not the merge's change: it is credited to the commit on that side that
///   wrote it, which the walk visits itself. So a ministry that merges the hub's main is never
///   credited with the other ministries' changes it brought, and they are not credited to it.
extension Repository {
    /// Walks history from HEAD (or from `start`) newest first (by commit time, and a commit always
    /// before its parents, even when both have the same time to the second), handing each
    /// commit and the paths it introduced (under the top-level folders `topLevel`; nil: all) to
    /// `visit`, until `visit` returns false, `maxCommits` commits have been read, or history
    /// ends. Commits that introduced nothing under `topLevel` are visited too (with no paths),
    /// for callers that list every commit; most skip them. Returns how many commits were read.
    ///
    /// Written for the reports, where a thousand-commitment plan with tens of thousands of
    /// commits must still make a dashboard in a second or two:
    /// - libgit2 reads the graph's commits before the first comes out whichever order is asked
    ///   (on Benchmarks' 20,000-commit plan, debug build, topological-and-time order showed no
    ///   measurable cost over time alone, for `carnet log --limit 3` and the dashboard); what
    ///   stopping early saves is reading and comparing trees, most of the cost;
    /// - it compares trees itself, on their raw bytes, descending only into folders whose id
    ///   changed (TreeCache), and keeps the last trees it read, since on a linear history each
    ///   commit's parent is the next commit walked;
    /// - with nothing to compare (`topLevel` empty: a caller that wants only the commits and
    ///   their dates), no tree is read at all (AsOf reads `HistoryWalk.commit`, which reads none);
    /// - the reports tell libgit2 once, before any thread starts, not to hash objects again as
    ///   they are read (`ObjectReading.trustOwnObjects()`, where the reason is given).
    ///
    /// `folders` (each `a/b/`) narrows `topLevel` further: only paths under them are compared, so
    /// one commitment's history does not read the other commitments' folders. `hiding`: commits
    /// reachable from these are not walked (what a caller already read, up to an older HEAD).
    @discardableResult
    public func walkHistory(from start: ObjectID? = nil, hiding: [ObjectID] = [], topLevel: Set<String>?, folders: [String]? = nil,
                            maxCommits: Int? = nil, _ visit: (HistoryEntry) throws -> Bool) throws -> Int {
        guard let walker = try RevisionWalk(self, from: start, hiding: hiding) else { return 0 }
        let crediting = try ChangeCrediting(repository: self, topLevel: topLevel, folders: folders)
        var read = 0
        while let id = walker.next() {
            if let maxCommits, read >= maxCommits { break }
            read += 1
            let commit = try lookupCommit(id).info
            let entry = try crediting.entry(commit) { try self.lookupCommit($0).treeID }
            if try !visit(entry) { break }
        }
        return read
    }

    /// The commits that introduced a change, newest first, as `walkHistory` credits them. With
    /// `pathPrefixes`, only commits that introduced a path under one of them (and only those
    /// paths); without, every commit (a merge that only joined two sides, with no paths).
    public func history(pathPrefixes: [String] = [], limit: Int? = nil) throws -> [HistoryEntry] {
        let topLevel: Set<String>? = pathPrefixes.isEmpty ? nil
            : Set(pathPrefixes.map { String($0.split(separator: "/", maxSplits: 1).first ?? "") })
        // Prefixes that are whole folders (`commitments/05/`): only those folders are compared.
        let folders: [String]? = pathPrefixes.isEmpty || !pathPrefixes.allSatisfy({ $0.hasSuffix("/") && !$0.hasPrefix("/") && !$0.contains("//") })
            ? nil : pathPrefixes
        var entries: [HistoryEntry] = []
        if let limit, limit <= 0 { return [] }
        try walkHistory(topLevel: topLevel, folders: folders) { entry in
            var entry = entry
            if !pathPrefixes.isEmpty {
                let kept = entry.changedPaths.indices.filter { i in pathPrefixes.contains { entry.changedPaths[i].hasPrefix($0) } }
                if kept.isEmpty { return true }
                entry.changedPaths = kept.map { entry.changedPaths[$0] }
                entry.blobs = kept.map { entry.blobs[$0] }
            }
            entries.append(entry)
            return limit.map { entries.count < $0 } ?? true
        }
        return entries
    }
}
