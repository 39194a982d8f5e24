import CGit2
import Foundation

/// One entry of a commit's tree that is not a folder.
public struct TreeFile: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case file, executable, symbolicLink, submodule }
    public var path: String
    public var blob: ObjectID
    public var kind: Kind
}

extension Repository {
    /// Every file of a commit's tree (under `prefix`, a folder path, when given), recursively.
    /// Read without a working tree: the hub is bare, and a push is checked before it lands.
    public func files(at commitID: ObjectID, under prefix: String? = nil) throws -> [TreeFile] {
        let root = try lookupCommit(commitID).tree()
        guard let prefix, !prefix.isEmpty else { return try list(root, prefix: "") }
        var entry: OpaquePointer?
        let result = git_tree_entry_bypath(&entry, root.pointer, prefix)
        if result == GIT_ENOTFOUND.rawValue { return [] }
        try check("find \(prefix)", result)
        defer { git_tree_entry_free(entry) }
        guard git_tree_entry_type(entry) == GIT_OBJECT_TREE else { return [] }
        return try list(subtree(git_tree_entry_id(entry)), prefix: prefix + "/")
    }

    private func subtree(_ id: UnsafePointer<git_oid>?) throws -> Tree {
        var tree: OpaquePointer?
        try check("read folder", git_tree_lookup(&tree, pointer, id))
        return Tree(pointer: tree!, repository: self)
    }

    private func list(_ tree: Tree, prefix: String) throws -> [TreeFile] {
        var out: [TreeFile] = []
        for i in 0..<git_tree_entrycount(tree.pointer) {
            guard let entry = git_tree_entry_byindex(tree.pointer, i) else { continue }
            let path = prefix + String(cString: git_tree_entry_name(entry))
            let id = ObjectID(git_tree_entry_id(entry))
            switch git_tree_entry_filemode(entry) {
            case GIT_FILEMODE_TREE: out += try list(subtree(git_tree_entry_id(entry)), prefix: path + "/")
            case GIT_FILEMODE_BLOB_EXECUTABLE: out.append(TreeFile(path: path, blob: id, kind: .executable))
            case GIT_FILEMODE_LINK: out.append(TreeFile(path: path, blob: id, kind: .symbolicLink))
            case GIT_FILEMODE_COMMIT: out.append(TreeFile(path: path, blob: id, kind: .submodule))
            default: out.append(TreeFile(path: path, blob: id, kind: .file))
            }
        }
        return out
    }

    /// A blob's size, read from the object header: an evidence file of 25 MiB is never loaded
    /// just to learn how big it is.
    public func blobSize(_ id: ObjectID) throws -> Int {
        var odb: OpaquePointer?
        try check("open object database", git_repository_odb(&odb, pointer))
        defer { git_odb_free(odb) }
        var size = 0
        var type = GIT_OBJECT_ANY
        var raw = id.raw
        try check("read header of \(id.short)", git_odb_read_header(&size, &type, odb, &raw))
        return size
    }
}

extension Repository {
    /// The blob at `path` in a commit, nil when there is no file there.
    public func blobID(of path: String, at commitID: ObjectID) throws -> ObjectID? {
        try lookupCommit(commitID).tree().blobID(at: path)
    }
}
