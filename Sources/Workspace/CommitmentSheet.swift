import Foundation
import Messages
import Records

/// One commitment at a glance, for `carnet show`: what it is, where its milestones stand on a
/// given day, its evidence and its last change. Texts are in the language asked for when the
/// record has it, else in the plan's own. (Conflicts are added by the command, from Sync.)
public struct CommitmentSheet: Codable, Sendable {
    public struct Lead: Codable, Sendable {
        public var id: String
        /// The ministry's name, nil when its file is missing or invalid.
        public var name: String?
    }

    public struct Milestone: Codable, Sendable {
        public var id: String
        public var activity: String
        public var plannedStart: String
        public var plannedEnd: String
        public var actualStart: String?
        public var actualEnd: String?
        public var completion: String
        /// complete, overdue, due (planned end within a month), upcoming.
        public var state: String
        /// Days past the planned end when overdue, days left otherwise; nil when complete.
        public var days: Int?
        public var note: String?
        public var delayReason: String?
        /// Overdue with no reason for delay on the milestone nor on the commitment.
        public var delayReasonMissing: Bool
        /// Its official code, and its own lead agency when not the commitment's.
        public var code: String? = nil
        public var lead: String? = nil
    }

    public struct Evidence: Codable, Sendable {
        public var id: String
        public var title: String
        public var file: String?
        public var url: String?
        public var milestone: String?
        public var added: String?
    }

    public var id: String
    public var number: Int
    public var title: String
    public var lead: Lead
    public var start: String
    public var end: String
    public var completion: String
    public var asOf: String
    public var language: String
    public var results: String?
    public var nextSteps: String?
    public var delayReason: String?
    public var milestones: [Milestone]
    public var evidence: [Evidence]
    /// The last commit that changed the commitment's folder.
    public var lastChange: Change?
    /// Its official code; whether it is a draft, and what it leaves "to complete".
    public var code: String? = nil
    public var draft: Bool? = nil
    public var toComplete: [String]? = nil
}

extension WorkingCopy {
    /// The sheet of one commitment (given as `05` or `5`), as of `today`.
    /// `past`: the commitment as it stood at the end of `today` (`--as-of`), last change included.
    /// `lastChange`: false for a caller that reads the commitment's history itself (a walk of
    /// history saved; `lastChange` is then nil).
    public func commitmentSheet(_ given: String, today: PlanDate = .today(), language: String? = nil, past: Bool = false,
                                lastChange: Bool = true) throws -> CommitmentSheet {
        let id = try commitmentID(for: given)
        let snapshot = past ? try snapshot(asOf: today, only: [id]) : snapshot(only: [id])
        guard let folder = snapshot.commitments[id], let commitment = folder.commitment?.record else {
            let diagnostics = snapshot.commitments[id]?.commitment?.source.diagnostics ?? []
            throw WorkspaceError.invalid(diagnostics, SheetMessage.invalidCommitment(id))
        }
        if let entry = folder.progress, entry.record == nil || entry.source.diagnostics.hasErrors {
            throw WorkspaceError.invalid(entry.source.diagnostics, SheetMessage.invalidProgress(PlanLayout.progressFile(id)))
        }
        let progress = folder.progress?.record
        let planLanguage = snapshot.plan?.record?.language ?? "fr"
        let language = language ?? planLanguage
        func text(_ t: Text?) -> String? { t.map { $0.value(in: language, planLanguage: planLanguage) ?? $0.anyValue(preferring: planLanguage) } }

        let leadName = PlanSnapshot(source: snapshot.source, only: [], alsoMinistries: [commitment.leadAgency], records: parsedRecords)
            .ministries[commitment.leadAgency]?.record.map { text($0.name) ?? "" }
        let milestones = commitment.milestones.map { m -> CommitmentSheet.Milestone in
            let p = progress?.milestone(m.id)
            let schedule = MilestoneSchedule(m, progress: progress, today: snapshot.plan?.record?.judgingDay(today) ?? today)
            return CommitmentSheet.Milestone(
                id: m.id, activity: text(m.activity) ?? "", plannedStart: m.start.description, plannedEnd: m.end.description,
                actualStart: p?.actualStart?.description, actualEnd: p?.actualEnd?.description,
                completion: (p?.completion ?? .notStarted).rawValue, state: schedule.state.rawValue, days: schedule.days,
                note: text(p?.note), delayReason: text(p?.delayReason), delayReasonMissing: schedule.delayReasonMissing)
        }
        let evidence = (progress?.evidence ?? []).map {
            CommitmentSheet.Evidence(id: $0.id, title: text($0.title) ?? "", file: $0.file.map { PlanLayout.commitmentDir(id) + "/" + $0 },
                                     url: $0.url, milestone: $0.milestone, added: $0.added?.description)
        }
        var sheet = CommitmentSheet(
            id: id, number: commitment.number, title: text(commitment.title) ?? "",
            lead: .init(id: commitment.leadAgency, name: leadName), start: commitment.start.description,
            end: commitment.end.description, completion: (progress?.completion ?? .notStarted).rawValue,
            asOf: today.description, language: language, results: text(progress?.results), nextSteps: text(progress?.nextSteps),
            delayReason: text(progress?.delayReason), milestones: milestones, evidence: evidence,
            lastChange: !lastChange ? nil : past ? try log(commitment: id).first { $0.date < today.endInstant } : try log(commitment: id, limit: 1).first)
        sheet.code = commitment.code
        sheet.draft = commitment.draft ? true : nil
        sheet.toComplete = commitment.toComplete.isEmpty ? nil : commitment.toComplete
        for i in sheet.milestones.indices {
            guard let m = commitment.milestone(sheet.milestones[i].id) else { continue }
            sheet.milestones[i].code = m.code
            sheet.milestones[i].lead = m.leadAgency.flatMap { $0 == commitment.leadAgency ? nil : $0 }
        }
        return sheet
    }
}

/// What `carnet show` (and naming a commitment) says from Workspace.
enum SheetMessage {
    static func noSuchCommitment(_ given: String) -> String { Catalogue.text("workspace.no-such-commitment", ["commitment": .text(given)]) }
    static func invalidCommitment(_ id: String) -> String { Catalogue.text("workspace.sheet.invalid-commitment", ["commitment": .text(id)]) }
    static func invalidProgress(_ path: String) -> String { Catalogue.text("workspace.sheet.invalid-progress", ["path": .text(path)]) }
}
