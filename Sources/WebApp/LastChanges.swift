import Foundation
import Git
import Records

/// When each commitment's folder last changed, as history credits changes (the one walker,
/// `Repository.walkHistory`), kept for the last HEAD seen. Most requests find HEAD where it was:
/// no walk. After a save (one new commit on top of the last HEAD) only that commit's own change is
/// read; anything else (a sync's merge, several commits) walks again, newest first, stopping once
/// every commitment asked for is found. Used under the desk's lock.
final class LastChanges: @unchecked Sendable {
    private var known: (head: ObjectID, wanted: Set<String>, dates: [String: Date])?

    /// The author date of the last change of each of `ids` (absent: none found).
    func dates(of ids: Set<String>, in repository: Repository) throws -> [String: Date] {
        guard let head = try repository.headCommitID() else { return [:] }
        if let known, known.wanted.isSuperset(of: ids) {
            if known.head == head { return known.dates.filter { ids.contains($0.key) } }
            let commit = try repository.commit(head)
            if commit.parents == [known.head] {
                var dates = known.dates
                for change in try repository.changesIntroduced(by: head) {
                    if let id = Self.commitment(of: change.path), known.wanted.contains(id) { dates[id] = commit.author.time }
                }
                self.known = (head, known.wanted, dates)
                return dates.filter { ids.contains($0.key) }
            }
        }
        var dates: [String: Date] = [:]
        // The walker itself, not `log()`: that one reads the whole history before the first
        // change comes out, and a copy's history grows with every save.
        try repository.walkHistory(topLevel: [PlanLayout.commitmentsDir]) { entry in
            for file in entry.changedPaths {
                guard let id = Self.commitment(of: file), ids.contains(id), dates[id] == nil else { continue }
                dates[id] = entry.commit.author.time
            }
            return dates.count < ids.count
        }
        known = (head, ids, dates)
        return dates
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
