import Records

/// The six-monthly update of each reporting period (manual §6: progress published at least every
/// six months): the state of every commitment at the period's end beside its state at the end
/// of the period before. Where each state comes from, in order of trust:
///
/// - the period's closed snapshot (periods/<id>.yaml), which never changes once closed;
/// - for a period that has ended but is not closed yet, the records as they stood at its end,
///   read from history by the caller (`Dashboard.periodHistory`, AsOf's rule);
/// - for the period under way on the report date, the records of that date;
/// - otherwise nothing is known (a plan folder without history): said, not guessed.
struct PeriodUpdate {
    enum Source {
        case closed(on: PlanDate, by: String)
        case history
        case underWay
        case unknown
    }

    let period: ReportingPeriod
    let source: Source
    /// Commitment id → its state at the period's end (empty when `source` is `.unknown`).
    let end: [String: ClosedPeriod.CommitmentState]
    /// The period before, and the states at its end; nil for the first period (the plan's start,
    /// when nothing had started).
    let previous: ReportingPeriod?
    let start: [String: ClosedPeriod.CommitmentState]?
    /// The day the "end" state is read on: the period's end, or the report date while under way.
    let endDay: CalendarDay

    var isKnown: Bool { if case .unknown = source { return false } else { return true } }

    static func page(_ period: ReportingPeriod) -> String { "period-\(period.id).html" }

    /// One update per period begun by the report date, in order.
    static func all(_ o: PlanOverview, history: [String: [ClosedPeriod.CommitmentState]]) -> [PeriodUpdate] {
        let closed = Dictionary(o.closedPeriods.map { ($0.period, $0) }, uniquingKeysWith: { a, _ in a })
        let now = Dictionary(o.commitments.map { ($0.id, state(of: $0)) }, uniquingKeysWith: { a, _ in a })
        func states(_ p: ReportingPeriod) -> (Source, [String: ClosedPeriod.CommitmentState]) {
            if let c = closed[p.id] {
                return (.closed(on: c.closedOn, by: c.closedBy), Dictionary(c.commitments.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }))
            }
            if p.end < o.asOf, let read = history[p.id] {
                return (.history, Dictionary(read.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }))
            }
            if p.end >= o.asOf { return (.underWay, now) }
            return (.unknown, [:])
        }
        var out: [PeriodUpdate] = []
        var before: (ReportingPeriod, Source, [String: ClosedPeriod.CommitmentState])?
        for p in o.periods.periods where p.start <= o.asOf {
            let (source, end) = states(p)
            let start: [String: ClosedPeriod.CommitmentState]?
            if let before { if case .unknown = before.1 { start = nil } else { start = before.2 } } else { start = [:] }
            out.append(PeriodUpdate(period: p, source: source, end: end, previous: before?.0, start: start,
                                    endDay: p.end < o.asOf ? p.end : o.asOf))
            before = (p, source, end)
        }
        return out
    }

    /// Today's records of a commitment, in the shape of a closed period's.
    static func state(of s: CommitmentStatus) -> ClosedPeriod.CommitmentState {
        ClosedPeriod.CommitmentState(
            id: s.id, completion: s.completion, results: s.progress?.results, delayReason: s.progress?.delayReason,
            milestones: s.milestones.map { m in
                ClosedPeriod.MilestoneState(id: m.milestone.id, completion: m.completion, note: m.progress?.note, delayReason: m.progress?.delayReason)
            }, nextSteps: s.progress?.nextSteps)
    }

    /// A level at the start of the period: the first period starts with nothing started; a
    /// commitment added later has no level before it existed (nil).
    func levelAtStart(_ commitment: String, milestone: String? = nil) -> CompletionLevel? {
        guard let start else { return nil }
        if previous == nil { return .notStarted }
        guard let c = start[commitment] else { return nil }
        guard let milestone else { return c.completion }
        return c.milestone(milestone)?.completion
    }

    func levelAtEnd(_ commitment: String, milestone: String? = nil) -> CompletionLevel? {
        guard let c = end[commitment] else { return nil }
        guard let milestone else { return c.completion }
        return c.milestone(milestone)?.completion
    }
}
