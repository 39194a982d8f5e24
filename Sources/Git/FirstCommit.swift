import CGit2
import Foundation

extension Repository {
    /// The first commit of a new repository, made from files held in memory (`carnet plan
    /// import`): blobs and tree go straight into the object database, the working tree is then
    /// written from that commit by `updateWorkingTree` (the checked writes of a first clone), and
    /// HEAD's branch moves last. No file is written twice or read back, no folder is scanned:
    /// staging a plan on disk first cost thousands of writes and a status scan of them.
    /// Paths are relative and `/`-separated; the caller has judged them (PathRules).
    public func commitFirst(files: [String: Data], message: String, author: Signature) throws -> ObjectID {
        guard try headCommitID() == nil else {
            throw GitError(operation: "first commit", code: .other(-1), message: "the branch has commits already")
        }
        // Blobs, trees and commit are built in memory, then stored as ONE pack. Written loose,
        // each of a large plan's ~2,000 objects cost a fan-out folder, a temporary file, a
        // rename, and a scan of objects/pack (libgit2 looks for a packed copy before writing a
        // loose one, and rescans the folder when it finds none): half the system calls of an
        // import. A pack is also what the copy's first push and the hub's clone read best.
        let memory = try ObjectDatabase.empty()
        let store = try memory.addMempack()
        let staging = try Repository.wrapping(memory)
        var rawIndex: OpaquePointer?
        try check("new index", git_index_new(&rawIndex))
        let index = Index(pointer: rawIndex!)
        for path in files.keys.sorted() { try staging.put(files[path], at: path, in: index) }
        var tree = git_oid()
        try check("write tree", git_index_write_tree_to(&tree, index.pointer, staging.pointer))
        let commit = try staging.createCommit(tree: ObjectID(tree), parents: [], message: message, author: author, updateRef: nil)
        let database = try objectDatabase()
        try store.dump(staging) { try database.writePack($0) }
        // The objects are on disk now: the store's copies go before the working tree is written.
        try store.reset()
        try updateWorkingTree(from: nil, to: commit)
        try moveReference(try headBranch(), to: commit, expecting: nil, message: "commit (initial)")
        return commit
    }
}
