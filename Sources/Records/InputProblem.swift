import Messages

/// Why a person's input is refused, and what to write instead. `kind` is stable (for `--json`
/// and the web app); `message` is in the language the input was read in.
public struct InputProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable {
        /// Not one of the choice's words (a completion level, an OGP value…).
        case unknownChoice = "choice-unknown"
        /// Not a form of date Carnet reads.
        case notADate = "date-unknown"
        /// A form of date, but no such day or month (31/02/2026, 13/2026).
        case impossibleDate = "date-impossible"
        /// Two days it could be (03/04/2026 where the order of day and month is not settled).
        case ambiguousDate = "date-ambiguous"
    }

    public var kind: Kind
    /// What the person wrote.
    public var text: String
    /// The language it was read in, and the message is written in.
    public var language: String
    /// The choice's values as the language writes them (unknownChoice).
    public var choices: [String]
    /// The days it could be (ambiguousDate).
    public var readings: [PlanDate]
    /// The choice a slip most likely meant, as the language writes it (unknownChoice); never taken
    /// for the person, only named.
    public var suggestion: String?

    public init(_ kind: Kind, text: String, language: String, choices: [String] = [], readings: [PlanDate] = [],
                suggestion: String? = nil) {
        self.kind = kind
        self.text = text
        self.language = language
        self.choices = choices
        self.readings = readings
        self.suggestion = suggestion
    }

    public var message: String {
        // What the person wrote is quoted visibly: it may hold anything (TextRule.visible).
        let shown = MessageArgument.text(TextRule.visible(String(text.prefix(80))))
        let forms = MessageArgument.message(key: "records.input.date-forms", arguments: [:])
        switch kind {
        case .unknownChoice:
            if let suggestion {
                return Catalogue.text("records.input.choice-unknown-suggest", in: language,
                                      ["value": shown, "suggestion": .text(suggestion), "choices": .text(choices.joined(separator: ", "))])
            }
            return Catalogue.text("records.input.choice-unknown", in: language,
                                  ["value": shown, "choices": .text(choices.joined(separator: ", "))])
        case .notADate:
            return Catalogue.text("records.input.date-unknown", in: language, ["value": shown, "forms": forms])
        case .impossibleDate:
            return Catalogue.text("records.input.date-impossible", in: language, ["value": shown, "forms": forms])
        case .ambiguousDate:
            let first = readings.first ?? .day(year: 2000, month: 1, day: 1)
            let second = readings.dropFirst().first ?? first
            return Catalogue.text("records.input.date-ambiguous", in: language,
                                  ["value": shown, "first": first.spoken, "second": second.spoken, "forms": forms])
        }
    }

    public var description: String { message }
}

extension PlanDate {
    /// The date as a message argument, written the language's way (`1er septembre 2026`).
    public var spoken: MessageArgument {
        switch self {
        case let .day(y, m, d): return .day(year: y, month: m, day: d)
        case let .month(y, m): return .month(year: y, month: m)
        }
    }
}
