import Foundation
import Records
import Workspace

/// `carnet conflicts`: every value that lost a concurrent edit and waits to be settled.
public enum ConflictList {
    /// The conflicts of every record in the working copy that holds `directory`, by file then field.
    public static func load(at directory: String) throws -> [SyncOutcome.Conflict] {
        let snapshot = try WorkingCopy(at: directory).snapshot()
        var lines: [SyncOutcome.Conflict] = []
        func add(_ path: String, _ conflicts: [FieldConflict]?) {
            for c in conflicts ?? [] {
                lines.append(SyncOutcome.Conflict(path: path, field: c.field, kept: c.kept, lost: c.lost, lostBy: c.lostBy, lostAt: c.lostAt))
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
