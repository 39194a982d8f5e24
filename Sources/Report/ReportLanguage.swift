import Messages
import Records

/// A language the reports' own words are written in: any language the message catalogue
/// speaks (Sources/Messages/Catalogue/<code>.txt), so a plan in Spanish gets Spanish reports
/// once `es.txt` exists. Record content may be in any language.
public struct ReportLanguage: RawRepresentable, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// The language code (`fr`, `en`, `es`).
    public let rawValue: String

    /// A code the catalogue speaks (`fr`, `fr_FR.UTF-8` → fr); nil for any other.
    public init?(rawValue: String) {
        guard let code = LanguageChoice.code(rawValue), Catalogue.shared.speaks(code) else { return nil }
        self.rawValue = code
    }

    private init(known code: String) { rawValue = code }

    public static let fr = ReportLanguage(known: "fr")
    public static let en = ReportLanguage(known: "en")

    /// Every language the catalogue speaks.
    public static var allCases: [ReportLanguage] { Catalogue.shared.codes.map(ReportLanguage.init(known:)) }

    /// The reports follow the plan: its first language when the catalogue speaks it, else
    /// English (the language the OGP reads).
    public static func of(_ plan: Plan) -> ReportLanguage {
        ReportLanguage(rawValue: plan.language) ?? .en
    }

    public var description: String { rawValue }
}

/// One text from a record, in the language asked for when it has one; otherwise in another
/// language, marked, so a reader (and the OGP, which wants an English version) sees the gap.
struct Localized: Equatable {
    var value: String
    /// The language `value` is in.
    var language: String
    /// False when `value` is a fallback in another language than the one asked for.
    var translated: Bool
    /// True when `value` is a translation made from an earlier first-language text
    /// (TranslationStamp): published with "translation to review".
    var stale: Bool = false
}

/// Picks record texts and the reports' own words for one output language.
struct Localizer {
    let language: ReportLanguage
    /// The plan's own language: the one a plain (untranslated) record string is in.
    let planLanguage: String

    /// Every phrase in the output language, looked up once: a large plan's site asks for
    /// headings and labels hundreds of thousands of times, on every core.
    private let words: [Phrase: String]
    /// The same for the dashboard's own phrases (DashPhrase, `dash.` keys).
    let dashWords: [DashPhrase: String]
    /// And for the period pages' (PeriodPhrase, `pp.` keys): each asked for per commitment.
    let periodWords: [PeriodPhrase: String]
    /// `format.label` and `report.listJoin`, each split once around its two arguments.
    private let labelPattern: Pattern
    private let listPattern: Pattern
    /// Spans of days and days already written in this language (`span(_:_:)`, `date(_:)`).
    let writtenSpans = WrittenSpans()

    init(language: ReportLanguage, planLanguage: String?) {
        self.language = language
        self.planLanguage = planLanguage ?? "fr"
        let code = language.rawValue
        words = Dictionary(uniqueKeysWithValues: Phrase.allCases.map { ($0, Catalogue.text($0.key, in: code)) })
        dashWords = Dictionary(uniqueKeysWithValues: DashPhrase.allCases.map { ($0, Catalogue.text($0.key, in: code)) })
        periodWords = Dictionary(uniqueKeysWithValues: PeriodPhrase.allCases.map { ($0, Catalogue.text($0.key, in: code)) })
        labelPattern = Pattern { Catalogue.text("format.label", in: code, ["label": .text($0), "value": .text($1)]) }
        listPattern = Pattern { Catalogue.text(Phrase.listJoin.key, in: code, ["first": .text($0), "next": .text($1)]) }
    }

    /// A message with two arguments, as the text around them: the catalogue writes it once
    /// with markers for arguments (it never changes an argument), and a page joins thousands
    /// of pieces with it without asking again.
    struct Pattern {
        var before = "", between = "", after = ""
        var inOrder = true

        init(_ render: (String, String) -> String) {
            let (a, b) = ("\u{1}", "\u{2}")
            let text = render(a, b)
            guard let i = text.range(of: a), let j = text.range(of: b) else { return }
            inOrder = i.lowerBound < j.lowerBound
            let (first, second) = inOrder ? (i, j) : (j, i)
            before = String(text[..<first.lowerBound])
            between = String(text[first.upperBound..<second.lowerBound])
            after = String(text[second.upperBound...])
        }

        func callAsFunction(_ x: String, _ y: String) -> String {
            inOrder ? before + x + between + y + after : before + y + between + x + after
        }
    }

    var code: String { language.rawValue }

    /// The text in the output language, else the plan's language, else any; nil when absent or empty.
    func text(_ text: RecordText?) -> Localized? {
        guard let text, !text.isEmpty else { return nil }
        if let hit = text.value(in: code, planLanguage: planLanguage), !hit.isEmpty {
            return Localized(value: hit, language: code, translated: true, stale: text.isStale(code, firstLanguage: planLanguage))
        }
        switch text {
        case .plain(let s):
            return Localized(value: s, language: planLanguage, translated: false)
        case .translated(let items):
            let pick = items.first { $0.language == planLanguage && !$0.value.isEmpty } ?? items.first { !$0.value.isEmpty }
            guard let pick else { return nil }
            return Localized(value: pick.value, language: pick.language, translated: false,
                             stale: text.isStale(pick.language, firstLanguage: planLanguage))
        }
    }

    /// The marker written after a record text, if any: "[not translated]", "[translation to review]".
    func marker(_ text: Localized) -> String? {
        if !text.translated { return self[.notTranslated] }
        return text.stale ? self[.staleTranslation] : nil
    }

    /// The text as one string with the marker written out (for CSV, plain text and titles).
    func plain(_ text: RecordText?) -> String {
        guard let found = self.text(text) else { return "" }
        return marker(found).map { "\(found.value) \($0)" } ?? found.value
    }

    /// A phrase in the output language, from the catalogue.
    subscript(_ phrase: Phrase) -> String { words[phrase] ?? Catalogue.text(phrase.key, in: code) }

    func completion(_ level: CompletionLevel) -> String {
        switch level {
        case .notStarted: return self[.levelNotStarted]
        case .limited: return self[.levelLimited]
        case .substantial: return self[.levelSubstantial]
        case .complete: return self[.levelComplete]
        }
    }

    func value(_ value: OGPValue) -> String {
        switch value {
        case .transparency: return self[.valueTransparency]
        case .accountability: return self[.valueAccountability]
        case .civicParticipation: return self[.valueCivicParticipation]
        case .technologyInnovation: return self[.valueTechnology]
        }
    }

    func kind(_ kind: Ministry.Kind) -> String {
        switch kind {
        case .ministry: return self[.kindMinistry]
        case .agency: return self[.kindAgency]
        case .cso: return self[.kindCSO]
        case .private: return self[.kindPrivate]
        case .multilateral: return self[.kindMultilateral]
        case .workingGroup: return self[.kindWorkingGroup]
        }
    }

    func rating(_ rating: RAGRating) -> String {
        switch rating {
        case .green: return self[.ragGreen]
        case .amber: return self[.ragAmber]
        case .red: return self[.ragRed]
        }
    }

    func lateness(_ category: Lateness.Category) -> String {
        switch category {
        case .onTime: return self[.lateOnTime]
        case .late: return self[.lateLate]
        case .overFourMonths: return self[.lateOver4]
        case .overSixMonths: return self[.lateOver6]
        }
    }

    /// A day written for people, the catalogue's way: "1er septembre 2027" / "1 September 2027".
    func date(_ day: CalendarDay) -> String {
        writtenSpans.day(day.yyyymmdd) { Catalogue.shared.written(.day(year: day.year, month: day.month, day: day.day), in: code) }
    }

    /// A plan date as written in the record: a month stays a month ("juin 2027").
    func date(_ date: PlanDate?) -> String {
        guard let date else { return "—" }
        switch date {
        case .day: return self.date(CalendarDay(first: date))
        case let .month(y, m): return writtenSpans.month(year: y, month: m) { Catalogue.shared.written(.month(year: y, month: m), in: code) }
        }
    }

    /// A number in a table or a figure: "1 234" (narrow no-break space) / "1,234".
    func number(_ n: Int) -> String { Catalogue.shared.written(.number(n), in: code) }

    /// "Label : " in French, "Label: " in English (the catalogue's `format.label`).
    func label(_ phrase: Phrase) -> String { labelled(self[phrase], "") }

    /// "label : value" / "label: value"; the value is written as it is.
    func labelled(_ label: String, _ value: String) -> String { labelPattern(label, value) }

    /// The items of a list in a sentence: "a; b; c" in English, "a ; b ; c" in French (the
    /// catalogue's `report.listJoin`, so the language's typography applies).
    func list(_ items: [String]) -> String {
        guard let first = items.first else { return "" }
        // Built left to right in one string: a timeline of 1,000 rows is one sentence.
        var out = listPattern.before + first
        for item in items.dropFirst() { out += listPattern.between + item }
        return out + listPattern.after
    }

    /// "today", "yesterday", "3 days ago" (French "aujourd'hui", "il y a 3 jours").
    func ago(days: Int) -> String {
        switch days {
        case ...0: return Catalogue.text("format.today", in: code)
        case 1: return Catalogue.text("format.yesterday", in: code)
        default: return Catalogue.text("format.days-ago", in: code, ["count": .number(days)])
        }
    }

    /// A phrase with its placeholders filled (`{date}`, `{count}`…): numbers and plural forms
    /// the output language's way; an argument's own text is left as is.
    func format(_ phrase: Phrase, _ arguments: [String: MessageArgument]) -> String {
        Catalogue.text(phrase.key, in: code, arguments)
    }
}
