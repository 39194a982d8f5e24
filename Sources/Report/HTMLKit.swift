import Foundation

/// A piece of an HTML page: an element, an attribute of the element it sits in, text, or a
/// group of pieces. Pages are written as trees of these (`.p(.cls("rule"), .txt(value))`,
/// the vocabulary of Plot, which the reports used before) and rendered in one pass into one
/// byte buffer.
///
/// Every string is data, never markup: text is written with `&`, `<`, `>` escaped, attribute
/// values (always double-quoted) with quotes escaped too, so a record value shows exactly as
/// the record holds it wherever it goes (a title holding `<script>` shows as text). The one
/// way to write markup as is, `style(_:)`, takes the reports' own style sheets.
///
/// Why not Plot itself: it renders every element into its own string, then copies it into its
/// parent's (a page's bytes are copied once per level of nesting), with a dictionary and a
/// class per element, and it writes attribute values unescaped; that was most of the time of
/// a thousand-commitment dashboard.
public struct HTMLNode: Sendable {
    fileprivate enum Kind: Sendable {
        /// An element with children (attributes among them); `void`: no content, no end tag.
        case element(String, [HTMLNode], void: Bool)
        /// An attribute of the enclosing element (looked for through groups).
        case attribute(String, String)
        case text(String)
        /// Markup written as is: only the reports' own constants (`style(_:)`).
        case raw(String)
        case group([HTMLNode])
        /// Bytes this writer wrote before (`WrittenHTML`), written again as they are.
        case written([UInt8])
    }

    fileprivate let kind: Kind

    public static let empty = HTMLNode(kind: .group([]))

    // MARK: Text and attributes

    /// Text content (escaped when written).
    public static func txt(_ value: String) -> HTMLNode { HTMLNode(kind: .text(value)) }

    /// An attribute (its value escaped when written), kept even when the value is empty.
    public static func attr(_ name: String, _ value: String) -> HTMLNode { HTMLNode(kind: .attribute(name, value)) }

    /// An attribute, left out when `value` is empty unless told otherwise.
    public static func attribute(named name: String, value: String, ignoreIfValueIsEmpty: Bool = true) -> HTMLNode {
        ignoreIfValueIsEmpty && value.isEmpty ? .empty : .attr(name, value)
    }

    public static func cls(_ name: String) -> HTMLNode { .attribute(named: "class", value: name) }
    public static func id(_ value: String) -> HTMLNode { .attr("id", value) }
    public static func href(_ value: String) -> HTMLNode { .attr("href", value) }

    // MARK: Control flow

    public static func group(_ nodes: HTMLNode...) -> HTMLNode { HTMLNode(kind: .group(nodes)) }
    public static func group(_ nodes: [HTMLNode]) -> HTMLNode { HTMLNode(kind: .group(nodes)) }

    public static func forEach<S: Sequence>(_ items: S, _ transform: (S.Element) throws -> HTMLNode) rethrows -> HTMLNode {
        HTMLNode(kind: .group(try items.map(transform)))
    }

    public static func unwrap<T>(_ value: T?, _ transform: (T) throws -> HTMLNode) rethrows -> HTMLNode {
        try value.map(transform) ?? .empty
    }

    public static func `if`(_ condition: Bool, _ node: @autoclosure () -> HTMLNode) -> HTMLNode {
        condition ? node() : .empty
    }

    // MARK: Elements

    /// Any element by name (SVG, figure…), its attributes and children among `nodes`.
    public static func element(named name: String, nodes: [HTMLNode]) -> HTMLNode {
        HTMLNode(kind: .element(name, nodes, void: false))
    }

    /// The reports' own style sheet, inline (written as is: never pass a record value).
    public static func style(_ css: StaticString) -> HTMLNode {
        .element(named: "style", nodes: [HTMLNode(kind: .raw(css.description))])
    }

    public static func a(_ nodes: HTMLNode...) -> HTMLNode { .element(named: "a", nodes: nodes) }
    public static func p(_ nodes: HTMLNode...) -> HTMLNode { .element(named: "p", nodes: nodes) }
    public static func span(_ nodes: HTMLNode...) -> HTMLNode { .element(named: "span", nodes: nodes) }
    public static func strong(_ nodes: HTMLNode...) -> HTMLNode { .element(named: "strong", nodes: nodes) }
    public static func em(_ nodes: HTMLNode...) -> HTMLNode { .element(named: "em", nodes: nodes) }
    public static func code(_ nodes: HTMLNode...) -> HTMLNode { .element(named: "code", nodes: nodes) }
    public static func div(_ nodes: HTMLNode...) -> HTMLNode { .element(named: "div", nodes: nodes) }
    public static func h1(_ nodes: HTMLNode...) -> HTMLNode { .element(named: "h1", nodes: nodes) }
    public static func h2(_ nodes: HTMLNode...) -> HTMLNode { .element(named: "h2", nodes: nodes) }
    public static func h3(_ nodes: HTMLNode...) -> HTMLNode { .element(named: "h3", nodes: nodes) }
    public static func h4(_ nodes: HTMLNode...) -> HTMLNode { .element(named: "h4", nodes: nodes) }
    public static func ul(_ nodes: HTMLNode...) -> HTMLNode { .element(named: "ul", nodes: nodes) }
    public static func ol(_ nodes: HTMLNode...) -> HTMLNode { .element(named: "ol", nodes: nodes) }
    public static func li(_ nodes: HTMLNode...) -> HTMLNode { .element(named: "li", nodes: nodes) }
    public static func dl(_ nodes: HTMLNode...) -> HTMLNode { .element(named: "dl", nodes: nodes) }
    public static func dt(_ nodes: HTMLNode...) -> HTMLNode { .element(named: "dt", nodes: nodes) }
    public static func dd(_ nodes: HTMLNode...) -> HTMLNode { .element(named: "dd", nodes: nodes) }
    public static func table(_ nodes: HTMLNode...) -> HTMLNode { .element(named: "table", nodes: nodes) }
    public static func caption(_ nodes: HTMLNode...) -> HTMLNode { .element(named: "caption", nodes: nodes) }
    public static func thead(_ nodes: HTMLNode...) -> HTMLNode { .element(named: "thead", nodes: nodes) }
    public static func tbody(_ nodes: HTMLNode...) -> HTMLNode { .element(named: "tbody", nodes: nodes) }
    public static func tr(_ nodes: HTMLNode...) -> HTMLNode { .element(named: "tr", nodes: nodes) }
    public static func th(_ nodes: HTMLNode...) -> HTMLNode { .element(named: "th", nodes: nodes) }
    public static func td(_ nodes: HTMLNode...) -> HTMLNode { .element(named: "td", nodes: nodes) }
    public static func nav(_ nodes: HTMLNode...) -> HTMLNode { .element(named: "nav", nodes: nodes) }
    public static func main(_ nodes: HTMLNode...) -> HTMLNode { .element(named: "main", nodes: nodes) }
    public static func header(_ nodes: HTMLNode...) -> HTMLNode { .element(named: "header", nodes: nodes) }
    public static func footer(_ nodes: HTMLNode...) -> HTMLNode { .element(named: "footer", nodes: nodes) }
    public static func title(_ nodes: HTMLNode...) -> HTMLNode { .element(named: "title", nodes: nodes) }
    public static func br() -> HTMLNode { HTMLNode(kind: .element("br", [], void: true)) }
    public static func meta(_ nodes: HTMLNode...) -> HTMLNode { HTMLNode(kind: .element("meta", nodes, void: true)) }
    public static func link(_ nodes: HTMLNode...) -> HTMLNode { HTMLNode(kind: .element("link", nodes, void: true)) }
    /// Any void element by name (`input`): attributes only, no content, no end tag.
    public static func voidElement(named name: String, nodes: [HTMLNode]) -> HTMLNode {
        HTMLNode(kind: .element(name, nodes, void: true))
    }

    // MARK: Writing

    /// A whole page: `<!DOCTYPE html>`, then `<html lang>` with `head` and `body`, as UTF-8.
    public static func document(language: String, head: [HTMLNode], body: [HTMLNode], capacity: Int = 16_384) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(capacity)
        out.append(contentsOf: "<!DOCTYPE html>".utf8)
        HTMLNode.element(named: "html", nodes: [.attr("lang", language),
                                                .element(named: "head", nodes: head),
                                                .element(named: "body", nodes: body)]).write(into: &out)
        return out
    }

    public func write(into out: inout [UInt8]) {
        switch kind {
        case .text(let s):
            appendEscaped(s, quotes: false, to: &out)
        case .raw(let s):
            out.append(contentsOf: s.utf8)
        case .written(let bytes):
            out.append(contentsOf: bytes)
        case .attribute:
            break  // written with its element's start tag
        case .group(let nodes):
            HTMLNode.write(nodes, into: &out)
        case let .element(name, nodes, void):
            out.append(0x3C)  // <
            out.append(contentsOf: name.utf8)
            nodes.withUnsafeBufferPointer { for i in $0.indices { $0[i].writeAttributes(into: &out) } }
            if void {
                out.append(contentsOf: "/>".utf8)
                return
            }
            out.append(0x3E)  // >
            HTMLNode.write(nodes, into: &out)
            out.append(contentsOf: "</".utf8)
            out.append(contentsOf: name.utf8)
            out.append(0x3E)
        }
    }

    /// Each node in place: a `for node in nodes` loop copied every node (a retain and a release
    /// of all it holds), a tenth of the writing of a large site.
    private static func write(_ nodes: [HTMLNode], into out: inout [UInt8]) {
        nodes.withUnsafeBufferPointer { for i in $0.indices { $0[i].write(into: &out) } }
    }

    /// The attributes among this node (itself, or inside a group), not those of child elements.
    private func writeAttributes(into out: inout [UInt8]) {
        switch kind {
        case let .attribute(name, value):
            out.append(0x20)
            out.append(contentsOf: name.utf8)
            out.append(contentsOf: "=\"".utf8)
            appendEscaped(value, quotes: true, to: &out)
            out.append(0x22)
        case .group(let nodes):
            nodes.withUnsafeBufferPointer { for i in $0.indices { $0[i].writeAttributes(into: &out) } }
        default:
            break
        }
    }
}

/// A node as this writer wrote it (escaped as every node is written), to be written again as
/// is: a part of a page made once and given to many pages (the web app's commitment cards). Only
/// a node makes one, so what it holds is never anyone's markup.
public struct WrittenHTML: Sendable {
    fileprivate let bytes: [UInt8]

    public init(_ node: HTMLNode) {
        var out: [UInt8] = []
        node.write(into: &out)
        bytes = out
    }

    public var count: Int { bytes.count }
}

extension HTMLNode {
    public static func written(_ html: WrittenHTML) -> HTMLNode { HTMLNode(kind: .written(html.bytes)) }
}

typealias BodyNode = HTMLNode

/// Appends `value` as UTF-8 with `&`, `<`, `>` (and with `quotes`, `"` and `'`) escaped,
/// copying runs that need nothing in one go.
private func appendEscaped(_ value: String, quotes: Bool, to out: inout [UInt8]) {
    var value = value
    value.withUTF8 { bytes in
        var start = 0
        for i in 0..<bytes.count {
            let replacement: StaticString
            switch bytes[i] {
            case 0x26: replacement = "&amp;"
            case 0x3C: replacement = "&lt;"
            case 0x3E: replacement = "&gt;"
            case 0x22 where quotes: replacement = "&quot;"
            case 0x27 where quotes: replacement = "&#39;"
            default: continue
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
            out.append(contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
            start = i + 1
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
    }
}

/// A record text in HTML: marked with its language and "[not translated]" when it is a fallback,
/// and "[translation to review]" when it translates an earlier first-language text.
func inline(_ value: Localized?, _ l: Localizer) -> HTMLNode {
    guard let value else { return .span(.cls("empty"), .txt("—")) }
    if value.translated && !value.stale { return linked(value.value) }
    if value.translated {
        return .group(linked(value.value), .txt(" "),
                      .span(.cls("marker stale-translation"), .attr("title", l[.staleTranslationNote]), .txt(l[.staleTranslation])))
    }
    return .group(
        .span(.attr("lang", value.language), .cls("untranslated"), linked(value.value)),
        .txt(" "),
        .span(.cls("marker"), .txt(l[.notTranslated])))
}

/// Text with its web addresses (`http://`, `https://`) made links a reader can follow; the
/// address ends at a space or a character an address never ends with (`.`, `,`, `)`, `»`).
/// Any other scheme stays text: a `javascript:` address never becomes a link.
func linked(_ s: String) -> HTMLNode {
    guard var start = addressStart(in: s[...]) else { return .txt(s) }
    var nodes: [HTMLNode] = []
    var rest = s[...]
    while true {
        // Only at a word's start: "xhttp://" is not an address.
        if start > rest.startIndex, let before = rest[..<start].last, before.isLetter || before.isNumber {
            nodes.append(.txt(String(rest[..<rest.index(after: start)])))
            rest = rest[rest.index(after: start)...]
        } else {
            var end = rest[start...].firstIndex { $0.isWhitespace || "<>\"".contains($0) } ?? rest.endIndex
            while end > start, let last = rest[..<end].last, ".,;:!?)»'".contains(last) { end = rest.index(before: end) }
            let address = String(rest[start..<end])
            nodes.append(.txt(String(rest[..<start])))
            if address.hasSuffix("://") { nodes.append(.txt(address)) } else { nodes.append(.a(.href(address), .attr("rel", "external"), .txt(address))) }
            rest = rest[end...]
        }
        guard let next = addressStart(in: rest) else { break }
        start = next
    }
    nodes.append(.txt(String(rest)))
    return .group(nodes)
}

/// Where the first `http://` or `https://` of `text` starts, found in its UTF-8 bytes: every
/// text of every page goes through `linked`, and Foundation's search (CFStringFind) was a twentieth
/// of the dashboard's page writing. A match must start and end between characters, as
/// Foundation's search required (`https://` then a combining accent is no address).
private func addressStart(in text: Substring) -> String.Index? {
    let utf8 = text.utf8
    let found: Int?? = utf8.withContiguousStorageIfAvailable { b -> Int? in
        var i = 0
        while i + 7 <= b.count {
            // "http" then "://" or "s://".
            guard b[i] == 0x68, b[i + 1] == 0x74, b[i + 2] == 0x74, b[i + 3] == 0x70 else { i += 1; continue }
            var length = 0
            if b[i + 4] == 0x3A, b[i + 5] == 0x2F, b[i + 6] == 0x2F {
                length = 7
            } else if i + 8 <= b.count, b[i + 4] == 0x73, b[i + 5] == 0x3A, b[i + 6] == 0x2F, b[i + 7] == 0x2F {
                length = 8
            }
            if length > 0 {
                let start = utf8.index(utf8.startIndex, offsetBy: i), end = utf8.index(start, offsetBy: length)
                if start.samePosition(in: text.base) != nil, end.samePosition(in: text.base) != nil { return i }
            }
            i += 1
        }
        return nil
    }
    guard let found else {
        // Not contiguous (a string from outside Swift: never on Linux): a native copy, searched the same way.
        var copy = String(text)
        copy.makeContiguousUTF8()
        return addressStart(in: copy[...]).map { utf8.index(utf8.startIndex, offsetBy: copy.utf8.distance(from: copy.startIndex, to: $0)) }
    }
    return found.map { utf8.index(utf8.startIndex, offsetBy: $0) }
}

/// A record text that may hold several paragraphs.
func block(_ value: Localized?, _ l: Localizer) -> HTMLNode {
    guard let value else { return .p(.cls("empty"), .txt(l[.notProvided])) }
    let paragraphs = paragraphs(value.value)
    if paragraphs.count <= 1 { return .p(inline(value, l)) }
    return .div(.forEach(paragraphs) { p in
        .p(inline(Localized(value: p, language: value.language, translated: value.translated, stale: value.stale), l))
    })
}

/// The lines of a text that hold more than spaces and tabs. Split on its bytes: Foundation's
/// `components(separatedBy:)` and `trimmingCharacters` went through CFString for every text of
/// every page. A text with a carriage return (rare: a `\r` escape) keeps Foundation's reading.
func paragraphs(_ text: String) -> [String] {
    guard text.utf8.contains(0x0D) else {
        return text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).compactMap { line in
            let line = Substring(line)
            // Blank as `.whitespaces` counts it: tabs and space separators (U+0020, U+00A0, U+2000–U+200A…).
            let blank = line.unicodeScalars.allSatisfy { $0 == " " || $0 == "\t" || ($0.value >= 0x80 && CharacterSet.whitespaces.contains($0)) }
            return blank ? nil : String(line)
        }
    }
    return text.components(separatedBy: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
}

/// An element by name (SVG, figure), with attributes from `attrs`.
func element(_ name: String, _ attrs: [(String, String)] = [], _ children: [HTMLNode] = []) -> HTMLNode {
    .element(named: name, nodes: attrs.map { HTMLNode.attr($0.0, $0.1) } + children)
}

/// A link inside the site (`href` is relative and ours; `label` may come from a record).
func link(_ href: String, _ label: String) -> HTMLNode {
    .a(.attr("href", href), .txt(label))
}

/// A table from a header and rows of cells; the caption names it for screen readers.
func table(caption: String?, header: [String], rows: [[HTMLNode]], className: String? = nil) -> HTMLNode {
    .table(
        .unwrap(className) { .cls($0) },
        .unwrap(caption) { .caption(.txt($0)) },
        .thead(.tr(.forEach(header) { .th(.attribute(named: "scope", value: "col"), .txt($0)) })),
        // Each cell carries its column's name: on a phone the rows stack, each cell labelled.
        .tbody(.forEach(rows) { row in .tr(.group(row.enumerated().map { i, cell in
            .td(.attr("data-label", i < header.count ? header[i] : ""), cell)
        })) }))
}

/// Something wide (a Gantt chart) in a box of its own that scrolls sideways on a narrow
/// screen, so the page itself never does; focusable, so a keyboard can scroll it too.
enum Scroll {
    static func box(_ content: HTMLNode, label: String) -> HTMLNode {
        .div(.cls("scroll"), .attr("tabindex", "0"), .attr("role", "region"), .attr("aria-label", label), content)
    }
}

/// A label/value list (dl) for the template's fields.
func fields(_ items: [(String, HTMLNode)]) -> HTMLNode {
    .dl(.forEach(items) { item in .group(.dt(.txt(item.0)), .dd(item.1)) })
}
