/// Which language a person reads Carnet in. In order, the first that Carnet speaks:
/// `--lang`, then `CARNET_LANG`, then the working copy's setting (`carnet language`), then the
/// locale (`LC_ALL`, else `LC_MESSAGES`, else `LANG`, as POSIX orders them), then the plan's
/// first language, then English.
public struct LanguageChoice: Sendable, Equatable {
    public var flag: String?
    public var environment: [String: String]
    public var copySetting: String?
    public var planLanguages: [String]

    public init(flag: String? = nil, environment: [String: String] = [:], copySetting: String? = nil, planLanguages: [String] = []) {
        self.flag = flag
        self.environment = environment
        self.copySetting = copySetting
        self.planLanguages = planLanguages
    }

    /// The candidates in order, as language codes (a locale like `fr_FR.UTF-8` gives `fr`).
    public var candidates: [String] {
        var list: [String] = []
        if let flag { list.append(flag) }
        if let env = environment["CARNET_LANG"] { list.append(env) }
        if let copySetting { list.append(copySetting) }
        if let locale = Self.localeLanguage(environment) { list.append(locale) }
        list += planLanguages.prefix(1)
        return list.compactMap(Self.code)
    }

    /// The language to speak, among those the catalogue has.
    public func resolve(in catalogue: Catalogue = .shared) -> String {
        candidates.first { catalogue.speaks($0) } ?? "en"
    }

    /// The locale's language, POSIX order: LC_ALL wins over LC_MESSAGES over LANG; "C" and
    /// "POSIX" say nothing about language.
    public static func localeLanguage(_ environment: [String: String]) -> String? {
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[name], !value.isEmpty else { continue }
            if value == "C" || value == "POSIX" || value.hasPrefix("C.") { return nil }
            return value
        }
        return nil
    }

    /// `fr_FR.UTF-8@euro` → `fr`; `pt-BR` → `pt`; nil for anything that is not a language tag.
    public static func code(_ value: String) -> String? {
        let head = value.prefix { $0 != "_" && $0 != "-" && $0 != "." && $0 != "@" }.lowercased()
        guard (2...3).contains(head.count), head.allSatisfy({ $0 >= "a" && $0 <= "z" }) else { return nil }
        return head
    }
}
