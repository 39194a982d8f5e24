import CGit2

/// A `git_index` handle (the staging area).
final class Index {
    let pointer: OpaquePointer

    init(pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_index_free(pointer) }

    /// Stages a path of the working tree: added or updated when the file exists, removed otherwise.
    func stage(_ path: String, exists: Bool) throws {
        if exists {
            try check("stage \(path)", git_index_add_bypath(pointer, path))
        } else {
            let result = git_index_remove_bypath(pointer, path)
            if result != GIT_ENOTFOUND.rawValue { try check("unstage \(path)", result) }
        }
    }

    func write() throws { try check("write index", git_index_write(pointer)) }

    func writeTree() throws -> ObjectID {
        var oid = git_oid()
        try check("write tree", git_index_write_tree(&oid, pointer))
        return ObjectID(oid)
    }
}

extension Repository {
    func index() throws -> Index {
        var index: OpaquePointer?
        try check("open index", git_repository_index(&index, pointer))
        return Index(pointer: index!)
    }
}
