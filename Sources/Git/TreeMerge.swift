import CGit2
import Foundation

/// A path that both sides of a merge changed (or that libgit2 could not merge).
public struct MergeEntry: Sendable {
    public var path: String
    public var base: Data?
    public var ours: Data?
    public var theirs: Data?
    /// libgit2 left a conflict here: its result at this path is not usable as is.
    public var conflicted: Bool
}

/// What to put in the merged tree for a MergeEntry.
public enum MergeResolution: Sendable {
    /// Keep libgit2's clean result (only valid when the entry is not conflicted).
    case useMerged
    /// Write these paths (nil content removes the path): one path, or several when two
    /// different files met at one path and both are kept under different names.
    case write([(path: String, content: Data?)])
}

/// The merged tree before it is written: what changed on either side, and the merged content of
/// any path, so that checks spanning several files can run on the result (and amend it).
public struct MergedTree {
    /// Paths changed since the merge base on our side or theirs.
    public let changedPaths: Set<String>
    let readPath: (String) throws -> Data?
    /// The merged content at `path` (nil when the merge removes it).
    public func read(_ path: String) throws -> Data? { try readPath(path) }
}

extension Repository {
    /// Merges two commits into a tree, without touching the working tree or any reference.
    ///
    /// libgit2 runs no merge drivers, and its line merge of a YAML file can produce a file that
    /// parses but means something else. So every path changed on *both* sides (clean or not in
    /// libgit2's eyes) goes to `decide`, and its answer replaces libgit2's in the in-memory index:
    /// blobs written, conflict entries removed, entries added, then the tree written into the
    /// repository (the index from git_merge_commits has none of its own).
    /// Once every path is decided, `amend` sees the merged tree and may replace files (checks that
    /// span files: a progress record and the commitment it reports on, merged separately).
    ///
    /// `base`, when given, replaces the merge base: merging `theirs` into `ours` from `base`
    /// applies the change base→theirs onto ours (a cherry-pick: replaying one commit elsewhere).
    public func mergeTrees(ours: ObjectID, theirs: ObjectID, base explicitBase: ObjectID? = nil,
                           decide: (MergeEntry) throws -> MergeResolution,
                           amend: (MergedTree) throws -> [(path: String, content: Data?)] = { _ in [] }) throws -> ObjectID {
        let ourCommit = try lookupCommit(ours)
        let theirCommit = try lookupCommit(theirs)
        var options = git_merge_options()
        try check("merge options", git_merge_options_init(&options, UInt32(GIT_MERGE_OPTIONS_VERSION)))
        options.flags = 0  // no rename detection: paths are identities here
        let baseTree = try (explicitBase ?? mergeBase(ours, theirs)).map { try lookupCommit($0).tree() }
        let ourTree = try ourCommit.tree(), theirTree = try theirCommit.tree()
        var rawIndex: OpaquePointer?
        if explicitBase != nil {
            try check("apply \(theirs.short) onto \(ours.short)",
                      git_merge_trees(&rawIndex, pointer, baseTree?.pointer, ourTree.pointer, theirTree.pointer, &options))
        } else {
            try check("merge \(ours.short) and \(theirs.short)",
                      git_merge_commits(&rawIndex, pointer, ourCommit.pointer, theirCommit.pointer, &options))
        }
        let index = Index(pointer: rawIndex!)

        let ourChanges = Dictionary(try treeChanges(from: baseTree, to: ourTree).map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        let theirChanges = Dictionary(try treeChanges(from: baseTree, to: theirTree).map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        let conflicted = try conflictedPaths(index)
        var paths = Set(conflicted)
        for (path, change) in ourChanges {
            if let other = theirChanges[path], other.new != change.new { paths.insert(path) }
        }

        for path in paths.sorted() {
            let entry = MergeEntry(
                path: path,
                base: try baseTree?.blobID(at: path).map(blobData),
                ours: try ourTree.blobID(at: path).map(blobData),
                theirs: try theirTree.blobID(at: path).map(blobData),
                conflicted: conflicted.contains(path))
            switch try decide(entry) {
            case .useMerged:
                guard !entry.conflicted else {
                    throw GitError(operation: "merge \(path)", code: .mergeConflict, message: "left in conflict")
                }
            case .write(let files):
                let removed = git_index_conflict_remove(index.pointer, path)
                if removed != GIT_ENOTFOUND.rawValue { try check("clear the conflict at \(path)", removed) }
                for file in files { try put(file.content, at: file.path, in: index) }
            }
        }
        if git_index_has_conflicts(index.pointer) != 0 {
            let left = try conflictedPaths(index)
            throw GitError(operation: "merge", code: .mergeConflict, message: "unresolved: \(left.joined(separator: ", "))")
        }
        let merged = MergedTree(changedPaths: Set(ourChanges.keys).union(theirChanges.keys)) { path in
            guard let entry = git_index_get_bypath(index.pointer, path, 0) else { return nil }
            return try self.blobData(ObjectID(entry.pointee.id))
        }
        for file in try amend(merged) { try put(file.content, at: file.path, in: index) }
        var tree = git_oid()
        try check("write the merged tree", git_index_write_tree_to(&tree, index.pointer, pointer))
        return ObjectID(tree)
    }

    /// Writes a blob and stages it at `path` (stage 0), or removes the path (a merge; the
    /// first commit of files held in memory, FirstCommit).
    func put(_ content: Data?, at path: String, in index: Index) throws {
        guard let content else {
            let result = git_index_remove(index.pointer, path, 0)
            if result != GIT_ENOTFOUND.rawValue { try check("remove \(path) from the merge", result) }
            return
        }
        var blob = git_oid()
        let written = content.withUnsafeBytes { git_blob_create_from_buffer(&blob, pointer, $0.baseAddress, $0.count) }
        try check("write \(path)", written)
        var entry = git_index_entry()
        entry.mode = 0o100644
        entry.id = blob
        entry.file_size = UInt32(truncatingIfNeeded: content.count)
        try path.withCString { cPath in
            entry.path = cPath
            try check("stage \(path) in the merge", git_index_add(index.pointer, &entry))
        }
    }

    private func conflictedPaths(_ index: Index) throws -> [String] {
        var iterator: OpaquePointer?
        try check("list conflicts", git_index_conflict_iterator_new(&iterator, index.pointer))
        defer { git_index_conflict_iterator_free(iterator) }
        var ancestor: UnsafePointer<git_index_entry>?, our: UnsafePointer<git_index_entry>?, their: UnsafePointer<git_index_entry>?
        var paths: [String] = []
        while git_index_conflict_next(&ancestor, &our, &their, iterator) == 0 {
            if let p = (our ?? their ?? ancestor)?.pointee.path { paths.append(String(cString: p)) }
        }
        return paths
    }
}
