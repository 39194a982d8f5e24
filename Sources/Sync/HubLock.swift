import Foundation
import Git
#if canImport(Glibc)
import Glibc
#endif

/// Lock files left in a hub reached by a file path (a USB drive, a shared folder).
///
/// git and libgit2 update a reference by writing `refs/heads/main.lock` and renaming it over
/// `refs/heads/main`; `packed-refs.lock`, `HEAD.lock`, `config.lock` and `shallow.lock` work the
/// same way. A process killed between the two (kill -9, a power cut, the drive pulled out) leaves
/// the `.lock` file behind, and every later update of that reference fails ("failed to lock
/// file … for writing"), which a push reports as the hub having moved on: without this, every
/// sync of every copy would end on "the hub kept moving" (exit 75, normal for the timer) forever.
///
/// Such a file holds no pid, and its holder may be on another computer sharing the folder: the
/// only sign that nobody holds it is its age. git and libgit2 hold a reference lock for
/// milliseconds (the pack is written before the lock is taken), `git gc` holds packed-refs.lock
/// for seconds; `staleAfter` (10 minutes) is far beyond any of that even on a slow USB stick,
/// leaves room for a few minutes of clock difference between the computers of a shared folder,
/// and is shorter than the timer's 15-minute interval, so a killed sync costs one round of "busy".
/// A lock younger than that, or dated in the future, is not stale: the sync says the hub is busy
/// (exit 75) and names the file. A stale one is removed, serialised between carnets by flock(2)
/// on the hub's folder and only after a second look right before unlink(2) shows the very same
/// file (device, inode, size, mtime). One that cannot be removed (a read-only drive, no write
/// permission) stops the sync with status hub-locked (exit 74): a person must remove it, and the
/// message gives the exact path and the command.
struct HubLocks {
    static let staleAfter: TimeInterval = 600

    /// The hub's git directory (the bare repository, or `.git` of a non-bare one).
    let gitDirectory: String

    /// nil when the hub is not on a file path (SSH, HTTPS) or is not there (the drive is out).
    init?(hub: String) {
        let path: String
        if hub.hasPrefix("file://") {
            guard let url = URL(string: hub), url.isFileURL else { return nil }
            path = url.path
        } else if hub.hasPrefix("/") {
            path = hub
        } else {
            return nil
        }
        var isDirectory: ObjCBool = false
        let dotGit = URL(fileURLWithPath: path).appendingPathComponent(".git").path
        if FileManager.default.fileExists(atPath: dotGit, isDirectory: &isDirectory), isDirectory.boolValue {
            gitDirectory = dotGit
        } else if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            gitDirectory = URL(fileURLWithPath: path).standardizedFileURL.path
        } else {
            return nil
        }
    }

    /// What stops a sync, sorted as SyncOutcome.record needs it.
    struct Failure: Error, CustomStringConvertible {
        /// Busy: try again later (exit 75). Otherwise a person must act (exit 74).
        let busy: Bool
        let message: SyncMessage
        var description: String { message.text }
    }

    /// One lock file as seen by lstat(2).
    struct Seen: Equatable {
        let path: String
        let device: UInt64
        let inode: UInt64
        let size: Int64
        let mtime: timespec

        static func == (a: Seen, b: Seen) -> Bool {
            a.path == b.path && a.device == b.device && a.inode == b.inode && a.size == b.size
                && a.mtime.tv_sec == b.mtime.tv_sec && a.mtime.tv_nsec == b.mtime.tv_nsec
        }

        /// Seconds since it was last written (negative: dated in the future).
        var age: TimeInterval {
            Date().timeIntervalSince1970 - (TimeInterval(mtime.tv_sec) + TimeInterval(mtime.tv_nsec) / 1e9)
        }

        static func look(_ path: String) -> Seen? {
            var s = stat()
            guard lstat(path, &s) == 0, (s.st_mode & S_IFMT) == S_IFREG else { return nil }
            return Seen(path: path, device: UInt64(s.st_dev), inode: UInt64(s.st_ino), size: Int64(s.st_size), mtime: s.st_mtim)
        }
    }

    /// The lock files in the hub now: `*.lock` at its top (packed-refs, HEAD, config, shallow…)
    /// and anywhere under `refs/`.
    func lockFiles() -> [Seen] {
        var paths: [String] = []
        let top = URL(fileURLWithPath: gitDirectory)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: gitDirectory)) ?? [] where name.hasSuffix(".lock") {
            paths.append(top.appendingPathComponent(name).path)
        }
        let refs = top.appendingPathComponent("refs").path
        if let walk = FileManager.default.enumerator(atPath: refs) {
            while let relative = walk.nextObject() as? String {
                if relative.hasSuffix(".lock") { paths.append(refs + "/" + relative) }
            }
        }
        return paths.sorted().compactMap(Seen.look)
    }

    /// Before the sync talks to the hub: removes the stale lock files and returns what it removed
    /// (for the outcome). Throws when a stale one cannot be removed, or one is dated so far in the
    /// future that it would never become stale. Young locks are left alone: a live push may hold
    /// one, and if it blocks this sync, `explain` says so afterwards.
    func recover() throws -> [SyncMessage] {
        let locks = lockFiles()
        if let ahead = locks.first(where: { -$0.age > Self.staleAfter }) {
            throw Failure(busy: false, message: .hubLockFromTheFuture(path: ahead.path, ahead: -ahead.age))
        }
        let stale = locks.filter { $0.age >= Self.staleAfter }
        guard !stale.isEmpty else { return [] }
        // One remover at a time: two carnets must not judge the same file and then one remove a
        // fresh lock the other's git took in between. flock on the hub's folder leaves nothing
        // behind; where the file system cannot lock (some network shares), the second look below
        // still has to see the very same file.
        let directory = open(gitDirectory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        defer { if directory >= 0 { close(directory) } }
        if directory >= 0, flock(directory, LOCK_EX | LOCK_NB) != 0, errno == EWOULDBLOCK {
            throw Failure(busy: true, message: .hubLockRecoveryBusy(hub: gitDirectory))
        }
        return try stale.compactMap(removeIfStill)
    }

    /// Removes a lock file judged stale, if the second look right before unlink shows the very
    /// same file (device, inode, size, mtime), still stale; nil when it is gone or is not the same
    /// file any more (another process removed it and a new lock took its place: left alone).
    func removeIfStill(_ judged: Seen) throws -> SyncMessage? {
        guard let now = Seen.look(judged.path), now == judged, now.age >= Self.staleAfter else { return nil }
        if unlink(judged.path) == 0 { return .hubLockRemoved(path: judged.path, age: now.age) }
        if errno == ENOENT { return nil }
        let reason = String(cString: strerror(errno))
        throw Failure(busy: false, message: .hubLockStuck(path: judged.path, age: now.age, reason: reason))
    }

    /// After a sync failed talking to the hub: a lock file there explains it better than "the
    /// hub kept moving" (libgit2 reports a held reference lock as a refused update, which reads as
    /// the hub having moved on). Other errors, or no lock file, pass through unchanged.
    func explain(_ error: Error) -> Error {
        guard error is TransportError, let lock = lockFiles().first else { return error }
        if -lock.age > Self.staleAfter {
            return Failure(busy: false, message: .hubLockFromTheFuture(path: lock.path, ahead: -lock.age))
        }
        return Failure(busy: true, message: .hubLockBusy(path: lock.path, age: max(0, lock.age), bound: Self.staleAfter))
    }
}

extension HubLocks {
    /// The one place the sync engine calls: for a hub on a file path, stale lock files are
    /// removed before `body` (the fetch–merge–push rounds) runs, and a failure of `body` that a
    /// lock file explains is reported as that lock. Other hubs: `body` alone.
    static func around(hub: String, _ outcome: inout SyncOutcome, _ body: (inout SyncOutcome) throws -> Void) throws {
        guard let locks = HubLocks(hub: hub) else { return try body(&outcome) }
        let removed = try locks.recover()
        if !removed.isEmpty { outcome.removedHubLocks = removed.map(\.text) }
        do { try body(&outcome) } catch { throw locks.explain(error) }
    }
}
