import CGit2
import Foundation

/// The low-level steps of `updateWorkingTree`: where a write may go, writing a blob, staging it.
extension Repository {
    /// Throws when writing or removing `change.path` would not stay inside the working tree: a
    /// symbolic link on disk, on the way or at the path itself, would redirect the write or the
    /// removal (anything else in the way makes the write fail, which is safe). A symbolic link
    /// or submodule in the tree is refused too: Carnet only ever writes plain files.
    func refuseUnsafe(_ change: TreeChange, in workdir: String) throws {
        if change.new != nil, change.newMode != 0o100644, change.newMode != 0o100755 {
            let what = change.newMode == 0o120000 ? "a symbolic link" : change.newMode == 0o160000 ? "a submodule" : "not a plain file"
            throw UnsafeWorkTreePath(path: change.path, reason: "it is \(what) in the tree, and Carnet writes only plain files")
        }
        var folder = workdir.hasSuffix("/") ? String(workdir.dropLast()) : workdir
        for component in change.path.split(separator: "/", omittingEmptySubsequences: false) {
            folder += "/" + component
            guard let status = lstatus(folder) else { return }  // absent: we create it, as a folder
            if status.st_mode & S_IFMT == S_IFLNK {
                throw UnsafeWorkTreePath(path: change.path, reason: "\(folder) is a symbolic link on disk, and a write through it could land outside the plan")
            }
        }
    }

    /// The file's status without following a symbolic link; nil when nothing is there.
    func lstatus(_ path: String) -> stat? {
        var status = stat()
        return lstat(path, &status) == 0 ? status : nil
    }

    /// Writes a blob to a new file from libgit2's own buffer, in chunks: no copy of it in Swift.
    /// (libgit2 holds the whole inflated blob anyway: its odb read streams, in 1.5, do not
    /// support packed objects, which is how a fetch stores them.) Returns the file's status,
    /// taken from the open file before anyone else can see it.
    func writeBlob(_ id: ObjectID, to path: String, executable: Bool) throws -> stat {
        var raw = id.raw
        var blob: OpaquePointer?
        try check("read blob \(id.short)", git_blob_lookup(&blob, pointer, &raw))
        defer { git_blob_free(blob) }
        func failure(_ what: String) -> GitError {
            GitError(operation: "\(what) \(path)", code: .other(-1), message: String(cString: strerror(errno)))
        }
        unlink(path)  // a temporary file left by a killed sync with the same pid
        // O_NOFOLLOW | O_EXCL: never through a symbolic link someone put at this name.
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, executable ? 0o755 : 0o644)
        guard fd >= 0 else { throw failure("create") }
        defer { Glibc.close(fd) }
        let size = Int(git_blob_rawsize(blob))
        if size > 0, let content = git_blob_rawcontent(blob) {
            var offset = 0
            while offset < size {
                let count = Glibc.write(fd, content + offset, min(1 << 20, size - offset))
                if count < 0, errno == EINTR { continue }
                guard count > 0 else {
                    unlink(path)
                    throw failure("write")
                }
                offset += count
            }
        }
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw failure("read the status of") }
        return status
    }

    /// Stages `path` as `blob`, with the written file's status (so the next status check trusts
    /// it without reading it again).
    func stage(_ path: String, blob: ObjectID, mode: UInt32, status: stat, in index: Index) throws {
        var entry = git_index_entry()
        entry.ctime = git_index_time(seconds: Int32(truncatingIfNeeded: status.st_ctim.tv_sec),
                                     nanoseconds: UInt32(truncatingIfNeeded: status.st_ctim.tv_nsec))
        entry.mtime = git_index_time(seconds: Int32(truncatingIfNeeded: status.st_mtim.tv_sec),
                                     nanoseconds: UInt32(truncatingIfNeeded: status.st_mtim.tv_nsec))
        entry.dev = UInt32(truncatingIfNeeded: status.st_dev)
        entry.ino = UInt32(truncatingIfNeeded: status.st_ino)
        entry.mode = mode == 0o100755 ? 0o100755 : 0o100644
        entry.uid = status.st_uid
        entry.gid = status.st_gid
        entry.file_size = UInt32(truncatingIfNeeded: status.st_size)
        entry.id = blob.raw
        try path.withCString { name in
            entry.path = name
            try check("stage \(path)", git_index_add(index.pointer, &entry))
        }
    }
}
