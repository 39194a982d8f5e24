import CGit2
import Foundation

/// A commit written on top of HEAD but not yet on its branch (Repository.prepareCommit).
public struct PreparedCommit: Sendable {
    public let id: ObjectID
    public let parent: ObjectID?
}

extension Repository {
    /// Stages the given working-tree paths (a path whose file is gone is removed) and commits them
    /// on HEAD's branch. Returns nil when the staged tree equals HEAD's: nothing to commit.
    @discardableResult
    public func commit(paths: [String], message: String, author: Signature) throws -> ObjectID? {
        guard let prepared = try prepareCommit(paths: paths, message: message, author: author) else { return nil }
        try take(prepared)
        return prepared.id
    }

    /// Stages the paths in the index (in memory only) and writes a commit of them on top of HEAD,
    /// without moving any branch: it can be judged first, then taken (`take`) or left (`discardStaging`).
    /// nil when the staged tree equals HEAD's (the staging is discarded).
    public func prepareCommit(paths: [String], message: String, author: Signature) throws -> PreparedCommit? {
        guard let workdir else {
            throw GitError(operation: "commit", code: .bareRepository, message: "a bare repository has no working tree")
        }
        let index = try index()
        for path in paths {
            // A file (or a link) is staged; anything else there — nothing, or a folder that took
            // a file's place — removes the path (the folder's own files come as their own paths).
            var info = stat()
            let exists = lstat(workdir + path, &info) == 0 && ((info.st_mode & S_IFMT) == S_IFREG || (info.st_mode & S_IFMT) == S_IFLNK)
            try index.stage(path, exists: exists)
        }
        let treeID = try index.writeTree()
        let parent = try headCommitID()
        if let parent, try lookupCommit(parent).info.tree == treeID {
            try index.write()
            return nil
        }
        let id = try createCommit(tree: treeID, parents: parent.map { [$0] } ?? [], message: message,
                                  author: author, updateRef: nil)
        return PreparedCommit(id: id, parent: parent)
    }

    /// Moves HEAD's branch to a prepared commit (only if it is still at the commit's parent) and
    /// writes the staged index. The index is written after the branch moved: a crash in between
    /// leaves a staged index that matches HEAD, which git and the next run both read as clean.
    public func take(_ prepared: PreparedCommit) throws {
        try moveReference(try headBranch(), to: prepared.id, expecting: prepared.parent, message: "commit")
        try index().write()
    }

    /// Forgets what was staged in memory and not written: the index as it is on disk.
    public func discardStaging() throws {
        try check("re-read the index", git_index_read(try index().pointer, 1))
    }

    /// Writes a commit object for a tree and, when `updateRef` is given, moves that reference.
    public func createCommit(tree treeID: ObjectID, parents: [ObjectID], message: String,
                             author: Signature, updateRef: String?) throws -> ObjectID {
        var rawTree = treeID.raw
        var tree: OpaquePointer?
        try check("look up tree \(treeID.short)", git_tree_lookup(&tree, pointer, &rawTree))
        defer { git_tree_free(tree) }
        let parentCommits = try parents.map { try lookupCommit($0) }
        var parentPointers: [OpaquePointer?] = parentCommits.map { $0.pointer }
        var oid = git_oid()
        try author.withRaw { signature in
            let result = parentPointers.withUnsafeMutableBufferPointer { buffer in
                git_commit_create(&oid, pointer, updateRef, signature, signature, "UTF-8", message,
                                  tree, buffer.count, buffer.baseAddress)
            }
            try check("create commit", result)
        }
        return ObjectID(oid)
    }
}
