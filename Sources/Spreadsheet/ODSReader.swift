import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads an OpenDocument spreadsheet (.ods) saved by anyone (LibreOffice, Carnet, an attacker)
/// into the same ReadWorkbook as XLSXReader, through the same guarded Package: the same caps on
/// the file, each part inflated and all parts (a zip bomb stops at the limit), the same refusal
/// of DTDs and entities, entries looked up by name in memory only. Cells are typed by
/// `office:value-type` (float, percentage, currency → a number; date → a day; string, or none,
/// → its paragraphs joined by line breaks); a cell with `table:formula` is flagged and never
/// evaluated; comments (`office:annotation`) are not part of the value. Repeated rows and
/// columns (`number-rows-repeated`, which LibreOffice writes by the million for the empty rows
/// below a table) cost nothing when empty and are counted against the caps when not: those of
/// the sheet and those of the whole workbook (each sheet may claim its caps again).
public enum ODSReader {
    static let mimetypes: Set<String> = ["application/vnd.oasis.opendocument.spreadsheet",
                                         "application/vnd.oasis.opendocument.spreadsheet-template"]

    public static func read(_ data: Data, file: String, limits: XLSXReader.Limits = XLSXReader.Limits()) throws -> ReadWorkbook {
        guard data.count <= limits.fileBytes else { throw SpreadsheetError.tooLarge(file) }
        return try read(Package(data: data, file: file, limits: limits))
    }

    static func read(_ package: Package) throws -> ReadWorkbook {
        // Another OpenDocument kind (a text, a drawing) is not a spreadsheet.
        if let kind = try package.optionalPart("mimetype", xml: false) {
            let text = String(decoding: kind.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard mimetypes.contains(text) else { throw SpreadsheetError.notAWorkbook(package.file) }
        }
        guard package.contains("content.xml") else { throw SpreadsheetError.notAWorkbook(package.file) }
        let reader = ContentReader(part: "content.xml", limits: package.limits)
        try reader.run(try package.part("content.xml"))
        return ReadWorkbook(sheets: reader.sheets)
    }

    /// A flat OpenDocument spreadsheet (.fods): the same document as one XML file, its root
    /// `office:document` saying its kind in `office:mimetype`. Read by the same ContentReader
    /// as an .ods's content.xml (the tables are written the same way), after the same checks
    /// as any part: the file's size, no DTD or entity, UTF-8. Another flat OpenDocument kind
    /// (.fodt) or XML that is not OpenDocument is refused at its root element.
    static func readFlat(_ data: Data, file: String, limits: XLSXReader.Limits) throws -> ReadWorkbook {
        guard data.count <= limits.fileBytes, data.count <= limits.partBytes else { throw SpreadsheetError.tooLarge(file) }
        try Package.checkXML(data, part: file)
        let reader = ContentReader(part: file, limits: limits)
        reader.flat = true
        do { try reader.run(data) } catch SpreadsheetError.malformed(_, _) where reader.documentType == nil {
            // Not XML at all (a text file that starts with `<`): not a workbook, rather than "line 1".
            throw SpreadsheetError.notAWorkbook(file)
        }
        return ReadWorkbook(sheets: reader.sheets)
    }

    /// Whether the bytes look like XML (a flat .fods) rather than a zip package: what comes
    /// first, after a byte-order mark and blanks, is `<`.
    static func looksLikeXML(_ data: Data) -> Bool {
        var bytes = data.prefix(512)[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        return bytes.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) } == UInt8(ascii: "<")
    }

    final class ContentReader: PartParser {
        let limits: XLSXReader.Limits
        var sheets: [ReadSheet] = []
        /// Reading a flat document (.fods), whose root says its kind in `office:mimetype`
        /// (`documentType`, once read; an .ods says it in its `mimetype` entry instead).
        var flat = false
        var documentType: String?
        /// Table styles that do not display their table (a hidden sheet).
        var hiddenStyles: Set<String> = []
        var tableStyle: String?
        var sheet: ReadSheet?
        var tableDepth = 0
        var cellCount = 0
        /// What the whole part has cost once expanded (repeats and `text:s` claim far more than
        /// their bytes): rows, cells and hidden-row marks kept, and bytes of cell text read.
        var keptInAll = 0, textInAll = 0
        // The row being read.
        var row = 0, rowRepeat = 1, rowHidden = false, column = 0
        var rowCells: [Int: ReadCell] = [:]
        // The cell being read.
        var inCell = false, cellRepeat = 1, formula = false
        var type: String?, number: String?, day: String?, boolean: String?, stringValue: String?
        var text = "", paragraphs = 0, paragraphDepth = 0, annotationDepth = 0

        init(part: String, limits: XLSXReader.Limits) {
            self.limits = limits
            super.init(part: part)
        }

        /// A repeat count as written, at least 1 and at most `cap` (a hostile count stays bounded).
        static func count(_ value: String?, cap: Int) -> Int { min(max(value.flatMap(Int.init) ?? 1, 1), cap) }

        override func start(_ parser: XMLParser, _ name: String, _ a: [String: String]) {
            // A flat file is refused at its root unless it is a spreadsheet: nothing more is read.
            if flat && documentType == nil {
                documentType = name == "document" ? a["mimetype"] ?? "" : ""
                guard mimetypes.contains(documentType!) else { return stop(parser, SpreadsheetError.notAWorkbook(part)) }
            }
            switch name {
            case "style": tableStyle = a["family"] == "table" ? a["name"] : nil
            case "table-properties":
                if let tableStyle, a["display"] == "false" { hiddenStyles.insert(tableStyle) }
            case "table":
                tableDepth += 1
                // A table inside a cell (ODF allows it; spreadsheets do not write it) is not a sheet.
                guard tableDepth == 1 else { return }
                guard sheets.count < limits.entries else { return stop(parser, SpreadsheetError.tooLarge(part)) }
                sheet = ReadSheet(name: a["name"] ?? "", hidden: a["style-name"].map { hiddenStyles.contains($0) } ?? false)
                row = 0
            case "table-row" where tableDepth == 1:
                rowRepeat = Self.count(a["number-rows-repeated"], cap: limits.rowsPerSheet + 1)
                rowHidden = a["visibility"] == "collapse" || a["visibility"] == "filter"
                column = 0
                rowCells = [:]
            case "table-cell" where tableDepth == 1, "covered-table-cell" where tableDepth == 1:
                inCell = true
                cellRepeat = Self.count(a["number-columns-repeated"], cap: limits.columnsPerSheet + 1)
                formula = a["formula"] != nil
                type = a["value-type"]
                number = a["value"]
                day = a["date-value"]
                boolean = a["boolean-value"]
                stringValue = a["string-value"]
                text = ""
                paragraphs = 0
            case "annotation": annotationDepth += 1
            case "p" where inCell && annotationDepth == 0:
                if paragraphDepth == 0 {
                    if paragraphs > 0 { text += "\n" }
                    paragraphs += 1
                }
                paragraphDepth += 1
            case "s" where paragraphDepth > 0 && annotationDepth == 0:
                text += String(repeating: " ", count: Self.count(a["c"], cap: 1 << 16))
            case "tab" where paragraphDepth > 0 && annotationDepth == 0: text += "\t"
            case "line-break" where paragraphDepth > 0 && annotationDepth == 0: text += "\n"
            default: break
            }
            if text.utf8.count > 1 << 20 { stop(parser, SpreadsheetError.tooLarge(part)) }
        }

        override func characters(_ parser: XMLParser, _ string: String) {
            guard inCell, paragraphDepth > 0, annotationDepth == 0 else { return }
            text += string
            if text.utf8.count > 1 << 20 { stop(parser, SpreadsheetError.tooLarge(part)) }
        }

        override func end(_ parser: XMLParser, _ name: String) {
            switch name {
            case "annotation": annotationDepth = max(0, annotationDepth - 1)
            case "p" where inCell && annotationDepth == 0: paragraphDepth = max(0, paragraphDepth - 1)
            case "table-cell" where tableDepth == 1, "covered-table-cell" where tableDepth == 1:
                inCell = false
                // `<text:s text:c="65536"/>` is 25 bytes for 64 KiB of spaces: a cell's text is
                // capped at 1 MiB, and all cells' text at what a part may hold once unzipped.
                textInAll += text.utf8.count
                guard textInAll <= limits.partBytes else { return stop(parser, SpreadsheetError.tooLarge(part)) }
                let value = cellValue()
                if value != .empty || formula {
                    for k in 0..<cellRepeat {
                        guard column + k < limits.columnsPerSheet else { return stop(parser, SpreadsheetError.tooLarge(part)) }
                        rowCells[column + k] = ReadCell(value, formula: formula)
                    }
                }
                column += cellRepeat
            case "table-row" where tableDepth == 1:
                if !rowCells.isEmpty {
                    guard row + rowRepeat <= limits.rowsPerSheet else { return stop(parser, SpreadsheetError.tooLarge(part)) }
                    cellCount += rowCells.count * rowRepeat
                    keptInAll += (rowCells.count + 1 + (rowHidden ? 1 : 0)) * rowRepeat
                    guard cellCount <= limits.cellsPerSheet, keptInAll <= limits.cellsPerWorkbook else {
                        return stop(parser, SpreadsheetError.tooLarge(part))
                    }
                    for r in row..<row + rowRepeat {
                        sheet?.cells[r] = rowCells
                        if rowHidden { sheet?.hiddenRows.insert(r) }
                    }
                } else if rowHidden, row < limits.rowsPerSheet {
                    // Empty hidden rows: marked, a bounded number of them.
                    let marked = row..<min(row + rowRepeat, row + 1_000, limits.rowsPerSheet)
                    keptInAll += marked.count
                    guard keptInAll <= limits.cellsPerWorkbook else { return stop(parser, SpreadsheetError.tooLarge(part)) }
                    for r in marked { sheet?.hiddenRows.insert(r) }
                }
                row = min(row + rowRepeat, limits.rowsPerSheet + 1)
            case "table":
                tableDepth -= 1
                if tableDepth == 0, let done = sheet {
                    sheets.append(done)
                    sheet = nil
                    cellCount = 0
                }
            default: break
            }
        }

        func cellValue() -> CellValue {
            switch type {
            case "float", "percentage", "currency":
                if let n = number.flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) }), n.isFinite { return .number(n) }
            case "date":
                if let d = day.flatMap(Self.day) { return .day(year: d.year, month: d.month, day: d.day) }
            case "boolean":
                if let b = boolean { return .text(b == "true" || b == "1" ? "TRUE" : "FALSE") }
            case "string":
                if let s = stringValue { return s.isEmpty ? .empty : .text(s) }
            default: break
            }
            // Text as shown (a time, a value its type does not match, or an untyped cell).
            return text.isEmpty ? .empty : .text(text)
        }

        /// `2026-11-30` or `2026-11-30T00:00:00`: the day, if it is one (1900–9999).
        static func day(_ value: String) -> (year: Int, month: Int, day: Int)? {
            let parts = value.prefix(10).split(separator: "-")
            guard value.count >= 10, parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
                  (1900...9999).contains(y), (1...12).contains(m), (1...31).contains(d) else { return nil }
            let back = DateSerial.civil(DateSerial.days(year: y, month: m, day: d))
            return back.year == y && back.month == m && back.day == d ? (y, m, d) : nil
        }
    }
}
