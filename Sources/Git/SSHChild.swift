import CGit2
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One OpenSSH client process running one git request: its stdin and stdout are sockets of a
/// socketpair each (a send with MSG_NOSIGNAL to a child that died fails with EPIPE instead of
/// killing us with SIGPIPE), its stderr a pipe drained on a thread of its own (ssh's debug lines
/// and the hub's messages: a big push never blocks on a full stderr pipe). Spawned with an
/// argument vector, never through a shell; only descriptors 0–2 reach it.
final class SSHChild: @unchecked Sendable {
    let pid: pid_t
    private let input: Int32
    private let output: Int32
    private let lock = NSLock()
    private var reaped = false
    private var status: Int32 = 0
    private var inputClosed = false
    private var errorText = Data()
    private let errorDone = DispatchSemaphore(value: 0)
    static let maxErrorBytes = 256 * 1024

    init(arguments: [String], environment: [String: String]) throws {
        var inPair: [Int32] = [-1, -1], outPair: [Int32] = [-1, -1], errPipe: [Int32] = [-1, -1]
        let stream = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        guard socketpair(AF_UNIX, stream, 0, &inPair) == 0 else { throw Self.failure("socketpair") }
        guard socketpair(AF_UNIX, stream, 0, &outPair) == 0 else {
            inPair.forEach { close($0) }
            throw Self.failure("socketpair")
        }
        guard pipe(&errPipe) == 0, fcntl(errPipe[0], F_SETFD, FD_CLOEXEC) == 0, fcntl(errPipe[1], F_SETFD, FD_CLOEXEC) == 0 else {
            (inPair + outPair).forEach { close($0) }
            throw Self.failure("pipe")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, inPair[1], 0)
        posix_spawn_file_actions_adddup2(&actions, outPair[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        // libgit2's and Foundation's descriptors stay ours (a backgrounded master would keep them).
        carnet_spawn_close_from(&actions, 3)
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, arguments[0], &actions, nil, argv, envp)
        close(inPair[1]); close(outPair[1]); close(errPipe[1])
        guard result == 0 else {
            close(inPair[0]); close(outPair[0]); close(errPipe[0])
            throw Self.failure("run \(arguments[0])", code: result)
        }
        self.pid = pid
        input = inPair[0]
        output = outPair[0]
        let errorFD = errPipe[0]
        let thread = Thread { [self] in drain(errorFD) }
        thread.name = "carnet-ssh-stderr"
        thread.start()
    }

    deinit {
        close(input)
        close(output)
    }

    private static func failure(_ what: String, code: Int32 = errno) -> NSError {
        NSError(domain: "carnet.ssh", code: Int(code), userInfo: [NSLocalizedDescriptionKey: "\(what): \(String(cString: strerror(code)))"])
    }

    private func drain(_ fd: Int32) {
        var buffer = [UInt8](repeating: 0, count: 8192)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            lock.withLock {
                if errorText.count < Self.maxErrorBytes { errorText.append(contentsOf: buffer[0..<n]) }
            }
        }
        close(fd)
        errorDone.signal()
    }

    /// Reads what the remote program wrote: 0 at its end, -1 on error (errno).
    func receive(_ buffer: UnsafeMutableRawPointer, _ size: Int) -> Int {
        while true {
            let n = recv(output, buffer, size, 0)
            if n < 0 && errno == EINTR { continue }
            return n
        }
    }

    /// Writes all of `bytes`; false when the child is gone.
    func send(_ bytes: UnsafeRawPointer, _ count: Int, counted: (Int) -> Void) -> Bool {
        var offset = 0
        while offset < count {
            let n = Glibc.send(input, bytes + offset, count - offset, Int32(MSG_NOSIGNAL))
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            offset += n
            counted(n)
        }
        return true
    }

    /// Tells the remote program that nothing more comes (its stdin ends).
    func closeInput() {
        lock.withLock {
            guard !inputClosed else { return }
            inputClosed = true
            shutdown(input, Int32(SHUT_WR))
        }
    }

    /// Waits for the child's end (once; later calls return the same) and its whole stderr.
    /// Returns the exit status as waitpid gives it.
    @discardableResult
    func wait() -> Int32 {
        if let done = lock.withLock({ reaped ? status : nil }) { return done }
        // Wait without reaping, so that `kill` never signals a pid the system gave to another.
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0 && errno == EINTR {}
        let result: Int32 = lock.withLock {
            if !reaped {
                var s: Int32 = 0
                while waitpid(pid, &s, 0) < 0 && errno == EINTR {}
                status = s
                reaped = true
            }
            return status
        }
        // stderr ends when every holder of the pipe has closed it: ssh itself, at its exit.
        _ = errorDone.wait(timeout: .now() + 2)
        return result
    }

    /// Ends the child now (a stall): the blocked read returns.
    func kill() {
        lock.withLock {
            if !reaped { _ = Glibc.kill(pid, SIGKILL) }
        }
    }

    /// Whether it exited with status 0.
    var succeeded: Bool {
        let s = wait()
        return s & 0x7f == 0 && (s >> 8) & 0xff == 0
    }

    /// Everything it wrote on stderr so far.
    var stderrText: String {
        lock.withLock { String(decoding: errorText, as: UTF8.self) }
    }
}
