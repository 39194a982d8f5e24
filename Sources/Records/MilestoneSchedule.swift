import Messages

/// Where a milestone stands on a given day: the one rule for "overdue", "due soon" and "a reason
/// for delay is missing", used by `carnet validate`, `carnet status` and `carnet show`.
public struct MilestoneSchedule: Sendable, Equatable {
    public enum State: String, Sendable, Codable {
        /// Marked complete.
        case complete
        /// Not complete and its planned end is past.
        case overdue
        /// Not complete and its planned end is within the next `MilestoneSchedule.dueWithinDays` days.
        case due
        /// Not complete and its planned end is further away.
        case upcoming
    }

    /// How far ahead a planned end counts as "due": a month.
    public static let dueWithinDays = 31

    public var state: State
    /// Days past the planned end (overdue), or left until it (due, upcoming); nil when complete.
    public var days: Int?
    /// Overdue with no reason for delay, neither on the milestone nor on the commitment: the
    /// manual asks for reasons for any delay.
    public var delayReasonMissing: Bool

    public init(_ milestone: Commitment.Milestone, progress: CommitmentProgress?, today: PlanDate) {
        let item = progress?.milestone(milestone.id)
        let end = milestone.end.lastDay
        if (item?.completion ?? .notStarted) == .complete {
            state = .complete
            days = nil
        } else if end < today.firstDay {
            state = .overdue
            days = PlanDate.dayNumber(today.firstDay) - PlanDate.dayNumber(end)
        } else {
            days = PlanDate.dayNumber(end) - PlanDate.dayNumber(today.firstDay)
            state = days! <= Self.dueWithinDays ? .due : .upcoming
        }
        delayReasonMissing = state == .overdue && item?.delayReason == nil && progress?.delayReason == nil
    }

    public var isOverdue: Bool { state == .overdue }
}

extension PlanDate {
    /// A day (yyyymmdd, as `firstDay` / `lastDay` give) as a count of days, for differences.
    static func dayNumber(_ yyyymmdd: Int) -> Int { CivilDay.days(yyyymmdd: yyyymmdd) }
}
