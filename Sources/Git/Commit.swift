import CGit2
import Foundation

/// What a commit says: id, author, committer, message, parents.
public struct CommitInfo: Sendable, Equatable {
    public var id: ObjectID
    public var author: Signature
    public var committer: Signature
    public var message: String
    public var parents: [ObjectID]
    public var tree: ObjectID

    public var summary: String {
        String(message.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
    }
}

/// A `git_commit` handle; keeps its repository alive.
final class Commit {
    let pointer: OpaquePointer
    let repository: Repository

    init(pointer: OpaquePointer, repository: Repository) {
        self.pointer = pointer
        self.repository = repository
    }

    deinit { git_commit_free(pointer) }

    var id: ObjectID { ObjectID(git_commit_id(pointer)) }

    /// Its tree's id, without the strings `info` makes.
    var treeID: ObjectID { ObjectID(git_commit_tree_id(pointer)) }

    var info: CommitInfo {
        let parentCount = git_commit_parentcount(pointer)
        let parents = (0..<parentCount).map { ObjectID(git_commit_parent_id(pointer, $0)) }
        return CommitInfo(
            id: id,
            author: Signature(git_commit_author(pointer)),
            committer: Signature(git_commit_committer(pointer)),
            message: git_commit_message(pointer).map { String(cString: $0) } ?? "",
            parents: parents,
            tree: ObjectID(git_commit_tree_id(pointer)))
    }

    func tree() throws -> Tree {
        var tree: OpaquePointer?
        try check("read tree of \(id.short)", git_commit_tree(&tree, pointer))
        return Tree(pointer: tree!, repository: repository)
    }
}

/// A `git_tree` handle.
final class Tree {
    let pointer: OpaquePointer
    let repository: Repository

    init(pointer: OpaquePointer, repository: Repository) {
        self.pointer = pointer
        self.repository = repository
    }

    deinit { git_tree_free(pointer) }

    var id: ObjectID { ObjectID(git_tree_id(pointer)) }

    /// The blob id at a path, nil when there is no file there.
    func blobID(at path: String) throws -> ObjectID? {
        var entry: OpaquePointer?
        let result = git_tree_entry_bypath(&entry, pointer, path)
        if result == GIT_ENOTFOUND.rawValue { return nil }
        try check("find \(path)", result)
        defer { git_tree_entry_free(entry) }
        guard git_tree_entry_type(entry) == GIT_OBJECT_BLOB else { return nil }
        return ObjectID(git_tree_entry_id(entry))
    }
}

extension Repository {
    /// The bytes of a blob.
    public func blobData(_ id: ObjectID) throws -> Data {
        var raw = id.raw
        var blob: OpaquePointer?
        try check("read blob \(id.short)", git_blob_lookup(&blob, pointer, &raw))
        defer { git_blob_free(blob) }
        let size = Int(git_blob_rawsize(blob))
        guard size > 0, let content = git_blob_rawcontent(blob) else { return Data() }
        return Data(bytes: content, count: size)
    }

    /// The content of `path` as of a commit; nil when the file does not exist there.
    public func fileData(_ path: String, at commitID: ObjectID) throws -> Data? {
        let tree = try lookupCommit(commitID).tree()
        guard let blob = try tree.blobID(at: path) else { return nil }
        return try blobData(blob)
    }
}
