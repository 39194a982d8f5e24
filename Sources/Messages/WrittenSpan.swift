extension Catalogue {
    /// A stretch of days as people write it (`MessageArgument.span`), the one place a period is
    /// put in words: whole months by their names, the year said once when both ends share it
    /// ("mars – août 2026", "March – August 2026"; "septembre 2025 – février 2026"; a single
    /// month "mars 2026"), otherwise the days, the month and year said once when shared
    /// ("1er – 15 mars 2026", "15 mars – 14 septembre 2026", "15 mars 2026 – 14 mars 2027").
    /// The pieces (month names, "1er", the order of day and month) are the language's own
    /// `format.` texts, so a new language writes its spans with its own words.
    func span(first: Int, last: Int, in code: String) -> String {
        // A value read from elsewhere (a stored message) may be anything: only real days are
        // put in words; anything else is shown as it came, never trapped on.
        guard let a = Self.day(first), let b = Self.day(last), first <= last else { return "\(first) – \(last)" }
        func month(_ m: Int) -> MessageArgument { .text(text("format.month.\(m)", in: code)) }
        func dayOfMonth(_ d: Int) -> MessageArgument {
            .text(has("format.day.\(d)", in: code) ? text("format.day.\(d)", in: code) : String(d))
        }
        let year = MessageArgument.text(String(b.year))
        let wholeMonths = a.day == 1 && b.day == Self.daysIn(year: b.year, month: b.month)
        if wholeMonths {
            if a.year == b.year && a.month == b.month { return render(.month(year: a.year, month: a.month), in: languages[code]) }
            if a.year == b.year {
                return text("dash2.span.months-in-year", in: code, ["first": month(a.month), "last": month(b.month), "year": year])
            }
            return text("dash2.span.between", in: code, ["first": .month(year: a.year, month: a.month), "last": .month(year: b.year, month: b.month)])
        }
        if first == last { return render(.day(year: a.year, month: a.month, day: a.day), in: languages[code]) }
        if a.year == b.year && a.month == b.month {
            return text("dash2.span.days-in-month", in: code,
                        ["first": dayOfMonth(a.day), "last": dayOfMonth(b.day), "month": month(a.month), "year": year])
        }
        if a.year == b.year {
            let start = text("dash2.day-month", in: code, ["day": dayOfMonth(a.day), "month": month(a.month)])
            let end = text("dash2.day-month", in: code, ["day": dayOfMonth(b.day), "month": month(b.month)])
            return text("dash2.span.days-in-year", in: code, ["first": .text(start), "last": .text(end), "year": year])
        }
        return text("dash2.span.between", in: code, ["first": .day(year: a.year, month: a.month, day: a.day),
                                                      "last": .day(year: b.year, month: b.month, day: b.day)])
    }

    /// yyyymmdd → a real day of years 1–9999; nil for anything else.
    private static func day(_ yyyymmdd: Int) -> (year: Int, month: Int, day: Int)? {
        guard yyyymmdd >= 1_01_01, yyyymmdd <= 9999_12_31 else { return nil }
        let (y, m, d) = (yyyymmdd / 10000, yyyymmdd / 100 % 100, yyyymmdd % 100)
        guard (1...12).contains(m), d >= 1, d <= daysIn(year: y, month: m) else { return nil }
        return (y, m, d)
    }

    private static func daysIn(year: Int, month: Int) -> Int {
        let next = month == 12 ? CivilDay.days(year: year + 1, month: 1, day: 1) : CivilDay.days(year: year, month: month + 1, day: 1)
        return next - CivilDay.days(year: year, month: month, day: 1)
    }
}
