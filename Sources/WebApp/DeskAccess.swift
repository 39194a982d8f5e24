import Foundation

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
            if readers == 0 { condition.broadcast() }
            condition.unlock()
        }
        return try body()
    }

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
