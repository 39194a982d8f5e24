import Foundation
import Git
import Records

/// Checks that span files, on the merged tree. Each side's plan was valid and every merged file
/// is, but a merge can still pair files that no longer agree: the point of contact removed a
/// milestone from a commitment while a ministry, offline, reported progress on it. That progress
/// would make the merged plan invalid (and a guarded hub would refuse it for ever), so it leaves
/// the record and goes into the record's `conflicts`, where status, `carnet conflicts` and the
/// dashboard show it: the plan validates and nothing is lost.
extension HubMerge {
    mutating func amend(_ tree: MergedTree) throws -> [(path: String, content: Data?)] {
        var touched = Set<String>()
        for path in tree.changedPaths {
            switch PlanLayout.kind(of: path) {
            case .commitment(let id), .progress(let id): touched.insert(id)
            default: break
            }
        }
        var files: [(path: String, content: Data?)] = []
        for id in touched.sorted() {
            let path = PlanLayout.progressFile(id)
            guard let commitmentData = try tree.read(PlanLayout.commitmentFile(id)), let progressData = try tree.read(path),
                  let commitment = Commitment.read(RecordSource(bytes: [UInt8](commitmentData), path: PlanLayout.commitmentFile(id)), expectedID: id),
                  var progress = CommitmentProgress.read(RecordSource(bytes: [UInt8](progressData), path: path), expectedID: id)
            else { continue }
            let found = orphanedProgress(in: &progress, milestones: Set(commitment.milestones.map(\.id)))
            guard !found.isEmpty else { continue }
            conflicts += found.map {
                SyncOutcome.Conflict(path: path, field: $0.field, kept: $0.kept, lost: $0.lost, lostBy: $0.lostBy, lostAt: $0.lostAt)
            }
            files.append((path, Data(progress.canonicalYAML.utf8)))
        }
        return files
    }

    /// Takes out of `progress` what refers to a milestone not in `milestones`, and returns it as
    /// conflicts (also added to the record's own list).
    private mutating func orphanedProgress(in progress: inout CommitmentProgress, milestones: Set<String>) -> [FieldConflict] {
        var found: [FieldConflict] = []
        for item in progress.milestones where !milestones.contains(item.id) {
            let field = "milestones.\(item.id)"
            // The field merge may have kept this item over the hub's deletion ("lost: ~"); the
            // deletion stands after all, so that entry is replaced by this one.
            progress.conflicts.removeAll { $0.field == field && $0.lost == FieldMerge.absent }
            conflicts.removeAll { $0.path == PlanLayout.progressFile(progress.commitment) && $0.field == field && $0.lost == FieldMerge.absent }
            found.append(FieldConflict(field: field, kept: FieldMerge.absent, lost: ConflictText.milestoneProgress(item),
                                       lostBy: ours.author, lostAt: ours.time))
        }
        progress.milestones.removeAll { !milestones.contains($0.id) }
        for index in progress.evidence.indices {
            guard let milestone = progress.evidence[index].milestone, !milestones.contains(milestone) else { continue }
            found.append(FieldConflict(field: "evidence.\(progress.evidence[index].id).milestone", kept: FieldMerge.absent,
                                       lost: ConflictText.string(milestone), lostBy: ours.author, lostAt: ours.time))
            progress.evidence[index].milestone = nil
        }
        for conflict in found where !progress.conflicts.contains(conflict) { progress.conflicts.append(conflict) }
        return found
    }
}
