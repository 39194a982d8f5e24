/// What a terminal must never receive from text others typed, written out independently of
/// the product's TerminalText: C0 controls but LF and TAB, a CR not followed by LF, DEL, C1,
/// bidirectional overrides and isolates.
public enum TerminalOracle {
    /// The first such character in `output`, described with its offset; nil when there is none.
    public static func firstControl(in output: String) -> String? {
        let scalars = Array(output.unicodeScalars)
        for (i, s) in scalars.enumerated() {
            let bad: Bool
            switch s.value {
            case 0x0A, 0x09: bad = false
            case 0x0D: bad = i + 1 >= scalars.count || scalars[i + 1] != "\n"
            case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: bad = true
            default: bad = false
            }
            if bad { return "U+\(String(s.value, radix: 16, uppercase: true)) at \(i)" }
        }
        return nil
    }
}
