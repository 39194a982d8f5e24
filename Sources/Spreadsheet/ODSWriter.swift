import Foundation

/// Writes a Workbook as an OpenDocument spreadsheet (ODF 1.3, .ods): the same model, layout and
/// validation as XLSXWriter; only the encoding differs. Every cell says its type
/// (`office:value-type`: string, float, date); a text is always a string, never a formula,
/// whatever it starts with. Locked cells are ODF's default, cells to fill in have
/// `style:cell-protect="none"`, a protected sheet is `table:protected`; the drop-downs are
/// `table:content-validations`; hidden rows `table:visibility="collapse"`, hidden sheets a table
/// style with `table:display="false"`; the rows kept in view are in settings.xml.
public enum ODSWriter {
    static let mimetype = "application/vnd.oasis.opendocument.spreadsheet"

    /// The zipped package: `mimetype` first and stored, then the manifest and the parts.
    public static func data(_ workbook: Workbook, date: Date = Date(timeIntervalSince1970: 1_600_000_000)) throws -> Data {
        let parts: [(String, Data)] = [
            ("mimetype", Data(mimetype.utf8)),
            ("META-INF/manifest.xml", Data(ODSParts.manifest.utf8)),
            ("styles.xml", Data(ODSParts.styles.utf8)),
            ("settings.xml", Data(ODSParts.settings(workbook).utf8)),
            ("content.xml", content(workbook).data),
        ]
        return try OfficePackage.zip(parts, date: date, stored: ["mimetype"])
    }

    static func content(_ workbook: Workbook) -> XMLText {
        var x = XMLText(reserving: workbook.sheets.reduce(0) { $0 + $1.rows.count * 300 })
        x.ooxml = false
        x.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        x.open("office:document-content", ODSParts.namespaces + [("office:version", "1.3")])
        let widths = Array(Set(workbook.sheets.flatMap(\.columnWidths))).sorted()
        ODSParts.automaticStyles(&x, widths: widths, dayOrder: workbook.dayOrder)
        x.open("office:body")
        x.open("office:spreadsheet")
        var validations: [(name: String, sheet: String, rule: ListValidation)] = []
        for (s, sheet) in workbook.sheets.enumerated() {
            for (i, rule) in sheet.validations.enumerated() { validations.append((validationName(sheet: s, rule: i), sheet.name, rule)) }
        }
        if !validations.isEmpty {
            x.open("table:content-validations")
            for v in validations {
                x.open("table:content-validation", [
                    ("table:name", v.name),
                    ("table:condition", "of:cell-content-is-in-list(" + cellRange(v.rule.source) + ")"),
                    ("table:allow-empty-cell", "true"), ("table:display-list", "unsorted"),
                    ("table:base-cell-address", address(sheet: v.sheet, column: v.rule.column, row: v.rule.firstRow)),
                ])
                x.open("table:error-message", [("table:title", v.rule.errorTitle), ("table:display", "true"),
                                               ("table:message-type", "stop")])
                x.element("text:p", v.rule.errorMessage)
                x.end("table:error-message")
                x.end("table:content-validation")
            }
            x.end("table:content-validations")
        }
        for (s, sheet) in workbook.sheets.enumerated() {
            table(sheet, index: s, widths: widths, into: &x)
        }
        x.end("office:spreadsheet")
        x.end("office:body")
        x.end("office:document-content")
        return x
    }

    static func table(_ sheet: Sheet, index: Int, widths: [Double], into x: inout XMLText) {
        var attributes: [(StaticString, String)] = [("table:name", XLSXWriter.sheetName(sheet.name)),
                                                   ("table:style-name", sheet.hidden ? "ta_hidden" : "ta1")]
        // No password: the lock keeps slips out; the importer checks every cell anyway.
        if sheet.protected { attributes.append(("table:protected", "true")) }
        x.open("table:table", attributes)
        let columns = max(sheet.rows.map(\.count).max() ?? 0, (sheet.validations.map(\.column).max() ?? -1) + 1, sheet.columnWidths.count)
        for c in 0..<max(columns, 1) {
            let width = c < sheet.columnWidths.count ? widths.firstIndex(of: sheet.columnWidths[c]) : nil
            x.open("table:table-column", [("table:style-name", width.map { "co\($0 + 1)" } ?? "co0"),
                                          ("table:default-cell-style-name", "Default")], close: true)
        }
        // Validation name of each validated cell: the rule's rows of its column (the template's
        // drop-downs reach below the rows written, into empty rows).
        var validated: [Int: [Int: String]] = [:]
        var lastRow = sheet.rows.count
        for (i, v) in sheet.validations.enumerated() where v.firstRow <= v.lastRow {
            for r in v.firstRow...v.lastRow { validated[r, default: [:]][v.column] = validationName(sheet: index, rule: i) }
            lastRow = max(lastRow, v.lastRow + 1)
        }
        var r = 0
        while r < lastRow {
            if r >= sheet.rows.count {
                // Empty rows alike (the same drop-downs) are written once, repeated.
                var same = 1
                while r + same < lastRow, validated[r + same] == validated[r], !sheet.hiddenRows.contains(r + same) { same += 1 }
                row([], r, repeated: same, sheet: sheet, validated: validated[r] ?? [:], into: &x)
                r += same
            } else {
                row(sheet.rows[r], r, repeated: 1, sheet: sheet, validated: validated[r] ?? [:], into: &x)
                r += 1
            }
        }
        x.end("table:table")
    }

    static func row(_ cells: [Cell], _ r: Int, repeated: Int, sheet: Sheet, validated: [Int: String], into x: inout XMLText) {
        var attributes: [(StaticString, String)] = []
        if repeated > 1 { attributes.append(("table:number-rows-repeated", String(repeated))) }
        if sheet.hiddenRows.contains(r) { attributes.append(("table:visibility", "collapse")) }
        x.open("table:table-row", attributes)
        let width = max(cells.count, (validated.keys.max() ?? -1) + 1)
        if width == 0 { x.open("table:table-cell", close: true) }
        for c in 0..<width {
            let cell = c < cells.count ? cells[c] : Cell(.empty)
            // The cell's start tag written in place (an array of attributes for each of a
            // workbook's hundred thousand cells was most of its cost); the same bytes.
            x.raw("<table:table-cell table:style-name=\"")
            x.raw(style(cell))  // one of our names: nothing to escape
            x.raw("\"")
            if let v = validated[c] { x.attribute("table:content-validation-name", v) }
            switch cell.value {
            case .empty:
                x.raw("/>")
            case .text(let s):
                x.raw(" office:value-type=\"string\">")
                paragraphs(s, into: &x)
                x.end("table:table-cell")
            case .number(let n):
                let shown = CellValue.number(n).shown
                x.raw(" office:value-type=\"float\"")
                x.attribute("office:value", shown)
                x.raw(">")
                x.element("text:p", shown)
                x.end("table:table-cell")
            case .day:
                let shown = cell.value.shown
                x.raw(" office:value-type=\"date\"")
                x.attribute("office:date-value", shown)
                x.raw(">")
                x.element("text:p", shown)
                x.end("table:table-cell")
            }
        }
        x.end("table:table-row")
    }

    static func validationName(sheet: Int, rule: Int) -> String { "val\(sheet + 1)_\(rule + 1)" }

    /// Cell styles (ODSParts.automaticStyles), as XLSXWriter's: locked or open, day or not, heading.
    static func style(_ cell: Cell) -> StaticString {
        if cell.heading { return "ce_heading" }
        if case .day = cell.value { return cell.editable ? "ce_open_day" : "ce_day" }
        return cell.editable ? "ce_open" : "ce_text"
    }

    /// A text as ODF paragraphs: one `text:p` per line; spaces a reader would fold (ODF 1.3
    /// Part 3, 6.1.2: at either end of a line, and every one after the first of a run) as
    /// `text:s`, tabs as `text:tab`, so the cell reads back as it was written.
    static func paragraphs(_ text: String, into x: inout XMLText) {
        // One line with no tab, no space at either end and no two spaces together is one
        // paragraph of its text as it is: what the loop below would write, without going
        // through it a character at a time (most cells of a workbook are such).
        if !text.isEmpty, text.utf8.first != 0x20, text.utf8.last != 0x20, isOneParagraph(text) {
            x.open("text:p")
            x.content(text)
            x.end("text:p")
            return
        }
        // (Foundation's replacing is costly: a text without a carriage return is kept as it is.)
        let unified = text.utf8.contains(0x0D) ? text.replacingOccurrences(of: "\r\n", with: "\n") : text
        let lines = unified.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r" }
        for line in lines {
            x.open("text:p")
            var run = ""
            var spaces = 0
            var atStart = true
            for ch in line {
                if ch == " " {
                    spaces += 1
                    continue
                }
                if spaces > 0 {
                    x.content(run)
                    run = ""
                    Self.spaces(spaces, literalFirst: !atStart, into: &x)
                    spaces = 0
                }
                atStart = false
                if ch == "\t" {
                    x.content(run)
                    run = ""
                    x.open("text:tab", close: true)
                } else {
                    run.append(ch)
                }
            }
            x.content(run)
            if spaces > 0 { Self.spaces(spaces, literalFirst: false, into: &x) }
            x.end("text:p")
        }
    }

    /// No line break, no tab and no two spaces together, seen in the text's bytes in one pass
    /// (Foundation's `contains("  ")` searched through CFString for every cell).
    private static func isOneParagraph(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte == 0x0A || byte == 0x0D || byte == 0x09 || (byte == 0x20 && previous == 0x20) { return false }
            previous = byte
        }
        return true
    }

    /// A run of spaces: inside a line, the first one as it is and the rest as `text:s`; at
    /// either end, all of them as `text:s`.
    static func spaces(_ count: Int, literalFirst: Bool, into x: inout XMLText) {
        var left = count
        if literalFirst {
            x.content(" ")
            left -= 1
        }
        guard left > 0 else { return }
        if left > 1 {
            x.open("text:s", [("text:c", String(left))], close: true)
        } else {
            x.open("text:s", close: true)
        }
    }

    /// `lists!$A$1:$A$4` (the model's ranges are written the spreadsheet way) → `[$lists.$A$1:.$A$4]`.
    static func cellRange(_ source: String) -> String {
        guard let bang = source.lastIndex(of: "!") else { return "[." + source + "]" }
        var sheet = String(source[..<bang])
        if sheet.hasPrefix("'") && sheet.hasSuffix("'") && sheet.count >= 2 { sheet = String(sheet.dropFirst().dropLast()) }
        let cells = source[source.index(after: bang)...].split(separator: ":").map(String.init)
        let first = "$" + quotedSheet(sheet) + "." + (cells.first ?? "")
        return "[" + first + (cells.count > 1 ? ":." + cells[1] : "") + "]"
    }

    /// `$Milestones.G3`: the cell a validation's relative references start from.
    static func address(sheet: String, column: Int, row: Int) -> String {
        "$" + quotedSheet(XLSXWriter.sheetName(sheet)) + "." + CellReference.name(column: column, row: row)
    }

    /// A sheet name in an ODF reference: quoted when not plain letters and digits.
    static func quotedSheet(_ name: String) -> String {
        let plain = name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
        return plain ? name : "'" + name.replacingOccurrences(of: "'", with: "''") + "'"
    }
}
