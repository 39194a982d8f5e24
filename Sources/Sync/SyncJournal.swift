import Foundation
import Git

/// Makes the one non-atomic step of a sync, rewriting files in the working tree, recoverable.
/// Before the first file is written we record where the tree comes from and goes to; HEAD moves
/// only after the last file. A sync killed in between finds the journal: if HEAD already moved,
/// it completes the index; if not, it puts the files it had written back (they are recomputed by
/// the next merge). Files a person edited meanwhile are never touched (WorkTreeUpdate checks).
struct SyncJournal {
    struct Entry: Codable {
        var from: String?
        var to: String
    }

    let path: String

    init(gitDirectory: String) {
        path = URL(fileURLWithPath: gitDirectory).appendingPathComponent("carnet-sync.journal").path
    }

    func write(from: ObjectID?, to: ObjectID) throws {
        let data = try JSONEncoder().encode(Entry(from: from?.description, to: to.description))
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Finishes or undoes an interrupted update. Returns true when there was one.
    @discardableResult
    func recover(_ repository: Repository) throws -> Bool {
        guard let data = FileManager.default.contents(atPath: path),
              let entry = try? JSONDecoder().decode(Entry.self, from: data),
              let to = ObjectID(hex: entry.to) else {
            remove()
            return false
        }
        let from = entry.from.flatMap { ObjectID(hex: $0) }
        let head = try repository.headCommitID()
        do {
            if head == to {
                // HEAD moved: the files are there; bring the index up to date.
                try repository.updateWorkingTree(from: from, to: to)
            } else if head == from, repository.hasObject(to), let from {
                try repository.updateWorkingTree(from: to, to: from)
            }
        } catch is EditedDuringUpdate {
            // Someone edited a file since: their edit is a hand edit, committed by this sync.
        }
        remove()
        return true
    }
}
