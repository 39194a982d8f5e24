import Foundation

/// The title an evidence document gets when nobody gives one: made from its file name so that it
/// reads like a title, not like a file (docs/RECORDS.md, "Evidence titles"):
///
/// 1. the extension is dropped (`.pdf`, `.docx`: up to 5 letters or digits, one a letter, after the last dot);
/// 2. a date at the end, `2026-11` or `2026-11-05` (after a space, `_` or `-`), becomes a readable
///    month in the plan's language, in brackets: `(nov. 2026)`, `(5 nov. 2026)`;
/// 3. runs of `_` become one space; runs of `-` too, unless the name already has spaces (then a
///    hyphen is a real one, as in `Procès-verbal`);
/// 4. spaces are collapsed, accents kept (and put in their composed form), and the first letter
///    is capitalised. A name with nothing left gives the file name itself.
///
/// Accents cannot be guessed back: `proces-verbal.pdf` gives `Proces verbal`.
public enum EvidenceTitle {
    public static func fromFileName(_ fileName: String, language: String) -> String {
        let name = (fileName.split(separator: "/").last.map(String.init) ?? fileName).precomposedStringWithCanonicalMapping
        var stem = name
        if let dot = name.lastIndex(of: "."), dot != name.startIndex {
            let ext = name[name.index(after: dot)...]
            if (1...5).contains(ext.count), ext.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }), ext.contains(where: \.isLetter) {
                stem = String(name[..<dot])
            }
        }
        var date: PlanDate?
        if let match = stem.range(of: #"(^|[ _-])\d{4}-\d{2}(-\d{2})?$"#, options: .regularExpression) {
            let text = stem[match].drop { !$0.isNumber }
            if let found = PlanDate(String(text)) {
                date = found
                stem = String(stem[..<match.lowerBound])
            }
        }
        let hyphensAreSpaces = !stem.contains(" ")
        var words = ""
        var pendingSpace = false
        for character in stem {
            if character == "_" || character.isWhitespace || (hyphensAreSpaces && character == "-") {
                pendingSpace = !words.isEmpty
                continue
            }
            if pendingSpace { words.append(" ") }
            pendingSpace = false
            words.append(character)
        }
        if let date {
            let readable = MonthNames.readable(date, language: language)
            words = words.isEmpty ? readable : "\(words) (\(readable))"
        }
        guard let first = words.first else { return name }
        return first.uppercased() + words.dropFirst()
    }
}

/// Months written for people, in the languages Carnet knows; ISO form otherwise.
public enum MonthNames {
    static let abbreviated: [String: [String]] = [
        "fr": ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."],
        "en": ["Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."],
        "es": ["ene.", "feb.", "mar.", "abr.", "may.", "jun.", "jul.", "ago.", "sept.", "oct.", "nov.", "dic."],
        "pt": ["jan.", "fev.", "mar.", "abr.", "maio", "jun.", "jul.", "ago.", "set.", "out.", "nov.", "dez."],
    ]

    /// `nov. 2026`, `5 nov. 2026` (fr); `Nov. 2026`, `5 Nov. 2026` (en); the ISO date in another language.
    public static func readable(_ date: PlanDate, language: String) -> String {
        guard let months = abbreviated[language] else { return date.description }
        switch date {
        case let .month(y, m): return "\(months[m - 1]) \(y)"
        case let .day(y, m, d): return "\(d) \(months[m - 1]) \(y)"
        }
    }
}
