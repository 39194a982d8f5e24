#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Synchronization
import Messages
#if canImport(Glibc)
import Glibc
#endif

/// Runs each of the daemon's syncs as a child process of the full `carnet` binary,
/// `carnet daemon --repo DIR --sync-once`, which prints what it did as a `SyncAttempt` (JSON).
///
/// Why not the engine on a thread of the daemon: a long-lived process keeps what one sync
/// leaves behind. libgit2 1.5 (Debian 12) leaks PCRE2 match data on every config lookup that does
/// not match (fixed upstream in 1.6), about 0.4 MB per sync even when nothing changed: 35 MB a
/// day at the 15-minute interval. And a sync of a large plan reads every record (tens of MB)
/// that malloc then keeps. A child gives all of it back when it exits. A crash in the engine also
/// ends one sync, not the daemon. And the daemon itself then needs neither libgit2 nor the YAML
/// and record code: it runs as the small `carnet-daemon` executable (see DaemonLaunch).
public final class ChildSyncRunner: SyncRunner {
    /// The full `carnet` binary.
    public let carnet: String
    public let directory: String
    /// Where the sync's stderr goes (truncated at each sync), read when it gives no outcome.
    private let errorLog: String
    /// The sync in progress (its process group), to abandon when the daemon must stop.
    private let child = Mutex<pid_t?>(nil)
    private let abandoned = Atomic<Bool>(false)

    /// The arguments after the binary's path for one sync, and for the local-work question.
    public static func syncArguments(directory: String) -> [String] {
        ["daemon", "--repo", directory, "--sync-once", "--progress-fd", String(progressDescriptor)]
    }
    /// The child's descriptor for its transfer progress (JSON lines), read into the daemon's state.
    public static let progressDescriptor: Int32 = 3
    public static func localWorkArguments(directory: String) -> [String] { ["daemon", "--repo", directory, "--local-work"] }
    /// `--local-work`'s answers; any other exit (a crash, an unreadable repository) counts as yes.
    public static let noLocalWorkExitCode: Int32 = 1

    /// The syncs' language (their summaries are the daemon's log lines), given to each child as
    /// CARNET_LANG; nil: the child chooses as any carnet does.
    let language: String?

    public init(carnet: String, directory: String, gitDirectory: String, language: String? = nil) {
        self.carnet = carnet
        self.directory = directory
        self.language = language
        errorLog = URL(fileURLWithPath: gitDirectory).appendingPathComponent("carnet-daemon-sync.log").path
    }

    public func sync() async -> SyncAttempt { await sync(progress: { _ in }) }

    public func sync(progress: @escaping @Sendable (DaemonTransfer) -> Void) async -> SyncAttempt {
        await onThread { [self] in
            let run = self.run(Self.syncArguments(directory: directory), stderr: errorLog, readOutput: true, progress: progress)
            let attempt = run.output.flatMap { try? JSONDecoder().decode(SyncAttempt.self, from: Data($0)) }
            if abandoned.load(ordering: .relaxed), attempt == nil {
                return SyncAttempt(result: .failed, summary: Catalogue.text("daemon.sync.abandoned", ["ended": run.ended.argument]))
            }
            guard let attempt else {
                let errors = (try? Data(contentsOf: URL(fileURLWithPath: errorLog)))
                    .map { String(decoding: $0, as: UTF8.self) }
                    .map { String($0.reversed().drop { $0.isWhitespace }.reversed()) } ?? ""
                return SyncAttempt(result: .failed, summary: errors.isEmpty
                    ? Catalogue.text("daemon.sync.ended", ["ended": run.ended.argument])
                    : Catalogue.text("daemon.sync.ended-saying", ["ended": run.ended.argument, "errors": .text(errors)]))
            }
            return attempt
        }
    }

    public func hasLocalWork() async -> Bool {
        await onThread { [self] in
            let run = self.run(Self.localWorkArguments(directory: directory), stderr: "/dev/null", readOutput: false)
            return run.exitCode != Self.noLocalWorkExitCode
        }
    }

    /// The daemon is stopping and the grace period is over: the child stops where it is. The
    /// engine is safe to kill at any point (lock released by the kernel, objects before refs,
    /// journaled work-tree update); the next sync finishes the job.
    public func abandon() {
        abandoned.store(true, ordering: .relaxed)
        child.withLock { pid in if let pid { kill(-pid, SIGTERM) } }
    }

    private struct ChildRun {
        var output: [UInt8]?
        /// "exited 0", "was stopped by signal 15", "could not start: …".
        var ended: StoredMessage
        /// nil when it did not start or was stopped by a signal.
        var exitCode: Int32?
    }

    private func run(_ arguments: [String], stderr: String, readOutput: Bool,
                     progress: (@Sendable (DaemonTransfer) -> Void)? = nil) -> ChildRun {
        var pipe: [Int32] = [-1, -1]
        guard Glibc.pipe(&pipe) == 0 else { return ChildRun(ended: StoredMessage("daemon.child.no-pipe", ["errno": .number(Int(errno))])) }
        // The child's progress lines, on descriptor 3 (only for a sync: --progress-fd).
        var progressPipe: [Int32] = [-1, -1]
        if progress != nil, Glibc.pipe(&progressPipe) != 0 { progressPipe = [-1, -1] }
        defer { if progressPipe[0] >= 0 { close(progressPipe[0]) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, pipe[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if progressPipe[1] >= 0 {
            posix_spawn_file_actions_adddup2(&actions, progressPipe[1], Self.progressDescriptor)
            posix_spawn_file_actions_addclose(&actions, progressPipe[0])
            posix_spawn_file_actions_addclose(&actions, progressPipe[1])
        } else {
            posix_spawn_file_actions_addopen(&actions, Self.progressDescriptor, "/dev/null", O_WRONLY, 0)
        }
        posix_spawn_file_actions_addclose(&actions, pipe[0])
        posix_spawn_file_actions_addclose(&actions, pipe[1])
        // Its own process group: a Ctrl-C meant for the daemon does not cut the sync short; the
        // daemon decides (grace period, then abandon()).
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        let argv = ([carnet] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let environment = ChildEnvironment(language: language)
        defer { environment.free() }

        var pid: pid_t = 0
        let spawned = child.withLock { slot -> Int32 in
            let result = posix_spawn(&pid, carnet, &actions, &attributes, argv, environment.pointers)
            if result == 0 { slot = pid }
            return result
        }
        close(pipe[1])
        defer { close(pipe[0]) }
        if progressPipe[1] >= 0 { close(progressPipe[1]) }
        guard spawned == 0 else {
            return ChildRun(ended: StoredMessage("daemon.child.cannot-start", ["carnet": .text(carnet), "reason": .text(String(cString: strerror(spawned)))]))
        }
        // Read on a thread of its own until the child closes it (it exits): joined below, so no
        // progress arrives once the sync has returned.
        let progressRead = progressPipe[0] >= 0 ? ReadAll() : nil
        if let progressRead, let progress {
            let fd = progressPipe[0]
            if !Threads.detach(name: "carnet-progress", { Self.readProgress(fd, progress); progressRead.signal() }) {
                progressRead.signal()
            }
        }

        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let n = read(pipe[0], &buffer, buffer.count)
            if n > 0 { if readOutput { output += buffer[0..<n] }; continue }
            if n < 0 && errno == EINTR { continue }
            break
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        child.withLock { $0 = nil }
        progressRead?.wait()

        let signal = status & 0x7f
        let code = (status >> 8) & 0xff
        return ChildRun(output: readOutput ? output : nil,
                        ended: signal == 0 ? StoredMessage("daemon.child.exited", ["code": .number(Int(code))])
                                           : StoredMessage("daemon.child.signal", ["signal": .number(Int(signal))]),
                        exitCode: signal == 0 ? code : nil)
    }

    /// The child's progress: JSON lines, each decoded and given to `progress`; a line that is not
    /// one (or is longer than 4 KiB) is skipped. Ends at end of file.
    public static func readProgress(_ fd: Int32, _ progress: @Sendable (DaemonTransfer) -> Void) {
        let decoder = JSONDecoder()
        var line: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            for byte in buffer[0..<n] {
                if byte == UInt8(ascii: "\n") {
                    if var transfer = try? decoder.decode(DaemonTransfer.self, from: Data(line)) {
                        transfer.at = Date()
                        progress(transfer)
                    }
                    line.removeAll(keepingCapacity: true)
                } else if line.count < 4096 {
                    line.append(byte)
                }
            }
        }
    }

    /// Waits for a child on a thread of its own, not one of the concurrency pool's few.
    private func onThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let started = Threads.detach(name: "carnet-sync") { continuation.resume(returning: body()) }
            if !started { continuation.resume(returning: body()) }
        }
    }
}

/// The environment of a sync child: the daemon's own, with CARNET_LANG set to the daemon's
/// language (so that its summary, which the daemon logs, is written in it).
private struct ChildEnvironment {
    let pointers: [UnsafeMutablePointer<CChar>?]

    init(language: String?) {
        var entries: [UnsafeMutablePointer<CChar>?] = []
        var index = 0
        while let entry = environ[index] {
            let keep = language == nil || !String(cString: entry).hasPrefix("CARNET_LANG=")
            if keep { entries.append(strdup(entry)) }
            index += 1
        }
        if let language { entries.append(strdup("CARNET_LANG=" + language)) }
        pointers = entries + [nil]
    }

    func free() { pointers.forEach { Glibc.free($0) } }
}

/// A one-shot signal (a semaphore of FoundationEssentials' world: a mutex and a condition).
final class ReadAll: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    private var condition = pthread_cond_t()
    private var done = false

    init() {
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&condition, nil)
    }

    deinit {
        pthread_cond_destroy(&condition)
        pthread_mutex_destroy(&mutex)
    }

    func signal() {
        pthread_mutex_lock(&mutex)
        done = true
        pthread_cond_broadcast(&condition)
        pthread_mutex_unlock(&mutex)
    }

    func wait() {
        pthread_mutex_lock(&mutex)
        while !done { pthread_cond_wait(&condition, &mutex) }
        pthread_mutex_unlock(&mutex)
    }
}
