import Foundation
import Messages
import Records

/// What a ministry changes in a commitment's progress: one command, one commit.
extension WorkingCopy {
    public struct MilestoneChange {
        public var completion: CompletionLevel?
        public var note: String?
        public var delayReason: String?
        public var actualStart: PlanDate?
        public var actualEnd: PlanDate?
        public var language: String?
        public init() {}
    }

    public struct CommitmentChange {
        public var completion: CompletionLevel?
        public var results: String?
        public var nextSteps: String?
        public var delayReason: String?
        public var language: String?
        public init() {}
    }

    /// Sets a milestone's progress. Returns the commit message.
    @discardableResult
    public func setMilestone(_ commitmentID: String, _ milestoneID: String, _ change: MilestoneChange) throws -> String {
        let commitmentID = try self.commitmentID(for: commitmentID)
        return try editProgress(commitmentID) { progress, commitment, language in
            guard commitment.milestone(milestoneID) != nil else {
                throw WorkspaceError.usage(EvidenceMessage.noSuchMilestone(commitmentID, milestoneID, commitment.milestones.map(\.id)))
            }
            var item = progress.milestone(milestoneID) ?? CommitmentProgress.MilestoneProgress(id: milestoneID, completion: .notStarted)
            var said: [String] = []
            if let level = change.completion, level != item.completion {
                said.append("completion \(item.completion.rawValue) → \(level.rawValue)")
                item.completion = level
            }
            if let s = change.actualStart { item.actualStart = s; said.append("actual start \(s)") }
            if let e = change.actualEnd { item.actualEnd = e; said.append("actual end \(e)") }
            if let note = change.note {
                item.note = (item.note ?? .plain("")).setting(note, language: change.language, planLanguage: language)
                if item.note == .plain("") { item.note = Text.make(note, language: change.language, planLanguage: language) }
                said.append("note")
            }
            if let reason = change.delayReason {
                item.delayReason = item.delayReason.map { $0.setting(reason, language: change.language, planLanguage: language) }
                    ?? Text.make(reason, language: change.language, planLanguage: language)
                said.append("reason for delay")
            }
            if let i = progress.milestones.firstIndex(where: { $0.id == milestoneID }) {
                progress.milestones[i] = item
            } else {
                // Keep the milestones in the commitment's order, so files read like the plan.
                progress.milestones.append(item)
                let order = commitment.milestones.map(\.id)
                progress.milestones.sort { (order.firstIndex(of: $0.id) ?? .max) < (order.firstIndex(of: $1.id) ?? .max) }
            }
            return "Commitment \(commitmentID), milestone \(milestoneID): " + (said.isEmpty ? "no change" : said.joined(separator: "; "))
        }
    }

    /// Sets a commitment's own progress: completion, results, next steps, reason for delay.
    @discardableResult
    public func setCommitment(_ commitmentID: String, _ change: CommitmentChange) throws -> String {
        let commitmentID = try self.commitmentID(for: commitmentID)
        return try editProgress(commitmentID) { progress, _, language in
            var said: [String] = []
            func set(_ text: inout Text?, _ value: String?, _ name: String) {
                guard let value else { return }
                text = text.map { $0.setting(value, language: change.language, planLanguage: language) }
                    ?? Text.make(value, language: change.language, planLanguage: language)
                said.append(name + (change.language.map { " (\($0))" } ?? ""))
            }
            if let level = change.completion, level != progress.completion {
                said.append("completion \(progress.completion.rawValue) → \(level.rawValue)")
                progress.completion = level
            }
            set(&progress.results, change.results, "results")
            set(&progress.nextSteps, change.nextSteps, "next steps")
            set(&progress.delayReason, change.delayReason, "reason for delay")
            return "Commitment \(commitmentID): " + (said.isEmpty ? "no change" : said.joined(separator: "; "))
        }
    }

    /// Loads a commitment's progress, applies `body`, validates the result in memory, and only
    /// then writes and commits it (with `extraPaths`, e.g. a copied evidence file, and the paths
    /// `afterValidation` returns: it runs once the change is known to be valid, e.g. to delete a file).
    func editProgress(_ commitmentID: String, extraPaths: [String] = [],
                      afterValidation: (() throws -> [String])? = nil,
                      _ body: (inout CommitmentProgress, Commitment, String) throws -> String) throws -> String {
        let snapshot = snapshot(only: [commitmentID])
        guard let folder = snapshot.commitments[commitmentID] else {
            throw WorkspaceError.usage(SheetMessage.noSuchCommitment(commitmentID))
        }
        guard let commitment = folder.commitment?.record else {
            let diagnostics = folder.commitment?.source.diagnostics ?? []
            throw WorkspaceError.invalid(diagnostics, Catalogue.text("workspace.edit.invalid-commitment", ["commitment": .text(commitmentID)]))
        }
        try requireWriteAccess(PlanLayout.progressFile(commitmentID))
        let language = snapshot.plan?.record?.language ?? "fr"
        var progress: CommitmentProgress
        var existing: CommitmentProgress?
        if let entry = folder.progress {
            guard let record = entry.record, !entry.source.diagnostics.hasErrors else {
                throw WorkspaceError.invalid(entry.source.diagnostics,
                    Catalogue.text("workspace.edit.invalid-progress", ["path": .text(PlanLayout.progressFile(commitmentID))]))
            }
            progress = record
            existing = record
        } else {
            progress = CommitmentProgress(commitment: commitmentID, completion: .notStarted)
        }
        let before = progress
        let message = try body(&progress, commitment, language)
        // A translation written here is stamped with the text it translates (TranslationStamp).
        progress = progress.stampingTranslations(after: before, firstLanguage: language)
        if progress == before && extraPaths.isEmpty { return message }
        // A milestone's lead writes only its milestones' parts of the file (AccessRuleMilestones).
        try requireWriteAccess(PlanLayout.progressFile(commitmentID), change: (existing, progress))
        let text = progress.canonicalYAML
        let (_, diagnostics) = PlanValidator().validateProgress(text: text, commitmentID: commitmentID, in: snapshot)
        if diagnostics.hasErrors {
            throw WorkspaceError.invalid(diagnostics, Catalogue.text("workspace.would-be-invalid", ["path": .text(PlanLayout.progressFile(commitmentID))]))
        }
        let morePaths = try afterValidation?() ?? []
        try writeAtomically(text, to: PlanLayout.progressFile(commitmentID))
        try commit([PlanLayout.progressFile(commitmentID)] + extraPaths + morePaths, message: message)
        return message
    }
}
