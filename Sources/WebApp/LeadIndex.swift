import Foundation
import Git
import Records
import Workspace

/// Which commitments a ministry leads, or leads milestones of (itself or, when the plan lets parents
/// write for their units, one of its units), as the last commit says — the access rules' own view (a
/// lead changes only by a commit of the point of contact) — read from git and kept by each
/// `commitment.yaml`'s blob id. A ministry's My commitments then reads only its own
/// commitments' files, and after a save (which changes progress only) parses nothing again.
/// Used under the desk's lock.
final class LeadIndex: @unchecked Sendable {
    private var leads: [ObjectID: Set<String>] = [:]
    /// The last answer, for the same HEAD and ministry (most requests: nothing was committed since).
    private var last: (head: ObjectID, ministry: String, led: Set<String>)?

    /// The ids of the commitments `ministry` leads at HEAD (the whole commitment or some milestones); nil when the copy has no commit yet.
    func commitments(ledBy ministry: String, in copy: WorkingCopy) throws -> Set<String>? {
        let repository = try Repository.open(copy.root.path)
        guard let head = try repository.headCommitID() else { return nil }
        if let last, last.head == head, last.ministry == ministry { return last.led }
        // A parent speaks for its units when the plan says so (the one access rule decides).
        let over = try copy.organisationsOverUnits()
        let tree = try TreeReader(repository: repository, commit: head)
        var led: Set<String> = []
        var seen: [ObjectID: Set<String>] = [:]
        for folder in try tree.entries(in: PlanLayout.commitmentsDir) ?? [] where folder.kind == .folder {
            let path = PlanLayout.commitmentFile(folder.name)
            guard let file = try tree.entry(at: path), file.kind == .file else { continue }
            let lead: Set<String>
            if let known = leads[file.id] {
                lead = known
            } else {
                let bytes = try tree.bytes(of: file.id, limit: YAMLGuard.maxRecordBytes)
                guard let commitment = Commitment.read(RecordSource(bytes: bytes, path: path), expectedID: folder.name) else { continue }
                lead = Set([commitment.leadAgency] + commitment.milestoneLeads)
            }
            seen[file.id] = lead
            if lead.contains(where: { AccessRule.speaks(ministry, for: $0, over: over) }) { led.insert(folder.name) }
        }
        leads = seen  // what is no longer at HEAD is forgotten
        last = (head, ministry, led)
        return led
    }
}
