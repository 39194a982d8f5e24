import Foundation
import Git
import Records

extension AsOf {
    /// For each reporting period of the plan in `folder` that ended before `day` and has no
    /// closed snapshot in `snapshot`, every commitment's state at its end, read from history
    /// by the rule `carnet period close` uses (the newest commit dated on or before the end), so
    /// that a period's public update reads the same before and after it is closed. A period
    /// with nothing recorded by its end gets no state. Empty for a folder without history.
    ///
    /// `records`: files already parsed, by blob id — give the one `snapshot` was read with.
    /// Most files are the same from one period's end to the next (a commitment's definition
    /// rarely changes, and a quiet commitment's progress not at all): each is parsed once, not
    /// once per period.
    ///
    /// `walk`: the run's one walk of history (HistoryWalk), shared with the dashboard's history
    /// thread: each period's records are parsed as soon as its end is reached, the latest first,
    /// while the walk goes on, and no second walk reads the same commits.
    public static func periodStates(planAt folder: URL, snapshot: PlanSnapshot, before day: PlanDate,
                                    records: ParsedRecords? = nil, walk: HistoryWalk? = nil) -> [String: [ClosedPeriod.CommitmentState]] {
        guard let plan = snapshot.plan?.record,
              let repository = try? Repository.open(folder.path, searchParents: false),
              let workdir = repository.workdir,
              URL(fileURLWithPath: workdir).standardizedFileURL.path == folder.standardizedFileURL.path else { return [:] }
        let closed = snapshot.closedPeriods()
        let wanted = ReportingPeriods.of(plan).periods.filter { $0.end < CalendarDay(first: day) && closed[$0.id] == nil }
        var out: [String: [ClosedPeriod.CommitmentState]] = [:]
        let records = records ?? ParsedRecords.forOneRun()
        // The walk of this repository: the run's own, or one for these periods alone (on this
        // thread only, so it may read through the same handle as the snapshots).
        let history = walk.flatMap { $0.isWalk(of: repository) ? $0 : nil } ?? HistoryWalk(repository: repository)
        for period in wanted.sorted(by: { $0.end > $1.end }) {
            guard let found = try? AsOf.commits(in: history, onOrBefore: [period.end.planDate])[0],
                  let past = try? PlanSnapshot.of(repository, at: found.id, records: records) else { continue }
            out[period.id] = ClosedPeriod.states(of: past)
        }
        return out
    }
}
