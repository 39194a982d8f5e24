#if canImport(Glibc)
import Glibc
#endif

/// Plain threads for work that blocks (reading inotify, waiting for a child process), which must
/// not hold one of the concurrency pool's few threads. POSIX threads rather than Foundation's
/// `Thread`: this module uses FoundationEssentials only, so the daemon does not map Foundation
/// and ICU into its memory (see Sources/carnet-daemon).
enum Threads {
    private final class Body {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    /// Runs `body` on a new detached thread, named for `ps -L` and gdb (15 characters at most);
    /// false when no thread could be made (a resource limit), and `body` is not run.
    @discardableResult
    static func detach(name: String, _ body: @escaping @Sendable () -> Void) -> Bool {
        let context = Unmanaged.passRetained(Body {
            nameThisThread(name)
            body()
        }).toOpaque()
        var thread = pthread_t()
        let created = pthread_create(&thread, nil, { raw in
            Unmanaged<Body>.fromOpaque(raw!).takeRetainedValue().run()
            return nil
        }, context)
        guard created == 0 else {
            Unmanaged<Body>.fromOpaque(context).release()
            return false
        }
        pthread_detach(thread)
        return true
    }

    /// pthread_setname_np is not visible to Swift without _GNU_SOURCE; this is what it does.
    private static func nameThisThread(_ name: String) {
        let fd = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        let bytes = Array(name.utf8.prefix(15))
        _ = write(fd, bytes, bytes.count)
        close(fd)
    }

    /// Blocks this thread for `seconds`.
    static func sleep(seconds: Double) {
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - seconds.rounded(.down)) * 1e9))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }
}
