import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Watches one network operation: counts the bytes that move, tells `progress` about them, and
/// ends the operation once no byte has moved for `bound` seconds (stalled) — not after a fixed
/// time: a slow transfer that keeps moving always finishes.
///
/// libgit2 1.5 has no network timeout, and its progress callbacks only run while data flows (and
/// only every 100 KiB of a fetch): a hub that stops answering (a link gone quiet, a hook that
/// hangs) would block a read forever. So a watchdog thread samples, every quarter second, the
/// kernel's byte counters of the TCP sockets this operation opened (TCP_INFO: bytes received, and
/// bytes sent *and acknowledged by the other side*, so a push is not counted as moving while its
/// pack only fills the send buffer), together with what libgit2's callbacks reported. When nothing
/// moved for the bound it shuts those sockets down; the blocked read returns end-of-file, libgit2
/// fails, and `CallbackBox.finish` reports the stall.
///
/// Sockets are told apart by comparing /proc/self/fd before and during the operation. Another
/// thread of this process opening sockets at the same moment could be counted (and hit) too:
/// Carnet runs one network operation at a time per process, which the sync lock already implies.
///
/// Over OpenSSH's client (SSHExecTransport) the connection is not ours: it belongs to ssh, or to
/// a master ssh in the background. There the watch counts the bytes crossing the child's pipes
/// (`piped`) and reads the master's TCP counters through the kernel's socket diagnostics
/// (`watchLink`, LinkSockets); on a stall it runs the transport's `onStall` handlers, which kill
/// the child so that the blocked read returns.
final class TransferWatch: @unchecked Sendable {
    let bound: TimeInterval
    let operation: String
    private let progress: (@Sendable (TransferProgress) -> Void)?
    private let total: UInt64?
    private let lock = NSLock()
    private var finished = false
    private var fired = false
    private let before: Set<String>
    private let started = Date()
    private var lastMove = Date()
    /// Per socket ("fd socket:[inode]"): the highest counters seen (a closed socket keeps its count).
    private var socketCounts: [String: (received: UInt64, sent: UInt64)] = [:]
    /// What libgit2's callbacks reported.
    private var gitReceived: UInt64 = 0
    private var gitSent: UInt64 = 0
    private var objects = 0
    private var totalObjects = 0
    private var activity = 0
    private var lastSeen: (UInt64, UInt64, Int, Int, UInt64, UInt64) = (0, 0, 0, 0, 0, 0)
    /// Bytes that crossed the pipes of an ssh child (received from it, written to it).
    private var pipeReceived: UInt64 = 0
    private var pipeSent: UInt64 = 0
    /// The hub's TCP connections held by other processes (an ssh master), and per socket inode
    /// their counters when the watch began (a master's connection carried earlier syncs).
    private var link: LinkSockets?
    private var linkBase: [UInt32: (received: UInt64, sent: UInt64)] = [:]
    private var linkCounts: [UInt32: (received: UInt64, sent: UInt64)] = [:]
    private var stallHandlers: [() -> Void] = []
    /// (time, bytes) samples of the last few seconds, for the rate.
    private var samples: [(Date, UInt64)] = []
    private let done = DispatchSemaphore(value: 0)
    static let tick: TimeInterval = 0.25

    init(bound: TimeInterval, operation: String, total: UInt64? = nil,
         progress: (@Sendable (TransferProgress) -> Void)?) {
        self.bound = max(1, bound)
        self.operation = operation
        self.total = total
        self.progress = progress
        before = Self.sockets()
        let thread = Thread { [self] in watch() }
        thread.name = "carnet-transfer-watch"
        thread.start()
    }

    /// Whether the watchdog ended the operation (nothing moved for the bound).
    var stalled: Bool {
        lock.lock(); defer { lock.unlock() }
        return fired
    }

    /// Whether anything came from the other side at all (an SSH banner, an HTTP answer).
    var heardFromPeer: Bool {
        lock.lock(); defer { lock.unlock() }
        return counts().received > 0
    }

    /// Whether the transfer proper had begun (libgit2 reported objects or pack bytes).
    var transferStarted: Bool {
        lock.lock(); defer { lock.unlock() }
        return gitReceived > 0 || gitSent > 0 || totalObjects > 0
    }

    /// Bytes moved on the link so far (both directions).
    var moved: UInt64 {
        lock.lock(); defer { lock.unlock() }
        let c = counts()
        return c.received + c.sent
    }

    // Called from libgit2's callbacks (the operation's thread).
    func fetched(bytes: UInt64, objects done: Int, of all: Int) {
        lock.lock(); defer { lock.unlock() }
        gitReceived = max(gitReceived, bytes)
        objects = done
        totalObjects = all
    }

    func pushed(bytes: UInt64, objects done: Int, of all: Int) {
        lock.lock(); defer { lock.unlock() }
        gitSent = max(gitSent, bytes)
        objects = done
        totalObjects = all
    }

    /// Something came that is not counted in bytes (the hub's side-band text, a pack object).
    func active() {
        lock.lock(); defer { lock.unlock() }
        activity &+= 1
    }

    /// Bytes that crossed an ssh child's pipes.
    func piped(received: Int = 0, sent: Int = 0) {
        lock.lock(); defer { lock.unlock() }
        pipeReceived += UInt64(max(0, received))
        pipeSent += UInt64(max(0, sent))
    }

    /// Counts the link bytes of the hub's TCP connections held by another process from now on.
    func watchLink(_ sockets: LinkSockets) {
        let now = sockets.counts()
        lock.lock(); defer { lock.unlock() }
        link = sockets
        for (inode, c) in now where linkBase[inode] == nil { linkBase[inode] = c }
    }

    /// Runs `handler` (on the watchdog's thread) if the operation stalls; at once if it has.
    func onStall(_ handler: @escaping () -> Void) {
        lock.lock()
        guard !fired else { lock.unlock(); handler(); return }
        stallHandlers.append(handler)
        lock.unlock()
    }

    /// Stops the watchdog (call when the libgit2 call has returned) and sends the last event.
    func finish() {
        lock.lock()
        let wasFinished = finished
        finished = true
        sampleSockets()
        let last = snapshot(done: true)
        lock.unlock()
        done.signal()
        if !wasFinished { progress?(last) }
    }

    private func watch() {
        var lastEvent = Date.distantPast
        while done.wait(timeout: .now() + Self.tick) != .success {
            lock.lock()
            if finished { lock.unlock(); return }
            sampleSockets()
            let c = counts()
            let now = Date()
            let seen = (c.received, c.sent, objects, activity, pipeReceived, pipeSent)
            if seen != lastSeen {
                lastSeen = seen
                lastMove = now
            }
            samples.append((now, c.received + c.sent))
            samples.removeAll { now.timeIntervalSince($0.0) > 5 }
            if now.timeIntervalSince(lastMove) > bound {
                fired = true
                for entry in Self.sockets().subtracting(before) {
                    if let fd = Int32(entry.split(separator: " ").first ?? "") {
                        _ = shutdown(fd, Int32(SHUT_RDWR))
                    }
                }
                let handlers = stallHandlers
                stallHandlers = []
                lock.unlock()
                handlers.forEach { $0() }
                return
            }
            let event = now.timeIntervalSince(lastEvent) >= 0.5 ? snapshot(done: false) : nil
            lock.unlock()
            if let event {
                lastEvent = now
                progress?(event)
            }
        }
    }

    /// Under the lock.
    private func counts() -> (received: UInt64, sent: UInt64) {
        var received: UInt64 = 0, sent: UInt64 = 0
        for (_, c) in socketCounts {
            received += c.received
            sent += c.sent
        }
        for (inode, c) in linkCounts {
            let base = linkBase[inode] ?? (0, 0)
            received += c.received &- min(c.received, base.received)
            sent += c.sent &- min(c.sent, base.sent)
        }
        // Bytes written to ssh are not yet on the link (ssh takes a window of them at once):
        // what was sent is what the link acknowledged, or what libgit2 reported.
        return (max(received, gitReceived, pipeReceived), max(sent, gitSent))
    }

    /// Under the lock.
    private func snapshot(done: Bool) -> TransferProgress {
        let c = counts()
        let now = Date()
        var rate = 0.0
        if let first = samples.first, let last = samples.last, last.0.timeIntervalSince(first.0) >= 0.5 {
            rate = Double(last.1 &- first.1) / last.0.timeIntervalSince(first.0)
        }
        var event = TransferProgress(operation: operation, received: c.received, sent: c.sent, total: total,
                                     objects: objects, totalObjects: totalObjects, rate: rate,
                                     elapsed: now.timeIntervalSince(started), idle: now.timeIntervalSince(lastMove), done: done)
        if let total, rate > 0, !done {
            let direction = operation == "push" ? c.sent : c.received
            event.secondsLeft = total > direction ? Double(total - direction) / rate : 0
        }
        return event
    }

    /// Under the lock: the kernel's counters of every socket the operation opened.
    private func sampleSockets() {
        for entry in Self.sockets().subtracting(before) {
            guard let fd = Int32(entry.split(separator: " ").first ?? ""),
                  let c = Self.tcpCounts(fd) else { continue }
            let old = socketCounts[entry] ?? (0, 0)
            socketCounts[entry] = (max(old.received, c.received), max(old.sent, c.sent))
        }
        if let link {
            for (inode, c) in link.counts() {
                let old = linkCounts[inode] ?? (0, 0)
                linkCounts[inode] = (max(old.received, c.received), max(old.sent, c.sent))
            }
        }
    }

    /// TCP_INFO's tcpi_bytes_received and tcpi_bytes_acked (less the SYN) (Linux ≥ 4.2; offsets of the kernel's
    /// struct tcp_info, which glibc's header does not declare that far). nil: not a TCP socket.
    static func tcpCounts(_ fd: Int32) -> (received: UInt64, sent: UInt64)? {
        var buffer = [UInt8](repeating: 0, count: 232)
        var length = socklen_t(buffer.count)
        let result = buffer.withUnsafeMutableBytes { raw in
            getsockopt(fd, Int32(IPPROTO_TCP), Int32(TCP_INFO), raw.baseAddress, &length)
        }
        guard result == 0, length >= 136 else { return nil }
        func u64(_ offset: Int) -> UInt64 {
            buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: UInt64.self) }
        }
        // bytes_acked counts the SYN as one byte once the connection is up.
        let acked = u64(120)
        return (u64(128), acked > 0 ? acked - 1 : 0)
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
