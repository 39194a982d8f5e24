import Messages

/// What a milestone's lead may write in a commitment it does not lead (docs/RECORDS.md,
/// "One progress file, shared by field"): the commitment's progress.yaml is one file, and each
/// part of it has one writer. A milestone's own entry (`milestones: - id: m2`), the evidence
/// entries of that milestone, and the conflicts sync left on them belong to the milestone's
/// lead; everything else (the commitment's completion, results, next steps, reason for delay,
/// the other milestones, evidence of no milestone or another's) to the commitment's lead.
public struct MilestoneShare: Sendable {
    /// The version of progress.yaml a change leaves, or one it is judged against.
    public enum Version: Sendable {
        case absent
        case unreadable
        case record(CommitmentProgress)
    }

    /// The milestones the writer leads, as the authority says (every version of it agreeing).
    public var own: Set<String>
    public var new: Version
    /// What the change is judged against: the parent commit (every parent, for a merge).
    public var bases: [Version]

    public init(own: Set<String>, new: Version, bases: [Version]) {
        self.own = own
        self.new = new
        self.bases = bases
    }
}

extension AccessRule {
    /// `violation(_:path:lead:)`, and for a progress or evidence path of a commitment the writer
    /// does not lead, the milestones it leads: `share(commitment)` says which (nil or none: the
    /// commitment's rule stands) and what the change does to progress.yaml. `over(unit)` names
    /// the organisations that may write for a unit besides itself: its parents when the plan
    /// says `parents_write_for_units: true`, none otherwise (`speaks(for:)`).
    public static func violation(_ writer: Writer, path: String, lead: (String) throws -> String?,
                                 over: (String) throws -> [String] = { _ in [] },
                                 share: (String) throws -> MilestoneShare?,
                                 forum: () throws -> String? = { nil }) rethrows -> StoredMessage? {
        let rule = try violation(writer, path: path, lead: { commitment in
            // A parent allowed to write for its unit acts as the unit.
            let leader = try lead(commitment)
            if let leader, let own = writer.ministryID, try speaks(own, for: leader, over: over) { return own }
            return leader
        }, forum: forum)
        guard let rule, rule.key == "records.access.not-lead", let own = writer.ministryID else { return rule }
        let commitment: String
        switch PlanLayout.kind(of: path) {
        case .progress(let c), .evidence(let c, _): commitment = c
        default: return rule
        }
        guard let share = try share(commitment), !share.own.isEmpty else { return rule }
        let leader = try lead(commitment) ?? ""
        let args: [String: MessageArgument] = ["commitment": .text(commitment), "lead": .text(leader), "ministry": .text(own),
                                               "milestones": .text(share.own.sorted().joined(separator: ", "))]
        let versions = [share.new] + share.bases
        if versions.contains(where: { if case .unreadable = $0 { return true }; return false }) {
            return StoredMessage("shapes.access.unreadable", args)
        }
        let records = versions.map { version -> CommitmentProgress in
            if case .record(let p) = version { return p }
            // No progress yet: what a new one holds before anyone reports anything.
            return CommitmentProgress(commitment: commitment, completion: .notStarted)
        }
        if case .evidence(_, let file) = PlanLayout.kind(of: path) {
            let named = records.flatMap { $0.evidence.filter { $0.file == "\(PlanLayout.evidenceDirName)/\(file)" } }
            if named.isEmpty || named.contains(where: { !share.own.contains($0.milestone ?? "") }) {
                return StoredMessage("shapes.access.evidence-not-own", args.merging(["file": .text(path)]) { $1 })
            }
            return nil
        }
        let new = MilestoneShare.pieces(records[0], own: share.own, all: records)
        let bases = records.dropFirst().map { MilestoneShare.pieces($0, own: share.own, all: records) }
        // A part the writer does not own must be as some parent has it (a merge takes either side).
        let keys = Set(new.keys).union(bases.flatMap(\.keys))
        for key in keys.sorted() where !bases.contains(where: { $0[key] == new[key] }) {
            return StoredMessage("shapes.access.milestone-only", args.merging(["field": .text(key)]) { $1 })
        }
        return nil
    }
}

extension AccessRule {
    /// Whether `ministry` writes what `lead` leads: it is `lead`, or one of the organisations
    /// `over(lead)` names (its parents, when the plan lets them write for their units).
    public static func speaks(_ ministry: String, for lead: String, over: (String) throws -> [String]) rethrows -> Bool {
        try ministry == lead || over(lead).contains(ministry)
    }

    /// The organisations that may write for each unit under `tree`: its parents, when the plan
    /// lets them (`parents_write_for_units`), else none.
    public static func over(_ plan: Plan?, _ tree: OrganisationTree) -> (String) -> [String] {
        guard plan?.parentsWriteForUnits == true else { return { _ in [] } }
        return { tree.ancestors(of: $0) }
    }
}

extension MilestoneShare {
    /// The parts of a progress record the writer does not own, each as text to compare.
    /// An evidence entry is the writer's only when every version names one of its milestones.
    static func pieces(_ p: CommitmentProgress, own: Set<String>, all: [CommitmentProgress]) -> [String: String] {
        var others: [String: String] = [
            "commitment": p.commitment, "completion": p.completion.rawValue,
            "results": String(describing: p.results), "next_steps": String(describing: p.nextSteps),
            "delay_reason": String(describing: p.delayReason),
        ]
        for m in p.milestones where !own.contains(m.id) { others["milestones.\(m.id)"] = String(describing: m) }
        var ownEvidence: Set<String> = []
        for e in p.evidence {
            let mine = all.allSatisfy { version in
                version.evidence.first { $0.id == e.id }.map { own.contains($0.milestone ?? "") } ?? true
            }
            if mine { ownEvidence.insert(e.id) } else { others["evidence.\(e.id)"] = String(describing: e) }
        }
        for c in p.conflicts {
            let parts = c.field.split(separator: ".")
            let owned = parts.count >= 2 && ((parts[0] == "milestones" && own.contains(String(parts[1])))
                                             || (parts[0] == "evidence" && ownEvidence.contains(String(parts[1]))))
            if !owned { others["conflicts.\(c.field)#\(String(describing: c))"] = "" }
        }
        return others
    }
}
