/// A text field: one string in the plan's own language, or translations by language code.
public enum Text: Sendable, Equatable, Hashable {
    case plain(String)
    /// Language code → string, in the order written.
    case translated([Translation])

    public struct Translation: Sendable, Equatable, Hashable {
        public var language: String
        public var value: String
        /// The fingerprint of the first-language text this translation was made from
        /// (`en_from:` in YAML, TranslationStamp); nil when unknown. Written by Carnet.
        public var from: String?
        public init(_ language: String, _ value: String, from: String? = nil) {
            self.language = language
            self.value = value
            self.from = from
        }
    }

    /// The string in `language`, falling back to the plain string (which is in the plan's own language).
    public func value(in language: String, planLanguage: String? = nil) -> String? {
        switch self {
        case .plain(let s):
            return planLanguage == nil || planLanguage == language ? s : nil
        case .translated(let items):
            return items.first { $0.language == language }?.value
        }
    }

    /// The first string there is: the plan's language when possible.
    public func anyValue(preferring language: String? = nil) -> String {
        switch self {
        case .plain(let s): return s
        case .translated(let items):
            if let language, let hit = items.first(where: { $0.language == language }) { return hit.value }
            return items.first?.value ?? ""
        }
    }

    /// Sets the string for one language. A plain string is in the plan's language: setting that
    /// language replaces it; setting another turns the text into translations.
    public func setting(_ value: String, language: String?, planLanguage: String) -> Text {
        let language = language ?? planLanguage
        switch self {
        case .plain(let old):
            if language == planLanguage { return .plain(value) }
            return .translated([Translation(planLanguage, old), Translation(language, value)])
        case .translated(var items):
            if let i = items.firstIndex(where: { $0.language == language }) {
                items[i].value = value
            } else {
                items.append(Translation(language, value))
            }
            return .translated(items)
        }
    }

    public static func make(_ value: String, language: String?, planLanguage: String) -> Text {
        guard let language, language != planLanguage else { return .plain(value) }
        return .translated([Translation(language, value)])
    }

    public var languages: [String] {
        switch self {
        case .plain: return []
        case .translated(let items): return items.map(\.language)
        }
    }

    public var isEmpty: Bool { anyValue().isEmpty }
}
