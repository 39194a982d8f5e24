import CGit2
import Foundation

extension Repository {
    /// The commits reachable from `tip` but not from any of `excluded` (git's `old..new`),
    /// oldest first: every commit a push brings, not only the net change.
    public func commits(from tip: ObjectID, excluding excluded: [ObjectID]) throws -> [CommitInfo] {
        var walker: OpaquePointer?
        try check("start commit walk", git_revwalk_new(&walker, pointer))
        defer { git_revwalk_free(walker) }
        let sorting = GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_REVERSE.rawValue
        try check("sort commits", git_revwalk_sorting(walker, sorting))
        var raw = tip.raw
        try check("walk from \(tip.short)", git_revwalk_push(walker, &raw))
        for id in excluded {
            var hidden = id.raw
            try check("hide \(id.short)", git_revwalk_hide(walker, &hidden))
        }
        var result: [CommitInfo] = []
        var oid = git_oid()
        while true {
            let step = git_revwalk_next(&oid, walker)
            if step == GIT_ITEROVER.rawValue { break }
            try check("walk commits", step)
            result.append(try lookupCommit(ObjectID(oid)).info)
        }
        return result
    }

    /// The paths a commit itself introduces. For an ordinary commit: what differs from its
    /// parent (everything, for a root commit). For a merge: only the paths whose content differs
    /// from every parent — a path taken unchanged from one side was written by that side's own
    /// commits, which are checked on their own; what the merge itself produced is on the merger.
    public func pathsIntroduced(by id: ObjectID) throws -> [String] {
        let commit = try lookupCommit(id)
        let tree = try commit.tree()
        let parentCount = git_commit_parentcount(commit.pointer)
        guard parentCount > 0 else { return try changedPaths(from: nil, to: tree) }
        var common: Set<String>?
        for index in 0..<parentCount {
            var parent: OpaquePointer?
            try check("read parent of \(id.short)", git_commit_parent(&parent, commit.pointer, index))
            let parentTree = try Commit(pointer: parent!, repository: self).tree()
            let changed = Set(try changedPaths(from: parentTree, to: tree))
            common = common.map { $0.intersection(changed) } ?? changed
            if common?.isEmpty == true { break }
        }
        return (common ?? []).sorted()
    }

    /// Paths that differ between two trees (nil: the empty tree), including mode changes.
    func changedPaths(from old: Tree?, to new: Tree) throws -> [String] {
        var options = git_diff_options()
        try check("diff options", git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)))
        // Type changes (a file becoming a symbolic link) must show as changes, not be hidden.
        options.flags |= GIT_DIFF_INCLUDE_TYPECHANGE.rawValue
        var diff: OpaquePointer?
        try check("diff trees", git_diff_tree_to_tree(&diff, pointer, old?.pointer, new.pointer, &options))
        defer { git_diff_free(diff) }
        var paths: [String] = []
        for i in 0..<git_diff_num_deltas(diff) {
            guard let delta = git_diff_get_delta(diff, i)?.pointee else { continue }
            if let path = delta.new_file.path ?? delta.old_file.path { paths.append(String(cString: path)) }
        }
        return paths
    }
}
