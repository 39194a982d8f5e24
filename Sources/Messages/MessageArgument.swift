/// A value put into a message: typed, so each language writes numbers, dates and durations
/// its own way ("1 234" / "1,234", "1er septembre 2026" / "1 September 2026").
public enum MessageArgument: Sendable, Equatable, ExpressibleByStringInterpolation, ExpressibleByIntegerLiteral {
    /// Text written as it is (a path, a name, an id, record text).
    case text(String)
    /// A whole number; a key's `[one]`/`[other]` form follows the argument named `count`.
    case number(Int)
    /// A calendar day.
    case day(year: Int, month: Int, day: Int)
    /// A month of a year ("novembre 2026").
    case month(year: Int, month: Int)
    /// The days from `first` to `last` (yyyymmdd, both included) as people write a stretch of
    /// time: whole months by their names ("mars – août 2026", "septembre 2025 – février 2026"),
    /// otherwise the days ("1er – 15 mars 2026"). A reporting period, a plan's implementation.
    case span(first: Int, last: Int)
    /// A calendar quarter ("Q1 2026" / "T1 2026"): `number` 1 to 4.
    case quarter(year: Int, number: Int)
    /// A length of time, in seconds ("45 s", "3 min", "2 jours").
    case duration(Double)
    /// A measure with two decimals, written the language's way ("0,13" / "0.13"); not negative.
    case decimal(Double)
    /// A message of its own, written in the same language (a reason inside a sentence).
    case message(key: String, arguments: [String: MessageArgument])

    public init(stringLiteral value: String) { self = .text(value) }
    public init(stringInterpolation: DefaultStringInterpolation) { self = .text(String(stringInterpolation: stringInterpolation)) }
    public init(integerLiteral value: Int) { self = .number(value) }

    /// The integer a plural form is chosen by, when the argument is one.
    var count: Int? {
        if case .number(let n) = self { return n }
        return nil
    }
}
