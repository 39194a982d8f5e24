import Foundation
import Messages
#if canImport(Glibc)
import Glibc
#endif

/// One sync at a time per working copy: `.git/carnet-sync.lock`, held with flock(2) and holding
/// the holder's pid for people and for `carnet status`. The kernel drops a flock when its process
/// dies, however it dies (kill -9 included), so a dead process never holds the lock: the next sync
/// takes it over, and learns from the pid left in the file that the last one did not finish.
public final class SyncLock {
    public struct Busy: Error, CustomStringConvertible {
        public var pid: Int32?
        public var description: String {
            pid.map { Catalogue.text("sync.busy-pid", ["pid": .text(String($0))]) } ?? Catalogue.text("sync.busy")
        }
    }

    public let path: String
    /// The pid of a previous holder that died holding the lock (its sync was interrupted).
    public let tookOverFrom: Int32?
    private var fd: Int32

    public static func fileName() -> String { "carnet-sync.lock" }

    /// Takes the lock of the repository whose .git directory is `gitDirectory`, or throws Busy.
    public init(gitDirectory: String) throws {
        path = URL(fileURLWithPath: gitDirectory).appendingPathComponent(Self.fileName()).path
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path]) }
        let previous = Self.readPID(fd)
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw Busy(pid: previous)
        }
        // We hold the lock: any pid still written there belongs to a process that died with it.
        tookOverFrom = previous.flatMap { $0 == getpid() ? nil : $0 }
        let text = "\(getpid())\n"
        _ = ftruncate(fd, 0)
        _ = text.withCString { pwrite(fd, $0, strlen($0), 0) }
    }

    /// Releases the lock; the pid is erased first so that the file says "nobody".
    public func release() {
        guard fd >= 0 else { return }
        _ = ftruncate(fd, 0)
        _ = flock(fd, LOCK_UN)
        close(fd)
        fd = -1
    }

    deinit { release() }

    private static func readPID(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = pread(fd, &buffer, buffer.count, 0)
        guard n > 0 else { return nil }
        return Int32(String(decoding: buffer[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
