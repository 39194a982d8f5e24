import CGit2
import Foundation

/// Files someone changed on disk while we were about to update them: nothing was written.
public struct EditedDuringUpdate: Error, CustomStringConvertible, Sendable {
    public var paths: [String]
    public var description: String {
        "edited while sync ran, left as they are: \(paths.joined(separator: ", "))"
    }
}

/// A path this update will not write: a folder on the way (or the file itself) is a symbolic
/// link on disk, so the write would land outside the working tree; or the tree asks for a
/// symbolic link or a submodule, which Carnet never writes. Nothing was written.
public struct UnsafeWorkTreePath: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var reason: String
    public var description: String { "refused to write \(path): \(reason); nothing was changed" }
}

extension Repository {
    /// Brings the working tree and the index from one commit's tree (nil: nothing checked out)
    /// to another's, and never overwrites an edit.
    ///
    /// libgit2's SAFE checkout checks every file first and then writes, leaving a window in
    /// which an editor's save is overwritten. Here each file is checked before anything is
    /// written (all or nothing), written to a temporary file beside it, re-checked, and only then
    /// renamed into place. A file found edited during the writes makes us put back the files
    /// already written (each still re-checked) and throw `EditedDuringUpdate`: the caller
    /// commits the edit and merges again. Only HEAD's move is left to the caller.
    @discardableResult
    public func updateWorkingTree(from old: ObjectID?, to new: ObjectID) throws -> [String] {
        guard let workdir else {
            throw GitError(operation: "update the working tree", code: .bareRepository, message: "a bare repository has no working tree")
        }
        let changes = try treeChanges(from: try tree(ofCommit: old), to: try tree(ofCommit: new))
        // Before the first write: no write goes through a link on disk, every entry is a plain file.
        // (Which names a tree may hold is the caller's rule: Sync checks the hub's whole tree.)
        for change in changes { try refuseUnsafe(change, in: workdir) }
        let edited = changes.filter { !onDiskIsExpected(workdir + $0.path, $0) }.map(\.path)
        guard edited.isEmpty else { throw EditedDuringUpdate(paths: edited) }

        var done: [TreeChange] = []
        var written: [String: stat] = [:]
        // Deletions first: a folder that becomes a file (or a file that becomes a folder) must be
        // out of the way before its new form is written.
        let ordered = changes.filter { $0.new == nil } + changes.filter { $0.new != nil }
        for change in ordered where diskBlob(workdir + change.path) != change.new {
            do {
                written[change.path] = try replace(at: workdir + change.path, expecting: change.old,
                                                   with: change.new, mode: change.newMode)
                done.append(change)
            } catch let error as EditedDuringUpdate {
                for undo in done.reversed() {
                    _ = try? replace(at: workdir + undo.path, expecting: undo.new, with: undo.old, mode: undo.oldMode)
                }
                _ = error
                throw EditedDuringUpdate(paths: [change.path])
            }
        }

        let index = try index()
        // Another handle (the working copy's own) may have written the index since we cached it.
        try check("read index", git_index_read(index.pointer, 0))
        for change in changes {
            if let blob = change.new {
                // Staged by the blob id we wrote, not re-read through the filters a hostile
                // .gitattributes could name: what is staged is what the tree holds.
                guard let status = written[change.path] ?? lstatus(workdir + change.path) else {
                    throw EditedDuringUpdate(paths: [change.path])
                }
                try stage(change.path, blob: blob, mode: change.newMode, status: status, in: index)
            } else {
                let result = git_index_remove_bypath(index.pointer, change.path)
                if result != GIT_ENOTFOUND.rawValue { try check("unstage \(change.path)", result) }
            }
        }
        try index.write()
        return changes.map(\.path)
    }

    /// The file may be updated when it still holds the old content (or already the new one).
    private func onDiskIsExpected(_ path: String, _ change: TreeChange) -> Bool {
        let disk = diskBlob(path)
        return disk == change.old || disk == change.new
    }

    /// The blob id of a file's content; nil when there is no regular file there.
    func diskBlob(_ path: String) -> ObjectID? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { return nil }
        var oid = git_oid()
        guard git_odb_hashfile(&oid, path, GIT_OBJECT_BLOB) == 0 else { return nil }
        return ObjectID(oid)
    }

    /// Replaces one file, re-checking its content just before the rename. Returns the written
    /// file's status (taken before the rename: an edit after it then shows as a change).
    private func replace(at path: String, expecting expected: ObjectID?, with blob: ObjectID?, mode: UInt32) throws -> stat? {
        let fm = FileManager.default
        let url = URL(fileURLWithPath: path)
        if let blob {
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            // Not derived from the name: a name near the file system's 255-byte limit must still fit.
            let temporary = url.deletingLastPathComponent().appendingPathComponent(".carnet-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp")
            let status = try writeBlob(blob, to: temporary.path, executable: mode == 0o100755)
            let now = diskBlob(path)
            guard now == expected || now == blob else {
                try? fm.removeItem(at: temporary)
                throw EditedDuringUpdate(paths: [path])
            }
            guard rename(temporary.path, path) == 0 else {
                try? fm.removeItem(at: temporary)
                throw GitError(operation: "write \(path)", code: .other(-1), message: String(cString: strerror(errno)))
            }
            return status
        } else {
            guard diskBlob(path) == expected else { throw EditedDuringUpdate(paths: [path]) }
            try? fm.removeItem(at: url)
            // Remove folders left empty (a deleted commitment), as git does, up to the work tree.
            var dir = url.deletingLastPathComponent()
            while let workdir, dir.path.count > workdir.count - 1,
                  (try? fm.contentsOfDirectory(atPath: dir.path))?.isEmpty == true {
                try? fm.removeItem(at: dir)
                dir = dir.deletingLastPathComponent()
            }
            return nil
        }
    }
}
