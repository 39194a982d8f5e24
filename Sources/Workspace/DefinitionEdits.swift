import Foundation
import Messages
import Records

/// What the point of contact writes: a commitment's definition (title, description, dates, lead
/// agency, code, themes, draft, milestones) and an organisation's name and parent. One engine,
/// used by the web app's forms; the access rule decides who may (a ministry's copy is refused,
/// as the hub would refuse it), the validator judges the record as it would be written, and a
/// valid change is one commit.
extension WorkingCopy {
    public struct MilestoneDefinitionChange: Sendable {
        public var activity: String?
        public var start: PlanDate?
        public var end: PlanDate?
        /// An organisation id; "" gives the milestone back to the commitment's lead agency.
        public var leadAgency: String?
        /// "" removes the official code.
        public var code: String?
        public init() {}
        var isEmpty: Bool { activity == nil && start == nil && end == nil && leadAgency == nil && code == nil }
    }

    public struct CommitmentDefinitionChange: Sendable {
        public var title: String?
        public var problem: String?
        /// The description's `commitment` text: what the commitment is.
        public var commitment: String?
        public var solution: String?
        public var relevance: String?
        public var start: PlanDate?
        public var end: PlanDate?
        public var leadAgency: String?
        /// "" removes the official code.
        public var code: String?
        public var themes: [String]?
        public var draft: Bool?
        public var milestones: [String: MilestoneDefinitionChange] = [:]
        /// A milestone to add (activity, start and end needed); it gets the next free id `mN`.
        public var newMilestone: MilestoneDefinitionChange?
        /// The language the texts are written in (nil: the plan's first).
        public var language: String?
        public init() {}
        public var isEmpty: Bool {
            [title, problem, commitment, solution, relevance, leadAgency, code].allSatisfy { $0 == nil } && start == nil && end == nil
                && themes == nil && draft == nil && milestones.values.allSatisfy(\.isEmpty) && newMilestone == nil
        }
    }

    public struct OrganisationChange: Sendable {
        public var name: String?
        /// An organisation id; "" makes it a top-level organisation.
        public var parent: String?
        public var language: String?
        public init() {}
    }

    /// Changes a commitment's definition. Returns the commit message (nil: nothing to change).
    @discardableResult
    public func defineCommitment(_ typed: String, _ change: CommitmentDefinitionChange) throws -> String? {
        let id = try commitmentID(for: typed)
        let path = PlanLayout.commitmentFile(id)
        try requireWriteAccess(path)
        let snapshot = snapshot(only: [id])
        let language = snapshot.plan?.record?.language ?? "fr"
        guard let entry = snapshot.commitments[id]?.commitment else { throw WorkspaceError.usage(SheetMessage.noSuchCommitment(id)) }
        guard let before = entry.record, !entry.source.diagnostics.hasErrors else {
            throw WorkspaceError.invalid(entry.source.diagnostics, Catalogue.text("workspace.edit.invalid-commitment", ["commitment": .text(id)]))
        }
        // A milestone the commitment does not have is said, never ignored (`carnet milestone define`).
        if let unknown = change.milestones.filter({ !$0.value.isEmpty }).keys.sorted().first(where: { key in !before.milestones.contains { $0.id == key } }) {
            throw WorkspaceError.usage(EvidenceMessage.noSuchMilestone(id, unknown, before.milestones.map(\.id)))
        }
        var c = before
        var said: [String] = []
        func text(_ field: inout Text, _ value: String?, _ name: String) {
            guard let value, value != field.value(in: change.language ?? language, planLanguage: language) else { return }
            field = field.setting(value, language: change.language, planLanguage: language)
            said.append(name)
        }
        func optionalText(_ field: inout Text?, _ value: String?, _ name: String) {
            guard let value, value != field?.value(in: change.language ?? language, planLanguage: language) else { return }
            field = field.map { $0.setting(value, language: change.language, planLanguage: language) }
                ?? Text.make(value, language: change.language, planLanguage: language)
            said.append(name)
        }
        /// A draft's gap that is now given a value is no longer a gap (DraftGaps).
        func filled(_ gap: String) { c.toComplete.removeAll { $0 == gap } }
        text(&c.title, change.title, "title")
        text(&c.description.problem, change.problem, "problem")
        text(&c.description.commitment, change.commitment, "commitment")
        optionalText(&c.description.solution, change.solution, "solution")
        optionalText(&c.description.relevance, change.relevance, "relevance")
        if let d = change.start, d != c.start || c.toComplete.contains("start") { c.start = d; filled("start"); said.append("start \(d)") }
        if let d = change.end, d != c.end || c.toComplete.contains("end") { c.end = d; filled("end"); said.append("end \(d)") }
        if let lead = change.leadAgency, lead != c.leadAgency { said.append("lead agency \(c.leadAgency) → \(lead)"); c.leadAgency = lead }
        if let code = change.code, code != (c.code ?? "") { c.code = code.isEmpty ? nil : code; said.append("code") }
        if let themes = change.themes, themes != c.themes.map({ $0.anyValue(preferring: language) }) {
            // A theme kept keeps its translations; a new one is in the plan's language.
            c.themes = themes.map { typed in before.themes.first { $0.anyValue(preferring: language) == typed } ?? .plain(typed) }
            said.append("themes")
        }
        if let draft = change.draft, draft != c.draft { c.draft = draft; said.append(draft ? "draft" : "no longer a draft") }
        for (i, m) in c.milestones.enumerated() {
            guard let edit = change.milestones[m.id], !edit.isEmpty else { continue }
            var n = m
            text(&n.activity, edit.activity, "milestone \(m.id) activity")
            let gap = "milestones.\(m.id)."
            if let d = edit.start, d != n.start || c.toComplete.contains(gap + "start") { n.start = d; filled(gap + "start"); said.append("milestone \(m.id) start \(d)") }
            if let d = edit.end, d != n.end || c.toComplete.contains(gap + "end") { n.end = d; filled(gap + "end"); said.append("milestone \(m.id) end \(d)") }
            if let lead = edit.leadAgency, lead != (n.leadAgency ?? "") { n.leadAgency = lead.isEmpty ? nil : lead; said.append("milestone \(m.id) lead") }
            if let code = edit.code, code != (n.code ?? "") { n.code = code.isEmpty ? nil : code; said.append("milestone \(m.id) code") }
            c.milestones[i] = n
        }
        if let new = change.newMilestone, !new.isEmpty {
            guard let activity = new.activity, let start = new.start, let end = new.end else {
                throw WorkspaceError.usage(Catalogue.text("wpoc.engine.milestone-incomplete"))
            }
            let taken = Set(c.milestones.map(\.id))
            let newID = (1...).lazy.map { "m\($0)" }.first { !taken.contains($0) }!
            c.milestones.append(Commitment.Milestone(id: newID, activity: Text.make(activity, language: change.language, planLanguage: language),
                                                     start: start, end: end, code: (new.code ?? "").isEmpty ? nil : new.code,
                                                     leadAgency: (new.leadAgency ?? "").isEmpty ? nil : new.leadAgency))
            said.append("milestone \(newID) added")
        }
        guard c != before else { return nil }
        c = c.stampingTranslations(after: before, firstLanguage: language)
        let message = "Commitment \(id) definition: " + said.joined(separator: "; ")
        try validateAndCommit(c.canonicalYAML, path: path, message: message, snapshot: { source in PlanSnapshot(source: source, only: [id]) })
        return message
    }

    /// Changes an organisation's name or parent. Returns the commit message (nil: nothing to change).
    @discardableResult
    public func defineOrganisation(_ id: String, _ change: OrganisationChange) throws -> String? {
        guard PathRules.problem(inName: id) == nil, !id.hasPrefix(".") else {
            throw WorkspaceError.usage(Catalogue.text("wpoc.engine.no-organisation", ["id": .text(id)]))
        }
        let path = PlanLayout.ministryFile(id)
        try requireWriteAccess(path)
        // Every organisation is read: a parent is checked against them all (no loop, no unknown id).
        let ministries = Set((FolderSource(root).entries(in: PlanLayout.ministriesDir) ?? []).filter { $0.name.hasSuffix(".yaml") }.map { String($0.name.dropLast(5)) })
        let snapshot = PlanSnapshot(root: root, only: [], alsoMinistries: ministries)
        let language = snapshot.plan?.record?.language ?? "fr"
        guard let entry = snapshot.ministries[id] else {
            throw WorkspaceError.usage(Catalogue.text("wpoc.engine.no-organisation", ["id": .text(id)]))
        }
        guard let before = entry.record, !entry.source.diagnostics.hasErrors else {
            throw WorkspaceError.invalid(entry.source.diagnostics, Catalogue.text("workspace.would-be-invalid", ["path": .text(path)]))
        }
        var o = before
        var said: [String] = []
        if let name = change.name, name != o.name.value(in: change.language ?? language, planLanguage: language) {
            o.name = o.name.setting(name, language: change.language, planLanguage: language)
            said.append("name")
        }
        if let parent = change.parent, parent != (o.parent ?? "") {
            said.append(parent.isEmpty ? "no parent" : "parent \(parent)")
            o.parent = parent.isEmpty ? nil : parent
        }
        guard o != before else { return nil }
        o = o.stampingTranslations(after: before, firstLanguage: language)
        let message = "Organisation \(id): " + said.joined(separator: "; ")
        try validateAndCommit(o.canonicalYAML, path: path, message: message,
                              snapshot: { source in PlanSnapshot(source: source, only: [], alsoMinistries: ministries) })
        return message
    }

    /// Validates the plan as it would be with `text` at `path` (nothing written yet); refuses the
    /// change with that file's errors, else writes it and commits it alone.
    private func validateAndCommit(_ text: String, path: String, message: String, snapshot: (any PlanSource) -> PlanSnapshot) throws {
        let planned = snapshot(ReplacedFiles(FolderSource(root), [path: Array(text.utf8)]))
        let errors = PlanValidator().validate(planned).filter { $0.path == path && $0.severity == .error }
        if !errors.isEmpty {
            throw DefinitionRefused(summary: Catalogue.text("workspace.would-be-invalid", ["path": .text(path)]),
                                    problems: errors.map { (field: DefinitionRefused.field(atLine: $0.line, of: text), message: $0.message) })
        }
        try writeAtomically(text, to: path)
        try commit([path], message: message)
    }
}

/// A definition the validator refused: each problem with the record field it is about, as a
/// path (`title`, `description.problem`, `milestones.m2.start`; nil when it names no field), so
/// that a form shows it next to that field. Nothing was written.
public struct DefinitionRefused: Error, CustomStringConvertible {
    public let summary: String
    public let problems: [(field: String?, message: String)]
    public var description: String { ([summary] + problems.map { $0.message }).joined(separator: "\n") }

    /// The field at `line` (1-based) of a record written canonically (two spaces per level, a
    /// list item `- id: …` opening each milestone).
    static func field(atLine line: Int, of text: String) -> String? {
        var top: String?, second: String?, item: String?
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where i < line {
            let indent = raw.prefix { $0 == " " }.count
            let body = raw.dropFirst(indent)
            let rest = body.hasPrefix("- ") ? body.dropFirst(2) : body
            let key = String(rest.prefix { $0 != ":" })
            // A key line, not the continuation of a long text.
            guard !key.isEmpty, rest.hasPrefix(key + ":"), key.allSatisfy({ $0.isLetter || $0 == "_" }) else { continue }
            if indent == 0 { top = key; second = nil; item = nil }
            else if body.hasPrefix("- id:") { item = body.dropFirst(5).trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"")); second = "id" }
            else if indent == 2 && !body.hasPrefix("- ") { second = key }
            else if indent == 4, item != nil { second = key }
        }
        guard let top else { return nil }
        if let item, top == "milestones" { return "milestones.\(item)" + (second.map { ".\($0)" } ?? "") }
        return top + (second.map { ".\($0)" } ?? "")
    }
}
