import Records

/// The languages the reports' own words are written in. Record content may be in any language;
/// these are the languages of headings, labels and the manual's template.
public enum ReportLanguage: String, Sendable, CaseIterable {
    case fr, en
}

/// One text from a record, in the language asked for when it has one; otherwise in another
/// language, marked, so a reader (and the OGP, which wants an English version) sees the gap.
struct Localized: Equatable {
    var value: String
    /// The language `value` is in.
    var language: String
    /// False when `value` is a fallback in another language than the one asked for.
    var translated: Bool
}

/// Picks record texts and the reports' own words for one output language.
struct Localizer {
    let language: ReportLanguage
    /// The plan's own language: the one a plain (untranslated) record string is in.
    let planLanguage: String

    init(language: ReportLanguage, planLanguage: String?) {
        self.language = language
        self.planLanguage = planLanguage ?? "fr"
    }

    var code: String { language.rawValue }

    /// The text in the output language, else the plan's language, else any; nil when absent or empty.
    func text(_ text: RecordText?) -> Localized? {
        guard let text, !text.isEmpty else { return nil }
        if let hit = text.value(in: code, planLanguage: planLanguage), !hit.isEmpty {
            return Localized(value: hit, language: code, translated: true)
        }
        switch text {
        case .plain(let s):
            return Localized(value: s, language: planLanguage, translated: false)
        case .translated(let items):
            let pick = items.first { $0.language == planLanguage && !$0.value.isEmpty } ?? items.first { !$0.value.isEmpty }
            guard let pick else { return nil }
            return Localized(value: pick.value, language: pick.language, translated: false)
        }
    }

    /// The text as one string with the marker written out (for CSV, plain text and titles).
    func plain(_ text: RecordText?) -> String {
        guard let found = self.text(text) else { return "" }
        return found.translated ? found.value : "\(found.value) \(self[.notTranslated])"
    }

    subscript(_ phrase: Phrase) -> String { Phrases.table(language)[phrase] ?? "\(phrase)" }

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

    /// A day written for people: "30 juin 2027" / "30 June 2027".
    func date(_ day: CalendarDay) -> String {
        let months = language == .fr
            ? ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
            : ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        return "\(day.day) \(months[day.month - 1]) \(day.year)"
    }

    /// A plan date as written in the record: a month stays a month.
    func date(_ date: PlanDate?) -> String {
        guard let date else { return "—" }
        switch date {
        case .day: return self.date(CalendarDay(first: date))
        case let .month(y, m):
            let day = self.date(CalendarDay(y, m, 1))
            return String(day.drop { $0 != " " }.dropFirst())
        }
    }

    /// "Label : " in French, "Label: " in English (typography differs).
    func label(_ phrase: Phrase) -> String {
        language == .fr ? "\(self[phrase])\u{00A0}: " : "\(self[phrase]): "
    }

    /// Replaces `{0}`, `{1}`… in a phrase (one pass: an argument's own text is left as is).
    func format(_ phrase: Phrase, _ args: CustomStringConvertible...) -> String {
        let template = self[phrase]
        var out = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let after = rest[rest.index(after: open)...]
            if let close = after.firstIndex(of: "}"), let i = Int(after[..<close]), args.indices.contains(i) {
                out += args[i].description
                rest = after[after.index(after: close)...]
            } else {
                out += "{"
                rest = after
            }
        }
        return out + rest
    }
}
