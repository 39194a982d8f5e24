import Foundation

/// A date as the manual writes them: a day (`2017-06-30`), or a month (`2017-06`).
public enum PlanDate: Sendable, Hashable, CustomStringConvertible {
    case day(year: Int, month: Int, day: Int)
    case month(year: Int, month: Int)

    /// Parses ISO 8601; nil when the text is not a date or the date does not exist (2017-02-30).
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3,
              parts[0].count == 4, parts[1].count == 2, parts.count == 2 || parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let y = Int(parts[0]), let m = Int(parts[1]), (1...12).contains(m), y >= 1900, y <= 2200
        else { return nil }
        if parts.count == 2 {
            self = .month(year: y, month: m)
            return
        }
        guard let d = Int(parts[2]), d >= 1, d <= PlanDate.daysIn(year: y, month: m) else { return nil }
        self = .day(year: y, month: m, day: d)
    }

    /// Whether the text looks like a date at all (so an impossible one gets the right message).
    public static func looksLikeDate(_ text: String) -> Bool {
        text.range(of: #"^\d{4}-\d{2}(-\d{2})?$"#, options: .regularExpression) != nil
    }

    public static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public var description: String {
        switch self {
        case let .day(y, m, d): return Self.digits(y, 4) + "-" + Self.digits(m, 2) + "-" + Self.digits(d, 2)
        case let .month(y, m): return Self.digits(y, 4) + "-" + Self.digits(m, 2)
        }
    }

    /// `n` in at least `width` characters, zeros in front, as `%0*d` writes it (a minus sign
    /// counts in the width). Not String(format:): on Linux it goes through CFString, and a
    /// 1,000-commitment plan writes or reads some 40,000 dates (2 % of `carnet plan import`).
    static func digits(_ n: Int, _ width: Int) -> String {
        let body = String(n.magnitude), sign = n < 0 ? "-" : ""
        let zeros = max(0, width - sign.count - body.count)
        return sign + String(repeating: "0", count: zeros) + body
    }

    /// The first day it covers, as a sortable number yyyymmdd.
    public var firstDay: Int {
        switch self {
        case let .day(y, m, d): return y * 10000 + m * 100 + d
        case let .month(y, m): return y * 10000 + m * 100 + 1
        }
    }

    /// The last day it covers, as a sortable number yyyymmdd.
    public var lastDay: Int {
        switch self {
        case let .day(y, m, d): return y * 10000 + m * 100 + d
        case let .month(y, m): return y * 10000 + m * 100 + PlanDate.daysIn(year: y, month: m)
        }
    }

    public var year: Int {
        switch self { case let .day(y, _, _), let .month(y, _): return y }
    }

    /// Today's date in UTC (or CARNET_TODAY, so tests and demos can fix "now").
    public static func today() -> PlanDate {
        if let fixed = ProcessInfo.processInfo.environment["CARNET_TODAY"], let date = PlanDate(fixed) { return date }
        return PlanDate(date: Date())
    }

    /// The first instant after the last day it covers (UTC): a change made before it is "as of"
    /// this date (`--as-of`, closing a reporting period).
    public var endInstant: Date {
        var components = DateComponents()
        let next = CalendarDay(last: self).adding(days: 1)
        (components.year, components.month, components.day) = (next.year, next.month, next.day)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: components)!
    }

    /// The UTC day of an instant, by arithmetic on the Julian day (1970-01-01 is day 2,440,588):
    /// building a Calendar loads time zone data, a tenth of a hub hook's start.
    public init(date: Date) {
        let days = Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
        let day = CalendarDay(julianDay: 2_440_588 + days)
        self = .day(year: day.year, month: day.month, day: day.day)
    }
}
