import Records
import XCTest

/// The one rule for text printed to a terminal (the CLI's Console applies it to every line).
final class TerminalTextTests: XCTestCase {
    func testEscapeSequencesAreReplacedWholeAndPlainTextKept() {
        let r = "\u{FFFD}"
        XCTAssertEqual(TerminalText.safe("a\u{1B}]0;pwned\u{07}b"), "a\(r)b", "OSC ended by BEL")
        XCTAssertEqual(TerminalText.safe("a\u{1B}]8;;http://x\u{1B}\\link\u{1B}]8;;\u{1B}\\b"), "a\(r)link\(r)b", "OSC ended by ST")
        XCTAssertEqual(TerminalText.safe("a\u{1B}[2Jb\u{1B}[1;31mc"), "a\(r)b\(r)c", "CSI with parameters")
        XCTAssertEqual(TerminalText.safe("a\u{9B}31mb\u{9D}0;t\u{9C}c"), "a\(r)b\(r)c", "8-bit CSI and OSC")
        XCTAssertEqual(TerminalText.safe("a\u{1B}Pq#0\u{1B}\\b"), "a\(r)b", "DCS")
        XCTAssertEqual(TerminalText.safe("a\u{1B}cb\u{1B}(Bc"), "a\(r)b\(r)c", "two- and three-character ESC sequences")
        XCTAssertEqual(TerminalText.safe("a\u{1B}]0;never ended\nnext"), "a\(r)\nnext", "an unended OSC stops at the line's end")
        XCTAssertEqual(TerminalText.safe("safe\rFAKE"), "safe\(r)FAKE", "a lone CR")
        XCTAssertEqual(TerminalText.safe("a\r\nb"), "a\r\nb", "CR LF is a line end")
        XCTAssertEqual(TerminalText.safe("x\u{202E}gpj.exe\u{2066}\u{2069}"), "x\(r)gpj.exe\(r)\(r)", "bidi")
        XCTAssertEqual(TerminalText.safe("\u{07}\u{08}\u{7F}\u{85}\u{0}"), String(repeating: r, count: 5), "BEL BS DEL NEL NUL")
        XCTAssertEqual(TerminalText.safe("Éléments\tà jour\nfin ✓ العربية"), "Éléments\tà jour\nfin ✓ العربية")
        XCTAssertEqual(TerminalText.safe("end\u{1B}"), "end\(r)")
    }

    func testOneLineJoinsEveryLineBreak() {
        XCTAssertEqual(TerminalText.oneLine("a\r\nb\nc\u{2028}d\u{2029}e\u{85}f\u{0B}g\u{0C}h\ri"), "a b c d e f g h i")
        XCTAssertEqual(TerminalText.oneLine("title\u{1B}[2J"), "title\u{FFFD}")
    }
}
