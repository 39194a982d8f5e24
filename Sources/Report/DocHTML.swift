
/// Renders a report as one HTML page (record text escaped by construction, see HTMLNode),
/// with a print style so it can be printed or pasted into a word processor.
enum DocHTML {
    static func span(_ s: DocSpan) -> BodyNode {
        switch s.style {
        case .plain: return .txt(s.text)
        case .strong: return .strong(.txt(s.text))
        case .emphasis: return .em(.txt(s.text))
        case .untranslated(let language): return .span(.attr("lang", language), .cls("untranslated"), .txt(s.text))
        case .marker: return .span(.cls("marker"), .txt(s.text))
        case .placeholder: return .span(.cls("placeholder"), .txt(s.text))
        }
    }

    static func line(_ l: DocLine) -> BodyNode { .group(l.map(span)) }
    static func cell(_ lines: [DocLine]) -> BodyNode { .group(lines.map { .p(line($0)) }) }

    static func block(_ b: DocBlock) -> BodyNode {
        switch b {
        case .title(let t): return .h1(.txt(t))
        case .pageBreak: return .voidElement(named: "hr", nodes: [.cls("page-break")])
        // Inline, so the one HTML file carries it; decorative beside the country's name.
        case let .logo(data, kind, _, _):
            return .p(.voidElement(named: "img", nodes: [.attr("src", "data:\(kind.mediaType);base64,\(data.base64EncodedString())"),
                                                         .attr("alt", ""), .attr("style", "max-height:6em;width:auto")]))
        case let .heading(level, t): return level == 1 ? .h2(.txt(t)) : level == 2 ? .h3(.txt(t)) : .h4(.txt(t))
        case .paragraph(let l): return .p(line(l))
        case .placeholder(let t): return .p(.cls("placeholder"), .txt(t))
        case .bullets(let items): return .ul(.forEach(items) { .li(line($0)) })
        case .fields(let fields):
            return .table(.cls("template"), .tbody(.forEach(fields) { f in
                .tr(.th(.attribute(named: "scope", value: "row"), .txt(f.label)), .td(cell(f.value)))
            }))
        case let .table(header, rows, _):
            return table(caption: nil, header: header, rows: rows.map { $0.map(cell) })
        }
    }

    static let css: StaticString = """
    body { font-family: system-ui, "DejaVu Sans", Arial, sans-serif; max-width: 60rem; margin: 1rem auto; padding: 0 1rem; line-height: 1.45; color: #1b1b1b; }
    table { border-collapse: collapse; width: 100%; margin: .5rem 0 1.25rem; }
    th, td { border: 1px solid #8c8c8c; padding: .3rem .5rem; text-align: left; vertical-align: top; }
    th { background: #eeeeee; width: 30%; }
    td p { margin: 0 0 .4rem; }
    .placeholder { font-style: italic; background: #fff4c2; color: #3d3300; }
    .untranslated { font-style: italic; }
    .marker { font-weight: bold; color: #a3161a; }
    @media print { body { max-width: none; font-size: 10.5pt; } table { break-inside: auto; } tr, h2, h3 { break-inside: avoid; break-after: avoid; } }
    """

    static func render(_ doc: ReportDocument) -> [UInt8] {
        HTMLNode.document(
            language: doc.language,
            head: [
                .meta(.attr("charset", "UTF-8")),
                .meta(.attr("name", "viewport"), .attr("content", "width=device-width, initial-scale=1")),
                .title(.txt(doc.title)),
                .style(css),
            ],
            body: [.main(.group(doc.blocks.map(block)))])
    }
}
