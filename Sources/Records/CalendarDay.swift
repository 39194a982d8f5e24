import Messages

/// A calendar day, for the arithmetic the calendar rules need (days between, months after).
/// Counted as a Julian day number so differences are exact across months and leap years.
public struct CalendarDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Clamps `day` into the month (so 31 April is 30 April): rules say "four months after
    /// 30 June", and month arithmetic must land on a real day.
    public init(_ year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = min(max(day, 1), PlanDate.daysIn(year: year, month: month))
    }

    /// The first day a plan date covers (a month used as a start means its first day).
    public init(first date: PlanDate) { self.init(yyyymmdd: date.firstDay) }

    /// The last day a plan date covers (a month used as an end means its last day).
    public init(last date: PlanDate) { self.init(yyyymmdd: date.lastDay) }

    public init(yyyymmdd: Int) {
        self.init(yyyymmdd / 10000, yyyymmdd / 100 % 100, yyyymmdd % 100)
    }

    public var yyyymmdd: Int { year * 10000 + month * 100 + day }
    public var planDate: PlanDate { .day(year: year, month: month, day: day) }
    /// ISO 8601, written by hand: the reports write thousands of dates.
    public var description: String {
        let m = month < 10 ? "0\(month)" : "\(month)", d = day < 10 ? "0\(day)" : "\(day)"
        return "\(year)-\(m)-\(d)"
    }

    /// Julian day number (Fliegel & Van Flandern), valid for the Gregorian calendar.
    public var julianDay: Int {
        let a = (14 - month) / 12
        let y = year + 4800 - a
        let m = month + 12 * a - 3
        return day + (153 * m + 2) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 32045
    }

    public init(julianDay jdn: Int) {
        let a = jdn + 32044
        let b = (4 * a + 3) / 146097
        let c = a - 146097 * b / 4
        let d = (4 * c + 3) / 1461
        let e = c - 1461 * d / 4
        let m = (5 * e + 2) / 153
        self.init(100 * b + d - 4800 + m / 10, m + 3 - 12 * (m / 10), e - (153 * m + 2) / 5 + 1)
    }

    public func adding(days: Int) -> CalendarDay { CalendarDay(julianDay: julianDay + days) }

    /// The same day number `months` later, clamped to the month's length.
    public func adding(months: Int) -> CalendarDay {
        let index = year * 12 + (month - 1) + months
        return CalendarDay(index / 12, index % 12 + 1, day)
    }

    /// Days from `self` to `other` (positive when `other` is later).
    public func days(to other: CalendarDay) -> Int { other.julianDay - julianDay }

    public static func < (a: CalendarDay, b: CalendarDay) -> Bool { a.yyyymmdd < b.yyyymmdd }
}

extension PlanDate {
    /// ISO 8601 as written in records (a month stays a month), without String(format:).
    public var iso: String {
        switch self {
        case .day: return CalendarDay(first: self).description
        case let .month(y, m): return "\(y)-" + (m < 10 ? "0\(m)" : "\(m)")
        }
    }
}

extension CalendarDay {
    /// The day for a message, written the language's way ("1er mars 2027" / "1 March 2027"),
    /// not as an ISO date.
    public var spoken: MessageArgument { .day(year: year, month: month, day: day) }
}
