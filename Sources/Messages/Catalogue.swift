#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Synchronization

/// Every sentence Carnet shows a person, in every language it speaks: one catalogue, read from
/// the files in `Sources/Messages/Catalogue/` that the build embeds (docs/LANGUAGES.md).
///
///     Catalogue.text("sync.hub-lock.removed", ["path": .text(path), "age": .duration(age)])
///
/// Keys are stable and language-neutral; `--json` output uses them, never the text.
public final class Catalogue: Sendable {
    /// The catalogue built into this binary.
    public static let shared = Catalogue(files: embeddedCatalogues.map { ($0.file, $0.text) })

    /// Languages by code, each parsed when first asked for (CatalogueLanguages); a file without
    /// `@language` is left out, a bad line in a file only that line (`problems` lists both; a
    /// test checks there are none).
    public let languages: CatalogueLanguages
    /// Why a file or a line was left out, for the catalogue test (parses every language).
    public var problems: [CatalogueFile.Problem] { languages.problems }

    public struct Language: Sendable {
        public let code: String
        public let conventions: LanguageConventions
        public let entries: [String: String]
        public let order: [String]
    }

    public init(files: [(name: String, text: String)]) {
        languages = CatalogueLanguages(files: files)
    }

    /// Whether this binary speaks `code` (parses nothing).
    public func speaks(_ code: String) -> Bool { languages.contains(code) }

    /// The languages this binary speaks, sorted by code.
    public var codes: [String] { languages.keys.sorted() }

    // MARK: The language of this process

    private static let chosen = Mutex<String>("en")

    /// The language people read this process's messages in; set once at start (LanguageChoice).
    public static var language: String {
        get { chosen.withLock { $0 } }
        set { chosen.withLock { $0 = newValue } }
    }

    /// A message in the process's language.
    public static func text(_ key: String, _ arguments: [String: MessageArgument] = [:]) -> String {
        shared.text(key, in: language, arguments)
    }

    /// A message in a given language (reports write several in one run).
    public static func text(_ key: String, in language: String, _ arguments: [String: MessageArgument] = [:]) -> String {
        shared.text(key, in: language, arguments)
    }

    /// Whether the key exists (in the given language or its fallback).
    public func has(_ key: String, in language: String) -> Bool { template(key, in: language, count: nil) != nil }

    public func text(_ key: String, in code: String, _ arguments: [String: MessageArgument] = [:]) -> String {
        // A sentence without arguments is the same every time: a dashboard asks for its labels
        // hundreds of thousands of times, so each is typeset once per language.
        if arguments.isEmpty, let known = plainTexts.withLock({ $0[code]?[key] }) { return known }
        let text = filled(key, in: code, arguments)
        if arguments.isEmpty { plainTexts.withLock { $0[code, default: [:]][key] = text } }
        return text
    }

    /// The texts without arguments already made, by language code and key (the catalogue never changes).
    private let plainTexts = Mutex<[String: [String: String]]>([:])

    /// Templates already read, cut into parts (CompiledTemplates).
    private let compiled = CompiledTemplates()

    private struct DayKey: Hashable {
        let code: String
        let year: Int, month: Int, day: Int
    }
    /// Days already written, by language (the catalogue never changes).
    private let days = Mutex<[DayKey: String]>([:])

    private func filled(_ key: String, in code: String, _ arguments: [String: MessageArgument]) -> String {
        let count = arguments["count"]?.count
        // Known by the plural form in the language asked for: only templates found in that
        // language itself are kept (a fallback language may have other plural rules).
        let asked = count == nil ? nil : languages[code]
        let cacheKey = CompiledTemplates.Key(code: code, key: key, form: count.map { asked?.conventions.pluralForm($0) ?? "\($0)" })
        if let known = compiled.cached(cacheKey) { return assemble(known.pieces, arguments, in: known.language) }
        let language = languages[code] ?? languages["en"]
        guard let language, let found = template(key, in: language.code, count: arguments["count"]?.count) else {
            // A missing key shows itself: visible, never a crash (the catalogue tests fail on it).
            return key + (arguments.isEmpty ? "" : " " + arguments.keys.sorted().map { "\($0)=\(render(arguments[$0]!, in: language))" }.joined(separator: " "))
        }
        let conventions = languages[found.language]?.conventions ?? language.conventions
        if found.language == code, count == nil || asked != nil {
            let pieces = Self.pieces(found.template, conventions: conventions)
            compiled.store(CompiledTemplates.Compiled(pieces: pieces, language: languages[found.language]), for: cacheKey)
            return assemble(pieces, arguments, in: languages[found.language])
        }
        return fill(found.template, with: arguments, conventions: conventions, language: found.language)
    }

    /// The template for a key: the plural form for `count` when the key has forms, else the
    /// plain key; in the language, else in its fallback, else in English.
    func template(_ key: String, in code: String, count: Int?) -> (template: String, language: String)? {
        var tried: Set<String> = []
        var next: String? = code
        while let current = next, !tried.contains(current), let language = languages[current] {
            tried.insert(current)
            if let count, let form = language.entries["\(key)[\(language.conventions.pluralForm(count))]"] {
                return (form, current)
            }
            if let plain = language.entries[key] { return (plain, current) }
            if let other = language.entries["\(key)[other]"] { return (other, current) }
            next = language.conventions.fallback ?? (current == "en" ? nil : "en")
        }
        return nil
    }

    /// `{name}` → the argument, written the language's way; `{{`/`}}` → braces. The catalogue's
    /// own text is typeset (no-break spaces); an argument is never changed.
    func fill(_ template: String, with arguments: [String: MessageArgument], conventions: LanguageConventions, language: String) -> String {
        assemble(Self.pieces(template, conventions: conventions), arguments, in: arguments.isEmpty ? nil : languages[language])
    }

    /// A template's pieces with the arguments written in: what `fill` and the templates kept
    /// by key (CompiledTemplates) both make.
    private func assemble(_ pieces: [Piece], _ arguments: [String: MessageArgument], in language: Language?) -> String {
        var out = ""
        for piece in pieces {
            switch piece {
            case .literal(let text): out += text
            case .argument(let name): out += arguments[name].map { render($0, in: language) } ?? "{\(name)}"
            }
        }
        return out
    }

    /// A template's typeset text and the names of its arguments, in order.
    enum Piece: Sendable {
        case literal(String)
        case argument(String)
    }

    /// A template cut into its pieces: `{name}` an argument, `{{`/`}}` braces, the rest typeset.
    /// The one reading of a template; CompiledTemplates keeps what it makes by key, so a page
    /// of fifty cards or a dashboard does not read the same few templates character by
    /// character hundreds of times.
    static func pieces(_ template: String, conventions: LanguageConventions) -> [Piece] {
        var pieces: [Piece] = []
        var literal = ""
        var rest = Substring(template)
        func flush() {
            let typeset = conventions.typeset(literal)
            if !typeset.isEmpty { pieces.append(.literal(typeset)) }
            literal = ""
        }
        while let c = rest.first {
            if c == "{" && rest.dropFirst().first == "{" { literal.append("{"); rest = rest.dropFirst(2); continue }
            if c == "}" && rest.dropFirst().first == "}" { literal.append("}"); rest = rest.dropFirst(2); continue }
            if c == "{", let close = rest.firstIndex(of: "}") {
                flush()
                pieces.append(.argument(String(rest[rest.index(after: rest.startIndex)..<close])))
                rest = rest[rest.index(after: close)...]
                continue
            }
            literal.append(c)
            rest = rest.dropFirst()
        }
        flush()
        return pieces
    }

    func render(_ value: MessageArgument, in language: Language?) -> String {
        let code = language?.code ?? "en"
        let conventions = language?.conventions ?? LanguageConventions(settings: [:])
        switch value {
        case .text(let s): return s
        case .number(let n): return conventions.number(n)
        case let .decimal(value, places): return conventions.decimal(value, places: places)
        case let .day(year, month, day):
            // A report writes the same few hundred days tens of thousands of times.
            let key = DayKey(code: code, year: year, month: month, day: day)
            if let known = days.withLock({ $0[key] }) { return known }
            let dayText = has("format.day.\(day)", in: code) ? text("format.day.\(day)", in: code) : String(day)
            let written = text("format.date", in: code, ["day": .text(dayText), "month": .text(text("format.month.\(month)", in: code)),
                                                         "year": .text(String(year))])
            days.withLock {
                // Bounded: a history page writes the days of commits, which a push may date at will.
                if $0.count >= 8192 { $0.removeAll(keepingCapacity: true) }  // eleven years of days, in two languages
                $0[key] = written
            }
            return written
        case let .month(year, month):
            return text("format.month-year", in: code, ["month": .text(text("format.month.\(month)", in: code)), "year": .text(String(year))])
        case let .span(first, last):
            return span(first: first, last: last, in: code)
        case let .quarter(year, number):
            guard (1...4).contains(number) else { return "\(year)-Q\(number)" }
            return text("dash2.quarter", in: code, ["number": .text(String(number)), "year": .text(String(year))])
        case .duration(let seconds):
            let s = max(0, seconds)
            if s < 120 { return text("format.seconds", in: code, ["count": .number(Int(s.rounded()))]) }
            if s < 7200 { return text("format.minutes", in: code, ["count": .number(Int((s / 60).rounded()))]) }
            if s < 172_800 { return text("format.hours", in: code, ["count": .number(Int((s / 3600).rounded()))]) }
            return text("format.days", in: code, ["count": .number(Int((s / 86400).rounded()))])
        case let .message(key, arguments):
            return text(key, in: code, arguments)
        }
    }
}
