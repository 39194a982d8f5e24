import Foundation
import Git
import Records
import Report
import Workspace

/// A commitment's history as people read it: each change said in words, in the page's language,
/// from what it did to the records (the dashboard's sentences, Report's ChangeWords: "Milestone
/// C01.1.3: Complete, actual end November 2026"), not the commit's subject, which the engine
/// writes in English for `git log` (docs/LANGUAGES.md). A commit's words never change once said,
/// so they are kept by commit, commitment and the milestones' names (an official code given
/// later names the milestone anew). One page at a time (its own lock).
final class HistoryWords: @unchecked Sendable {
    private let lock = NSLock()
    private var kept: [String: String] = [:]
    private var words: (language: String, planLanguage: String?, say: ChangeWords)?
    private let capacity = 4_096

    /// `changes` (of commitment `id`, newest first) with each message replaced by its words;
    /// as they were when the language has no words (no report is written in it).
    func told(_ changes: [Workspace.Change], commitment id: String, milestones: [(id: String, name: String)],
              language: String, in copy: WorkingCopy) throws -> [Workspace.Change] {
        lock.lock()
        defer { lock.unlock() }
        guard !changes.isEmpty else { return changes }
        let planLanguage = PlanSnapshot(root: copy.root, only: [], records: copy.parsedRecords).plan?.record?.language
        if words?.language != language || words?.planLanguage != planLanguage {
            guard let say = ChangeWords(language: language, planLanguage: planLanguage) else { return changes }
            words = (language, planLanguage, say)
            kept = [:]
        }
        guard let say = words?.say else { return changes }
        let names = Dictionary(milestones.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let naming = milestones.map { $0.id + "=" + $0.name }.joined(separator: "\n")
        let repository = try Repository.open(copy.root.path)
        return changes.map { change in
            var change = change
            let key = change.commit + "\n" + id + "\n" + naming
            if let known = kept[key] {
                change.message = known
            } else if let commit = ObjectID(hex: change.commit), let info = try? repository.commit(commit) {
                change.message = say.sentence(commit: commit, parent: info.parents.first, date: change.date, author: change.author,
                                              paths: change.files, commitment: id, in: repository, milestoneName: { names[$0] ?? $0 })
                if kept.count >= capacity { kept = [:] }
                kept[key] = change.message
            }
            return change
        }
    }
}
