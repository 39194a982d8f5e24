import Foundation

/// Writes a Workbook as an Office Open XML spreadsheet (ECMA-376 Part 1, SpreadsheetML): shared
/// strings, one style per kind of cell (locked or not, date or not, heading), list validations,
/// sheet protection, hidden rows and sheets. Every string is a shared string: no cell is ever a
/// formula, whatever it starts with.
public enum XLSXWriter {
    /// The zipped package. `date` stamps every entry, so the same workbook gives the same bytes.
    public static func data(_ workbook: Workbook, date: Date = Date(timeIntervalSince1970: 1_600_000_000)) throws -> Data {
        var strings = SharedStrings()
        var parts: [(String, Data)] = []
        for (i, sheet) in workbook.sheets.enumerated() {
            parts.append(("xl/worksheets/sheet\(i + 1).xml", worksheet(sheet, strings: &strings).data))
        }
        parts = [
            ("[Content_Types].xml", Data(contentTypes(sheets: workbook.sheets.count).utf8)),
            ("_rels/.rels", Data(packageRelationships.utf8)),
            ("xl/workbook.xml", Data(workbookPart(workbook).utf8)),
            ("xl/_rels/workbook.xml.rels", Data(workbookRelationships(sheets: workbook.sheets.count).utf8)),
            ("xl/styles.xml", Data(styles(workbook.dayOrder).utf8)),
            ("xl/sharedStrings.xml", strings.part().data),
        ] + parts
        return try OfficePackage.zip(parts, date: date)
    }

    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    static func contentTypes(sheets: Int) -> String {
        var x = XMLText()
        x.raw("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n")
        x.open("Types", [("xmlns", "http://schemas.openxmlformats.org/package/2006/content-types")])
        x.open("Default", [("Extension", "rels"), ("ContentType", "application/vnd.openxmlformats-package.relationships+xml")], close: true)
        x.open("Default", [("Extension", "xml"), ("ContentType", "application/xml")], close: true)
        x.open("Override", [("PartName", "/xl/workbook.xml"),
                            ("ContentType", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")], close: true)
        x.open("Override", [("PartName", "/xl/styles.xml"),
                            ("ContentType", "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml")], close: true)
        x.open("Override", [("PartName", "/xl/sharedStrings.xml"),
                            ("ContentType", "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml")], close: true)
        for i in 0..<sheets {
            x.open("Override", [("PartName", "/xl/worksheets/sheet\(i + 1).xml"),
                                ("ContentType", "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml")], close: true)
        }
        x.end("Types")
        return x.text
    }

    static let packageRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
        </Relationships>
        """

    static func workbookRelationships(sheets: Int) -> String {
        var x = XMLText()
        x.raw("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n")
        x.open("Relationships", [("xmlns", "http://schemas.openxmlformats.org/package/2006/relationships")])
        for i in 0..<sheets {
            x.open("Relationship", [("Id", "rId\(i + 1)"), ("Type", relNS + "/worksheet"),
                                    ("Target", "worksheets/sheet\(i + 1).xml")], close: true)
        }
        x.open("Relationship", [("Id", "rId\(sheets + 1)"), ("Type", relNS + "/styles"), ("Target", "styles.xml")], close: true)
        x.open("Relationship", [("Id", "rId\(sheets + 2)"), ("Type", relNS + "/sharedStrings"), ("Target", "sharedStrings.xml")], close: true)
        x.end("Relationships")
        return x.text
    }

    static func workbookPart(_ workbook: Workbook) -> String {
        var x = XMLText()
        x.raw("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n")
        x.open("workbook", [("xmlns", main), ("xmlns:r", relNS)])
        // The first visible sheet is the one that opens.
        let active = workbook.sheets.firstIndex { !$0.hidden } ?? 0
        x.open("bookViews")
        x.open("workbookView", [("activeTab", String(active)), ("firstSheet", String(active))], close: true)
        x.end("bookViews")
        x.open("sheets")
        for (i, sheet) in workbook.sheets.enumerated() {
            var attributes: [(StaticString, String)] = [("name", sheetName(sheet.name)), ("sheetId", String(i + 1))]
            if sheet.hidden { attributes.append(("state", "hidden")) }
            attributes.append(("r:id", "rId\(i + 1)"))
            x.open("sheet", attributes, close: true)
        }
        x.end("sheets")
        x.end("workbook")
        return x.text
    }

    /// A sheet name as spreadsheets accept it: at most 31 characters, none of `[]:*?/\`.
    static func sheetName(_ name: String) -> String {
        let cleaned = String(name.unicodeScalars.map { "[]:*?/\\".unicodeScalars.contains($0) ? "-" : Character($0) })
        return String(cleaned.prefix(31))
    }

    /// Style indexes (cellXfs below).
    enum Style: Int {
        case lockedText = 1, editableText = 2, lockedDay = 3, editableDay = 4, heading = 5

        /// The index as written in a cell's `s`.
        var digit: StaticString {
            switch self {
            case .lockedText: return "1"
            case .editableText: return "2"
            case .lockedDay: return "3"
            case .editableDay: return "4"
            case .heading: return "5"
            }
        }

        static func of(_ cell: Cell) -> Style {
            if cell.heading { return .heading }
            if case .day = cell.value { return cell.editable ? .editableDay : .lockedDay }
            return cell.editable ? .editableText : .lockedText
        }
    }

    /// Fonts: normal, bold. Fills: the two required, then a pale yellow for cells to fill in.
    /// Dates use format 164: `yyyy-mm-dd`, the same in every language and never misread, or
    /// `dd/mm/yyyy` for a workbook in a language that writes the day first (the slashes escaped:
    /// a bare `/` is the reader's own date separator).
    static func styles(_ order: Workbook.DayOrder) -> String {
        let day = order == .dayMonthYear ? "dd\\/mm\\/yyyy" : "yyyy\\-mm\\-dd"
        return """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        <numFmts count="1"><numFmt numFmtId="164" formatCode="\(day)"/></numFmts>\
        <fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
        <fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>\
        <fill><patternFill patternType="solid"><fgColor rgb="FFFFF8D6"/><bgColor indexed="64"/></patternFill></fill></fills>\
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="6">\
        <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>\
        <xf numFmtId="49" fontId="0" fillId="2" borderId="0" xfId="0" applyNumberFormat="1" applyFill="1" applyAlignment="1" applyProtection="1"><alignment vertical="top" wrapText="1"/><protection locked="0"/></xf>\
        <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment vertical="top"/></xf>\
        <xf numFmtId="164" fontId="0" fillId="2" borderId="0" xfId="0" applyNumberFormat="1" applyFill="1" applyAlignment="1" applyProtection="1"><alignment vertical="top"/><protection locked="0"/></xf>\
        <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>\
        </cellXfs>\
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
        </styleSheet>
        """
    }

    static func worksheet(_ sheet: Sheet, strings: inout SharedStrings) -> XMLText {
        var x = XMLText(reserving: sheet.rows.count * 200)
        x.raw("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n")
        x.open("worksheet", [("xmlns", main), ("xmlns:r", relNS)])
        if sheet.frozenRows > 0 {
            x.open("sheetViews")
            x.open("sheetView", [("workbookViewId", "0")])
            x.open("pane", [("ySplit", String(sheet.frozenRows)), ("topLeftCell", "A\(sheet.frozenRows + 1)"),
                            ("activePane", "bottomLeft"), ("state", "frozen")], close: true)
            x.end("sheetView")
            x.end("sheetViews")
        }
        if !sheet.columnWidths.isEmpty {
            x.open("cols")
            for (i, width) in sheet.columnWidths.enumerated() {
                x.open("col", [("min", String(i + 1)), ("max", String(i + 1)), ("width", String(width)),
                               ("customWidth", "1")], close: true)
            }
            x.end("cols")
        }
        x.open("sheetData")
        // Each cell written in place (a String for its reference and style and an array of
        // attributes, for each of a workbook's hundred thousand cells, were most of its cost):
        // `<c r="B7" s="1" t="s"><v>12</v></c>`, the same bytes as `open`'s.
        let letters = (0..<(sheet.rows.map(\.count).max() ?? 0)).map { CellReference.column($0) }
        for (r, row) in sheet.rows.enumerated() {
            let number = String(r + 1)
            x.raw("<row")
            x.attribute("r", number)
            if sheet.hiddenRows.contains(r) { x.raw(" hidden=\"1\"") }
            x.raw(">")
            for (c, cell) in row.enumerated() {
                x.raw("<c r=\"")
                x.content(letters[c])
                x.content(number)
                x.raw("\" s=\"")
                x.raw(Style.of(cell).digit)
                x.raw("\"")
                switch cell.value {
                case .empty:
                    x.raw("/>")
                    continue
                case .text(let s):
                    x.raw(" t=\"s\"><v>")
                    x.content(String(strings.index(s)))
                case .number(let n):
                    x.raw("><v>")
                    x.content(CellValue.number(n).shown)
                case let .day(y, m, d):
                    x.raw("><v>")
                    x.content(String(DateSerial.serial(year: y, month: m, day: d)))
                }
                x.raw("</v></c>")
            }
            x.end("row")
        }
        x.end("sheetData")
        if sheet.protected {
            // No password: the lock keeps slips out; the importer checks every cell anyway.
            // Resizing rows and columns stays allowed (long texts need it).
            x.open("sheetProtection", [("sheet", "1"), ("objects", "1"), ("scenarios", "1"),
                                       ("formatColumns", "0"), ("formatRows", "0")], close: true)
        }
        if !sheet.validations.isEmpty {
            x.open("dataValidations", [("count", String(sheet.validations.count))])
            for v in sheet.validations {
                let range = CellReference.name(column: v.column, row: v.firstRow) + ":" + CellReference.name(column: v.column, row: v.lastRow)
                x.open("dataValidation", [("type", "list"), ("allowBlank", "1"), ("showErrorMessage", "1"),
                                          ("errorTitle", String(v.errorTitle.prefix(32))), ("error", String(v.errorMessage.prefix(255))),
                                          ("sqref", range)])
                x.element("formula1", v.source)
                x.end("dataValidation")
            }
            x.end("dataValidations")
        }
        x.end("worksheet")
        return x
    }
}

/// The workbook's table of strings: each distinct string once.
struct SharedStrings {
    private var indexes: [String: Int] = [:]
    private var list: [String] = []
    private var uses = 0

    mutating func index(_ s: String) -> Int {
        uses += 1
        if let i = indexes[s] { return i }
        indexes[s] = list.count
        list.append(s)
        return list.count - 1
    }

    func part() -> XMLText {
        var x = XMLText(reserving: list.reduce(0) { $0 + $1.utf8.count + 20 })
        x.raw("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n")
        x.open("sst", [("xmlns", XLSXWriter.main), ("count", String(uses)), ("uniqueCount", String(list.count))])
        for s in list {
            x.open("si")
            // Spaces at either end are kept only when the text says so.
            let padded = s.first?.isWhitespace == true || s.last?.isWhitespace == true
            x.element("t", s, padded ? [("xml:space", "preserve")] : [])
            x.end("si")
        }
        x.end("sst")
        return x
    }
}
