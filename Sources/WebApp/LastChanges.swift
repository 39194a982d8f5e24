import Foundation
import Git
import Records

/// When each commitment's folder last changed, as history credits changes (the one walker,
/// `Repository.walkHistory`), kept for the last HEAD seen. Most requests find HEAD where it was:
/// no walk. When HEAD moved on from the last HEAD seen (saves, a sync's merge) only the commits
/// new since are read (the walk hides what was read before), and a date moves only forward;
/// anything else (history rewritten) walks again, newest first, stopping once every commitment
/// asked for is found. Every walk reads only the folders of the commitments asked for. One page
/// at a time reads or updates it (its own lock: a page that finds HEAD where it was only looks).
final class LastChanges: @unchecked Sendable {
    private let lock = NSLock()
    private var known: (head: ObjectID, wanted: Set<String>, dates: [String: Date])?

    /// The author date of the last change of each of `ids` (absent: none found).
    func dates(of ids: Set<String>, in repository: Repository) throws -> [String: Date] {
        lock.lock()
        defer { lock.unlock() }
        guard let head = try repository.headCommitID() else { return [:] }
        if let known, known.wanted.isSuperset(of: ids) {
            if known.head == head { return known.dates.filter { ids.contains($0.key) } }
            if try repository.isDescendant(head, of: known.head) {
                var dates = known.dates
                try repository.walkHistory(hiding: [known.head], topLevel: [PlanLayout.commitmentsDir], folders: Self.folders(known.wanted)) { entry in
                    for file in entry.changedPaths {
                        guard let id = Self.commitment(of: file), known.wanted.contains(id) else { continue }
                        // A merge may bring a change older than one already seen: the later stands.
                        if dates[id].map({ $0 < entry.commit.author.time }) ?? true { dates[id] = entry.commit.author.time }
                    }
                    return true
                }
                self.known = (head, known.wanted, dates)
                return dates.filter { ids.contains($0.key) }
            }
        }
        var dates: [String: Date] = [:]
        // The walker itself, not `log()`: that one reads the whole history before the first
        // change comes out, and a copy's history grows with every save.
        try repository.walkHistory(topLevel: [PlanLayout.commitmentsDir], folders: Self.folders(ids)) { entry in
            for file in entry.changedPaths {
                guard let id = Self.commitment(of: file), ids.contains(id), dates[id] == nil else { continue }
                dates[id] = entry.commit.author.time
            }
            return dates.count < ids.count
        }
        known = (head, ids, dates)
        return dates
    }

    /// The commitments' folders (`commitments/05/`), for a walk that reads only those; nil when
    /// a name could not be one folder (the whole `commitments/` is then read).
    private static func folders(_ ids: Set<String>) -> [String]? {
        guard ids.allSatisfy({ !$0.isEmpty && !$0.contains("/") }) else { return nil }
        return ids.sorted().map { PlanLayout.commitmentDir($0) + "/" }
    }

    /// The commitment a path of the plan belongs to (`commitments/05/progress.yaml`: 05).
    static func commitment(of path: String) -> String? {
        let prefix = PlanLayout.commitmentsDir + "/"
        guard path.hasPrefix(prefix) else { return nil }
        let rest = path.dropFirst(prefix.count)
        guard let slash = rest.firstIndex(of: "/") else { return nil }
        return String(rest[..<slash])
    }
}
