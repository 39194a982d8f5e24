/// Renders a report as Markdown (CommonMark with GitHub tables). Record text is escaped so it
/// stays text: `<script>` or `*` in a record shows as written, and no record can start a list,
/// a heading or a table cell.
enum DocMarkdown {
    /// `lineStart`: the text may begin a line, where "-" or "1." would start a list.
    static func escape(_ s: String, lineStart: Bool = true) -> String {
        var out = ""
        for c in s {
            switch c {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "~", "&", "#", "{", "}":
                out.append("\\"); out.append(c)
            case "\n", "\r":
                out.append(" ")
            default:
                out.append(c)
            }
        }
        guard lineStart else { return out }
        // A line starting with "-", "+", "=" or "1." would become a list or a heading underline.
        if let first = out.first, "-+=".contains(first) { out = "\\" + out }
        if let dot = out.firstIndex(where: { !$0.isNumber }), dot != out.startIndex, ".)".contains(out[dot]) {
            out.insert("\\", at: dot)
        }
        return out
    }

    static func span(_ s: DocSpan, lineStart: Bool) -> String {
        guard !s.text.trimmingCharacters(in: .whitespaces).isEmpty else { return s.text }
        if s.style == .plain { return escape(s.text, lineStart: lineStart) }
        // CommonMark closes `**` only right after a non-space: "**Label : **text" stays literal
        // asterisks. The spaces around go outside the markers ("**Label :** text").
        let leading = String(s.text.prefix { $0.isWhitespace })
        let trailing = String(s.text.reversed().prefix { $0.isWhitespace }.reversed())
        let core = escape(String(s.text.dropFirst(leading.count).dropLast(trailing.count)), lineStart: lineStart && leading.isEmpty)
        let marker: String
        switch s.style {
        case .plain: marker = ""
        case .strong, .marker: marker = "**"
        case .emphasis, .untranslated, .placeholder: marker = "*"
        }
        return leading + marker + core + marker + trailing
    }

    static func line(_ l: DocLine) -> String {
        l.enumerated().map { span($0.element, lineStart: $0.offset == 0) }.joined()
    }

    static func cell(_ lines: [DocLine]) -> String { lines.map(line).joined(separator: "<br>") }

    static func render(_ doc: ReportDocument) -> String {
        var out: [String] = []
        for block in doc.blocks {
            switch block {
            case .title(let t): out.append("# \(escape(t, lineStart: false))")
            case .pageBreak: out.append("---")
            case .logo: break  // a Markdown file cannot carry a picture: the html and docx drafts do
            case let .heading(level, t): out.append(String(repeating: "#", count: level + 1) + " " + escape(t, lineStart: false))
            case .paragraph(let l): out.append(line(l))
            case .placeholder(let t): out.append("> *\(escape(t))*")
            case .bullets(let items): out.append(items.map { "- " + line($0) }.joined(separator: "\n"))
            case .fields(let fields):
                out.append((["| | |", "|---|---|"] + fields.map { "| **\(escape($0.label))** | \(cell($0.value)) |" }).joined(separator: "\n"))
            case let .table(header, rows, _):
                let head = "| " + header.map { escape($0) }.joined(separator: " | ") + " |"
                let rule = "|" + String(repeating: "---|", count: header.count)
                out.append(([head, rule] + rows.map { "| " + $0.map(cell).joined(separator: " | ") + " |" }).joined(separator: "\n"))
            }
        }
        return out.joined(separator: "\n\n") + "\n"
    }
}
