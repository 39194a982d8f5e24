/// Renders a report as WordprocessingML (word/document.xml). Styles are named, not inlined,
/// so headings appear in Word's and LibreOffice's navigation and outline (DocxPackage.styles).
enum DocxDocument {
    /// XML text: escaped, and without the characters XML 1.0 forbids (a control character in a
    /// record would otherwise make Word refuse the whole file).
    static func xml(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(" ")
            default:
                if c.value < 0x20 || c.value == 0xFFFE || c.value == 0xFFFF { continue }
                out.unicodeScalars.append(c)
            }
        }
        return out
    }

    static func run(_ s: DocSpan) -> String {
        var props = ""
        switch s.style {
        case .plain: break
        case .strong: props = "<w:b/>"
        case .emphasis: props = "<w:i/>"
        case .untranslated(let language): props = "<w:i/><w:lang w:val=\"\(xml(language))\"/>"
        case .marker: props = "<w:rStyle w:val=\"Marker\"/>"
        case .placeholder: props = "<w:rStyle w:val=\"Placeholder\"/>"
        }
        let rPr = props.isEmpty ? "" : "<w:rPr>\(props)</w:rPr>"
        return "<w:r>\(rPr)<w:t xml:space=\"preserve\">\(xml(s.text))</w:t></w:r>"
    }

    static func paragraph(_ line: DocLine, style: String? = nil) -> String {
        let pPr = style.map { "<w:pPr><w:pStyle w:val=\"\($0)\"/></w:pPr>" } ?? ""
        return "<w:p>\(pPr)\(line.map(run).joined())</w:p>"
    }

    /// A table cell: at least one paragraph, as Word requires.
    static func cell(_ lines: [DocLine], width: Int, header: Bool = false) -> String {
        let shading = header ? "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"EEEEEE\"/>" : ""
        let body = lines.isEmpty ? "<w:p/>" : lines.map { paragraph(header ? $0.map { DocSpan($0.text, .strong) } : $0, style: "TableText") }.joined()
        return "<w:tc><w:tcPr><w:tcW w:w=\"\(width)\" w:type=\"dxa\"/>\(shading)</w:tcPr>\(body)</w:tc>"
    }

    /// Total width of a table on an A4 page with 2 cm margins, in twentieths of a point.
    static let tableWidth = 9638

    static func table(widths: [Int], header: [String]?, rows: [[[DocLine]]], firstColumnHeader: Bool = false) -> String {
        var out = "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblLayout w:type=\"fixed\"/></w:tblPr><w:tblGrid>"
        out += widths.map { "<w:gridCol w:w=\"\($0)\"/>" }.joined() + "</w:tblGrid>"
        if let header {
            out += "<w:tr><w:trPr><w:tblHeader/></w:trPr>"
            out += zip(header, widths).map { cell([[DocSpan($0.0)]], width: $0.1, header: true) }.joined() + "</w:tr>"
        }
        for (index, row) in rows.enumerated() {
            // A label/value table has no header row: its first row (the commitment's number and
            // name) repeats on every page instead, so a reader knows whose template continues.
            let repeated = header == nil && index == 0 ? "<w:tblHeader/>" : ""
            out += "<w:tr><w:trPr><w:cantSplit/>\(repeated)</w:trPr>"
            out += row.enumerated().map { i, lines in
                cell(lines, width: widths[min(i, widths.count - 1)], header: firstColumnHeader && i == 0)
            }.joined() + "</w:tr>"
        }
        return out + "</w:tbl><w:p/>"
    }

    static func block(_ b: DocBlock) -> String {
        switch b {
        case .title(let t): return paragraph([DocSpan(t)], style: "Title")
        case .pageBreak: return "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>"
        case let .logo(_, _, width, height): return logo(width: width, height: height)
        case let .heading(level, t): return paragraph([DocSpan(t)], style: "Heading\(min(level, 3))")
        case .paragraph(let l): return paragraph(l)
        case .placeholder(let t): return paragraph([DocSpan(t, .placeholder)])
        case .bullets(let items): return items.map { paragraph([DocSpan("•\u{00A0}")] + $0, style: "Bullet") }.joined()
        case .fields(let fields):
            return table(widths: [3000, tableWidth - 3000], header: nil,
                         rows: fields.map { [[[DocSpan($0.label)]], $0.value] }, firstColumnHeader: true)
        case let .table(header, rows, weights):
            // Columns share the page by the block's weights (the text column gets the room).
            let total = max(1, weights.reduce(0, +))
            var widths = weights.map { tableWidth * $0 / total }
            widths[widths.count - 1] += tableWidth - widths.reduce(0, +)
            return table(widths: widths, header: header, rows: rows)
        }
    }

    /// The cover's logo: an inline picture (DrawingML) of relationship `rIdLogo` (DocxPackage),
    /// at most 4 cm high and 8 cm wide, its proportions kept. EMU: 360,000 a centimetre.
    static func logo(width: Int, height: Int) -> String {
        let scale = min(1_440_000.0 / Double(height), 2_880_000.0 / Double(width))
        let cx = Int(Double(width) * scale), cy = Int(Double(height) * scale)
        return "<w:p><w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\">"
            + "<wp:extent cx=\"\(cx)\" cy=\"\(cy)\"/><wp:docPr id=\"1\" name=\"Logo\" descr=\"\"/>"
            + "<a:graphic xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\">"
            + "<a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\">"
            + "<pic:pic xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\">"
            + "<pic:nvPicPr><pic:cNvPr id=\"1\" name=\"Logo\"/><pic:cNvPicPr/></pic:nvPicPr>"
            + "<pic:blipFill><a:blip r:embed=\"rIdLogo\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>"
            + "<pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"\(cx)\" cy=\"\(cy)\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr>"
            + "</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
    }

    static func render(_ doc: ReportDocument) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><w:body>\
        \(doc.blocks.map(block).joined())\
        <w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr>\
        </w:body></w:document>
        """
    }
}
