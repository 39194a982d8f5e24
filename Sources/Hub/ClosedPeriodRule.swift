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
            return refusal(id, plan: try? RecordReader(repository: repository).plan(at: commit))
        }
        return nil
    }

    /// The period named by its months, as every page and message names it (ReportingPeriod.spoken,
    /// from the plan as it stood before the push), beside the file; by its id alone when the
    /// plan does not know it.
    static func refusal(_ id: String, plan: Plan?) -> StoredMessage {
        guard let plan, let period = ReportingPeriods.of(plan).periods.first(where: { $0.id == id }) else {
            return StoredMessage("periods.refusal.closed", ["period": .text(id)])
        }
        return StoredMessage("dash4.refusal.closed", ["name": period.spoken, "period": .text(id)])
    }
}
