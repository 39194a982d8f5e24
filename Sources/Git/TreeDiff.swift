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

/// One path that a commit (or a push, from the hub's main to its tip) changes: its blob and
/// kind on the new side (nil when the path is deleted), for the hub's access and size rules.
public struct PathChange: Sendable, Equatable {
    public var path: String
    public var newBlob: ObjectID?
    public var newKind: TreeFile.Kind?
}

extension Repository {
    /// What differs between two commits' trees (nil: the empty tree), with the new side's blob
    /// and kind: the net change of a push, path by path.
    public func pathChanges(from old: ObjectID?, to new: ObjectID) throws -> [PathChange] {
        try pathChanges(from: try tree(ofCommit: old), to: try lookupCommit(new).tree())
    }

    /// The changes a commit itself introduces. For an ordinary commit: what differs from its
    /// parent (everything, for a root commit). For a merge: only the paths whose content differs
    /// from every parent — a path taken unchanged from one side was written by that side's own
    /// commits, checked on their own or already on the hub (the hub also judges a push's net
    /// change, so taking an old version from an old parent is still judged).
    public func changesIntroduced(by id: ObjectID) throws -> [PathChange] {
        let commit = try lookupCommit(id)
        let tree = try commit.tree()
        let parentCount = git_commit_parentcount(commit.pointer)
        guard parentCount > 0 else { return try pathChanges(from: nil, to: tree) }
        var common: [String: PathChange]?
        for index in 0..<parentCount {
            var parent: OpaquePointer?
            try check("read parent of \(id.short)", git_commit_parent(&parent, commit.pointer, index))
            let parentTree = try Commit(pointer: parent!, repository: self).tree()
            let changed = try pathChanges(from: parentTree, to: tree)
            if let previous = common {
                let paths = Set(changed.map(\.path))
                common = previous.filter { paths.contains($0.key) }
            } else {
                common = Dictionary(changed.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
            }
            if common?.isEmpty == true { break }
        }
        return (common ?? [:]).values.sorted { $0.path < $1.path }
    }

    private func pathChanges(from old: Tree?, to new: Tree) throws -> [PathChange] {
        var options = git_diff_options()
        try check("diff options", git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)))
        // Type changes (a file becoming a symbolic link) must show as changes, not be hidden.
        options.flags |= GIT_DIFF_INCLUDE_TYPECHANGE.rawValue
        var diff: OpaquePointer?
        try check("diff trees", git_diff_tree_to_tree(&diff, pointer, old?.pointer, new.pointer, &options))
        defer { git_diff_free(diff) }
        var changes: [PathChange] = []
        for i in 0..<git_diff_num_deltas(diff) {
            guard let delta = git_diff_get_delta(diff, i)?.pointee else { continue }
            guard let raw = delta.new_file.path ?? delta.old_file.path else { continue }
            let deleted = delta.status == GIT_DELTA_DELETED
            changes.append(PathChange(path: String(cString: raw),
                                      newBlob: deleted ? nil : ObjectID(delta.new_file.id),
                                      newKind: deleted ? nil : TreeFile.Kind(mode: delta.new_file.mode)))
        }
        return changes
    }
}

extension TreeFile.Kind {
    init(mode: UInt16) {
        switch UInt32(mode) {
        case GIT_FILEMODE_BLOB_EXECUTABLE.rawValue: self = .executable
        case GIT_FILEMODE_LINK.rawValue: self = .symbolicLink
        case GIT_FILEMODE_COMMIT.rawValue: self = .submodule
        default: self = .file
        }
    }
}
