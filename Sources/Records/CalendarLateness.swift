/// How late a plan or a self-assessment was delivered, by the classes of §2 III.
public struct Lateness: Sendable, Equatable {
    public enum Category: String, Sendable, CaseIterable, Codable {
        /// Delivered by the deadline.
        case onTime = "on-time"
        /// Late: noted in the IRM report (§2 III.2).
        case late
        /// More than four months late: referred to the Criteria and Standards subcommittee,
        /// letter to the country (§2 III.3; the same for self-assessments).
        case overFourMonths = "over-4-months"
        /// More than six months late: a plan moves to the other year group and starts a new
        /// cycle (§2 III.5).
        case overSixMonths = "over-6-months"
    }

    public let category: Category
    /// Days after the deadline (0 when on time).
    public let daysLate: Int

    /// Classifies a delivery on `delivered` against `due`. "More than four months" means after
    /// the same day four months on (30 June + 4 months = 30 October is still within).
    public init(delivered: CalendarDay, due: CalendarDay) {
        daysLate = max(0, due.days(to: delivered))
        if delivered <= due {
            category = .onTime
        } else if delivered > due.adding(months: 6) {
            category = .overSixMonths
        } else if delivered > due.adding(months: 4) {
            category = .overFourMonths
        } else {
            category = .late
        }
    }
}

/// Where a deliverable stands on a given day: delivered (with its lateness), not yet due, or
/// overdue (classed as if it were delivered that day, so the consequence it is heading for shows).
public enum DeliveryStatus: Sendable, Equatable {
    case delivered(CalendarDay, Lateness)
    case upcoming(daysLeft: Int)
    case overdue(Lateness)

    public init(due: CalendarDay, delivered: CalendarDay?, asOf: CalendarDay) {
        if let delivered {
            self = .delivered(delivered, Lateness(delivered: delivered, due: due))
        } else if asOf <= due {
            self = .upcoming(daysLeft: asOf.days(to: due))
        } else {
            self = .overdue(Lateness(delivered: asOf, due: due))
        }
    }
}
