import CGit2
import Foundation

/// One path that differs between two trees, with its blob and file mode on each side (nil: absent).
struct TreeChange {
    var path: String
    var old: ObjectID?
    var new: ObjectID?
    var oldMode: UInt32 = 0o100644
    var newMode: UInt32 = 0o100644
}

extension Repository {
    func tree(ofCommit id: ObjectID?) throws -> Tree? {
        guard let id else { return nil }
        return try lookupCommit(id).tree()
    }

    /// Paths that differ between two trees (nil: the empty tree). No rename detection: a
    /// record's identity is its path, and a rename is a deletion plus an addition.
    func treeChanges(from old: Tree?, to new: Tree?) throws -> [TreeChange] {
        var options = git_diff_options()
        try check("diff options", git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)))
        var diff: OpaquePointer?
        try check("diff trees", git_diff_tree_to_tree(&diff, pointer, old?.pointer, new?.pointer, &options))
        defer { git_diff_free(diff) }
        var changes: [TreeChange] = []
        for i in 0..<git_diff_num_deltas(diff) {
            guard let delta = git_diff_get_delta(diff, i)?.pointee else { continue }
            let path = String(cString: delta.new_file.path ?? delta.old_file.path)
            let oldID = delta.status == GIT_DELTA_ADDED ? nil : ObjectID(delta.old_file.id)
            let newID = delta.status == GIT_DELTA_DELETED ? nil : ObjectID(delta.new_file.id)
            changes.append(TreeChange(path: path, old: oldID, new: newID,
                                      oldMode: UInt32(delta.old_file.mode), newMode: UInt32(delta.new_file.mode)))
        }
        return changes
    }
}
