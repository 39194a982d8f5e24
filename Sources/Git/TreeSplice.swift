import CGit2

extension Repository {
    /// A new tree: `commit`'s, with each of `paths` as `source` has it (removed where `source`
    /// has no file there; nil source: removed). Nothing else changes, no working tree is read:
    /// taking some of a commit's changes and leaving others out (`carnet rescue`).
    public func tree(of commit: ObjectID, takingPaths paths: [String], from source: ObjectID?) throws -> ObjectID {
        var rawIndex: OpaquePointer?
        try check("new index", git_index_new(&rawIndex))
        let index = Index(pointer: rawIndex!)
        try check("read tree of \(commit.short)", git_index_read_tree(index.pointer, try lookupCommit(commit).tree().pointer))
        let sourceTree = try source.map { try lookupCommit($0).tree() }
        for path in paths {
            var entry: OpaquePointer?
            let found = sourceTree.map { git_tree_entry_bypath(&entry, $0.pointer, path) } ?? GIT_ENOTFOUND.rawValue
            if found == GIT_ENOTFOUND.rawValue {
                let removed = git_index_remove(index.pointer, path, 0)
                if removed != GIT_ENOTFOUND.rawValue { try check("remove \(path)", removed) }
                continue
            }
            try check("find \(path)", found)
            defer { git_tree_entry_free(entry) }
            var item = git_index_entry()
            item.mode = UInt32(git_tree_entry_filemode(entry).rawValue)
            item.id = git_tree_entry_id(entry).pointee
            try path.withCString { cPath in
                item.path = cPath
                try check("take \(path)", git_index_add(index.pointer, &item))
            }
        }
        var tree = git_oid()
        try check("write tree", git_index_write_tree_to(&tree, index.pointer, pointer))
        return ObjectID(tree)
    }
}
