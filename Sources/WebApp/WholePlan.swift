import Foundation
import Git
import Records
import Workspace

/// The whole plan's commitment summaries (the point of contact's lists: every commitment, Needs
/// attention), kept by each commitment folder's git tree id at HEAD. A thousand commitments'
/// records are more than the parsed records keep (ParsedRecords' budget), so they were all parsed
/// again at every request; a summary is a few hundred bytes.
///
/// What is kept is never stale: a folder's tree id names its content at HEAD, and a folder whose
/// files differ from HEAD (git's status: saved but not committed, edited by hand, new) is read
/// from disk at each request and not kept. The day and the languages the summaries were made for
/// are part of what is kept: another day, another language, everything is made again. A folder
/// git ignores (.gitignore) is not listed. Pages made at once share it: its lock is held only to
/// look at what is kept and to store what was read, never while reading (two pages may then both
/// read a folder new to both: the same summary, kept once).
final class WholePlan: @unchecked Sendable {
    private struct Made: Equatable {
        var day: PlanDate
        var language: String
        var planLanguage: String?
        /// The day ratings are judged on (the plan's last day once it is over: Plan.judgingDay).
        var judging: PlanDate
    }

    private struct Kept {
        var made: Made?
        /// By folder name: its tree id at HEAD when it was summarised, and the summary (nil: its
        /// commitment.yaml could not be read).
        var folders: [String: (tree: ObjectID, summary: CommitmentSummary?)] = [:]
        /// The last list made, in the plan's order, and the folders at HEAD it was made from:
        /// while HEAD's folders are those and nothing differs from HEAD, the same list (most
        /// requests; sorting and copying a thousand summaries again was a tenth of a page).
        var listed: (atHead: [String: ObjectID], items: [CommitmentSummary])?
    }

    private let state = Guarded(Kept())

    /// The summaries of every commitment of the copy as it is on disk, with the plan and the
    /// ministries (for names); nil when the copy has no commit yet (the caller reads the files).
    func summaries(_ copy: WorkingCopy, today: PlanDate, language: String)
        throws -> (items: [CommitmentSummary], plan: Plan?, ministries: [String: PlanSnapshot.Entry<Ministry>])? {
        let repository = try Repository.open(copy.root.path)
        guard let head = try repository.headCommitID() else { return nil }
        // The plan and the ministries: a few small files, kept by the pages' parsed records.
        let names = PlanSnapshot(root: copy.root, only: [], records: copy.parsedRecords)
        let top = PlanSnapshot(root: copy.root, only: [], alsoMinistries: names.ministryIDs, records: copy.parsedRecords)
        let now = Made(day: today, language: language, planLanguage: top.plan?.record?.language,
                       judging: top.plan?.record?.judgingDay(today) ?? today)
        // Commitments whose files differ from HEAD: read from disk, never kept. (A clean tree is
        // known from stat data alone: Repository.changedFiles.)
        var dirty: Set<String> = []
        for change in try repository.changedFiles() {
            if let id = LastChanges.commitment(of: change.path) { dirty.insert(id) }
        }
        var atHead: [String: ObjectID] = [:]
        for entry in try TreeReader(repository: repository, commit: head).entries(in: PlanLayout.commitmentsDir) ?? []
        where entry.kind == .folder && entry.nameIsUTF8 && !dirty.contains(entry.name) {
            atHead[entry.name] = entry.id
        }
        // What HEAD no longer holds is forgotten; another day or language, everything.
        let known = state.withLock { state -> (folders: [String: (tree: ObjectID, summary: CommitmentSummary?)], listed: [CommitmentSummary]?) in
            if state.made != now { state = Kept(made: now) }
            if dirty.isEmpty, let listed = state.listed, listed.atHead == atHead { return ([:], listed.items) }
            state.folders = state.folders.filter { atHead[$0.key] == $0.value.tree }
            return (state.folders, nil)
        }
        if let items = known.listed { return (items, top.plan?.record, top.ministries) }
        let kept = known.folders
        let unread = Set(atHead.keys.filter { kept[$0] == nil })
        var summaries: [String: CommitmentSummary?] = kept.mapValues(\.summary)
        var fresh: [String: (tree: ObjectID, summary: CommitmentSummary?)] = [:]
        // Not through the pages' parsed records (a thousand files would push out what they keep),
        // and a few dozen at a time, so that the parsed records never all stand in memory at once.
        let toRead = unread.union(dirty).sorted()
        for start in stride(from: 0, to: toRead.count, by: 64) {
            let chunk = toRead[start..<min(start + 64, toRead.count)]
            let read = PlanSnapshot(root: copy.root, only: Set(chunk))
            for id in chunk {
                guard let folder = read.commitments[id] else { continue }
                let summary = Desk.summary(of: folder, today: today, language: language, planLanguage: now.planLanguage, plan: top.plan?.record)
                summaries[id] = summary
                if let tree = atHead[id] { fresh[id] = (tree, summary) }
            }
        }
        if !fresh.isEmpty {
            state.withLock { state in
                guard state.made == now else { return }  // another page began another day meanwhile
                state.folders.merge(fresh) { _, new in new }
            }
        }
        let items = summaries.values.compactMap { $0 }
            .sorted { ($0.number ?? Int.max, $0.id) < ($1.number ?? Int.max, $1.id) }
        if dirty.isEmpty {
            state.withLock { state in
                if state.made == now { state.listed = (atHead, items) }
            }
        }
        return (items, top.plan?.record, top.ministries)
    }
}
