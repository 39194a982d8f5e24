import Foundation
import Messages

/// Checks that need more than one file: references between records, dates against the plan,
/// evidence files in the plan's source (a folder or a commit). Per-file checks happen while reading (RecordSource).
public struct PlanValidator {
    public var today: PlanDate

    public init(today: PlanDate = .today()) {
        self.today = today
    }

    /// Every diagnostic of the snapshot: per file, layout, and cross-file. Sorted.
    public func validate(_ snapshot: PlanSnapshot) -> [Diagnostic] {
        var out = snapshot.layoutDiagnostics
        for source in snapshot.sources { out += source.diagnostics }
        let plan = snapshot.plan?.record
        var numbers: [Int: String] = [:]
        for folder in snapshot.sortedCommitments {
            guard let entry = folder.commitment else {
                out.append(Diagnostic(Location(path: PlanLayout.commitmentFile(folder.id)), .error,
                    Said("records.commitment-file-missing", ["id": .text(folder.id)])))
                continue
            }
            guard let commitment = entry.record else { continue }
            if let other = numbers[commitment.number] {
                out.append(Diagnostic(entry.source.location(of: "number"), .error,
                    Said("records.duplicate-number", ["number": .text(String(commitment.number)), "other": .text(other)])))
            } else {
                numbers[commitment.number] = commitment.id
            }
            out += checkReferences(commitment, entry.source, snapshot)
            if let plan { out += checkAgainstPlan(commitment, entry.source, plan) }
            if let progressEntry = folder.progress, let progress = progressEntry.record {
                out += checkProgress(progress, progressEntry.source, commitment, snapshot)
            }
        }
        out += checkShapes(snapshot)
        out += ParticipationChecks(today: today).check(snapshot)
        out += checkClosedPeriods(snapshot)
        out += staleTranslationWarnings(snapshot)
        if let plan, let source = snapshot.plan?.source { out += checkCalendar(plan, source) }
        return out.sorted()
    }

    /// The calendar rules the dashboard's calendar page shows (PlanCalendar), as warnings: a
    /// plan's year group that its dates contradict, and implementation shorter than 18 months.
    func checkCalendar(_ plan: Plan, _ source: RecordSource) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let calendar = PlanCalendar(plan: plan)
        if !calendar.matches(plan.yearGroup) {
            out.append(Diagnostic(source.location(of: "year_group"), .warning, Said("periods.records.group-mismatch", [
                "group": .text(plan.yearGroup.rawValue), "end": .text(plan.end.description), "year": .text(String(calendar.cycleYear))])))
        }
        let start = CalendarDay(first: plan.start), end = CalendarDay(last: plan.end)
        if start <= end, !PlanCalendar.coversMinimum(start: start, end: end) {
            out.append(Diagnostic(source.location(of: "end"), .warning, Said("periods.records.short-plan", [
                "months": .number(PlanCalendar.minimumImplementationMonths)])))
        }
        return out
    }

    /// A translation made from an earlier first-language text (TranslationStamp) is a warning,
    /// never an error: it must not keep a commit out.
    func staleTranslationWarnings(_ snapshot: PlanSnapshot) -> [Diagnostic] {
        guard let first = snapshot.plan?.record?.language else { return [] }
        return snapshot.staleTranslations().map { stale in
            Diagnostic(stale.location, .warning, Said("records.stale-translation",
                ["field": .text(stale.field), "language": .text(stale.language), "first": .text(first)]))
        }
    }

    private func checkReferences(_ c: Commitment, _ source: RecordSource, _ snapshot: PlanSnapshot) -> [Diagnostic] {
        var out: [Diagnostic] = []
        // The role is named in the sentence's own words: one key per role (gender and articles differ).
        func need(_ id: String, _ field: String, _ key: String) {
            if !snapshot.ministryIDs.contains(id) {
                out.append(Diagnostic(source.location(of: field), .error, Said(key, ["id": .text(id)])))
            }
        }
        need(c.leadAgency, "lead_agency", "records.lead-agency-missing")
        if let org = c.contact.organisation { need(org, "contact.organisation", "records.contact-organisation-missing") }
        for (i, id) in (c.otherActors?.state ?? []).enumerated() { need(id, "other_actors.state[\(i)]", "records.actor-missing") }
        for (i, id) in (c.otherActors?.nonState ?? []).enumerated() { need(id, "other_actors.non_state[\(i)]", "records.actor-missing") }
        return out
    }

    private func checkAgainstPlan(_ c: Commitment, _ source: RecordSource, _ plan: Plan) -> [Diagnostic] {
        var out: [Diagnostic] = []
        if c.start.firstDay < plan.start.firstDay {
            out.append(Diagnostic(source.location(of: "start"), .warning, Said("records.commitment-starts-before-plan", ["start": .text(c.start.description), "plan": .text(plan.start.description)])))
        }
        if c.end.lastDay > plan.end.lastDay {
            out.append(Diagnostic(source.location(of: "end"), .warning, Said("records.commitment-ends-after-plan", ["end": .text(c.end.description), "plan": .text(plan.end.description)])))
        }
        return out
    }

    private func checkProgress(_ p: CommitmentProgress, _ source: RecordSource, _ c: Commitment, _ snapshot: PlanSnapshot) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let plan = snapshot.plan?.record
        for m in p.milestones where c.milestone(m.id) == nil {
            out.append(Diagnostic(source.location(of: "milestones.\(m.id).id"), .error,
                Said("records.milestone-unknown", ["id": .text(m.id), "commitment": .text(c.id), "milestones": .text(c.milestones.map(\.id).joined(separator: ", "))])))
        }
        for m in c.milestones {
            // A draft's milestone without an end of its own is not late: its end is "to complete".
            if MilestoneSchedule(m, progress: p, today: plan.map { $0.judgingDay(today) } ?? today).delayReasonMissing, !c.toComplete.contains("milestones.\(m.id).end") {
                out.append(Diagnostic(source.location(of: "milestones.\(m.id)"), .warning,
                    Said("records.delay-reason-missing", ["id": .text(m.id), "end": .text(m.end.description)])))
            }
        }
        if p.completion == .complete, let open = c.milestones.first(where: { (p.milestone($0.id)?.completion ?? .notStarted) != .complete }) {
            out.append(Diagnostic(source.location(of: "completion"), .warning,
                Said("records.complete-but-milestone-open", ["id": .text(open.id)])))
        }
        for e in p.evidence {
            if let m = e.milestone, c.milestone(m) == nil {
                out.append(Diagnostic(source.location(of: "evidence.\(e.id).milestone"), .error,
                    Said("records.evidence-milestone-unknown", ["id": .text(e.id), "milestone": .text(m), "commitment": .text(c.id)])))
            }
            if let file = e.file { out += checkEvidenceFile(file, e.id, c.id, source, snapshot) }
        }
        return out
    }

    /// An evidence `file:` is a path relative to the commitment's folder, inside its evidence
    /// folder (`DocumentPath`).
    private func checkEvidenceFile(_ file: String, _ id: String, _ commitment: String, _ source: RecordSource,
                                   _ snapshot: PlanSnapshot) -> [Diagnostic] {
        let location = source.location(of: "evidence.\(id).file")
        let evidenceDir = PlanLayout.evidenceDir(commitment)
        switch DocumentPath.problem(file, base: PlanLayout.commitmentDir(commitment), inside: PlanLayout.evidenceDirName, in: snapshot) {
        case nil: return []
        case .refused(let problem)?:
            return [Diagnostic(location, .error,
                Said("records.evidence-path-refused", ["file": .text(file), "problem": .text(problem), "folder": .text(evidenceDir + "/")]))]
        case .outside?:
            return [Diagnostic(location, .error,
                Said("records.evidence-outside", ["file": .text(file), "folder": .text(evidenceDir + "/")]))]
        case .missing?:
            return [Diagnostic(location, .error, Said("records.evidence-file-missing", ["file": .text(file), "folder": .text(PlanLayout.commitmentDir(commitment) + "/")]))]
        case .notPlain(let kind)?:
            return [Diagnostic(location, .error,
                Said("records.evidence-not-plain", ["file": .text(file), "kind": .text(kind)]))]
        case .tooLarge(let size)?:
            return [Diagnostic(location, .error,
                Said("records.evidence-too-large", ["file": .text(file), "size": .number(size / (1 << 20)), "limit": .number(PlanLayout.maxEvidenceBytes >> 20)]))]
        }
    }
}

/// A document named by a record (`file:`): a path relative to the record's folder (`base`),
/// inside one folder of it (`inside`), judged by its components (PathRules), never resolved on
/// a file system; then looked up through the snapshot's source, which follows no link. The
/// one rule for commitments' evidence and the process's documents.
enum DocumentPath {
    enum Problem: Equatable {
        case refused(String), outside, missing, notPlain(String), tooLarge(Int)
    }

    static func problem(_ file: String, base: String, inside: String, in snapshot: PlanSnapshot) -> Problem? {
        let parts = file.split(separator: "/", omittingEmptySubsequences: false)
        let leaves = file.hasPrefix("/") || parts.contains("..")
        if !leaves, let problem = PathRules.problem(in: file) { return .refused(problem) }
        guard !leaves, parts.count >= 2, parts[0] == Substring(inside) else { return .outside }
        guard let entry = snapshot.source.entry(at: base + "/" + file), entry.kind != .folder else { return .missing }
        guard entry.kind == .file else { return .notPlain(entry.kind.spoken) }
        if entry.size > PlanLayout.maxEvidenceBytes { return .tooLarge(entry.size) }
        return nil
    }
}

extension PlanValidator {
    /// Validates a progress record before it is written: its text, and its references to the
    /// commitment and evidence in `snapshot`. Used by edits, so that nothing invalid is written.
    public func validateProgress(text: String, commitmentID: String, in snapshot: PlanSnapshot) -> (CommitmentProgress?, [Diagnostic]) {
        let path = PlanLayout.progressFile(commitmentID)
        let source = RecordSource(bytes: Array(text.utf8), path: path)
        let progress = CommitmentProgress.read(source, expectedID: commitmentID)
        var out = source.diagnostics
        if let progress, let commitment = snapshot.commitments[commitmentID]?.commitment?.record {
            out += checkProgress(progress, source, commitment, snapshot)
        }
        return (progress, out.sorted())
    }
}
