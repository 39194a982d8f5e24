import Foundation
import Messages
import Records

/// What `carnet status` shows: the plan at a glance, and what is waiting to be committed.
public struct PlanStatus: Codable, Sendable {
    public struct CommitmentLine: Codable, Sendable {
        public var id: String
        public var number: Int?
        public var title: String
        public var lead: String?
        public var completion: String
        public var milestonesComplete: Int
        public var milestones: Int
        public var overdue: [String]
        public var conflicts: Int
    }

    public var root: String
    public var head: String?
    public var author: String?
    public var commitments: [CommitmentLine]
    public var pending: [WorkingCopy.PendingFile]
    public var errors: Int
    public var warnings: Int
    /// The participation rules (nil: the plan keeps no participation records).
    public var participation: ParticipationSummary? = nil
}

extension WorkingCopy {
    /// `past`: judge the records as they stood at the end of `today` (`--as-of`), not as they are.
    /// `selfAssessmentsDue`: the plan's self-assessment due dates, from the reports' calendar
    /// (Workspace does not know it), for the participation rule on their consultations.
    public func status(today: PlanDate = .today(), past: Bool = false,
                       selfAssessmentsDue: (Plan) -> [(term: String, due: PlanDate)] = { _ in [] }) throws -> PlanStatus {
        let validator = PlanValidator(today: today)
        let snapshot = past ? try snapshot(asOf: today) : snapshot()
        let diagnostics = validator.validate(snapshot)
        let language = snapshot.plan?.record?.language
        let judged = snapshot.plan?.record?.judgingDay(today) ?? today
        let lines = snapshot.sortedCommitments.map { folder -> PlanStatus.CommitmentLine in
            let c = folder.commitment?.record
            let p = folder.progress?.record
            let overdue = (c?.milestones ?? []).filter { MilestoneSchedule($0, progress: p, today: judged).isOverdue }.map(\.id)
            return PlanStatus.CommitmentLine(
                id: folder.id, number: c?.number, title: c?.title.anyValue(preferring: language) ?? Catalogue.text("workspace.status.invalid-commitment"),
                lead: c?.leadAgency, completion: (p?.completion ?? .notStarted).rawValue,
                milestonesComplete: (c?.milestones ?? []).filter { p?.milestone($0.id)?.completion == .complete }.count,
                milestones: c?.milestones.count ?? 0, overdue: overdue, conflicts: p?.conflicts.count ?? 0)
        }
        let author = try? self.author()
        var participation: ParticipationSummary?
        if let plan = snapshot.plan?.record, !snapshot.participation.isEmpty {
            let rules = ParticipationRules(plan: plan, records: snapshot.participation, today: today)
            participation = ParticipationSummary(rules, selfAssessmentsDue: selfAssessmentsDue(plan))
        }
        return PlanStatus(
            root: root.path, head: try git { try repository.headCommitID()?.description },
            author: author.map { "\($0.name) <\($0.email)>" },
            commitments: lines, pending: try pendingFiles(validator: validator),
            errors: diagnostics.filter { $0.severity == .error }.count,
            warnings: diagnostics.filter { $0.severity == .warning }.count, participation: participation)
    }
}
