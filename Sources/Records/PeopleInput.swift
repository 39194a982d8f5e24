import Foundation
import Synchronization
import Messages

/// How people write the values records hold, read into the canonical values: completion levels
/// and other choices in any language the catalogue speaks, any case, with or without accents
/// (`terminé`, `Termine`, `complete`), and dates (`30/11/2026`, `novembre 2026`: PeopleInput+Date).
///
/// The one parser of people's input: the CLI, the web app and the spreadsheet importers call it,
/// and the validator asks it for the suggestion it gives on a hand-edited file (which must still
/// hold the canonical spelling). The words it accepts are language data in the catalogue
/// (`records.input.*`, `format.month.N`), so a third language brings its own words in its file.
public enum PeopleInput {
    /// `s` without `blanks` at either end, as `trimmingCharacters(in:)` gives it; `s` itself,
    /// without a copy, when neither end is blank — nearly always. (On Linux trimmingCharacters
    /// goes through NSString: some 3 % of importing a 1,000-commitment workbook, cell by cell.)
    public static func trimmed(_ s: String, _ blanks: CharacterSet = .whitespacesAndNewlines) -> String {
        guard let first = s.unicodeScalars.first, let last = s.unicodeScalars.last else { return s }
        if !blanks.contains(first) && !blanks.contains(last) { return s }
        return s.trimmingCharacters(in: blanks)
    }

    /// Whether `s` holds nothing but `blanks` (or nothing).
    public static func isBlank(_ s: String, _ blanks: CharacterSet = .whitespaces) -> Bool {
        s.unicodeScalars.allSatisfy { blanks.contains($0) }
    }

    /// A completion level, however a person writes it.
    public static func completion(_ text: String, language: String = Catalogue.language) -> Result<CompletionLevel, InputProblem> {
        choice(text, CompletionLevel.self, language: language)
    }

    /// One of a choice's canonical values, from its canonical spelling or a word of any language
    /// (the context `language` first: a word two languages give different meanings is read in it).
    public static func choice<E: SpokenChoice>(_ text: String, _ type: E.Type, language: String = Catalogue.language) -> Result<E, InputProblem> {
        // A choice is a few words: a long text is none (and is not cut to look like one).
        let folded = text.utf8.count <= maxLength ? fold(text) : ""
        let candidates = words(of: type, language: language)
        if !folded.isEmpty, let found = candidates.first(where: { $0.word == folded }) {
            return .success(found.value)
        }
        // Refused, never corrected: a slip (`compelte`) is named in the message for the person to confirm.
        let meant = slip(folded, among: candidates)
        return .failure(InputProblem(.unknownChoice, text: text, language: language,
                                     choices: E.allCases.map { spoken($0, language: language) },
                                     suggestion: meant.map { spoken($0, language: language) }))
    }

    /// The canonical spelling a hand-edited value most likely means: the value a person's word
    /// names (`terminé` → complete), else the closest canonical spelling or word when it is a
    /// slip of at most two letters (`compelte`). nil when nothing is close.
    public static func suggestion<E: SpokenChoice>(for text: String, _ type: E.Type, language: String) -> E? {
        if case .success(let value) = choice(text, type, language: language) { return value }
        guard text.utf8.count <= maxLength else { return nil }
        return slip(fold(text), among: words(of: type, language: language))
    }

    /// The value whose word `folded` is a slip of (Spelling's rule).
    static func slip<E>(_ folded: String, among candidates: [(word: String, value: E)]) -> E? {
        Spelling.closest(to: folded, among: candidates.map(\.word)).flatMap { word in
            candidates.first { $0.word == word }?.value
        }
    }

    /// A record id as a person may type it: any case, spaces around (`M3` is milestone `m3`,
    /// ` 05 ` commitment `05`); nil when it is not an id. (A commitment's number, `5`, is
    /// resolved against the plan by whoever has it.)
    public static func recordID(_ text: String) -> String? {
        let id = text.trimmingCharacters(in: .whitespaces).lowercased()
        return RecordID.isValid(id) ? id : nil
    }

    /// The longest text read as a choice, in bytes.
    static let maxLength = 200

    /// Case, accents and separators folded away, the one place they are: lowercase, combining
    /// marks removed (`Terminé` → `termine`), `-` `_` and runs of spaces as one space, trimmed.
    public static func fold(_ text: String) -> String {
        var out = ""
        var pendingSpace = false
        for scalar in text.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
            if (0x0300...0x036F).contains(scalar.value) { continue }      // combining accents
            if scalar == "-" || scalar == "_" || scalar.properties.isWhitespace {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace { out.unicodeScalars.append(" "); pendingSpace = false }
            out.unicodeScalars.append(scalar)
        }
        return out
    }

    // MARK: Words, from the catalogue

    /// Every word that names a value, folded: canonical spellings first, then the words of the
    /// context language, then those of the other languages the catalogue speaks.
    static func words<E: SpokenChoice>(of type: E.Type, language: String) -> [(word: String, value: E)] {
        // Folding every word of the catalogue again for each cell was most of an import's time;
        // the catalogue never changes, so each list is made once per type and language.
        let cacheKey = "\(String(reflecting: type))\u{0}\(language)"
        if let known = foldedWords.withLock({ $0[cacheKey] }) {
            return known.compactMap { entry in E(rawValue: entry.raw).map { (entry.word, $0) } }
        }
        let out = foldedWordsUncached(of: type, language: language)
        foldedWords.withLock { $0[cacheKey] = out.map { ($0.word, $0.value.rawValue) } }
        return out
    }

    /// The folded words already made, by choice type and language (canonical spellings kept).
    private static let foldedWords = Mutex<[String: [(word: String, raw: String)]]>([:])

    private static func foldedWordsUncached<E: SpokenChoice>(of type: E.Type, language: String) -> [(word: String, value: E)] {
        var seen: Set<String> = []
        var out: [(word: String, value: E)] = []
        func add(_ word: String, _ value: E) {
            let folded = fold(word)
            if !folded.isEmpty, seen.insert(folded).inserted { out.append((folded, value)) }
        }
        for value in E.allCases { add(value.rawValue, value) }
        for code in languages(startingWith: language) {
            for value in E.allCases {
                for word in list(value.inputWordsKey, in: code) { add(word, value) }
            }
        }
        return out
    }

    /// How a value is written in `language`: the first of its words, or its canonical spelling.
    public static func spoken<E: SpokenChoice>(_ value: E, language: String) -> String {
        list(value.inputWordsKey, in: language).first ?? value.rawValue
    }

    /// The context language, then every other language of the catalogue.
    static func languages(startingWith language: String) -> [String] {
        [language] + Catalogue.shared.codes.filter { $0 != language }
    }

    /// A catalogue entry that is a comma-separated list of words.
    static func list(_ key: String, in language: String) -> [String] {
        guard Catalogue.shared.has(key, in: language) else { return [] }
        return Catalogue.shared.text(key, in: language).split(separator: ",")
            .map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

/// A choice among canonical values that people may write in their own words: the catalogue key
/// of its words, per value (`records.input.completion.complete = complete, completed, done`).
public protocol SpokenChoice: RawRepresentable, CaseIterable, Sendable where RawValue == String {
    var inputWordsKey: String { get }
}

extension CompletionLevel: SpokenChoice {
    public var inputWordsKey: String {
        switch self {
        case .notStarted: return "records.input.completion.not-started"
        case .limited: return "records.input.completion.limited"
        case .substantial: return "records.input.completion.substantial"
        case .complete: return "records.input.completion.complete"
        }
    }
}

extension OGPValue: SpokenChoice {
    public var inputWordsKey: String {
        switch self {
        case .transparency: return "records.input.ogp-value.transparency"
        case .accountability: return "records.input.ogp-value.accountability"
        case .civicParticipation: return "records.input.ogp-value.civic-participation"
        case .technologyInnovation: return "records.input.ogp-value.technology-innovation"
        }
    }
}

extension Plan.YearGroup: SpokenChoice {
    public var inputWordsKey: String {
        switch self {
        case .even: return "records.input.year-group.even"
        case .odd: return "records.input.year-group.odd"
        }
    }
}

extension Ministry.Kind: SpokenChoice {
    public var inputWordsKey: String {
        switch self {
        case .ministry: return "records.input.kind.ministry"
        case .agency: return "records.input.kind.agency"
        case .cso: return "records.input.kind.cso"
        case .private: return "records.input.kind.private"
        case .multilateral: return "records.input.kind.multilateral"
        case .workingGroup: return "records.input.kind.working-group"
        }
    }
}
