#if canImport(FoundationEssentials)
import FoundationEssentials   // not Foundation: no ICU, no CoreFoundation mapped into the daemon
#else
import Foundation
#endif
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Watches a plan's folders with inotify and counts changes, so the daemon syncs soon after a
/// save. Folders created later (a new commitment, an evidence folder) are watched as they appear;
/// .git is not watched (sync itself writes there).
public final class RecordWatcher: Sendable {
    private let fd: Int32
    private let root: String
    private let watches = Mutex<[Int32: String]>([:])
    private let counter = Mutex<(count: Int, last: ContinuousClock.Instant?)>((0, nil))

    public init?(root: URL) {
        fd = inotify_init1(Int32(IN_CLOEXEC))
        guard fd >= 0 else { return nil }
        self.root = root.standardizedFileURL.path
        addTree(self.root)
        guard Threads.detach(name: "carnet-watcher", { [self] in self.readLoop() }) else {
            close(fd)
            return nil
        }
    }

    /// How many changes were seen so far, and when the last one was.
    public var changes: (count: Int, last: ContinuousClock.Instant?) { counter.withLock { $0 } }

    private static let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_ATTRIB)

    private func addTree(_ path: String) {
        guard !path.hasSuffix("/.git"), !URL(fileURLWithPath: path).lastPathComponent.hasPrefix(".") || path == root else { return }
        let wd = inotify_add_watch(fd, path, Self.mask | UInt32(IN_ONLYDIR))
        if wd >= 0 { watches.withLock { $0[wd] = path } }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] where !name.hasPrefix(".") {
            let child = path + "/" + name
            var info = stat()
            if stat(child, &info) == 0, info.st_mode & S_IFMT == S_IFDIR { addTree(child) }
        }
    }

    private func readLoop() {
        let size = 64 * 1024
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 8)
        defer { buffer.deallocate() }
        while true {
            let n = read(fd, buffer, size)
            if n <= 0 {
                if n < 0 && errno == EINTR { continue }
                return
            }
            var offset = 0
            var relevant = false
            while offset < n {
                let event = buffer.advanced(by: offset).assumingMemoryBound(to: inotify_event.self).pointee
                let nameStart = buffer.advanced(by: offset + MemoryLayout<inotify_event>.size)
                let name = event.len > 0 ? String(cString: nameStart.assumingMemoryBound(to: CChar.self)) : ""
                offset += MemoryLayout<inotify_event>.size + Int(event.len)
                // Editors write temporary and backup files (.swp, ~, .#): only real files count.
                if name.hasPrefix(".") || name.hasSuffix("~") || name.hasSuffix(".swp") { continue }
                if event.mask & UInt32(IN_ISDIR) != 0 && event.mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0,
                   let parent = watches.withLock({ $0[event.wd] }) {
                    addTree(parent + "/" + name)
                }
                relevant = true
            }
            if relevant {
                let now = ContinuousClock.now
                counter.withLock { $0 = ($0.count + 1, now) }
            }
        }
    }
}
