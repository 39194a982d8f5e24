import Foundation
import Git
import Records
import Workspace

/// Which commitments a ministry leads, or leads milestones of (itself or, when the plan lets parents
/// write for their units, one of its units), as the last commit says — the access rules' own view (a
/// lead changes only by a commit of the point of contact) — read from git and kept by each
/// `commitment.yaml`'s blob id. A ministry's My commitments then reads only its own
/// commitments' files. When HEAD moves, only what changed since the last HEAD seen is read
/// again (git's net change between the two commits, as the hub's verify judges a push): after a
/// save, which changes a progress file, nothing is read again. One page at a time reads or
/// updates it (its own lock: a page that finds HEAD where it was only looks).
///
/// What was read is also kept on disk, in the copy's git folder (`.git/carnet/web-leads`, by blob
/// id, so never stale either): after a restart, the first My commitments parses only the
/// `commitment.yaml` that changed since, not the thousand of the plan.
final class LeadIndex: @unchecked Sendable {
    private let lock = NSLock()
    private var leads: [ObjectID: Set<String>] = [:]
    /// Whether the leads kept on disk were read (once, at the first request).
    private var loaded = false
    /// The last answer: for a HEAD and a ministry, each commitment folder's leads, who writes
    /// for whom, and the commitments the ministry speaks for.
    private var last: (head: ObjectID, ministry: String, byFolder: [String: Set<String>], over: (String) -> [String], led: Set<String>)?

    /// The ids of the commitments `ministry` leads at HEAD (the whole commitment or some
    /// milestones), and who may write for each unit (AccessRule.over) as HEAD says; nil when the
    /// copy has no commit yet.
    func commitments(ledBy ministry: String, in copy: WorkingCopy, records: ParsedRecords) throws -> (led: Set<String>, over: (String) -> [String])? {
        lock.lock()
        defer { lock.unlock() }
        let repository = try Repository.open(copy.root.path)
        guard let head = try repository.headCommitID() else { return nil }
        if let last, last.ministry == ministry {
            if last.head == head { return (last.led, last.over) }
            if let moved = try moved(from: last, to: head, in: repository, records: records) { return moved }
        }
        let store = URL(fileURLWithPath: copy.gitDirectory).appendingPathComponent("carnet/web-leads")
        if !loaded {
            loaded = true
            leads = LeadStore.read(store)
        }
        // A parent speaks for its units when the plan says so (the one access rule decides).
        let over = try copy.organisationsOverUnits()
        let tree = try TreeReader(repository: repository, commit: head)
        var byFolder: [String: Set<String>] = [:]
        var seen: [ObjectID: Set<String>] = [:]
        var unread: [(folder: String, blob: ObjectID)] = []
        for folder in try tree.entries(in: PlanLayout.commitmentsDir) ?? [] where folder.kind == .folder {
            guard let file = try tree.entry(at: PlanLayout.commitmentFile(folder.name)), file.kind == .file else { continue }
            if let known = leads[file.id] {
                seen[file.id] = known
                byFolder[folder.name] = known
            } else {
                unread.append((folder.name, file.id))
            }
        }
        // The first time, a thousand files: parsed on every core (those the pages keep are not
        // parsed again; these are not kept: only their leads are), a few dozen at a time so that
        // the parsed records never all stand in memory at once.
        for start in stride(from: 0, to: unread.count, by: 32) {
            let chunk = unread[start..<min(start + 32, unread.count)]
            let files = try chunk.map { (id: $0.folder, bytes: try tree.bytes(of: $0.blob, limit: YAMLGuard.maxRecordBytes)) }
            for (file, commitment) in zip(chunk, records.commitments(files, keep: false)) {
                guard let commitment else { continue }
                let lead = Set([commitment.leadAgency] + commitment.milestoneLeads)
                seen[file.blob] = lead
                byFolder[file.folder] = lead
            }
        }
        let changed = !unread.isEmpty || seen.count != leads.count
        leads = seen  // what is no longer at HEAD is forgotten
        if changed { LeadStore.write(leads, to: store) }
        return remember(head, ministry, byFolder, over)
    }

    /// The answer at `head` from the one at the last HEAD, when only commitments' files changed
    /// between them; nil when the plan or an organisation changed (who writes for whom may have:
    /// everything is read again), or a commitments folder was replaced by something else.
    private func moved(from last: (head: ObjectID, ministry: String, byFolder: [String: Set<String>], over: (String) -> [String], led: Set<String>),
                       to head: ObjectID, in repository: Repository, records: ParsedRecords) throws -> (led: Set<String>, over: (String) -> [String])? {
        let changes = try repository.pathChanges(from: last.head, to: head)
        var byFolder = last.byFolder
        var tree: TreeReader?
        for change in changes {
            if change.path == PlanLayout.planFile || change.path.hasPrefix(PlanLayout.ministriesDir + "/") { return nil }
            let parts = change.path.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.first.map(String.init) == PlanLayout.commitmentsDir else { continue }
            guard parts.count >= 3 else { return nil }
            let name = String(parts[1])
            guard parts.count == 3, parts[2] == "commitment.yaml" else { continue }
            guard let blob = change.newBlob, change.newKind == .file else {
                byFolder[name] = nil
                continue
            }
            if let known = leads[blob] {
                byFolder[name] = known
                continue
            }
            if tree == nil { tree = try TreeReader(repository: repository, commit: head) }
            let bytes = try tree!.bytes(of: blob, limit: YAMLGuard.maxRecordBytes)
            guard let commitment = records.commitments([(name, bytes)], keep: false).first ?? nil else {
                byFolder[name] = nil
                continue
            }
            let lead = Set([commitment.leadAgency] + commitment.milestoneLeads)
            leads[blob] = lead
            byFolder[name] = lead
        }
        return remember(head, last.ministry, byFolder, last.over)
    }

    private func remember(_ head: ObjectID, _ ministry: String, _ byFolder: [String: Set<String>],
                          _ over: @escaping (String) -> [String]) -> (led: Set<String>, over: (String) -> [String]) {
        let led = Set(byFolder.filter { $0.value.contains { AccessRule.speaks(ministry, for: $0, over: over) } }.keys)
        last = (head, ministry, byFolder, over, led)
        return (led, over)
    }
}
