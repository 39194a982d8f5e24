import Foundation

/// What one commit introduced, by the rule `walkHistory` documents (a merge only with what
/// differs from every parent): one implementation for the walk of one reader
/// (`Repository.walkHistory`) and the walk shared by several (`HistoryWalk.changes`).
final class ChangeCrediting {
    private let trees: TreeCache
    private let scope: TreeCache.Scope?

    /// `topLevel`, `folders`: as `walkHistory` takes them. Trees are read through `repository`.
    init(repository: Repository, topLevel: Set<String>?, folders: [String]?) throws {
        scope = folders.map { TreeCache.Scope(folders: $0) } ?? topLevel.map { TreeCache.Scope(topLevel: $0) }
        trees = try TreeCache(repository: repository)
    }

    /// Nothing is compared (`topLevel` empty): only commits and their dates are wanted.
    var comparesNothing: Bool { scope?.isEmpty == true }

    /// The commit with the files it introduced. `parentTree`: a parent commit's tree id.
    func entry(_ commit: CommitInfo, parentTree: (ObjectID) throws -> ObjectID) throws -> HistoryEntry {
        if comparesNothing { return HistoryEntry(commit: commit, changedPaths: []) }
        let newRoot = try trees.tree(commit.tree)
        var paths: [String] = []
        var blobs: [BlobIDs] = []
        if commit.parents.isEmpty {
            try trees.compare(newRoot, nil, prefix: "", scope: scope, into: &paths, ids: &blobs)
        } else {
            // The paths that differ from every parent, in the first parent's order.
            var common: Set<String>?
            for (index, parentID) in commit.parents.enumerated() {
                let oldRoot = try trees.tree(try parentTree(parentID))
                var differing: [String] = []
                if index == 0 {
                    try trees.compare(newRoot, oldRoot, prefix: "", scope: scope, into: &differing, ids: &blobs)
                    paths = differing
                    common = Set(differing)
                } else {
                    try trees.compare(newRoot, oldRoot, prefix: "", scope: scope, into: &differing)
                    common!.formIntersection(differing)
                }
                if common!.isEmpty { break }
            }
            if commit.parents.count > 1 {
                let kept = paths.indices.filter { common!.contains(paths[$0]) }
                paths = kept.map { paths[$0] }
                blobs = kept.map { blobs[$0] }
            }
        }
        return HistoryEntry(commit: commit, changedPaths: paths, blobs: blobs)
    }
}
