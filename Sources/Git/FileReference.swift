import CGit2
import Foundation

/// A file published under a reference outside the branches (the hub's push log under
/// `refs/carnet/push-log`): the reference names a commit with no parent whose tree holds the
/// one file. Each publication replaces the last one, so a fetch of the reference brings one
/// commit, one tree and one blob, never the file's earlier versions.
extension Repository {
    /// Writes `content` as `name` in a new parentless commit and points `reference` at it.
    @discardableResult
    public func publishFile(_ content: Data, name: String, reference: String, message: String,
                            author: Signature) throws -> ObjectID {
        var blob = git_oid()
        let written = content.withUnsafeBytes { git_blob_create_from_buffer(&blob, pointer, $0.baseAddress, $0.count) }
        try check("write \(name)", written)
        var builder: OpaquePointer?
        try check("start a tree", git_treebuilder_new(&builder, pointer, nil))
        defer { git_treebuilder_free(builder) }
        try check("put \(name) in a tree", git_treebuilder_insert(nil, builder, name, &blob, GIT_FILEMODE_BLOB))
        var tree = git_oid()
        try check("write the tree of \(name)", git_treebuilder_write(&tree, builder))
        let commit = try createCommit(tree: ObjectID(tree), parents: [], message: message, author: author, updateRef: nil)
        var raw = commit.raw
        var ref: OpaquePointer?
        try check("move \(reference)", git_reference_create(&ref, pointer, reference, &raw, 1, message))
        git_reference_free(ref)
        return commit
    }

    /// The file `name` of the commit `reference` names; nil when the reference or the file is
    /// absent. At most `limit` bytes are read.
    public func publishedFile(name: String, reference: String, limit: Int) throws -> Data? {
        guard let commit = try referenceTarget(reference) else { return nil }
        let reader = try TreeReader(repository: self, commit: commit)
        guard let entry = try reader.entry(at: name), entry.kind == .file else { return nil }
        return Data(try reader.bytes(of: entry.id, limit: limit))
    }
}
