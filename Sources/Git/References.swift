import CGit2
import Foundation

extension Repository {
    /// The branch HEAD names (`refs/heads/main`), even when it has no commit yet.
    public func headBranch() throws -> String {
        var head: OpaquePointer?
        try check("read HEAD", git_reference_lookup(&head, pointer, "HEAD"))
        defer { git_reference_free(head) }
        guard let target = git_reference_symbolic_target(head) else { return "HEAD" }
        return String(cString: target)
    }

    /// Moves a reference to `target` only if it still points at `expected` (nil: it must not
    /// exist). A concurrent commit then makes this fail instead of being silently dropped.
    public func moveReference(_ name: String, to target: ObjectID, expecting expected: ObjectID?, message: String) throws {
        var raw = target.raw
        var ref: OpaquePointer?
        let result: Int32
        if var old = expected?.raw {
            result = git_reference_create_matching(&ref, pointer, name, &raw, 1, &old, message)
        } else {
            result = git_reference_create(&ref, pointer, name, &raw, 0, message)
        }
        try check("move \(name) to \(target.short)", result)
        git_reference_free(ref)
    }

    /// Removes a reference; nothing happens when it does not exist.
    public func deleteReference(_ name: String) throws {
        let result = git_reference_remove(pointer, name)
        if result != GIT_ENOTFOUND.rawValue { try check("remove \(name)", result) }
    }

    /// Whether `commit` has `ancestor` in its history (false when they are equal).
    public func isDescendant(_ commit: ObjectID, of ancestor: ObjectID) throws -> Bool {
        var c = commit.raw, a = ancestor.raw
        return try check("compare \(commit.short) and \(ancestor.short)", git_graph_descendant_of(pointer, &c, &a)) == 1
    }

    /// The best common ancestor of two commits, nil when their histories are unrelated.
    public func mergeBase(_ a: ObjectID, _ b: ObjectID) throws -> ObjectID? {
        var out = git_oid(), ra = a.raw, rb = b.raw
        let result = git_merge_base(&out, pointer, &ra, &rb)
        if result == GIT_ENOTFOUND.rawValue { return nil }
        try check("find the merge base of \(a.short) and \(b.short)", result)
        return ObjectID(out)
    }

    /// Whether an object exists in the object database (after a crash, a ref may name a
    /// commit whose objects were never written: we never let that happen, but we check).
    public func hasObject(_ id: ObjectID) -> Bool {
        var odb: OpaquePointer?
        guard git_repository_odb(&odb, pointer) == 0 else { return false }
        defer { git_odb_free(odb) }
        var raw = id.raw
        return git_odb_exists(odb, &raw) != 0
    }
}
