import Daemon
import Foundation
import Git
import Synchronization
import Sync
#if canImport(Glibc)
import Glibc
#endif

/// Runs each of the daemon's syncs as a child process, `carnet sync --json`, and reads its
/// outcome.
///
/// Why not the engine on a thread of the daemon: a long-lived process keeps what one sync
/// leaves behind. libgit2 1.5 (Debian 12) leaks PCRE2 match data on every config lookup that does
/// not match (fixed upstream in 1.6), about 0.4 MB per sync even when nothing changed: 35 MB a
/// day at the 15-minute interval. And a sync of a large plan reads every record (tens of MB)
/// that malloc then keeps. A child gives all of it back when it exits; the daemon stays at the
/// size of an idle Swift program. A crash in the engine also ends one sync, not the daemon.
final class SyncProcessRunner: SyncRunner {
    let directory: String
    private let executable: String
    private let errorLog: String
    /// The sync in progress (its process group), to abandon when the daemon must stop.
    private let child = Mutex<pid_t?>(nil)
    private let abandoned = Atomic<Bool>(false)

    init(directory: String) throws {
        self.directory = directory
        executable = Self.ownExecutable()
        errorLog = URL(fileURLWithPath: try Repository.open(directory).gitDirectory)
            .appendingPathComponent("carnet-daemon-sync.log").path
    }

    func sync() async -> SyncAttempt {
        await onThread { [self] in
            let run = self.runChild()
            if abandoned.load(ordering: .relaxed), run.outcome == nil {
                return SyncAttempt(result: .failed, summary: "abandoned as the daemon stopped (carnet sync \(run.ended)); the next sync finishes it")
            }
            guard let outcome = run.outcome else {
                let errors = (try? String(contentsOfFile: errorLog, encoding: .utf8))?
                    .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                return SyncAttempt(result: .failed, summary: "carnet sync \(run.ended)" + (errors.isEmpty ? "" : ": \(errors)"))
            }
            let result: SyncAttempt.Result = outcome.status == .busy ? .busy : SyncAttempt.result(forExitCode: outcome.exitCode)
            return SyncAttempt(result: result, summary: DaemonLogLine.summary(outcome),
                               details: outcome.status == .inSync ? nil : outcome.summary,
                               commitsWaiting: (try? LocalWork(directory).commitsNotOnHub()) ?? 0,
                               pendingEdits: outcome.refused.count + outcome.editedDuringSync.count,
                               hubAnswered: outcome.fetched)
        }
    }

    func hasLocalWork() async -> Bool {
        await onThread { [directory] in (try? LocalWork(directory).exists) ?? true }
    }

    /// The daemon is stopping and the grace period is over: the child stops where it is. The
    /// engine is safe to kill at any point (lock released by the kernel, objects before refs,
    /// journaled work-tree update); the next sync finishes the job.
    func abandon() {
        abandoned.store(true, ordering: .relaxed)
        child.withLock { pid in if let pid { kill(-pid, SIGTERM) } }
    }

    private struct ChildRun {
        var outcome: SyncOutcome?
        var ended: String
    }

    private func runChild() -> ChildRun {
        var pipe: [Int32] = [-1, -1]
        guard Glibc.pipe(&pipe) == 0 else { return ChildRun(outcome: nil, ended: "could not start: no pipe (\(errno))") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, pipe[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, errorLog, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addclose(&actions, pipe[0])
        posix_spawn_file_actions_addclose(&actions, pipe[1])
        // Its own process group: a Ctrl-C meant for the daemon does not cut the sync short; the
        // daemon decides (grace period, then abandon()).
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        let arguments = [executable, "sync", "-C", directory, "--json"]
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }

        var pid: pid_t = 0
        let spawned = child.withLock { slot -> Int32 in
            let result = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
            if result == 0 { slot = pid }
            return result
        }
        close(pipe[1])
        defer { close(pipe[0]) }
        guard spawned == 0 else { return ChildRun(outcome: nil, ended: "could not start: \(String(cString: strerror(spawned)))") }

        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let n = read(pipe[0], &buffer, buffer.count)
            if n > 0 { output += buffer[0..<n]; continue }
            if n < 0 && errno == EINTR { continue }
            break
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        child.withLock { $0 = nil }

        let signal = status & 0x7f
        let ended = signal == 0 ? "exited \((status >> 8) & 0xff)" : "was stopped by signal \(signal)"
        let decoder = JSONDecoder()
        return ChildRun(outcome: try? decoder.decode(SyncOutcome.self, from: Data(output)), ended: ended)
    }

    private func onThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: body()) }
        }
    }

    /// This very binary, so the daemon and its syncs are the same version.
    private static func ownExecutable() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return CommandLine.arguments[0] }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// What this working copy has that the hub has not (as of the last fetch): edits not committed,
/// commits not pushed. Read from git alone, without validating the plan.
struct LocalWork {
    let repository: Repository

    init(_ directory: String) throws { repository = try Repository.open(directory) }

    var exists: Bool {
        get throws { try !repository.changedFiles().isEmpty || commitsNotOnHub() > 0 }
    }

    func commitsNotOnHub() throws -> Int {
        guard let head = try repository.headCommitID() else { return 0 }
        let hub = try repository.referenceTarget("refs/remotes/\(SyncSettings.remoteName)/main")
        return try repository.commits(from: head, excluding: hub.map { [$0] } ?? []).count
    }
}
