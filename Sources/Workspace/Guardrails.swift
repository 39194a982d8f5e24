import Foundation
import Git
import Messages
import Records

/// What a copy refuses locally because the hub would refuse it: a change the hub refuses can
/// never be sent, and every later change then piles up behind it (a stranded copy).
///
/// A copy cloned for a ministry knows its ministry (`carnet.role` / `carnet.ministry` in its git
/// configuration, written by `carnet clone`); the rules are the hub's own (AccessRule, and the
/// hub's verify through a CommitJudge), so a local refusal and a hub refusal cannot disagree.
extension WorkingCopy {
    /// The git configuration keys that say whose copy this is.
    public enum RoleKey {
        public static let role = "carnet.role"
        public static let ministry = "carnet.ministry"
        public static let pointOfContact = "point-of-contact"
        public static let ministryRole = "ministry"
    }

    /// Whose copy this is: nil for a copy that was never attached to a hub (a plan being drafted:
    /// nothing to guard against), the point of contact, or one ministry.
    public func writer() throws -> Writer? {
        try git {
            switch try repository.configString(RoleKey.role) {
            case RoleKey.pointOfContact?: return .pointOfContact
            case RoleKey.ministryRole?:
                return try repository.configString(RoleKey.ministry).map { .ministry($0) }
            default: return nil
            }
        }
    }

    /// Refuses, before anything is written, an edit of `path` that this copy's ministry may not
    /// make, saying who may and whom to ask. The lead is what the last commit says (a hand edit
    /// of commitment.yaml gives no right: `carnet commit` refuses it too). A milestone's lead may
    /// write part of a progress file: without `change` the question is whether it may write any
    /// of it; with the progress before and after an edit, whether it may make that edit.
    func requireWriteAccess(_ path: String, change: (before: CommitmentProgress?, after: CommitmentProgress)? = nil) throws {
        guard let writer = try writer() else { return }
        let head = try git { try repository.headCommitID() }
        let over = try head.map { try unitsOver(at: $0) } ?? { _ in [] }
        let rule = try AccessRule.violation(writer, path: path, lead: { commitment in
            guard let head else { return nil }
            return try committedCommitment(commitment, at: head)?.leadAgency
        }, over: over, share: { commitment in
            guard let head, let own = writer.ministryID, let c = try committedCommitment(commitment, at: head) else { return nil }
            let before: MilestoneShare.Version = (change?.before).map { .record($0) } ?? .absent
            return MilestoneShare(own: Set(c.milestones.filter { AccessRule.speaks(own, for: c.lead(of: $0), over: over) }.map(\.id)),
                                  new: change.map { .record($0.after) } ?? before, bases: [before])
        }, forum: {
            guard let head, let data = try git({ try repository.fileData(PlanLayout.participationProcessFile, at: head) }) else { return nil }
            return ParticipationProcess.read(RecordSource(bytes: [UInt8](data), path: PlanLayout.participationProcessFile))?.forum
        })
        guard let rule else { return }
        var advice = Catalogue.text("workspace.refused.nothing-written")
        if case .progress(let c) = PlanLayout.kind(of: path), let head, let lead = try committedCommitment(c, at: head)?.leadAgency {
            advice = Catalogue.text("workspace.refused.ask-lead", ["contact": .text(contactLine(of: lead, at: head))])
        } else if let head, let poc = try committedPlan(at: head)?.pointOfContact {
            advice = Catalogue.text("workspace.refused.ask-point-of-contact", ["contact": .text(poc.name + (poc.email.map { " <\($0)>" } ?? ""))])
        }
        throw WorkspaceError.refused(Catalogue.text("workspace.refused", ["rule": rule.argument, "advice": .text(advice)]))
    }

    private func committedCommitment(_ id: String, at commit: ObjectID) throws -> Commitment? {
        guard let data = try git({ try repository.fileData(PlanLayout.commitmentFile(id), at: commit) }) else { return nil }
        return Commitment.read(RecordSource(bytes: [UInt8](data), path: PlanLayout.commitmentFile(id)), expectedID: id)
    }

    /// Who may write for each unit as the last commit says (AccessRule.over): what the web app's
    /// My commitments lists for a parent is what the guardrails let it write.
    public func organisationsOverUnits() throws -> (String) -> [String] {
        guard let head = try git({ try repository.headCommitID() }) else { return { _ in [] } }
        return try unitsOver(at: head)
    }

    /// Who may write for each unit, as the last commit says (AccessRule.over).
    private func unitsOver(at commit: ObjectID) throws -> (String) -> [String] {
        guard let plan = try committedPlan(at: commit), plan.parentsWriteForUnits else { return { _ in [] } }
        var parents: [String: String] = [:]
        for file in try git({ try repository.files(at: commit, under: PlanLayout.ministriesDir) }) {
            guard case .ministry(let id) = PlanLayout.kind(of: file.path),
                  let data = try git({ try repository.fileData(file.path, at: commit) }),
                  let parent = Ministry.read(RecordSource(bytes: [UInt8](data), path: file.path), expectedID: id)?.parent else { continue }
            parents[id] = parent
        }
        return AccessRule.over(plan, OrganisationTree(parents: parents))
    }

    private func committedPlan(at commit: ObjectID) throws -> Plan? {
        guard let data = try git({ try repository.fileData(PlanLayout.planFile, at: commit) }) else { return nil }
        return Plan.read(RecordSource(bytes: [UInt8](data), path: PlanLayout.planFile))
    }

    /// "min-justice (Étienne Lavalou <etienne@…>)": the ministry and its first contact.
    private func contactLine(of ministryID: String, at commit: ObjectID) -> String {
        let path = PlanLayout.ministryFile(ministryID)
        guard let data = try? repository.fileData(path, at: commit),
              let ministry = Ministry.read(RecordSource(bytes: [UInt8](data), path: path), expectedID: ministryID),
              let contact = ministry.contacts.first ?? ministry.members.first else { return ministryID }
        return "\(ministryID) (\(contact.name)\(contact.email.map { " <\($0)>" } ?? ""))"
    }
}

/// Judges a commit before a copy takes it, by the hub's rules (the hub's verify, run locally):
/// the paths it would refuse, each with the reason. Implemented by the Hub module (HubRules);
/// Workspace cannot import it (the hub reads plans through Workspace).
public protocol CommitJudge {
    /// `candidate` is a commit on top of `parent` (nil: the first commit), not on any branch yet.
    func refusals(in repository: Repository, parent: ObjectID?, candidate: ObjectID, writer: Writer) throws -> [(path: String, reason: String)]
}
