import CGit2
import Foundation

/// One entry of a tree, as the tree object holds it: its name is taken literally (a hostile
/// tree may name an entry `..`, `.git` or `a/b`; the caller judges names, nothing here resolves
/// them).
public struct TreeEntry: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case file, executable, symbolicLink, submodule, folder }
    /// The name as stored (a hostile tree's name may hold `/`, `..` or invalid UTF-8).
    public var name: String
    public var id: ObjectID
    public var kind: Kind
    /// `/`-joined path from the root, built from the raw names (Repository.treeEntries); the name
    /// alone when listed from one folder (TreeReader).
    public var path: String
    /// False when the stored name is not valid UTF-8: `name` then holds replacement characters
    /// and is not the name git would write.
    public var nameIsUTF8: Bool
}

/// A commit's tree read in place: folders listed and blobs read straight from the object
/// database, without a working tree or any file written. Not Sendable (its repository is not).
public final class TreeReader {
    let repository: Repository
    let root: Tree
    public let commit: ObjectID

    public init(repository: Repository, commit: ObjectID) throws {
        self.repository = repository
        self.commit = commit
        root = try repository.lookupCommit(commit).tree()
    }

    /// The entry at `path` (`/`-separated, each component looked up literally), nil when absent.
    public func entry(at path: String) throws -> TreeEntry? {
        var entry: OpaquePointer?
        let result = git_tree_entry_bypath(&entry, root.pointer, path)
        if result == GIT_ENOTFOUND.rawValue { return nil }
        try check("find \(path)", result)
        defer { git_tree_entry_free(entry) }
        return Self.entry(entry!)
    }

    /// The entries of the folder at `path` ("" for the root), nil when there is no folder there.
    public func entries(in path: String) throws -> [TreeEntry]? {
        if path.isEmpty { return Self.entries(of: root.pointer) }
        guard let folder = try entry(at: path), folder.kind == .folder else { return nil }
        var raw = folder.id.raw
        var tree: OpaquePointer?
        try check("read folder \(path)", git_tree_lookup(&tree, repository.pointer, &raw))
        defer { git_tree_free(tree) }
        return Self.entries(of: tree!)
    }

    /// A blob's size, from the object header (the blob is not loaded).
    public func size(of blob: ObjectID) throws -> Int { try repository.blobSize(blob) }

    /// The first `limit` bytes of a blob.
    public func bytes(of blob: ObjectID, limit: Int) throws -> [UInt8] {
        var raw = blob.raw
        var object: OpaquePointer?
        try check("read blob \(blob.short)", git_blob_lookup(&object, repository.pointer, &raw))
        defer { git_blob_free(object) }
        let size = min(Int(git_blob_rawsize(object)), limit)
        guard size > 0, let content = git_blob_rawcontent(object) else { return [] }
        return [UInt8](UnsafeRawBufferPointer(start: content, count: size))
    }

    private static func entries(of tree: OpaquePointer) -> [TreeEntry] {
        (0..<git_tree_entrycount(tree)).compactMap { i in git_tree_entry_byindex(tree, i).map { entry($0) } }
    }

    /// One raw entry, its path `prefix` + its name as stored.
    static func entry(_ entry: OpaquePointer, prefix: String = "") -> TreeEntry {
        let raw = git_tree_entry_name(entry)!
        let decoded = String(validatingCString: raw)
        let name = decoded ?? String(cString: raw)
        let id = ObjectID(git_tree_entry_id(entry))
        let kind: TreeEntry.Kind
        switch git_tree_entry_filemode(entry) {
        case GIT_FILEMODE_TREE: kind = .folder
        case GIT_FILEMODE_BLOB_EXECUTABLE: kind = .executable
        case GIT_FILEMODE_LINK: kind = .symbolicLink
        case GIT_FILEMODE_COMMIT: kind = .submodule
        default: kind = .file
        }
        return TreeEntry(name: name, id: id, kind: kind, path: prefix + name, nameIsUTF8: decoded != nil)
    }
}
