import Foundation
import Git
import Records
import Workspace

/// `carnet conflicts`: every value that lost a concurrent edit and waits to be settled.
public enum ConflictList {
    /// The conflicts of every record in the working copy that holds `directory`, by file then field,
    /// with who wrote the kept value and when, from history (`ConflictOrigin`).
    public static func load(at directory: String) throws -> [SyncOutcome.Conflict] {
        let copy = try WorkingCopy(at: directory)
        let snapshot = copy.snapshot()
        var origin = (try? Repository.open(copy.root.path)).map(ConflictOrigin.init)
        var lines: [SyncOutcome.Conflict] = []
        func add(_ path: String, _ conflicts: [FieldConflict]?) {
            for c in conflicts ?? [] {
                let kept = origin?.kept(c, in: path)
                lines.append(SyncOutcome.Conflict(path: path, field: c.field, kept: c.kept, lost: c.lost, lostBy: c.lostBy, lostAt: c.lostAt,
                                                  keptBy: kept?.by, keptAt: kept?.at))
            }
        }
        add(PlanLayout.planFile, snapshot.plan?.record?.conflicts)
        for id in snapshot.ministries.keys.sorted() { add(PlanLayout.ministryFile(id), snapshot.ministries[id]?.record?.conflicts) }
        for folder in snapshot.sortedCommitments {
            add(PlanLayout.commitmentFile(folder.id), folder.commitment?.record?.conflicts)
            add(PlanLayout.progressFile(folder.id), folder.progress?.record?.conflicts)
        }
        return lines
    }
}
