import Messages

/// Which characters a value read from a record may hold, after YAML has undone its escapes
/// (`"\n"`, `"\e"`, `"\u202E"` are written as plain text but read as the characters).
///
/// One rule for every value: the YAML readers apply it where scalars are read (MapNode), and
/// SSH keys, emails and the hub's identity tokens are checked with it too. A value that holds a
/// line break can add a line to authorized_keys or to a hook's output; a control or bidi
/// character can make a terminal or a page show something else than what is written.
public enum TextRule: Sendable {
    /// One line: names, emails, ids, keys, phones, titles, urls, dates, choices. No control
    /// character at all (no line break, no tab), no line or paragraph separator.
    case line
    /// Prose written over several lines (results, notes, descriptions): line breaks and tabs.
    case prose

    /// The first character this kind of value may not hold; nil when the value is fine.
    public func forbidden(in value: String) -> Unicode.Scalar? {
        if Self.plainlyAllowed(value.utf8, prose: self == .prose) { return nil }
        return value.unicodeScalars.first { !allows($0) }
    }

    /// A byte scan that proves most texts fine without decoding them (every record field goes
    /// through here): printable ASCII (and tab, line feed in prose), and any byte of a
    /// character that cannot be one `allows` refuses. Those are all C0/DEL, C1 (UTF-8
    /// `C2 80`–`C2 9F`) and U+2028–U+2069 (`E2 80 xx`, `E2 81 xx`): at a `C2` or `E2` lead
    /// byte it gives up and `allows` decides. Not a second rule: only a shortcut to "allowed".
    private static func plainlyAllowed(_ bytes: String.UTF8View, prose: Bool) -> Bool {
        let scan = bytes.withContiguousStorageIfAvailable { buffer -> Bool in
            for b in buffer {
                switch b {
                case 0x20...0x7E: continue
                case 0x09, 0x0A: if prose { continue } else { return false }
                case 0xC2, 0xE2: return false
                case 0x80...: continue
                default: return false
                }
            }
            return true
        }
        return scan ?? false
    }

    public func allows(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x0A, 0x09: return self == .prose
        case 0x00...0x1F, 0x7F, 0x80...0x9F: return false          // C0, DEL, C1
        case 0x202A...0x202E, 0x2066...0x2069: return false        // bidi embeddings, overrides, isolates
        case 0x2028, 0x2029: return self == .prose                  // line and paragraph separators
        default: return true
        }
    }

    /// The message for a value that breaks the rule: which field, which character, what to do.
    /// nil when the value is fine. `field` is only worked out for a value that breaks the rule
    /// (often a catalogue look-up or a path joined): every field of every record comes here.
    public func problem(in value: String, field: @autoclosure () -> String) -> String? { said(in: value, field: field())?.text }

    /// The same, with its catalogue key (for a diagnostic's `code`).
    public func said(in value: String, field: @autoclosure () -> String) -> Said? {
        guard let c = forbidden(in: value) else { return nil }
        let arguments: [String: MessageArgument] = ["field": .text(field()), "character": .text(Self.name(c))]
        switch (self, c.value) {
        case (.line, 0x0A), (.line, 0x0D), (.line, 0x2028), (.line, 0x2029):
            return Said("records.text-rule.line-break", arguments)
        case (_, 0x202A...0x202E), (_, 0x2066...0x2069):
            return Said("records.text-rule.bidi", arguments)
        case (.line, _):
            return Said("records.text-rule.line", arguments)
        case (.prose, _):
            return Said("records.text-rule.prose", arguments)
        }
    }

    /// `U+000A (a line break)`.
    public static func name(_ c: Unicode.Scalar) -> String {
        let words: String
        switch c.value {
        case 0x0A: words = Catalogue.text("records.character.line-break")
        case 0x0D: words = Catalogue.text("records.character.carriage-return")
        case 0x09: words = Catalogue.text("records.character.tab")
        case 0x00: words = Catalogue.text("records.character.nul")
        case 0x1B: words = Catalogue.text("records.character.escape")
        case 0x7F: words = Catalogue.text("records.character.delete")
        case 0x80...0x9F: words = Catalogue.text("records.character.c1")
        case 0x2028: words = Catalogue.text("records.character.line-separator")
        case 0x2029: words = Catalogue.text("records.character.paragraph-separator")
        case 0x202A...0x202E: words = Catalogue.text("records.character.bidi-override")
        case 0x2066...0x2069: words = Catalogue.text("records.character.bidi-isolate")
        default: words = Catalogue.text("records.character.control")
        }
        return "\(code(c)) (\(words))"
    }

    /// `U+00E9`.
    public static func code(_ c: Unicode.Scalar) -> String {
        let hex = String(c.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// `text` with every character a one-line value may not hold written as `\u{XXXX}`: how
    /// messages quote a value (a diagnostic repeating a bad value must not end a line of a
    /// terminal, a hook's `remote:` output or a log, nor reorder it).
    public static func visible(_ text: String) -> String {
        guard line.forbidden(in: text) != nil else { return text }
        var out = ""
        for c in text.unicodeScalars {
            if line.allows(c) { out.unicodeScalars.append(c) } else { out += "\\u{\(String(c.value, radix: 16, uppercase: true))}" }
        }
        return out
    }
}
