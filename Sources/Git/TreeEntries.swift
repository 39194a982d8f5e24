import CGit2
import Foundation

extension Repository {
    /// Every entry of a commit's tree, recursively, folders before what they hold. Each distinct
    /// subtree is listed once, under the first path it is found at: every rule about names and
    /// modes is per entry, so a tree that repeats one subtree a million times (cheap to serve,
    /// it is one object) costs one visit, not a million.
    public func treeEntries(ofCommit commitID: ObjectID) throws -> [TreeEntry] {
        var seen: Set<ObjectID> = []
        return try treeEntries(ofCommit: commitID, skipping: &seen)
    }

    /// The same, skipping the folders in `seen` (and adding those it visits): the commits of a
    /// push share most of their folders, and each is judged once.
    public func treeEntries(ofCommit commitID: ObjectID, skipping seen: inout Set<ObjectID>) throws -> [TreeEntry] {
        var out: [TreeEntry] = []
        // An explicit stack: a hostile tree may nest deeper than the thread's stack would allow.
        let root = try lookupCommit(commitID).tree()
        guard seen.insert(ObjectID(git_tree_id(root.pointer))).inserted else { return [] }
        var pending: [(tree: Tree, prefix: String)] = [(root, "")]
        while let (tree, prefix) = pending.popLast() {
            for i in 0..<git_tree_entrycount(tree.pointer) {
                guard let entry = git_tree_entry_byindex(tree.pointer, i) else { continue }
                let item = TreeReader.entry(entry, prefix: prefix)
                out.append(item)
                let path = item.path
                guard item.kind == .folder, seen.insert(item.id).inserted else { continue }
                var subtree: OpaquePointer?
                try check("read folder \(path)", git_tree_lookup(&subtree, pointer, git_tree_entry_id(entry)))
                pending.append((Tree(pointer: subtree!, repository: self), path + "/"))
            }
        }
        return out
    }
}
