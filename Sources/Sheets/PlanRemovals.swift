import Foundation
import Messages
import Records
import Workspace

/// Rows removed from a plan workbook imported again: the organisations, commitments and
/// milestones the plan holds and the workbook no longer does. Nothing goes silently: the import
/// lists them and refuses (a row deleted by mistake would take a commitment's progress and
/// evidence with it), unless the person asks (`--remove-missing`); then they go in the import's
/// one commit, each named with the progress and evidence that go with it, and stay in the
/// plan's history.
struct PlanRemovals {
    /// Each removal in the person's words (the refusal, the command's output).
    var said: [String] = []
    /// The same in English, for the commit message (commit messages are English, as elsewhere).
    var lines: [String] = []
    /// Files deleted (relative paths): a removed organisation's file, a removed commitment's folder.
    var deleted: [String] = []
    /// Progress rewritten without a removed milestone's progress (by commitment id), and as it
    /// was: evidence attached to that milestone stays, attached to the commitment only.
    var progress: [String: (before: CommitmentProgress, after: CommitmentProgress)] = [:]

    var isEmpty: Bool { said.isEmpty }

    init(_ copy: WorkingCopy, records: PlanRecords) throws {
        let fm = FileManager.default
        func names(_ folder: String) -> [String] {
            ((try? fm.contentsOfDirectory(atPath: copy.path(folder))) ?? [])
                .filter { !$0.hasPrefix(".") && PathRules.problem(inName: $0) == nil }.sorted()
        }
        for name in names(PlanLayout.ministriesDir) where name.hasSuffix(".yaml") {
            let path = PlanLayout.ministriesDir + "/" + name
            guard records.files[path] == nil else { continue }
            let id = String(name.dropLast(5))
            said.append(Catalogue.text("pimp2.removed.organisation", ["organisation": .text(id)]))
            lines.append("organisation \(id) removed")
            deleted.append(path)
        }
        // Only the commitments that may lose something are read: those the workbook no longer
        // has, and those whose file it changes (a milestone row may be gone).
        var gone: [String] = [], changed: Set<String> = []
        for id in names(PlanLayout.commitmentsDir) {
            let path = PlanLayout.commitmentFile(id)
            if let text = records.files[path] {
                if fm.contents(atPath: copy.path(path)) != Data(text.utf8) { changed.insert(id) }
            } else {
                gone.append(id)
            }
        }
        let before = copy.snapshot(only: changed.union(gone))
        for id in gone {
            let files = try copy.files(under: PlanLayout.commitmentDir(id))
            let evidence = files.filter { $0.hasPrefix(PlanLayout.evidenceDir(id) + "/") }.count
            let hasProgress = files.contains(PlanLayout.progressFile(id))
            let key = evidence > 0 ? "pimp2.removed.commitment-evidence" : hasProgress ? "pimp2.removed.commitment-progress" : "pimp2.removed.commitment"
            said.append(Catalogue.text(key, ["commitment": .text(id), "count": .number(evidence)]))
            lines.append("commitment \(id) removed" + (hasProgress || evidence > 0 ? ", with its progress and \(evidence) evidence file(s)" : ""))
            deleted += files
        }
        for id in changed.sorted() {
            guard let old = before.commitments[id]?.commitment?.record else { continue }
            let kept = Set(records.milestoneIDs[id] ?? [])
            var progress = before.commitments[id]?.progress?.record
            for m in old.milestones where !kept.contains(m.id) {
                let recorded = progress.map { p in p.milestone(m.id) != nil || p.evidence.contains { $0.milestone == m.id } } ?? false
                said.append(Catalogue.text(recorded ? "pimp2.removed.milestone-progress" : "pimp2.removed.milestone",
                                           ["milestone": .text(m.id), "commitment": .text(id)]))
                lines.append("milestone \(m.id) of commitment \(id) removed" + (recorded ? ", with its progress" : ""))
                guard recorded, var p = progress else { continue }
                p.milestones.removeAll { $0.id == m.id }
                for i in p.evidence.indices where p.evidence[i].milestone == m.id { p.evidence[i].milestone = nil }
                progress = p
            }
            if let progress, let old = before.commitments[id]?.progress?.record, progress != old {
                self.progress[id] = (old, progress)
            }
        }
    }

    /// The refusal when the person did not ask for removals: what would go, and what to do.
    var refusal: WorkbookRefusal {
        .workbook(([Catalogue.text("pimp2.removed.refused", ["count": .number(said.count)])] + said.map { "  - " + $0 }
                   + [Catalogue.text("pimp2.removed.advice")]).joined(separator: "\n"))
    }
}
