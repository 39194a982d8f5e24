import CGit2
import Foundation

extension Repository {
    /// Walks history from HEAD newest first, handing each non-merge commit and the paths it
    /// changed (under the top-level folders `topLevel`) to `visit`, until `visit` returns false,
    /// `maxCommits` commits have been read, or history ends. Returns how many were read.
    ///
    /// Written for the reports (Report module), where a thousand-commitment plan with tens of
    /// thousands of commits must still make a dashboard in a second or two:
    /// - it sorts by time only: topological sorting makes libgit2 read the whole graph before
    ///   the first commit comes out, by time it reads lazily, so stopping early saves the rest;
    /// - it compares trees itself, entry ids first, descending only into folders whose id
    ///   changed (a commit that touches one commitment costs one pass over the `commitments`
    ///   folder's entries, not a diff with path matching), and keeps the last trees it read,
    ///   since on a linear history each commit's parent is the next commit walked (libgit2 does
    ///   not cache trees over 4 KiB, and a thousand-entry folder is bigger);
    /// - merge commits are skipped: their diff against the first parent repeats the other
    ///   side's commits, which the walk visits themselves, so each change is credited once.
    @discardableResult
    public func walkHistory(topLevel: Set<String>, maxCommits: Int? = nil,
                            _ visit: (HistoryEntry) throws -> Bool) throws -> Int {
        guard let head = try headCommitID() else { return 0 }
        var walker: OpaquePointer?
        try check("start history walk", git_revwalk_new(&walker, pointer))
        defer { git_revwalk_free(walker) }
        try check("sort history", git_revwalk_sorting(walker, GIT_SORT_TIME.rawValue))
        var headRaw = head.raw
        try check("walk from HEAD", git_revwalk_push(walker, &headRaw))

        let trees = TreeCache(repository: self)
        var read = 0
        var oid = git_oid()
        while git_revwalk_next(&oid, walker) == 0 {
            if let maxCommits, read >= maxCommits { break }
            read += 1
            let commit = try lookupCommit(ObjectID(oid))
            let parents = git_commit_parentcount(commit.pointer)
            if parents > 1 { continue }
            let newRoot = try trees.tree(ObjectID(git_commit_tree_id(commit.pointer)))
            var oldRoot: TreeCache.Handle?
            if parents == 1, let parentID = git_commit_parent_id(commit.pointer, 0) {
                let parent = try lookupCommit(ObjectID(parentID))
                oldRoot = try trees.tree(ObjectID(git_commit_tree_id(parent.pointer)))
            }
            var paths: [String] = []
            try trees.compare(newRoot, oldRoot, prefix: "", only: topLevel, into: &paths)
            if paths.isEmpty { continue }
            if try !visit(HistoryEntry(commit: commit.info, changedPaths: paths)) { break }
        }
        return read
    }
}

/// The few trees a walk reads again (a commit's, then the same as its child's parent).
private final class TreeCache {
    final class Handle {
        let pointer: OpaquePointer
        let id: ObjectID
        init(pointer: OpaquePointer, id: ObjectID) { self.pointer = pointer; self.id = id }
        deinit { git_tree_free(pointer) }
    }

    let repository: Repository
    private var recent: [Handle] = []
    private let capacity = 8

    init(repository: Repository) { self.repository = repository }

    func tree(_ id: ObjectID) throws -> Handle {
        if let hit = recent.first(where: { $0.id == id }) { return hit }
        var raw = id.raw
        var tree: OpaquePointer?
        try check("read tree \(id.short)", git_tree_lookup(&tree, repository.pointer, &raw))
        let handle = Handle(pointer: tree!, id: id)
        recent.append(handle)
        if recent.count > capacity { recent.removeFirst() }
        return handle
    }

    private struct Item {
        let name: String
        let id: git_oid
        let isTree: Bool
    }

    private func items(_ tree: Handle?) -> [Item] {
        guard let tree else { return [] }
        return (0..<git_tree_entrycount(tree.pointer)).compactMap { i in
            guard let entry = git_tree_entry_byindex(tree.pointer, i) else { return nil }
            return Item(name: String(cString: git_tree_entry_name(entry)), id: git_tree_entry_id(entry).pointee,
                        isTree: git_tree_entry_type(entry) == GIT_OBJECT_TREE)
        }
    }

    /// Appends the paths of files that differ between `new` and `old` (either may be absent).
    /// `only`: at this level, look only at entries with these names (nil: all).
    func compare(_ new: Handle?, _ old: Handle?, prefix: String, only: Set<String>?, into paths: inout [String]) throws {
        if let new, let old, new.id == old.id { return }
        if only == nil, let new, let old, try compareAligned(new, old, prefix: prefix, into: &paths) { return }
        var oldItems: [String: Item] = [:]
        for item in items(old) where only?.contains(item.name) ?? true { oldItems[item.name] = item }
        for item in items(new) where only?.contains(item.name) ?? true {
            let before = oldItems.removeValue(forKey: item.name)
            if let before, before.isTree == item.isTree, ObjectID(before.id) == ObjectID(item.id) { continue }
            try changed(prefix + item.name, new: item, old: before, into: &paths)
        }
        for item in oldItems.values.sorted(by: { $0.name < $1.name }) {
            try changed(prefix + item.name, new: nil, old: item, into: &paths)
        }
    }

    /// The common case without allocating a string per entry: both folders list the same
    /// names in the same order, and only ids differ. Returns false when the names differ.
    private func compareAligned(_ new: Handle, _ old: Handle, prefix: String, into paths: inout [String]) throws -> Bool {
        let count = git_tree_entrycount(new.pointer)
        guard count == git_tree_entrycount(old.pointer) else { return false }
        var differing: [Int] = []
        for i in 0..<count {
            guard let a = git_tree_entry_byindex(new.pointer, i), let b = git_tree_entry_byindex(old.pointer, i),
                  strcmp(git_tree_entry_name(a), git_tree_entry_name(b)) == 0 else { return false }
            if git_oid_equal(git_tree_entry_id(a), git_tree_entry_id(b)) == 0 || git_tree_entry_type(a) != git_tree_entry_type(b) {
                differing.append(i)
            }
        }
        for i in differing {
            let a = git_tree_entry_byindex(new.pointer, i)!, b = git_tree_entry_byindex(old.pointer, i)!
            let name = String(cString: git_tree_entry_name(a))
            try changed(prefix + name,
                        new: Item(name: name, id: git_tree_entry_id(a).pointee, isTree: git_tree_entry_type(a) == GIT_OBJECT_TREE),
                        old: Item(name: name, id: git_tree_entry_id(b).pointee, isTree: git_tree_entry_type(b) == GIT_OBJECT_TREE),
                        into: &paths)
        }
        return true
    }

    private func changed(_ path: String, new: Item?, old: Item?, into paths: inout [String]) throws {
        let newTree = try new.flatMap { $0.isTree ? try tree(ObjectID($0.id)) : nil }
        let oldTree = try old.flatMap { $0.isTree ? try tree(ObjectID($0.id)) : nil }
        if newTree != nil || oldTree != nil {
            try compare(newTree, oldTree, prefix: path + "/", only: nil, into: &paths)
        }
        if (new != nil && !new!.isTree) || (old != nil && !old!.isTree) { paths.append(path) }
    }
}
