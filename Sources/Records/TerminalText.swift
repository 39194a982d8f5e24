/// The one rule for text Carnet prints to a terminal. Records, commit messages, the hub's
/// messages and names are typed by others; a terminal runs what it is sent: `ESC ] 0 ; … BEL`
/// retitles the window (or worse, on some terminals), `ESC [ 2 J` clears the screen, a lone
/// carriage return lets a line overwrite what came before it, and U+202E shows text reversed.
/// `safe` keeps line feeds and tabs and shows every other control as a visible placeholder.
public enum TerminalText {
    /// What replaces a control character or a whole escape sequence.
    public static let placeholder: Character = "\u{FFFD}"

    /// `text` with no way to drive a terminal:
    /// - an escape sequence (ESC, or the C1 introducers CSI U+009B, OSC U+009D, DCS U+0090,
    ///   SOS U+0098, PM U+009E, APC U+009F) is replaced whole, its parameters and terminator
    ///   included (CSI up to its final byte; OSC, DCS, SOS, PM, APC up to BEL or ST);
    /// - every other C0 control but line feed and tab, DEL and every C1 control;
    /// - a carriage return not followed by a line feed (CR LF is kept);
    /// - bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069);
    /// each shows as one `placeholder`.
    public static func safe(_ text: String) -> String {
        // The common case, plain text, costs one pass and no copy.
        guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        let mark = placeholder.unicodeScalars.first!
        while i < scalars.count {
            let s = scalars[i]
            guard isUnsafe(s) else { out.append(s); i += 1; continue }
            if s == "\r", i + 1 < scalars.count, scalars[i + 1] == "\n" {
                out.append(s); i += 1; continue
            }
            i = endOfSequence(scalars, from: i)
            out.append(mark)
        }
        return String(out)
    }

    /// `safe`, on one line: every line break (LF, CR LF, and the VT, FF, NEL, U+2028 and U+2029
    /// that some terminals and viewers break at) becomes a space. For a title, a name, a
    /// commit's subject: what a list shows as one line stays one line.
    public static func oneLine(_ text: String) -> String {
        let breaks: Set<Unicode.Scalar> = ["\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}"]
        guard text.unicodeScalars.contains(where: { breaks.contains($0) || isUnsafe($0) }) else { return text }
        var joined = String.UnicodeScalarView()
        var previousWasBreak = false
        for s in text.unicodeScalars {
            if breaks.contains(s) {
                if !previousWasBreak { joined.append(" ") }
                previousWasBreak = true
            } else {
                joined.append(s)
                previousWasBreak = false
            }
        }
        return safe(String(joined))
    }

    /// Whether a scalar is one `safe` replaces (or, for CR, may replace).
    public static func isUnsafe(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x0A, 0x09: return false
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    /// The index just past the control at `start`, and past the escape sequence it opens.
    private static func endOfSequence(_ s: [Unicode.Scalar], from start: Int) -> Int {
        let c = s[start].value
        var i = start + 1
        // The 7-bit form ESC x of the C1 introducers.
        var kind = c
        if c == 0x1B {
            guard i < s.count else { return i }
            let next = s[i].value
            switch next {
            case 0x5B: kind = 0x9B              // ESC [  CSI
            case 0x5D: kind = 0x9D              // ESC ]  OSC
            case 0x50: kind = 0x90              // ESC P  DCS
            case 0x58: kind = 0x98              // ESC X  SOS
            case 0x5E: kind = 0x9E              // ESC ^  PM
            case 0x5F: kind = 0x9F              // ESC _  APC
            case 0x20...0x2F:                   // ESC, intermediates, final byte (nF sequences)
                while i < s.count, (0x20...0x2F).contains(s[i].value) { i += 1 }
                return i < s.count && (0x30...0x7E).contains(s[i].value) ? i + 1 : i
            case 0x30...0x7E: return i + 1      // ESC 7, ESC c, ESC M…: two-character sequences
            default: return i
            }
            i += 1
        }
        switch kind {
        case 0x9B:
            // CSI: parameter bytes 0x30–0x3F, intermediate bytes 0x20–0x2F, one final byte 0x40–0x7E.
            while i < s.count, (0x20...0x3F).contains(s[i].value) { i += 1 }
            return i < s.count && (0x40...0x7E).contains(s[i].value) ? i + 1 : i
        case 0x9D, 0x90, 0x98, 0x9E, 0x9F:
            // A string up to BEL, ST (ESC \ or U+009C); a line feed ends it too, so that a
            // forgotten terminator never swallows the rest of the output.
            while i < s.count {
                switch s[i].value {
                case 0x07, 0x9C: return i + 1
                case 0x1B: return i + 1 < s.count && s[i + 1] == "\\" ? i + 2 : i
                case 0x0A: return i
                default: i += 1
                }
            }
            return i
        default:
            return i
        }
    }
}
