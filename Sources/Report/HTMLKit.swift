import Plot

/// Plot nodes in a page body.
typealias BodyNode = Node<HTML.BodyContext>

/// The two ways record values enter HTML, and the only two the pages use.
///
/// Plot escapes `<` and `>` in text, but keeps anything that looks like an entity (`&amp;`) as
/// written, writes attribute values as given, quotes included, and allocates a string per
/// character while escaping (seconds for a thousand pages). A record value is data, never
/// markup: `txt` escapes `&`, `<`, `>` itself, so the reader sees exactly what the record holds,
/// and `attr` escapes what could end an attribute. Never pass record values to Plot's own
/// helpers that take strings (`.text`, `.href`, `.title`, `.class`, the head's `.title`
/// component, which copies into meta tags): only to these two.
extension Node {
    static func txt(_ value: String) -> Node {
        .raw(escapeText(value))
    }

    static func attr(_ name: String, _ value: String) -> Node {
        .attribute(named: name, value: escapeAttribute(value), ignoreIfValueIsEmpty: false)
    }

    static func cls(_ name: String) -> Node { .attribute(named: "class", value: name) }
}

/// Text content: `&`, `<`, `>` escaped, working on UTF-8 bytes (most strings need nothing).
func escapeText(_ value: String) -> String { escape(value, quotes: false) }

/// Attribute values (always double-quoted by Plot): quotes escaped too.
func escapeAttribute(_ value: String) -> String { escape(value, quotes: true) }

private func escape(_ value: String, quotes: Bool) -> String {
    let utf8 = value.utf8
    func special(_ b: UInt8) -> Bool { b == 0x26 || b == 0x3C || b == 0x3E || (quotes && (b == 0x22 || b == 0x27)) }
    guard utf8.contains(where: special) else { return value }
    var out: [UInt8] = []
    out.reserveCapacity(utf8.count + 16)
    for b in utf8 {
        switch b {
        case 0x26: out += Array("&amp;".utf8)
        case 0x3C: out += Array("&lt;".utf8)
        case 0x3E: out += Array("&gt;".utf8)
        case 0x22 where quotes: out += Array("&quot;".utf8)
        case 0x27 where quotes: out += Array("&#39;".utf8)
        default: out.append(b)
        }
    }
    return String(decoding: out, as: UTF8.self)
}

/// A record text in HTML: marked with its language and "[not translated]" when it is a fallback.
func inline<C: HTML.BodyContext>(_ value: Localized?, _ l: Localizer) -> Node<C> {
    guard let value else { return .span(.cls("empty"), .txt("—")) }
    if value.translated { return .txt(value.value) }
    return .group(
        .span(.attr("lang", value.language), .cls("untranslated"), .txt(value.value)),
        .txt(" "),
        .span(.cls("marker"), .txt(l[.notTranslated])))
}

/// A record text that may hold several paragraphs.
func block(_ value: Localized?, _ l: Localizer) -> BodyNode {
    guard let value else { return .p(.cls("empty"), .txt(l[.notProvided])) }
    let paragraphs = value.value.components(separatedBy: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    if paragraphs.count <= 1 { return .p(inline(value, l)) }
    return .div(.forEach(paragraphs) { p in
        .p(inline(Localized(value: p, language: value.language, translated: value.translated), l) as BodyNode)
    })
}

/// An element Plot has no function for (SVG, figure), with attributes from `attrs`.
func element(_ name: String, _ attrs: [(String, String)] = [], _ children: [BodyNode] = []) -> BodyNode {
    .element(named: name, nodes: attrs.map { BodyNode.attr($0.0, $0.1) } + children)
}

/// A link inside the site (`href` is relative and ours; `label` may come from a record).
func link(_ href: String, _ label: String) -> BodyNode {
    .a(.attr("href", href), .txt(label))
}

/// A table from a header and rows of cells; the caption names it for screen readers.
func table(caption: String?, header: [String], rows: [[BodyNode]], className: String? = nil) -> BodyNode {
    .table(
        .unwrap(className) { .cls($0) },
        .unwrap(caption) { .caption(.txt($0)) },
        .thead(.tr(.forEach(header) { .th(.attribute(named: "scope", value: "col"), .txt($0)) })),
        .tbody(.forEach(rows) { row in .tr(.forEach(row) { .td($0) }) }))
}

/// A label/value list (dl) for the template's fields.
func fields(_ items: [(String, BodyNode)]) -> BodyNode {
    .dl(.forEach(items) { item in .group(.dt(.txt(item.0)), .dd(item.1)) })
}
