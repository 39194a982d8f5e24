import Foundation
import Git
import Messages
import Records

/// `carnet period close ID`: the point of contact keeps a reporting period's state for good.
extension WorkingCopy {
    public struct PeriodClosing: Sendable {
        public let period: ReportingPeriod
        /// The file written, relative to the plan.
        public let file: String
        public let commitments: Int
        /// The commit the state was read from (the last one dated on or before the period's end).
        public let fromCommit: String
    }

    /// The reporting periods of this copy's plan (ReportingPeriods.of), and which are closed.
    public func reportingPeriods() throws -> (periods: ReportingPeriods, closed: Set<String>) {
        guard let plan = snapshot(only: []).plan?.record else {
            throw WorkspaceError.invalid([], Catalogue.text("periods.close.no-plan"))
        }
        let periods = ReportingPeriods.of(plan)
        let closed = Set(periods.periods.map(\.id).filter { FileManager.default.fileExists(atPath: path(PlanLayout.periodFile($0))) })
        return (periods, closed)
    }

    /// Writes periods/<id>.yaml from the records as they stood at the end of the period (the
    /// last commit dated on or before it: AsOf), and commits it. Refused when the period has not
    /// ended by `today`, is already closed, or this copy is a ministry's (only the point of
    /// contact closes periods: the hub would refuse the file).
    public func closePeriod(_ name: String, today: PlanDate) throws -> PeriodClosing {
        let (periods, _) = try reportingPeriods()
        guard let period = periods.named(name) else {
            throw WorkspaceError.usage(Catalogue.text("dash3.close.unknown", ["period": .text(name), "periods": .text(periods.choices)]))
        }
        let file = PlanLayout.periodFile(period.id)
        try requireWriteAccess(file)
        let head = try git { try repository.headCommitID() }
        let committed = try head.flatMap { tip in try git { try repository.fileData(file, at: tip) } }
        if FileManager.default.fileExists(atPath: path(file)) || committed != nil {
            throw WorkspaceError.cannotCreate(Catalogue.text("dash3.close.already", [
                "name": period.spoken, "period": .text(period.id), "file": .text(file)]))
        }
        guard period.end < CalendarDay(first: today) else {
            throw WorkspaceError.usage(Catalogue.text("dash3.close.not-ended", [
                "name": period.spoken, "period": .text(period.id), "end": period.end.spoken, "from": period.end.adding(days: 1).spoken]))
        }
        guard let source = try git({ try AsOf.commit(in: repository, onOrBefore: period.end.planDate) }) else {
            throw WorkspaceError.usage(Catalogue.text("dash3.close.no-history", [
                "name": period.spoken, "period": .text(period.id), "end": period.end.spoken]))
        }
        let past = try git { try PlanSnapshot.of(repository, at: source.id) }
        let author = try author()
        let record = ClosedPeriod(period: period.id, start: period.start.planDate, end: period.end.planDate,
                                  closedOn: today, closedBy: author.name, fromCommit: source.id.description,
                                  commitments: ClosedPeriod.states(of: past))
        let text = record.canonicalYAML
        // What is written must read back as written: a record nobody can parse is no record.
        guard ClosedPeriod.read(RecordSource(bytes: Array(text.utf8), path: file), expectedID: period.id) == record else {
            throw WorkspaceError.io(Catalogue.text("periods.close.not-readable", ["file": .text(file)]))
        }
        try writeAtomically(text, to: file)
        try commit([file], message: "Period \(period.id) closed (\(period.start) – \(period.end))")
        return PeriodClosing(period: period, file: file, commitments: record.commitments.count, fromCommit: source.id.description)
    }
}

extension WorkingCopy {
    /// `carnet plan close`: records in plan.yaml the day the plan was closed (point of contact
    /// only: plan.yaml is theirs). Returns the day it is closed on, and whether this changed it.
    public func closePlan(on day: PlanDate) throws -> (day: PlanDate, changed: Bool) {
        try requireWriteAccess(PlanLayout.planFile)
        let snapshot = snapshot(only: [])
        guard let entry = snapshot.plan, var plan = entry.record, !entry.source.diagnostics.hasErrors else {
            throw WorkspaceError.invalid(snapshot.plan?.source.diagnostics ?? [], Catalogue.text("periods.close.no-plan"))
        }
        if let closed = plan.closed { return (closed, false) }
        plan.closed = day
        try writeAtomically(plan.canonicalYAML, to: PlanLayout.planFile)
        try commit([PlanLayout.planFile], message: "Plan closed on \(day)")
        return (day, true)
    }
}
