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
/// The pieces are `Catalogue.pieces`, the one reading of a template that `fill` uses too.
final class CompiledTemplates: Sendable {
    struct Key: Hashable {
        let code: String
        let key: String
        /// The plural form asked for (`one`, `other`); nil without a count.
        let form: String?
    }

    struct Compiled: Sendable {
        let pieces: [Catalogue.Piece]
        /// The language the template was found in (the asked one, or a fallback).
        let language: Catalogue.Language?
    }

    private let table = Mutex<[Key: Compiled]>([:])

    func cached(_ key: Key) -> Compiled? { table.withLock { $0[key] } }

    func store(_ compiled: Compiled, for key: Key) { table.withLock { $0[key] = compiled } }
}
