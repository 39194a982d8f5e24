/// One language's catalogue as written in `Catalogue/<code>.txt` (format: docs/LANGUAGES.md).
///
///     @language fr
///     @plural-one 0 1
///     status.conflicts[one] = {count} conflit
///     status.conflicts[other] = {count} conflits
///     help.sync = Prend les changements du hub,
///         fusionne et envoie les nôtres.
///
/// A line starting with spaces continues the value above (joined by one space); `\n` in a value
/// is a line break, `\\` a backslash, `{{` and `}}` literal braces.
public struct CatalogueFile: Sendable {
    /// The language code (`fr`, `en`, `es`), from `@language`.
    public var language: String
    /// `@settings`: plural rule, separators, typography (see LanguageConventions).
    public var settings: [String: String]
    /// Key (with `[one]`/`[other]` variant suffix when plural) → template.
    public var entries: [String: String]
    /// Keys in file order, for tests and tools.
    public var order: [String]
    /// Lines that were left out (a duplicate key, a line that is not `key = text`): the rest of
    /// the language still speaks, and the catalogue tests fail on any of these.
    public var problems: [Problem] = []

    public struct Problem: Error, Sendable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var reason: String
        public var description: String { "\(file):\(line): \(reason)" }
    }

    public init(file: String, text: String) throws {
        language = ""
        settings = [:]
        entries = [:]
        order = []
        var lastKey: String?
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { lastKey = nil; continue }
            if line.first == " " || line.first == "\t" {
                let more = line.drop { $0 == " " || $0 == "\t" }
                if more.hasPrefix("#") { continue }
                guard let key = lastKey, let value = entries[key] else {
                    problems.append(Problem(file: file, line: number, reason: "an indented line continues nothing"))
                    continue
                }
                entries[key] = value + " " + Self.unescape(more)
                continue
            }
            lastKey = nil
            if line.hasPrefix("#") { continue }
            if line.hasPrefix("@") {
                let parts = line.dropFirst().split(separator: " ", maxSplits: 1)
                let name = String(parts[0])
                let value = parts.count > 1 ? String(parts[1]).trimmingSpaces : ""
                if name == "language" { language = value } else { settings[name] = value }
                continue
            }
            guard let equals = line.firstIndex(of: "=") else {
                problems.append(Problem(file: file, line: number, reason: "expected 'key = text'"))
                continue
            }
            let key = String(line[..<equals]).trimmingSpaces
            guard Self.isKey(key) else {
                problems.append(Problem(file: file, line: number, reason: "'\(key)' is not a key (letters, digits, . - _ and an optional [one]/[other])"))
                continue
            }
            guard entries[key] == nil else {
                // The first one stays: a later duplicate (often a merge's) must not silence the language.
                problems.append(Problem(file: file, line: number, reason: "'\(key)' is given twice"))
                continue
            }
            var value = line[line.index(after: equals)...]
            if value.first == " " { value = value.dropFirst() }
            entries[key] = Self.unescape(value)
            order.append(key)
            lastKey = key
        }
        guard !language.isEmpty else {
            throw Problem(file: file, line: 1, reason: "no '@language CODE' line")
        }
    }

    static func isKey(_ key: String) -> Bool {
        var base = Substring(key)
        if let open = key.firstIndex(of: "[") {
            let variant = key[open...]
            guard variant == "[one]" || variant == "[other]" || variant == "[zero]" || variant == "[two]"
                    || variant == "[few]" || variant == "[many]" else { return false }
            base = key[..<open]
        }
        return !base.isEmpty && base.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || ".-_".contains($0) }
    }

    static func unescape(_ text: Substring) -> String {
        guard text.contains("\\") else { return String(text) }
        var out = ""
        var escaped = false
        for c in text {
            if escaped {
                switch c {
                case "n": out.append("\n")
                case "t": out.append("\t")
                default: out.append(c)
                }
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else {
                out.append(c)
            }
        }
        if escaped { out.append("\\") }
        return out
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
