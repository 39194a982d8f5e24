import Foundation

/// Record files already parsed, each kept under the git blob id of the bytes it was parsed from,
/// with its path (a record's id is checked against its file name). A blob id names the content:
/// a file changed by anyone (a save, a sync, a text editor) has a new id and is parsed again, so
/// what is kept is never stale and nothing needs to be told of a change. Parsing is nearly all
/// the cost of reading a plan; hashing the bytes read is a small fraction of it.
///
/// Bounded: past `budget` bytes of YAML kept, the records least recently used are forgotten
/// (down to three quarters of it). One per process (the web app's pages share it): a record's
/// problems are worded once, in the process's language. Safe to use from the threads a
/// snapshot parses on.
public final class ParsedRecords: @unchecked Sendable {
    /// git's blob id of some bytes (`git hash-object`), from Workspace: Records knows no git.
    public typealias Identify = @Sendable ([UInt8]) -> String?

    private struct Kept {
        var file: PlanSnapshot.Parsed
        var bytes: Int
        var used: UInt64
    }

    private let identify: Identify
    public let budget: Int
    private let lock = NSLock()
    private var kept: [String: Kept] = [:]
    private var held = 0
    private var clock: UInt64 = 0
    private var counts = (hits: 0, misses: 0)

    public init(budget: Int = 2 << 20, identify: @escaping Identify) {
        self.budget = budget
        self.identify = identify
    }

    /// Files answered from what was kept, files parsed, files kept, and their bytes.
    public var statistics: (hits: Int, misses: Int, files: Int, bytes: Int) {
        lock.lock()
        defer { lock.unlock() }
        return (counts.hits, counts.misses, kept.count, held)
    }

    /// The commitments read from these bytes (each id's `commitment.yaml`, as a commit holds
    /// it), parsed on every core when not kept: what a snapshot reads from the same bytes.
    /// `keep`: false for a one-off read of many files (who leads what), which would otherwise
    /// push out what the pages read.
    public func commitments(_ files: [(id: String, bytes: [UInt8])], keep: Bool = true) -> [Commitment?] {
        let reads = files.map { PlanSnapshot.ReadJob(job: .init(kind: .commitment($0.id), path: PlanLayout.commitmentFile($0.id)), bytes: $0.bytes) }
        return concurrentMap(reads) { self.parsed($0, keep: keep).commitment }
    }

    /// Commitment `id`'s progress.yaml read from these bytes, whose blob id the caller already
    /// knows (a history walk reads versions by id): the same file as a snapshot of today or of a
    /// period's end read, parsed once for all of them. `keep`: false for a walk's thousands of
    /// versions, looked up here but not kept (kept, they raised a dashboard's peak memory by a
    /// sixth, over its 300 MB goal).
    public func progress(_ id: String, bytes: [UInt8], blobID: String, keep: Bool) -> CommitmentProgress? {
        parsed(PlanSnapshot.ReadJob(job: .init(kind: .progress(id), path: PlanLayout.progressFile(id)), bytes: bytes),
               keep: keep, blobID: blobID).progress
    }

    /// The file parsed from these bytes: kept, or parsed now (outside the lock) and kept.
    /// `blobID`: the bytes' id when the caller knows it (else they are hashed).
    func parsed(_ read: PlanSnapshot.ReadJob, keep: Bool = true, blobID: String? = nil) -> PlanSnapshot.Parsed {
        guard let bytes = read.bytes, let id = blobID ?? identify(bytes) else { return PlanSnapshot.Parsed(read: read) }
        let key = read.job.path + "\u{0}" + id
        lock.lock()
        clock += 1
        if var hit = kept[key] {
            hit.used = clock
            kept[key] = hit
            counts.hits += 1
            lock.unlock()
            return hit.file
        }
        counts.misses += 1
        lock.unlock()
        let file = PlanSnapshot.Parsed(read: read)
        guard keep else { return file }
        lock.lock()
        defer { lock.unlock() }
        if kept[key] == nil {
            kept[key] = Kept(file: file, bytes: bytes.count, used: clock)
            held += bytes.count
            if held > budget { forgetLeastRecentlyUsed() }
        }
        return file
    }

    private func forgetLeastRecentlyUsed() {
        for (key, entry) in kept.sorted(by: { $0.value.used < $1.value.used }) {
            guard held > budget * 3 / 4 else { break }
            kept[key] = nil
            held -= entry.bytes
        }
    }
}
