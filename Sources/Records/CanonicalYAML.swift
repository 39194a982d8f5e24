/// A record as an ordered tree, ready to be written canonically.
public indirect enum YAMLValue: Equatable, Sendable {
    /// A string of prose or a name: always double-quoted, or a literal block when it has lines.
    case text(String)
    /// A token that YAML reads back as itself: dates, levels, numbers, plain ids.
    case token(String)
    case map([(String, YAMLValue)])
    case list([YAMLValue])

    public static func == (a: YAMLValue, b: YAMLValue) -> Bool {
        switch (a, b) {
        case let (.text(x), .text(y)), let (.token(x), .token(y)): return x == y
        case let (.list(x), .list(y)): return x == y
        case let (.map(x), .map(y)): return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    var isEmptyCollection: Bool {
        switch self {
        case .map(let m): return m.isEmpty
        case .list(let l): return l.isEmpty
        default: return false
        }
    }
}

/// Writes YAML the one way Carnet writes it: two-space indentation, block style, fixed key order
/// (the caller's), empty collections left out, prose double-quoted. The same record always gives
/// the same bytes, so an edit changes only its own lines.
public enum CanonicalYAML {
    public static func write(_ root: [(String, YAMLValue)]) -> String {
        var out = ""
        writeMap(root, indent: 0, into: &out)
        return out
    }

    private static func writeMap(_ entries: [(String, YAMLValue)], indent: Int, into out: inout String, firstLinePrefixed: Bool = false) {
        var first = firstLinePrefixed
        for (key, value) in entries where !value.isEmptyCollection {
            if !first { out += String(repeating: " ", count: indent) }
            first = false
            out += key
            out += ":"
            writeValue(value, indent: indent, into: &out)
        }
    }

    /// Writes what follows `key:` (or `-`), with the line break.
    private static func writeValue(_ value: YAMLValue, indent: Int, into out: inout String) {
        switch value {
        case .token(let s):
            out += " \(s)\n"
        case .text(let s):
            out += " "
            writeText(s, indent: indent + 2, into: &out)
        case .map(let entries):
            out += "\n"
            writeMap(entries, indent: indent + 2, into: &out)
        case .list(let items):
            out += "\n"
            for item in items {
                out += String(repeating: " ", count: indent + 2) + "-"
                switch item {
                case .map(let entries):
                    out += " "
                    writeMap(entries, indent: indent + 4, into: &out, firstLinePrefixed: true)
                default:
                    writeValue(item, indent: indent + 2, into: &out)
                }
            }
        }
    }

    private static func writeText(_ s: String, indent: Int, into out: inout String) {
        if s.utf8.contains(UInt8(ascii: "\n")), let block = literalBlock(s, indent: indent) {
            out += block
        } else {
            out += quoted(s) + "\n"
        }
    }

    /// A literal block (`|-`, `|`, `|+`) when the text can be one; nil otherwise.
    private static func literalBlock(_ s: String, indent: Int) -> String? {
        guard !s.hasPrefix(" "), !s.hasPrefix("\n"),
              !s.unicodeScalars.contains(where: { ($0.value < 0x20 && $0 != "\n") || $0.value == 0x7F || $0 == "\u{FEFF}" || $0 == "\u{85}" || $0 == "\u{2028}" || $0 == "\u{2029}" })
        else { return nil }
        var body = Substring(s)
        var trailing = 0
        while body.hasSuffix("\n") { body = body.dropLast(); trailing += 1 }
        let chomp = trailing == 0 ? "-" : trailing == 1 ? "" : "+"
        let pad = String(repeating: " ", count: indent)
        var out = "|\(chomp)\n"
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            out += line.isEmpty ? "\n" : pad + line + "\n"
        }
        for _ in 0..<max(0, trailing - 1) { out += "\n" }
        return out
    }

    /// A double-quoted scalar: the one YAML style that can hold any string.
    public static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\u{85}": out += "\\N"
            case "\u{A0}": out += "\\_"
            case "\u{2028}": out += "\\L"
            case "\u{2029}": out += "\\P"
            case "\u{FEFF}": out += "\\uFEFF"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value) {
                    out += "\\x" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16, uppercase: true)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// An id as a token when YAML reads it back as a string, quoted otherwise (`"05"`).
    public static func id(_ s: String) -> YAMLValue {
        s.unicodeScalars.contains(where: { ("a"..."z").contains($0) }) && !["yes", "no", "on", "off", "true", "false", "null", "y", "n"].contains(s)
            ? .token(s) : .text(s)
    }
}
