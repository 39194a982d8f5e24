import Foundation
import Messages

/// Dates as people write them, read into a PlanDate (a day, or a month):
///
/// - `2026-11-30`, `2026-11` (ISO, as records hold them) and `2026/11/30` (year first is never ambiguous);
/// - `30/11/2026`, `30.11.2026`, `30-11-2026`, and `11/2026` for a month;
/// - `30 novembre 2026`, `1er septembre 2026`, `November 30, 2026`, `30th Nov 2026`;
/// - `novembre 2026`, `nov. 2026`, `Nov 2026`, `November 2026` for a month.
///
/// Month names and abbreviations, ordinal endings and the order of day and month come from the
/// catalogue (`format.month.N`, `records.input.month.N`, `records.input.ordinal-endings`,
/// `records.input.date-order`). Names are read in every language the catalogue speaks; the
/// order of `03/04/2026` only in the context language's:
///
/// - `day-month` (French): the first number is the day; `11/30/2026` is then not a real date.
/// - `month-day`: the first number is the month.
/// - `either` (English: Britain writes the day first, the United States the month): only a number
///   over 12 settles it (`31/12/2026` and `12/31/2026` are both 31 December); when both numbers
///   are 12 or less and differ, the date is refused with both readings and the forms that
///   cannot be misread. A date is never guessed.
extension PeopleInput {
    public static func date(_ text: String, language: String = Catalogue.language) -> Result<PlanDate, InputProblem> {
        let trimmed = PeopleInput.trimmed(text)
        func problem(_ kind: InputProblem.Kind, readings: [PlanDate] = []) -> Result<PlanDate, InputProblem> {
            .failure(InputProblem(kind, text: text, language: language, readings: readings))
        }
        guard !trimmed.isEmpty, trimmed.count <= 60 else { return problem(.notADate) }
        if let date = PlanDate(trimmed) { return .success(date) }
        if PlanDate.looksLikeDate(trimmed) { return problem(.impossibleDate) }

        if let numbers = numericParts(trimmed) {
            switch numbers.count {
            case 2:   // month/year
                return made(year: numbers[1], month: numbers[0]).map { .success($0) } ?? problem(.impossibleDate)
            case 3 where numbers[0] >= 1000:   // year/month/day
                return made(year: numbers[0], month: numbers[1], day: numbers[2]).map { .success($0) } ?? problem(.impossibleDate)
            default:
                let (a, b, year) = (numbers[0], numbers[1], numbers[2])
                let readings: [PlanDate]
                switch dayMonthOrder(language) {
                case .dayMonth: readings = [made(year: year, month: b, day: a)].compactMap { $0 }
                case .monthDay: readings = [made(year: year, month: a, day: b)].compactMap { $0 }
                case .either:
                    readings = Array(Set([made(year: year, month: b, day: a), made(year: year, month: a, day: b)].compactMap { $0 }))
                        .sorted { $0.firstDay < $1.firstDay }
                }
                if readings.count == 1 { return .success(readings[0]) }
                return readings.isEmpty ? problem(.impossibleDate) : problem(.ambiguousDate, readings: readings)
            }
        }

        // Words: [month, year], [day, month, year] or [month, day, year].
        let tokens = fold(trimmed.replacingOccurrences(of: ",", with: " ")).split(separator: " ").map { word in
            word.hasSuffix(".") ? String(word.dropLast()) : String(word)
        }
        guard let last = tokens.last, let year = Int(last), last.count == 4, last.allSatisfy(\.isASCII) else {
            return problem(.notADate)
        }
        let months = monthWords(language: language)
        switch tokens.count {
        case 2:
            guard let month = months[tokens[0]] else { return problem(.notADate) }
            return made(year: year, month: month).map { .success($0) } ?? problem(.impossibleDate)
        case 3:
            let endings = endings(language: language)
            if let month = months[tokens[1]], let day = dayNumber(tokens[0], endings: endings) {
                return made(year: year, month: month, day: day).map { .success($0) } ?? problem(.impossibleDate)
            }
            if let month = months[tokens[0]], let day = dayNumber(tokens[1], endings: endings) {
                return made(year: year, month: month, day: day).map { .success($0) } ?? problem(.impossibleDate)
            }
            return problem(.notADate)
        default:
            return problem(.notADate)
        }
    }

    enum DayMonthOrder: String { case dayMonth = "day-month", monthDay = "month-day", either }

    /// The context language's order of day and month in `03/04/2026`; `either` when its catalogue
    /// does not settle it (a language that says nothing is never guessed either).
    static func dayMonthOrder(_ language: String) -> DayMonthOrder {
        let stated = Catalogue.shared.has("records.input.date-order", in: language)
            ? Catalogue.shared.text("records.input.date-order", in: language).trimmingCharacters(in: .whitespaces) : ""
        return DayMonthOrder(rawValue: stated) ?? .either
    }

    /// `30/11/2026`, `30.11.2026`, `30-11-2026`, `11/2026`, `2026/11/30` as numbers (one
    /// separator throughout, a four-digit year first or last); nil for anything else.
    static func numericParts(_ text: String) -> [Int]? {
        guard let separator = text.first(where: { "/.-".contains($0) }) else { return nil }
        let parts = text.split(separator: separator, omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3,
              parts.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return nil }
        let yearFirst = parts.count == 3 && parts[0].count == 4 && parts[1].count <= 2 && parts[2].count <= 2
        let yearLast = parts.last!.count == 4 && parts.dropLast().allSatisfy { $0.count <= 2 }
        guard yearFirst || yearLast else { return nil }
        return parts.compactMap { Int($0) }
    }

    /// A day or month that exists, within the years a plan may name (PlanDate's own rule).
    static func made(year: Int, month: Int, day: Int? = nil) -> PlanDate? {
        guard (1...12).contains(month) else { return nil }
        let text = day.map { String(format: "%04d-%02d-%02d", year, month, $0) } ?? String(format: "%04d-%02d", year, month)
        return PlanDate(text)
    }

    /// Folded month name or abbreviation → month number: the context language's first.
    static func monthWords(language: String) -> [String: Int] {
        var table: [String: Int] = [:]
        for code in languages(startingWith: language) {
            for month in 1...12 {
                let words = list(monthNameKey(month), in: code) + list(monthAbbreviationsKey(month), in: code)
                for word in words {
                    let folded = fold(word.hasSuffix(".") ? String(word.dropLast()) : word)
                    if !folded.isEmpty, table[folded] == nil { table[folded] = month }
                }
            }
        }
        return table
    }

    static func monthNameKey(_ month: Int) -> String { "format.month.\(month)" }
    static func monthAbbreviationsKey(_ month: Int) -> String { "records.input.month.\(month)" }

    /// Ordinal endings a day may carry (`1er`, `1st`, `30th`), of every language.
    static func endings(language: String) -> [String] {
        languages(startingWith: language).flatMap { list("records.input.ordinal-endings", in: $0) }.map(fold)
    }

    /// `30`, `1er`, `1st` → the day's number; nil for anything else.
    static func dayNumber(_ token: String, endings: [String]) -> Int? {
        let digits = token.prefix { $0.isASCII && $0.isNumber }
        let ending = String(token.dropFirst(digits.count))
        guard (1...2).contains(digits.count), ending.isEmpty || endings.contains(ending) else { return nil }
        return Int(digits)
    }
}
