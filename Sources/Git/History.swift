import CGit2
import Foundation

/// One commit of history with the files it changed against its first parent.
public struct HistoryEntry: Sendable {
    public var commit: CommitInfo
    public var changedPaths: [String]
}

extension Repository {
    /// Walks history from HEAD, newest first. With `pathPrefixes`, keeps only commits that
    /// changed a path under one of them (diffed against the first parent).
    public func history(pathPrefixes: [String] = [], limit: Int? = nil) throws -> [HistoryEntry] {
        guard let head = try headCommitID() else { return [] }
        var walker: OpaquePointer?
        try check("start history walk", git_revwalk_new(&walker, pointer))
        defer { git_revwalk_free(walker) }
        try check("sort history", git_revwalk_sorting(walker, GIT_SORT_TIME.rawValue | GIT_SORT_TOPOLOGICAL.rawValue))
        var headRaw = head.raw
        try check("walk from HEAD", git_revwalk_push(walker, &headRaw))

        var entries: [HistoryEntry] = []
        var oid = git_oid()
        while git_revwalk_next(&oid, walker) == 0 {
            let commit = try lookupCommit(ObjectID(oid))
            let paths = try changedPaths(of: commit, under: pathPrefixes)
            if !pathPrefixes.isEmpty && paths.isEmpty { continue }
            entries.append(HistoryEntry(commit: commit.info, changedPaths: paths))
            if let limit, entries.count >= limit { break }
        }
        return entries
    }

    /// Paths a commit changed against its first parent (against nothing for a root commit).
    func changedPaths(of commit: Commit, under prefixes: [String]) throws -> [String] {
        let newTree = try commit.tree()
        var oldTree: Tree?
        if git_commit_parentcount(commit.pointer) > 0 {
            var parent: OpaquePointer?
            try check("read parent", git_commit_parent(&parent, commit.pointer, 0))
            let parentCommit = Commit(pointer: parent!, repository: self)
            oldTree = try parentCommit.tree()
        }
        var options = git_diff_options()
        try check("diff options", git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)))
        var diff: OpaquePointer?
        let cStrings = prefixes.map { strdup($0) }
        defer { cStrings.forEach { free($0) } }
        var array = cStrings
        let result: Int32 = array.withUnsafeMutableBufferPointer { buffer in
            options.pathspec = git_strarray(strings: buffer.baseAddress, count: buffer.count)
            return git_diff_tree_to_tree(&diff, pointer, oldTree?.pointer, newTree.pointer, &options)
        }
        try check("diff \(commit.id.short)", result)
        defer { git_diff_free(diff) }
        var paths: [String] = []
        for i in 0..<git_diff_num_deltas(diff) {
            guard let delta = git_diff_get_delta(diff, i) else { continue }
            let file = delta.pointee.new_file.path ?? delta.pointee.old_file.path
            if let file { paths.append(String(cString: file)) }
        }
        return paths
    }
}
