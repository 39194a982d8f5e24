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

    static func person(_ p: Person) -> String { block(personEntries(p)) }

    static func milestone(_ m: Commitment.Milestone) -> String {
        var e: [(String, YAMLValue)] = [("id", CanonicalYAML.id(m.id)), ("activity", yaml(m.activity))]
        e += optional("deliverable", m.deliverable.map(yaml))
        e += optional("budget", m.budget.map(yaml))
        e += [("start", .token(m.start.description)), ("end", .token(m.end.description))]
        return block(e)
    }

    static func milestoneProgress(_ m: CommitmentProgress.MilestoneProgress) -> String {
        var e: [(String, YAMLValue)] = [("id", CanonicalYAML.id(m.id)), ("completion", .token(m.completion.rawValue))]
        e += optional("actual_start", m.actualStart.map { .token($0.description) })
        e += optional("actual_end", m.actualEnd.map { .token($0.description) })
        e += optional("note", m.note.map(yaml))
        e += optional("delay_reason", m.delayReason.map(yaml))
        return block(e)
    }

    static func evidence(_ v: CommitmentProgress.Evidence) -> String {
        var e: [(String, YAMLValue)] = [("id", CanonicalYAML.id(v.id)), ("title", yaml(v.title))]
        e += optional("file", v.file.map(YAMLValue.text))
        e += optional("url", v.url.map(YAMLValue.text))
        e += optional("milestone", v.milestone.map(CanonicalYAML.id))
        e += optional("added", v.added.map { .token($0.description) })
        return block(e)
    }

    // MARK: - YAML building (Records keeps its own tree builders internal)

    private static func yaml(_ t: Text) -> YAMLValue {
        switch t {
        case .plain(let s): return .text(s)
        case .translated(let items): return .map(items.flatMap(\.yamlEntries))
        }
    }

    private static func personEntries(_ p: Person) -> [(String, YAMLValue)] {
        var e: [(String, YAMLValue)] = [("name", .text(p.name))]
        e += optional("title", p.title.map(yaml))
        e += optional("organisation", p.organisation.map(CanonicalYAML.id))
        e += optional("email", p.email.map(YAMLValue.text))
        e += optional("phone", p.phone.map(YAMLValue.text))
        e += [("keys", .list(p.keys.map(YAMLValue.text)))]
        e += optional("account", p.account.map(YAMLValue.text))
        e += p.isPublic ? [("public", .token("true"))] : []
        e += optional("language", p.language.map(YAMLValue.token))
        return e
    }

    private static func optional(_ key: String, _ value: YAMLValue?) -> [(String, YAMLValue)] {
        value.map { [(key, $0)] } ?? []
    }

    /// Canonical block YAML without the final line break (the conflict value is a string).
    private static func block(_ entries: [(String, YAMLValue)]) -> String {
        var s = CanonicalYAML.write(entries)
        while s.hasSuffix("\n") { s.removeLast() }
        return s
    }
}
