import Foundation
import Git
import Records

/// What one commit did to one commitment, in people's words and in one language: the
/// dashboard's history sentences (ChangeDescription, ProgressFact: "Milestone m3: Complete,
/// actual end November 2026"), for the web app's history, which reads commits one by one rather
/// than in the dashboard's walk. The commitment's progress.yaml is read at the commit and at its
/// first parent, as the dashboard's walk reads it (ProgressVersions).
public struct ChangeWords {
    let l: Localizer

    /// Nil for a language the reports are not written in.
    public init?(language: String, planLanguage: String?) {
        guard let report = ReportLanguage(rawValue: language) else { return nil }
        l = Localizer(language: report, planLanguage: planLanguage)
    }

    /// One sentence for what commit `commit` (first parent `parent`) did under commitment `id`'s
    /// folder (`paths`: the files it introduced); `milestoneName` names a milestone as people
    /// know it (Milestone.spokenName).
    public func sentence(commit: ObjectID, parent: ObjectID?, date: Date, author: String, paths: [String],
                         commitment id: String, in repository: Repository, milestoneName: (String) -> String) -> String {
        var change = Change(date: date, author: author, summary: "", paths: paths)
        let file = PlanLayout.progressFile(id)
        if paths.contains(file), let after = ProgressFact.parse(try? repository.fileData(file, at: commit), commitment: id) {
            // A version before that does not parse says nothing reliable: "progress updated".
            let before = parent.flatMap { try? repository.fileData(file, at: $0) }
            let earlier = ProgressFact.parse(before, commitment: id)
            if before == nil || earlier != nil { change.progressFacts[id] = ProgressFact.between(earlier, after) }
        }
        let said = l.list(ChangeDescription.describe(change, commitment: id, l, milestoneName: milestoneName))
        return said.prefix(1).uppercased() + said.dropFirst()
    }
}
