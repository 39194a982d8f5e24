import Foundation
import Messages
import Records

/// What a change to progress.yaml did, read from the records themselves (the file at the commit
/// against the file at its first parent), so that public history says "Milestone m3: Complete,
/// actual end November 2026" rather than a commit subject or "progress updated".
public enum ProgressFact: Sendable, Equatable {
    case completion(CompletionLevel)
    case milestone(id: String, level: CompletionLevel, actualEnd: PlanDate?)
    case milestoneStarted(id: String, on: PlanDate)
    case milestoneNote(id: String)
    case milestoneDelay(id: String)
    case results, nextSteps, delayReason
    case evidenceAdded(title: Text)
    case evidenceRemoved(title: Text)

    /// The facts from one version of a commitment's progress to the next (`before` nil: the
    /// file was created). Nothing is said of a field that did not change.
    public static func between(_ before: CommitmentProgress?, _ after: CommitmentProgress) -> [ProgressFact] {
        var out: [ProgressFact] = []
        if before?.completion != after.completion, before != nil || after.completion != .notStarted {
            out.append(.completion(after.completion))
        }
        for m in after.milestones {
            let was = before?.milestone(m.id)
            if was?.completion != m.completion, was != nil || m.completion != .notStarted {
                out.append(.milestone(id: m.id, level: m.completion, actualEnd: m.completion == .complete ? m.actualEnd : nil))
            } else if let end = m.actualEnd, was?.actualEnd != end, m.completion == .complete {
                out.append(.milestone(id: m.id, level: m.completion, actualEnd: end))
            }
            if let start = m.actualStart, was?.actualStart != start { out.append(.milestoneStarted(id: m.id, on: start)) }
            if m.note != nil, was?.note != m.note { out.append(.milestoneNote(id: m.id)) }
            if m.delayReason != nil, was?.delayReason != m.delayReason { out.append(.milestoneDelay(id: m.id)) }
        }
        if after.results != nil, before?.results != after.results { out.append(.results) }
        if after.nextSteps != nil, before?.nextSteps != after.nextSteps { out.append(.nextSteps) }
        if after.delayReason != nil, before?.delayReason != after.delayReason { out.append(.delayReason) }
        let earlier = Set((before?.evidence ?? []).map(\.id)), later = Set(after.evidence.map(\.id))
        out += after.evidence.filter { !earlier.contains($0.id) }.map { .evidenceAdded(title: $0.title) }
        out += (before?.evidence ?? []).filter { !later.contains($0.id) }.map { .evidenceRemoved(title: $0.title) }
        return out
    }

    /// The version of commitment `id`'s progress in `bytes`; nil when it does not parse.
    static func parse(_ bytes: Data?, commitment id: String) -> CommitmentProgress? {
        guard let bytes else { return nil }
        return CommitmentProgress.read(RecordSource(bytes: Array(bytes), path: PlanLayout.progressFile(id)), expectedID: id)
    }
}

extension Localizer {
    /// One fact for people: "Milestone m3: Complete, actual end November 2026".
    func describe(_ fact: ProgressFact, milestoneName: (String) -> String) -> String {
        func say(_ key: String, _ args: [String: MessageArgument]) -> String { Catalogue.text(key, in: code, args) }
        switch fact {
        case .completion(let level): return say("pp.change.completion", ["level": .text(completion(level))])
        case let .milestone(id, level, end?):
            return say("pp.change.milestone-done", ["milestone": .text(milestoneName(id)), "level": .text(completion(level)), "date": .text(date(end))])
        case let .milestone(id, level, nil):
            return say("pp.change.milestone", ["milestone": .text(milestoneName(id)), "level": .text(completion(level))])
        case let .milestoneStarted(id, on): return say("pp.change.milestone-started", ["milestone": .text(milestoneName(id)), "date": .text(date(on))])
        case .milestoneNote(let id): return say("pp.change.milestone-note", ["milestone": .text(milestoneName(id))])
        case .milestoneDelay(let id): return say("pp.change.milestone-delay", ["milestone": .text(milestoneName(id))])
        case .results: return say("pp.change.results", [:])
        case .nextSteps: return say("pp.change.next-steps", [:])
        case .delayReason: return say("pp.change.delay", [:])
        case .evidenceAdded(let title): return say("pp.change.evidence-added", ["title": .text(plain(title))])
        case .evidenceRemoved(let title): return say("pp.change.evidence-removed", ["title": .text(plain(title))])
        }
    }
}
