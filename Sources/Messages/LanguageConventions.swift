/// How one language writes what is not a sentence: plural forms, numbers, punctuation spacing.
/// Read from the catalogue's `@` lines, so a new language states its own (docs/LANGUAGES.md).
public struct LanguageConventions: Sendable {
    /// `@name`: the language's name in itself ("Français"), for menus.
    public var name: String
    /// `@plural-one`: the counts that take the `[one]` form (French: 0 1; English: 1).
    public var pluralOne: Set<Int>
    /// `@thousands`: the separator between groups of three digits ("" for none).
    public var thousands: String
    /// `@space-before-colon`, `@space-before-marks` (; ! ?), `@space-inside-quotes` (« »):
    /// French typography puts no-break spaces there; a plain space in the catalogue becomes it.
    public var spaceBeforeColon: String?
    public var spaceBeforeMarks: String?
    public var spaceInsideQuotes: String?
    /// `@fallback`: the language whose text stands in for a key this one lacks.
    public var fallback: String?
    /// `@decimal`: the mark between whole and fraction ("," in French; "." by default).
    public var decimalMark: String

    init(settings: [String: String]) {
        name = settings["name"] ?? ""
        pluralOne = Set((settings["plural-one"] ?? "1").split(separator: " ").compactMap { Int($0) })
        thousands = Self.character(settings["thousands"]) ?? ""
        spaceBeforeColon = Self.character(settings["space-before-colon"])
        spaceBeforeMarks = Self.character(settings["space-before-marks"])
        spaceInsideQuotes = Self.character(settings["space-inside-quotes"])
        fallback = settings["fallback"]
        decimalMark = Self.character(settings["decimal"]) ?? "."
    }

    /// "U+202F" or a literal character; "none" and "" mean nothing.
    static func character(_ value: String?) -> String? {
        guard let value, !value.isEmpty, value != "none" else { return nil }
        if value.hasPrefix("U+"), let code = UInt32(value.dropFirst(2), radix: 16), let scalar = Unicode.Scalar(code) {
            return String(Character(scalar))
        }
        return value
    }

    /// `[one]` or `[other]` for a count.
    func pluralForm(_ count: Int) -> String { pluralOne.contains(count) ? "one" : "other" }

    /// 1234567 → "1 234 567" (with this language's separator).
    func number(_ n: Int) -> String {
        let digits = String(n.magnitude)
        guard !thousands.isEmpty, digits.count > 3 else { return n < 0 ? "-" + digits : digits }
        var groups: [Substring] = []
        var end = digits.endIndex
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
            groups.insert(digits[start..<end], at: 0)
            end = start
        }
        return (n < 0 ? "-" : "") + groups.joined(separator: thousands)
    }

    /// 1.345 → "1,35" / "1.35" (two places), 2.54 → "2,5" / "2.5" (one): with this language's
    /// mark and thousands separator. Places are held to 0…6, the value to 0…10¹², so the scaled
    /// figure always fits an Int (a stored message's arguments come from files).
    func decimal(_ value: Double, places: Int = 2) -> String {
        let places = max(0, min(places, 6))
        var scale = 1
        for _ in 0..<places { scale *= 10 }
        let scaled = Int(((value.isFinite ? max(0, min(value, 1e12)) : 0) * Double(scale)).rounded())
        let whole = number(scaled / scale)
        guard places > 0 else { return whole }
        let fraction = String(scaled % scale)
        return whole + decimalMark + String(repeating: "0", count: places - fraction.count) + fraction
    }

    /// The catalogue's own text with this language's punctuation spacing: a plain space before
    /// `:` (then a space or the end), before `; ! ?`, and inside `« »` becomes the no-break one.
    func typeset(_ literal: String) -> String {
        guard spaceBeforeColon != nil || spaceBeforeMarks != nil || spaceInsideQuotes != nil else { return literal }
        var out: [Character] = []
        let chars = Array(literal)
        for (i, c) in chars.enumerated() {
            let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
            let previous: Character? = out.last
            if c == " ", let next {
                if next == ":", let space = spaceBeforeColon,
                   i + 2 >= chars.count || chars[i + 2] == " " || chars[i + 2] == "\n" {
                    out.append(contentsOf: space); continue
                }
                if ";!?".contains(next), let space = spaceBeforeMarks,
                   i + 2 >= chars.count || chars[i + 2] == " " || chars[i + 2] == "\n" || chars[i + 2] == "»" {
                    out.append(contentsOf: space); continue
                }
                if next == "»", let space = spaceInsideQuotes { out.append(contentsOf: space); continue }
            }
            if c == " ", previous == "«", let space = spaceInsideQuotes { out.append(contentsOf: space); continue }
            out.append(c)
        }
        return String(out)
    }
}
