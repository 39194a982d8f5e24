import CGit2
import Foundation

/// A path whose working-tree content differs from HEAD.
public struct FileStatus: Sendable, Equatable {
    public enum Change: String, Sendable { case added, modified, deleted, renamed, typeChanged = "type-changed" }
    public var path: String
    public var change: Change
}

extension Repository {
    /// Every path of the working tree that differs from HEAD (staged or not, untracked included),
    /// ignoring what .gitignore ignores. Sorted by path. A tree still as clean as the last time
    /// (CleanStamp) is answered from stat data alone.
    public func changedFiles() throws -> [FileStatus] {
        guard let workdir else { return try fullStatus() }
        if stillClean(workdir: workdir) { return [] }
        var began = timespec()
        clock_gettime(CLOCK_REALTIME, &began)
        // The index is refreshed as `git status` refreshes it: an entry whose file has the same
        // content but other stat data (a copy made by `carnet clone` has every file's ctime a
        // few milliseconds after what its index holds) gets the file's stat data, or the clean
        // stamp's stat check (stillClean) fails at every call and each one runs git's full
        // status, hashing every file. Refreshing is only an optimisation: when the index cannot
        // be written (locked by another writer), the status is read without it.
        let result = try (try? fullStatus(updateIndex: true)) ?? fullStatus()
        if result.isEmpty { recordClean(workdir: workdir, began: began) } else { forgetClean() }
        return result
    }

    /// The same, for the paths under one folder only (`commitments/05/`): git looks at that
    /// folder alone, not at the thousands of files beside it.
    public func changedFiles(under folder: String) throws -> [FileStatus] {
        // Without its last slash: libgit2 matches a literal path, or a folder by its name then "/".
        try fullStatus(under: folder.hasSuffix("/") ? String(folder.dropLast()) : folder)
    }

    private func fullStatus(under folder: String? = nil, updateIndex: Bool = false) throws -> [FileStatus] {
        var options = git_status_options()
        try check("status options", git_status_options_init(&options, UInt32(GIT_STATUS_OPTIONS_VERSION)))
        options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR
        options.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED.rawValue
            | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS.rawValue
            | GIT_STATUS_OPT_SORT_CASE_SENSITIVELY.rawValue
        // A folder is matched literally (no wildcard in a name taken from a plan can widen it).
        if folder != nil { options.flags |= GIT_STATUS_OPT_DISABLE_PATHSPEC_MATCH.rawValue }
        if updateIndex { options.flags |= GIT_STATUS_OPT_UPDATE_INDEX.rawValue }
        var list: OpaquePointer?
        let spec = strdup(folder ?? "")
        defer { free(spec) }
        var specs: [UnsafeMutablePointer<CChar>?] = [spec]
        let listed = specs.withUnsafeMutableBufferPointer { buffer -> Int32 in
            if folder != nil { options.pathspec = git_strarray(strings: buffer.baseAddress, count: 1) }
            return git_status_list_new(&list, pointer, &options)
        }
        try check("read status", listed)
        defer { git_status_list_free(list) }
        var result: [FileStatus] = []
        for i in 0..<git_status_list_entrycount(list) {
            guard let entry = git_status_byindex(list, i) else { continue }
            let flags = entry.pointee.status.rawValue
            let delta = entry.pointee.index_to_workdir ?? entry.pointee.head_to_index
            guard let delta else { continue }
            let file = delta.pointee.new_file.path ?? delta.pointee.old_file.path
            guard let file else { continue }
            let path = String(cString: file)
            let workdirDeleted = flags & GIT_STATUS_WT_DELETED.rawValue != 0
            let indexDeleted = flags & GIT_STATUS_INDEX_DELETED.rawValue != 0
            let isNew = flags & (GIT_STATUS_WT_NEW.rawValue | GIT_STATUS_INDEX_NEW.rawValue) != 0
            let change: FileStatus.Change
            if workdirDeleted || (indexDeleted && entry.pointee.index_to_workdir == nil) {
                change = .deleted
            } else if isNew && flags & GIT_STATUS_INDEX_NEW.rawValue != 0 || flags & GIT_STATUS_WT_NEW.rawValue != 0 {
                change = .added
            } else if flags & (GIT_STATUS_WT_RENAMED.rawValue | GIT_STATUS_INDEX_RENAMED.rawValue) != 0 {
                change = .renamed
            } else if flags & (GIT_STATUS_WT_TYPECHANGE.rawValue | GIT_STATUS_INDEX_TYPECHANGE.rawValue) != 0 {
                change = .typeChanged
            } else if flags & GIT_STATUS_IGNORED.rawValue != 0 || flags == GIT_STATUS_CURRENT.rawValue {
                continue
            } else {
                change = .modified
            }
            // Staged-then-deleted reports the old path in head_to_index: also report it as deleted.
            if indexDeleted, let old = entry.pointee.head_to_index?.pointee.old_file.path {
                let oldPath = String(cString: old)
                if oldPath != path { result.append(FileStatus(path: oldPath, change: .deleted)) }
            }
            result.append(FileStatus(path: path, change: change))
        }
        return result
    }
}
