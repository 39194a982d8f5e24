import Foundation

/// A folder of the site, open, reached from the site's own folder one name at a time without
/// following a link (`openat` with O_NOFOLLOW). Whoever else can write into a published folder
/// could plant a link at a page's name, or swap a folder on the way for a link between the
/// moment Carnet looks at it and the moment it writes: everything here is done relative to a
/// folder already open, so a link is never followed, whenever it appears.
final class SiteDirectory {
    private let fd: Int32
    /// The folder's path, for messages only.
    let path: String

    /// The site's own folder (`--out`, given by the person: a link there is theirs to make).
    init(root: URL) throws {
        path = root.path
        fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw SiteDirectory.error(path) }
    }

    private init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    deinit { close(fd) }

    /// The folder `name` inside this one, made when missing and `create`; nil when missing and
    /// not `create`. Throws `SiteFolder.NotAFolder` when `name` is a link or a file (`shown`:
    /// its path inside the site, for the message).
    func folder(_ name: String, create: Bool, shown: String) throws -> SiteDirectory? {
        var child = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        if child < 0, errno == ENOENT {
            guard create else { return nil }
            guard mkdirat(fd, name, 0o777) == 0 || errno == EEXIST else { throw SiteDirectory.error(path + "/" + name) }
            child = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        }
        guard child >= 0 else {
            if errno == ELOOP || errno == ENOTDIR { throw SiteFolder.NotAFolder(path: shown) }
            throw SiteDirectory.error(path + "/" + name)
        }
        return SiteDirectory(fd: child, path: path + "/" + name)
    }

    /// Writes the file `name`: into the file already there when it is a plain file with no other
    /// name (a page of the previous run), else into a new one. A planted link is never opened
    /// for writing: a symbolic one is refused by O_NOFOLLOW, a hard one (a second name of someone
    /// else's file) is seen by its count of names on the file opened, before anything is
    /// written; either is unlinked and a new file created (O_EXCL: a name taken again in between
    /// fails). A rerun reuses its pages' files: unlinking and creating a thousand files at each
    /// run made ext4 look past every inode just freed, a second of system time. No fsync: a site
    /// is written again by the next run, and a thousand fsyncs were a twentieth of the dashboard's
    /// time (each waits for the disk).
    func write(_ data: Data, name: String) throws {
        let shown = path + "/" + name
        let file = try openEmpty(name, shown: shown)
        var isOpen = true
        defer { if isOpen { close(file) } }
        try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var done = 0
            while done < buffer.count {
                let n = Glibc.write(file, buffer.baseAddress! + done, buffer.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw SiteDirectory.error(shown)
                }
                done += n
            }
        }
        // A file system may report a failed write only when the file is closed (NFS, quotas).
        isOpen = false
        guard close(file) == 0 else { throw SiteDirectory.error(shown) }
    }

    /// `name` open for writing, empty (see `write`).
    private func openEmpty(_ name: String, shown: String) throws -> Int32 {
        // The inode's change time moves with its count of names. A hard link to someone's file,
        // planted before the run and unlinked from this folder between the open and the fstat,
        // would show one name (the other one, outside): its change time is then after `now`.
        // The previous run's pages changed long before. Coarse: the clock ctime is set from.
        var now = timespec()
        clock_gettime(CLOCK_REALTIME_COARSE, &now)
        // O_NONBLOCK: a FIFO planted there fails at once (no reader) rather than hang the run.
        let existing = openat(fd, name, O_WRONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        if existing >= 0 {
            var info = stat()
            if fstat(existing, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_nlink == 1,
               (info.st_ctim.tv_sec, info.st_ctim.tv_nsec) < (now.tv_sec, now.tv_nsec) {
                if ftruncate(existing, 0) == 0, fcntl(existing, F_SETFL, 0) == 0 { return existing }
                let failure = SiteDirectory.error(shown)
                close(existing)
                throw failure
            }
            close(existing)
        }
        if unlinkat(fd, name, 0) != 0, errno != ENOENT, errno != EISDIR { throw SiteDirectory.error(shown) }
        let created = openat(fd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o666)
        guard created >= 0 else { throw SiteDirectory.error(shown) }
        return created
    }

    /// Removes `name` if it is a regular file (a link or a folder there is left alone).
    func removeFile(_ name: String) throws {
        var info = stat()
        guard fstatat(fd, name, &info, AT_SYMLINK_NOFOLLOW) == 0, info.st_mode & S_IFMT == S_IFREG else { return }
        // Gone, or swapped for a folder since it was looked at: left alone.
        if unlinkat(fd, name, 0) != 0, errno != ENOENT, errno != EISDIR, errno != ENOTDIR { throw SiteDirectory.error(path + "/" + name) }
    }

    /// The regular file `name`, at most `limit` bytes; nil when it is missing, something else
    /// (a link, a FIFO or a device planted at the name would follow elsewhere, wait for ever or
    /// never end) or larger.
    func readFile(_ name: String, limit: Int) -> Data? {
        let file = openat(fd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard file >= 0 else { return nil }
        defer { close(file) }
        var info = stat()
        guard fstat(file, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size <= limit else { return nil }
        var data = Data(count: Int(info.st_size) + 1)
        var done = 0
        let complete = data.withUnsafeMutableBytes { (buffer: UnsafeMutableRawBufferPointer) -> Bool in
            while done < buffer.count {
                let n = read(file, buffer.baseAddress! + done, buffer.count - done)
                if n < 0, errno == EINTR { continue }
                if n < 0 { return false }
                if n == 0 { break }
                done += n
            }
            return done <= limit
        }
        guard complete else { return nil }
        return data.prefix(done)
    }

    /// Removes the folder `name` if it is empty; whether it was.
    func removeFolderIfEmpty(_ name: String) -> Bool {
        unlinkat(fd, name, AT_REMOVEDIR) == 0
    }

    /// The error Data.write(to:) throws (the same message for a full disk or a refused folder).
    static func error(_ path: String) -> Error {
        let code = errno
        let posix = POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
        switch code {
        case ENOENT: return CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: path, NSUnderlyingErrorKey: posix])
        case EACCES, EPERM: return CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path, NSUnderlyingErrorKey: posix])
        case ENOSPC, EDQUOT: return CocoaError(.fileWriteOutOfSpace, userInfo: [NSFilePathErrorKey: path, NSUnderlyingErrorKey: posix])
        case EROFS: return CocoaError(.fileWriteVolumeReadOnly, userInfo: [NSFilePathErrorKey: path, NSUnderlyingErrorKey: posix])
        default: return CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path, NSUnderlyingErrorKey: posix])
        }
    }
}
