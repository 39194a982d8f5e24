import Foundation
@testable import Report
import XCTest

/// `linked` finds addresses, and `paragraphs` splits lines, in a text's UTF-8 bytes where they
/// used Foundation's search: the same pages for every text. The oracle is the code as it was
/// (Foundation's `range(of:)`, `components(separatedBy:)`, `trimmingCharacters`), kept here.
final class LinkedTextTests: XCTestCase {
    private func html(_ node: HTMLNode) -> String {
        var out: [UInt8] = []
        node.write(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The former `linked`, word for word.
    private func byCharacters(_ s: String) -> HTMLNode {
        guard s.contains("http") else { return .txt(s) }
        var nodes: [HTMLNode] = []
        var rest = s[...]
        while let start = [rest.range(of: "https://"), rest.range(of: "http://")].compactMap({ $0?.lowerBound }).min() {
            if start > rest.startIndex, let before = rest[..<start].last, before.isLetter || before.isNumber {
                nodes.append(.txt(String(rest[..<rest.index(after: start)])))
                rest = rest[rest.index(after: start)...]
                continue
            }
            var end = rest[start...].firstIndex { $0.isWhitespace || "<>\"".contains($0) } ?? rest.endIndex
            while end > start, let last = rest[..<end].last, ".,;:!?)»'".contains(last) { end = rest.index(before: end) }
            let address = String(rest[start..<end])
            nodes.append(.txt(String(rest[..<start])))
            if address.hasSuffix("://") { nodes.append(.txt(address)) } else { nodes.append(.a(.href(address), .attr("rel", "external"), .txt(address))) }
            rest = rest[end...]
        }
        nodes.append(.txt(String(rest)))
        return .group(nodes)
    }

    func testAddressesAreFoundAsFoundationFoundThem() {
        let texts = [
            "", "plain text", "http", "https", "http:/", "https:/x", "http://", "https://", "http://a", "https://a",
            "See https://example.org/a?b=1. And javascript:alert(1) http://", "xhttp://a.b", "1https://a.b", "éhttps://a.b",
            "(https://a.b/c), [http://d.e/f]; «https://g.h» 'http://i.j'", "httphttps://a.b http://c.d\nhttps://e.f\thttp://g.h",
            "https://a.b/<script>\"x\" https://c.d/é?q=ü#frag", "https://日本.jp/パス", "👩🏽‍💻https://a.b 🇫🇷 http://c.d",
            "https://a.b.,;:!?)»'", "http://http://a.b", "ahttp://b.c https://d.e", "https://a.b\u{A0}c", "https://a.b\u{2028}c",
            "https://a.b\r\nc", "e\u{301}https://a.b", "-https://a.b", "_https://a.b", "http://\u{1F600}", String(repeating: "http://a ", count: 50),
        ]
        for text in texts {
            XCTAssertEqual(html(linked(text)), html(byCharacters(text)), text.debugDescription)
        }
    }

    /// Where the bytes and the characters disagree — an accent combined onto the address's `/`
    /// or `h` — no address is made of half a character.
    func testAnAddressNeverSplitsACharacter() {
        XCTAssertFalse(html(linked("https://\u{301}a.b")).contains("<a "))
        XCTAssertFalse(html(linked("h\u{301}ttps://a.b")).contains("<a "))
        XCTAssertTrue(html(linked("https://a.b/e\u{301}")).contains("<a href=\"https://a.b/e\u{301}\""))
    }

    func testParagraphsAreSplitAsFoundationSplitThem() {
        let texts = ["", "\n", "a", "a\nb", "a\n\nb\n", "  \n\t\n a \n", "\u{A0}\n\u{2003}\u{202F}\nx", "\u{3000}\n\u{200B}\n\u{FEFF}",
                     " \u{301}\nb", "e\u{301}\n\n\u{2028}\n\u{85}", "a\r\nb\r\n\r\n c", "a\rb", "\r", "👩🏽‍💻\n \n🇫🇷", "\t\t", "\u{1680}\n\u{180E}"]
        for text in texts {
            XCTAssertEqual(paragraphs(text), text.components(separatedBy: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty },
                           text.debugDescription)
        }
    }

    /// A Gantt label of plain ASCII is measured by its bytes: cut where the measure by
    /// characters cut it (the former `fit`, kept here).
    func testASCIILabelsAreCutWhereCharactersCutThem() {
        func byCharacters(_ s: String, width: Double, fontSize: Double) -> String {
            guard Double(s.utf8.count) * fontSize > width, TextWidth.width(s, fontSize: fontSize) > width else { return s }
            let room = width - TextWidth.advance("…") * fontSize
            var used = 0.0, out = ""
            for c in s {
                used += TextWidth.advance(c) * fontSize
                if used > room { break }
                out.append(c)
            }
            return out.trimmingCharacters(in: .whitespaces) + "…"
        }
        let labels = ["", "Short", String(repeating: "W", count: 30), String(repeating: "i", count: 30), "   spaced   out   label   that is long  ",
                      "12. Open budget data for every ministry and region, published monthly", "M1 Mmmmmmmmmmmmmmmmmmmmmmmmm wwwwwwwwww",
                      "a b c d e f g h i j k l m n o p q r s t u v w x y z A B C D E F G H", "[x] (y) {z} <w> 100% @home | pipe ; semi : colon",
                      "Étape m3 : complétée", "tab\there and there and there and there and there", "ASCII then é at the end of a long long label"]
        for label in labels {
            for width in [0.0, 40, 120, 200, 333.5] {
                XCTAssertEqual(TextWidth.fit(label, width: width, fontSize: 13), byCharacters(label, width: width, fontSize: 13), "\(label) \(width)")
                XCTAssertEqual(TextWidth.fit(label, width: width, fontSize: 11.5), byCharacters(label, width: width, fontSize: 11.5), "\(label) \(width)")
            }
        }
    }
}
