import CGit2
import Foundation

extension Repository {
    /// Every entry of a commit's tree, recursively, folders before what they hold. Each distinct
    /// subtree is listed once, under the first path it is found at: every rule about names and
    /// modes is per entry, so a tree that repeats one subtree a million times (cheap to serve,
    /// it is one object) costs one visit, not a million.
    public func treeEntries(ofCommit commitID: ObjectID) throws -> [TreeEntry] {
        var out: [TreeEntry] = []
        var seen: Set<ObjectID> = []
        // An explicit stack: a hostile tree may nest deeper than the thread's stack would allow.
        var pending: [(tree: Tree, prefix: String)] = [(try lookupCommit(commitID).tree(), "")]
        while let (tree, prefix) = pending.popLast() {
            for i in 0..<git_tree_entrycount(tree.pointer) {
                guard let entry = git_tree_entry_byindex(tree.pointer, i) else { continue }
                let raw = git_tree_entry_name(entry)!
                let decoded = String(validatingCString: raw)
                let name = decoded ?? String(cString: raw)
                let path = prefix + name
                let kind: TreeEntry.Kind
                switch git_tree_entry_filemode(entry) {
                case GIT_FILEMODE_TREE: kind = .folder
                case GIT_FILEMODE_BLOB_EXECUTABLE: kind = .executable
                case GIT_FILEMODE_LINK: kind = .symbolicLink
                case GIT_FILEMODE_COMMIT: kind = .submodule
                default: kind = .file
                }
                let id = ObjectID(git_tree_entry_id(entry))
                out.append(TreeEntry(name: name, id: id, kind: kind, path: path, nameIsUTF8: decoded != nil))
                guard kind == .folder else { continue }
                guard seen.insert(id).inserted else { continue }
                var subtree: OpaquePointer?
                try check("read folder \(path)", git_tree_lookup(&subtree, pointer, git_tree_entry_id(entry)))
                pending.append((Tree(pointer: subtree!, repository: self), path + "/"))
            }
        }
        return out
    }
}
