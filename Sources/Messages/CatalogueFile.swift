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

    /// Parsed byte by byte: every carnet process reads its catalogue at start (a hub hook, a
    /// sync, `--version`), and walking ~4,000 lines by Character cost more than half of a
    /// trivial command's CPU. Every character that matters to the syntax is ASCII, so bytes
    /// are enough; keys and values are decoded from UTF-8 once.
    public init(file: String, text: String) throws {
        language = ""
        settings = [:]
        entries = [:]
        order = []
        var lastKey: String?
        var text = text
        text.withUTF8 { bytes in
            var number = 0
            var lineStart = 0
            while lineStart <= bytes.count {
                number += 1
                var lineEnd = lineStart
                while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
                let next = lineEnd + 1
                if lineEnd > lineStart && bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                defer { lineStart = next }
                let line = UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd])
                let indent = line.firstIndex { $0 != 0x20 && $0 != 0x09 } ?? line.count
                if indent == line.count { lastKey = nil; continue }
                if indent > 0 {
                    if line[indent] == 0x23 { continue }   // an indented comment
                    guard let key = lastKey, let value = entries[key] else {
                        problems.append(Problem(file: file, line: number, reason: "an indented line continues nothing"))
                        continue
                    }
                    entries[key] = value + " " + Self.unescape(UnsafeBufferPointer(rebasing: line[indent...]))
                    continue
                }
                lastKey = nil
                if line[0] == 0x23 { continue }             // # comment
                if line[0] == 0x40 {                        // @setting value
                    let rest = UnsafeBufferPointer(rebasing: line[1...])
                    let space = rest.firstIndex(of: 0x20) ?? rest.count
                    let name = String(decoding: UnsafeBufferPointer(rebasing: rest[..<space]), as: UTF8.self)
                    let value = space < rest.count ? String(decoding: UnsafeBufferPointer(rebasing: rest[(space + 1)...]), as: UTF8.self).trimmingSpaces : ""
                    if name == "language" { language = value } else { settings[name] = value }
                    continue
                }
                guard let equals = line.firstIndex(of: 0x3D) else {
                    problems.append(Problem(file: file, line: number, reason: "expected 'key = text'"))
                    continue
                }
                let key = String(decoding: UnsafeBufferPointer(rebasing: line[..<equals]), as: UTF8.self).trimmingSpaces
                guard Self.isKey(key) else {
                    problems.append(Problem(file: file, line: number, reason: "'\(key)' is not a key (letters, digits, . - _ and an optional [one]/[other])"))
                    continue
                }
                guard entries[key] == nil else {
                    // The first one stays: a later duplicate (often a merge's) must not silence the language.
                    problems.append(Problem(file: file, line: number, reason: "'\(key)' is given twice"))
                    continue
                }
                var valueStart = equals + 1
                if valueStart < line.count && line[valueStart] == 0x20 { valueStart += 1 }
                entries[key] = Self.unescape(UnsafeBufferPointer(rebasing: line[valueStart...]))
                order.append(key)
                lastKey = key
            }
        }
        guard !language.isEmpty else {
            throw Problem(file: file, line: 1, reason: "no '@language CODE' line")
        }
    }

    /// The code of a file's `@language` line, found without parsing the rest: the first line
    /// that starts with `@language ` (CatalogueLanguages knows its languages by this alone).
    static func declaredLanguage(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { bytes -> String? in
            let prefix = Array("@language ".utf8)
            var lineStart = 0
            while lineStart < bytes.count {
                var lineEnd = lineStart
                while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
                let line = UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd])
                if line.starts(with: prefix) {
                    var code = String(decoding: UnsafeBufferPointer(rebasing: line[prefix.count...]), as: UTF8.self).trimmingSpaces
                    if code.hasSuffix("\r") { code.removeLast() }
                    return code.isEmpty ? nil : code
                }
                lineStart = lineEnd + 1
            }
            return nil
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
        return !base.isEmpty && base.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2E || byte == 0x2D || byte == 0x5F
        }
    }

    /// `\n` → line break, `\t` → tab, `\x` → x; a lone trailing backslash stays.
    static func unescape(_ text: UnsafeBufferPointer<UInt8>) -> String {
        guard text.contains(0x5C) else { return String(decoding: text, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var escaped = false
        for byte in text {
            if escaped {
                switch byte {
                case 0x6E: out.append(0x0A)
                case 0x74: out.append(0x09)
                default: out.append(byte)
                }
                escaped = false
            } else if byte == 0x5C {
                escaped = true
            } else {
                out.append(byte)
            }
        }
        if escaped { out.append(0x5C) }
        return String(decoding: out, as: UTF8.self)
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
