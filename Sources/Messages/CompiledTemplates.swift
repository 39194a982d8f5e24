#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Synchronization

/// Templates cut once into their typeset literal parts and placeholders, by language, key and
/// plural form: a dashboard fills the same few hundred templates hundreds of thousands of times,
/// and finding the template, reading its braces and typesetting its literals (French no-break
/// spaces, by characters) each time was about a twentieth of a large plan's dashboard.
/// What `Catalogue.fill` makes from a template, this makes from its parts: the same text.
final class CompiledTemplates: Sendable {
    struct Key: Hashable {
        let code: String
        let key: String
        /// The plural form asked for (`one`, `other`); nil without a count.
        let form: String?
    }

    enum Part: Sendable {
        case literal(String)
        case argument(String)
    }

    struct Compiled: Sendable {
        let parts: [Part]
        /// The language the template was found in (the asked one, or a fallback).
        let language: Catalogue.Language?
    }

    private let table = Mutex<[Key: Compiled]>([:])

    func cached(_ key: Key) -> Compiled? { table.withLock { $0[key] } }

    func store(_ compiled: Compiled, for key: Key) { table.withLock { $0[key] = compiled } }

    /// The parts of `template`, read as `Catalogue.fill` reads it.
    static func parts(_ template: String, conventions: LanguageConventions) -> [Part] {
        var parts: [Part] = []
        var literal = ""
        var rest = Substring(template)
        func flush() {
            let typeset = conventions.typeset(literal)
            if !typeset.isEmpty { parts.append(.literal(typeset)) }
            literal = ""
        }
        while let c = rest.first {
            if c == "{" && rest.dropFirst().first == "{" { literal.append("{"); rest = rest.dropFirst(2); continue }
            if c == "}" && rest.dropFirst().first == "}" { literal.append("}"); rest = rest.dropFirst(2); continue }
            if c == "{", let close = rest.firstIndex(of: "}") {
                flush()
                parts.append(.argument(String(rest[rest.index(after: rest.startIndex)..<close])))
                rest = rest[rest.index(after: close)...]
                continue
            }
            literal.append(c)
            rest = rest.dropFirst()
        }
        flush()
        return parts
    }
}
