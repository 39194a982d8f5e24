import Messages
import Records

/// Translations made from an earlier first-language text (TranslationStamp), as `status` and
/// `show` list them: for people, one line each; for `--json`, stable keys.
enum StaleTranslationsText {
    struct Item: Encodable {
        var path: String
        var field: String
        var language: String
        var line: Int
    }

    static func items(_ stale: [StaleTranslation]) -> [Item] {
        stale.map { Item(path: $0.path, field: $0.field, language: $0.language, line: $0.location.line) }
    }

    static func lines(_ stale: [StaleTranslation]) -> [String] {
        guard !stale.isEmpty else { return [] }
        var out = [Catalogue.text("cli.stale.heading", ["count": .number(stale.count)])]
        for s in stale {
            out.append("  " + Catalogue.text("cli.stale.item", ["path": .text(s.path), "line": .text(String(s.location.line)),
                                                               "field": .text(s.field), "language": .text(s.language)]))
        }
        out.append("  " + Catalogue.text("cli.stale.advice"))
        return out
    }
}
