import Git
import Messages
import Records

/// A closed period's snapshot (periods/<id>.yaml) is written once and never changed: not by a
/// ministry (AccessRule already refuses it the file), not by the point of contact either — the
/// record says what the plan stood at when the period was reported, and a report published from
/// it must stay true. Changing it, or deleting it, is refused for everyone; a period closed by
/// mistake is closed again under a new name by changing the plan's periods (docs/RECORDS.md).
enum ClosedPeriodRule {
    /// nil unless `change` touches a period snapshot that one of `before` (the commit's parents,
    /// or the hub's main for a push's net change) already holds.
    static func violation(_ change: PathChange, before: [ObjectID], in repository: Repository) throws -> StoredMessage? {
        guard case .period(let id) = PlanLayout.kind(of: change.path) else { return nil }
        for commit in before {
            guard let old = try repository.fileData(change.path, at: commit) else { continue }
            if let new = change.newBlob, try repository.blobData(new) == old { continue }
            return StoredMessage("periods.refusal.closed", ["period": .text(id)])
        }
        return nil
    }
}
