import Records

/// A milestone with its progress, as the reports see it on a given day.
///
/// A class, not a struct (so are CommitmentStatus): its records are dozens of strings and
/// arrays, and the pages pass statuses around by the thousand (a list filtered, a page's job, a
/// closure's argument). A struct copy retained and released every field each time: a twentieth
/// of a large dashboard's time. Nothing in it changes once made.
final class MilestoneStatus: Sendable {
    let milestone: Commitment.Milestone
    let progress: ProgressRecord.MilestoneProgress?
    let plannedStart: CalendarDay
    let plannedEnd: CalendarDay
    /// Days past the planned end while not complete; nil when not overdue.
    let daysOverdue: Int?

    init(milestone: Commitment.Milestone, progress: ProgressRecord.MilestoneProgress?, plannedStart: CalendarDay,
         plannedEnd: CalendarDay, daysOverdue: Int?) {
        self.milestone = milestone
        self.progress = progress
        self.plannedStart = plannedStart
        self.plannedEnd = plannedEnd
        self.daysOverdue = daysOverdue
    }

    var completion: CompletionLevel { progress?.completion ?? .notStarted }
    var actualStart: CalendarDay? { progress?.actualStart.map { CalendarDay(first: $0) } }
    var actualEnd: CalendarDay? { progress?.actualEnd.map { CalendarDay(last: $0) } }
}

/// A commitment with its progress and rating on a given day.
final class CommitmentStatus: Sendable {
    let id: String
    let commitment: Commitment
    /// nil when the lead ministry has not written progress.yaml yet (or it does not parse).
    let progress: ProgressRecord?
    let milestones: [MilestoneStatus]
    let rating: RAGRating

    init(id: String, commitment: Commitment, progress: ProgressRecord?, milestones: [MilestoneStatus], rating: RAGRating) {
        self.id = id
        self.commitment = commitment
        self.progress = progress
        self.milestones = milestones
        self.rating = rating
    }

    var completion: CompletionLevel { progress?.completion ?? .notStarted }
    var start: CalendarDay { CalendarDay(first: commitment.start) }
    var end: CalendarDay { CalendarDay(last: commitment.end) }
    var overdue: [MilestoneStatus] { milestones.filter { $0.daysOverdue != nil } }
    var overdueCount: Int { milestones.reduce(0) { $0 + ($1.daysOverdue != nil ? 1 : 0) } }
    // Counted, not filtered: no array made to be counted.
    var completeMilestones: Int { milestones.reduce(0) { $0 + ($1.completion == .complete ? 1 : 0) } }
    var evidence: [ProgressRecord.Evidence] { progress?.evidence ?? [] }
    var conflicts: [FieldConflict] { progress?.conflicts ?? [] }
}

/// Everything the reports derive from a plan snapshot, computed once.
struct PlanOverview {
    let plan: Plan
    let ministries: [String: Ministry]
    let commitments: [CommitmentStatus]
    /// Commitment folders whose commitment.yaml is missing or does not parse: listed, not hidden.
    let unreadable: [String]
    let asOf: CalendarDay
    let calendar: PlanCalendar
    /// The plan's reporting periods, and those closed by the report date (periods/<id>.yaml), in order.
    let periods: ReportingPeriods
    let closedPeriods: [ClosedPeriod]

    enum Failure: Error, CustomStringConvertible {
        case noPlan
        var description: String { "plan.yaml is missing or not valid: run `carnet check` first" }
    }

    init(snapshot: PlanSnapshot, asOf: PlanDate) throws {
        guard let plan = snapshot.plan?.record else { throw Failure.noPlan }
        self.plan = plan
        let today = CalendarDay(first: asOf)
        self.asOf = today
        calendar = PlanCalendar(plan: plan)
        periods = ReportingPeriods.of(plan)
        let closed = snapshot.closedPeriods()
        // A period is shown once closed and ended by the report date, in the plan's order.
        closedPeriods = periods.periods.compactMap { p in closed[p.id].flatMap { p.end <= today ? $0 : nil } }
        var ministries: [String: Ministry] = [:]
        for (id, entry) in snapshot.ministries { if let m = entry.record { ministries[id] = m } }
        self.ministries = ministries
        var statuses: [CommitmentStatus] = []
        var unreadable: [String] = []
        for folder in snapshot.sortedCommitments {
            guard let commitment = folder.commitment?.record else { unreadable.append(folder.id); continue }
            // A finished plan is judged on its last day (Plan.judgingDay): no alarm against today.
            statuses.append(PlanOverview.status(of: commitment, progress: folder.progress?.record,
                                                asOf: CalendarDay(first: plan.judgingDay(asOf))))
        }
        commitments = statuses
        self.unreadable = unreadable
    }

    static func status(of commitment: Commitment, progress: ProgressRecord?, asOf: CalendarDay) -> CommitmentStatus {
        let milestones = commitment.milestones.map { m -> MilestoneStatus in
            let p = progress?.milestone(m.id)
            let end = CalendarDay(last: m.end)
            let late = (p?.completion ?? .notStarted) != .complete && end < asOf
                && !commitment.toComplete.contains("milestones.\(m.id).end")   // a draft's end to complete is no deadline
            return MilestoneStatus(milestone: m, progress: p, plannedStart: CalendarDay(first: m.start),
                                   plannedEnd: end, daysOverdue: late ? end.days(to: asOf) : nil)
        }
        let rating = RAGRating.rate(
            completion: progress?.completion ?? .notStarted,
            start: CalendarDay(first: commitment.start), end: CalendarDay(last: commitment.end),
            maxDaysOverdue: milestones.compactMap { $0.daysOverdue }.max(), asOf: asOf)
        return CommitmentStatus(id: commitment.id, commitment: commitment, progress: progress,
                                milestones: milestones, rating: rating)
    }

    var staleAfterDays: Int { plan.staleAfterDays ?? 60 }

    func ministryName(_ id: String, _ l: Localizer) -> String {
        guard let m = ministries[id] else { return id }
        return l.plain(m.name)
    }

    /// Commitments a ministry leads.
    func led(by ministry: String) -> [CommitmentStatus] {
        commitments.filter { $0.commitment.leadAgency == ministry }
    }

    /// Commitments a ministry takes part in without leading.
    func involving(_ ministry: String) -> [CommitmentStatus] {
        commitments.filter {
            $0.commitment.leadAgency != ministry &&
            ($0.commitment.otherActors?.state.contains(ministry) == true || $0.commitment.otherActors?.nonState.contains(ministry) == true)
        }
    }

    func count(_ level: CompletionLevel) -> Int { commitments.reduce(0) { $0 + ($1.completion == level ? 1 : 0) } }
    func milestoneCount(_ level: CompletionLevel) -> Int {
        commitments.reduce(0) { total, c in c.milestones.reduce(total) { $0 + ($1.completion == level ? 1 : 0) } }
    }
    func count(_ rating: RAGRating) -> Int { commitments.reduce(0) { $0 + ($1.rating == rating ? 1 : 0) } }
}
