import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Who may be at the copy at once: pages that only read it, together (one on each core: the
/// point of contact's lists served four browsers' requests one after another when every page
/// took the one lock a save takes); a change (a save, a settled conflict, the dashboard
/// previewed, which rewrites its folder) alone, with no page reading half of it. A change that
/// waits goes before pages that come after it, so a stream of pages never holds a save back.
///
/// What pages keep between requests (the desk's kept summaries, last changes, leads) is guarded
/// by each keeper's own lock, and what each page reads of git is through its own repository
/// handle (libgit2's objects are not shared across threads).
final class DeskAccess: @unchecked Sendable {
    private let condition = NSCondition()
    private var readers = 0
    private var writing = false
    private var writersWaiting = 0

    /// `body` beside other readers, never beside a change.
    func reading<T>(_ body: () throws -> T) rethrows -> T {
        condition.lock()
        while writing || writersWaiting > 0 { condition.wait() }
        readers += 1
        condition.unlock()
        defer {
            condition.lock()
            readers -= 1
            let last = readers == 0
            if last { condition.broadcast() }
            condition.unlock()
            if last { Self.giveBackFreedMemory() }
        }
        return try body()
    }

    /// Hands the pages freed by the requests just served back to the system (glibc's
    /// malloc_trim): a page of fifty cards allocates a few megabytes and frees them, and
    /// malloc keeps freed pages in each thread's arena for the next request, so the server's
    /// resident memory was the high-water mark of every arena at once (issue 13's 60 MB goal).
    /// Done when no page is being made, outside the lock.
    static func giveBackFreedMemory() {
        _ = mallocTrim?(0)
    }

    /// glibc's malloc_trim, which Swift's Glibc module does not declare (it is in malloc.h):
    /// found once by name; nil elsewhere.
    private static let mallocTrim: (@convention(c) (Int) -> Int32)? = {
        #if canImport(Glibc)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
        #else
        return nil
        #endif
    }()

    /// `body` alone: no page reads and no other change runs meanwhile.
    func changing<T>(_ body: () throws -> T) rethrows -> T {
        condition.lock()
        writersWaiting += 1
        while writing || readers > 0 { condition.wait() }
        writersWaiting -= 1
        writing = true
        condition.unlock()
        defer {
            condition.lock()
            writing = false
            condition.broadcast()
            condition.unlock()
            Self.giveBackFreedMemory()
        }
        return try body()
    }
}

/// A value several pages read and replace at once (what one keeper holds), behind its own lock:
/// the lock is held only to look or to store, never while the value is being made.
final class Guarded<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
