import Foundation
import Records

/// How values are written into a conflict's `kept` and `lost` (docs/MERGE.md, "Conflict values").
///
/// A single value is written as it reads (a string as is, a date `2026-06-30`, a level
/// `substantial`); a translation map or a list in YAML flow style; a whole list item (a milestone,
/// an evidence entry, a person) as block YAML in canonical form, so `carnet resolve` or a person can
/// paste it back. Absent is `~`. A string that would read as something else (empty, blank, `~`)
/// is double-quoted, because the reader refuses an empty `kept` / `lost`.
enum ConflictText {
    static func string(_ s: String) -> String {
        s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || s == FieldMerge.absent ? CanonicalYAML.quoted(s) : s
    }

    static func text(_ t: Text) -> String {
        switch t {
        case .plain(let s): return string(s)
        case .translated(let items):
            return "{" + items.map { "\($0.language): \(CanonicalYAML.quoted($0.value))" }.joined(separator: ", ") + "}"
        }
    }

    static func date(_ d: PlanDate) -> String { d.description }

    // A person, a milestone, a milestone's progress, an evidence entry: the records' own writer
    // (RecordEncoding), every field included (a milestone's code and lead agency too).
    static func person(_ p: Person) -> String { block(p.yamlEntries) }

    static func milestone(_ m: Commitment.Milestone) -> String { block(m.yamlEntries()) }

    static func milestoneProgress(_ m: CommitmentProgress.MilestoneProgress) -> String { block(m.yamlEntries) }

    static func evidence(_ v: CommitmentProgress.Evidence) -> String { block(v.yamlEntries) }

    // MARK: - YAML building

    /// Canonical block YAML without the final line break (the conflict value is a string).
    private static func block(_ entries: [(String, YAMLValue)]) -> String {
        var s = CanonicalYAML.write(entries)
        while s.hasSuffix("\n") { s.removeLast() }
        return s
    }
}
