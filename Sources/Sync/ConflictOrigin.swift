import Foundation
import Git
import Records

/// Who wrote the value a conflict kept, and when: the record keeps only the lost value's author
/// (`lost_by` / `lost_at`), so this is read from history (docs/MERGE.md, "Who wrote the kept value").
///
/// From HEAD, follow the parents that still hold the conflict entry back to the commit that added
/// it: the sync's merge, whose parents are [this copy, the hub]. The side that lost is the one
/// whose tip `lost_by` / `lost_at` name (the hub's when its deletion lost), so the value was kept
/// from the other side, the hub's otherwise; on that side, the commit that gave the file its
/// content (through merges, as git's history simplification goes) wrote the kept value. Nil when the entry was not added by a merge (a hand edit), or when it is
/// not committed yet.
struct ConflictOrigin {
    let repository: Repository
    /// Steps taken back through history for one conflict at most (a bound, not an expectation).
    static let maxSteps = 5_000
    private var cache: [ObjectID: [FieldConflict]] = [:]

    init(repository: Repository) { self.repository = repository }

    mutating func kept(_ conflict: FieldConflict, in path: String) -> (by: String, at: String)? {
        guard let head = try? repository.headCommitID(), conflicts(path, at: head).contains(conflict) else { return nil }
        var current = head
        var steps = 0
        while steps < Self.maxSteps, let info = try? repository.commit(current) {
            steps += 1
            if let parent = info.parents.first(where: { conflicts(path, at: $0).contains(conflict) }) {
                current = parent
                continue
            }
            guard info.parents.count >= 2, let ours = try? repository.commit(info.parents[0]),
                  let theirs = try? repository.commit(info.parents[1]) else { return nil }
            let hubLost = conflict.lostBy == HubMerge.who(theirs.author) && conflict.lostAt == HubMerge.when(theirs.author)
                && !(conflict.lostBy == HubMerge.who(ours.author) && conflict.lostAt == HubMerge.when(ours.author))
            return lastChange(of: path, from: hubLost ? ours.id : theirs.id)
        }
        return nil
    }

    /// The author and time of the commit that gave `path` its content as of `start`: back through
    /// any parent that has the same content (as git's history simplification does), to the commit
    /// none of whose parents has it.
    private func lastChange(of path: String, from start: ObjectID) -> (by: String, at: String)? {
        var current = start
        for _ in 0..<Self.maxSteps {
            guard let info = try? repository.commit(current), let blob = try? repository.blobID(of: path, at: current) else { return nil }
            guard let same = info.parents.first(where: { (try? repository.blobID(of: path, at: $0)) == blob }) else {
                return (HubMerge.who(info.author), HubMerge.when(info.author))
            }
            current = same
        }
        return nil
    }

    /// The conflicts list of the record at `path` as of a commit (empty when absent or unreadable).
    private mutating func conflicts(_ path: String, at commit: ObjectID) -> [FieldConflict] {
        guard let blob = try? repository.blobID(of: path, at: commit) else { return [] }
        if let known = cache[blob] { return known }
        let data = (try? repository.blobData(blob)) ?? Data()
        let source = RecordSource(bytes: [UInt8](data), path: path)
        let found: [FieldConflict]
        switch PlanLayout.kind(of: path) {
        case .plan: found = Plan.read(source)?.conflicts ?? []
        case .ministry(let id): found = Ministry.read(source, expectedID: id)?.conflicts ?? []
        case .commitment(let id): found = Commitment.read(source, expectedID: id)?.conflicts ?? []
        case .progress(let id): found = CommitmentProgress.read(source, expectedID: id)?.conflicts ?? []
        case .participation(let record): found = record.read(source)?.conflicts ?? []
        default: found = []
        }
        cache[blob] = found
        return found
    }
}
