import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A deadline for one network operation. libgit2 1.5 has no network timeout, and its progress
/// callbacks only run while data flows: a server that accepts and then stays silent (or a hook
/// that hangs) would block a read forever. So, besides the callbacks checking `expired`, a
/// watchdog thread shuts down the sockets this operation opened once the deadline passes; the
/// blocked read then returns end-of-file, libgit2 fails, and we report a timeout.
///
/// Sockets are told apart by comparing /proc/self/fd before and during the operation. Another
/// thread of this process opening sockets at the same moment could be hit too: Carnet runs one
/// network operation at a time per process, which the sync lock already implies.
final class NetworkDeadline: @unchecked Sendable {
    let seconds: TimeInterval
    let deadline: Date
    private let lock = NSLock()
    private var finished = false
    private var fired = false
    private let before: Set<String>
    private let done = DispatchSemaphore(value: 0)

    init(seconds: TimeInterval) {
        self.seconds = seconds
        deadline = Date().addingTimeInterval(seconds)
        before = Self.sockets()
        let thread = Thread { [self] in watch() }
        thread.name = "carnet-network-deadline"
        thread.start()
    }

    var expired: Bool {
        lock.lock(); defer { lock.unlock() }
        return fired || Date() > deadline
    }

    /// Stops the watchdog; call when the libgit2 call has returned.
    func finish() {
        lock.lock()
        finished = true
        lock.unlock()
        done.signal()
    }

    private func watch() {
        if done.wait(timeout: .now() + seconds) == .success { return }
        lock.lock()
        defer { lock.unlock() }
        guard !finished else { return }
        fired = true
        for entry in Self.sockets().subtracting(before) {
            if let fd = Int32(entry.split(separator: " ").first ?? "") {
                _ = shutdown(fd, Int32(SHUT_RDWR))
            }
        }
    }

    /// "fd socket:[inode]" for every socket this process has open.
    private static func sockets() -> Set<String> {
        let dir = "/proc/self/fd"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return [] }
        var result: Set<String> = []
        for name in names {
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "\(dir)/\(name)"),
                  target.hasPrefix("socket:") else { continue }
            result.insert("\(name) \(target)")
        }
        return result
    }
}
