import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// xl/worksheets/sheetN.xml: cells by reference, typed (`t`: s, inlineStr, str, b, e, n; a
/// number in a date style is a day). A cell with `<f>` is marked as a formula.
enum WorksheetPart {
    final class Reader: PartParser {
        let strings: [String]
        let dateStyles: Set<Int>
        let date1904: Bool
        let limits: XLSXReader.Limits
        var sheet: ReadSheet
        var cellCount = 0
        /// Cells and hidden-row marks kept in the workbook's sheets so far, this one included.
        var keptInAll: Int
        // The cell being read.
        var ref: (column: Int, row: Int)?
        var type = "n", style = 0, value = "", inline = ""
        var formula = false, inValue = false, inInlineText = false
        var nextColumn = 0, currentRow = -1

        init(part: String, sheet: ReadSheet, strings: [String], dateStyles: Set<Int>, date1904: Bool, limits: XLSXReader.Limits,
             keptInAll: Int) {
            self.sheet = sheet
            self.keptInAll = keptInAll
            self.strings = strings
            self.dateStyles = dateStyles
            self.date1904 = date1904
            self.limits = limits
            super.init(part: part)
        }

        override func start(_ parser: XMLParser, _ elementName: String, _ a: [String: String]) {
            switch PartParser.local(elementName) {
            case "row":
                // `r` is optional: a row without it follows the previous one.
                currentRow = a["r"].flatMap(Int.init).map { $0 - 1 } ?? currentRow + 1
                nextColumn = 0
                guard currentRow >= 0, currentRow < limits.rowsPerSheet else {
                    return stop(parser, SpreadsheetError.tooLarge(part))
                }
                if a["hidden"] == "1" || a["hidden"] == "true" {
                    keptInAll += 1
                    guard keptInAll <= limits.cellsPerWorkbook else { return stop(parser, SpreadsheetError.tooLarge(part)) }
                    sheet.hiddenRows.insert(currentRow)
                }
            case "c":
                if let r = a["r"] {
                    guard let parsed = CellReference.parse(r) else { return stop(parser, SpreadsheetError.malformed(part, r)) }
                    ref = parsed
                } else {
                    ref = (nextColumn, max(currentRow, 0))
                }
                guard let ref, ref.column < limits.columnsPerSheet, ref.row < limits.rowsPerSheet else {
                    return stop(parser, SpreadsheetError.tooLarge(part))
                }
                nextColumn = ref.column + 1
                type = a["t"] ?? "n"
                style = a["s"].flatMap(Int.init) ?? 0
                value = ""
                inline = ""
                formula = false
            case "v": inValue = true
            case "f": formula = true
            case "t": inInlineText = ref != nil
            default: break
            }
        }

        override func characters(_ parser: XMLParser, _ string: String) {
            if inValue { value += string } else if inInlineText { inline += string }
            if value.utf8.count > 1 << 20 || inline.utf8.count > 1 << 20 { stop(parser, SpreadsheetError.tooLarge(part)) }
        }

        override func end(_ parser: XMLParser, _ elementName: String) {
            switch PartParser.local(elementName) {
            case "v": inValue = false
            case "t": inInlineText = false
            case "c":
                guard let at = ref else { return }
                ref = nil
                let read = cellValue()
                guard read != .empty || formula else { return }
                cellCount += 1
                keptInAll += 1
                if cellCount > limits.cellsPerSheet || keptInAll > limits.cellsPerWorkbook { return stop(parser, SpreadsheetError.tooLarge(part)) }
                sheet.cells[at.row, default: [:]][at.column] = ReadCell(read, formula: formula)
            default: break
            }
        }

        func cellValue() -> CellValue {
            switch type {
            case "s":
                guard let i = Int(value.trimmingCharacters(in: .whitespaces)), i >= 0, i < strings.count else { return .empty }
                return strings[i].isEmpty ? .empty : .text(strings[i])
            case "inlineStr":
                let s = OOXMLEscape.decode(inline)
                return s.isEmpty ? .empty : .text(s)
            case "str", "e":
                let s = OOXMLEscape.decode(value)
                return s.isEmpty ? .empty : .text(s)
            case "b":
                return .text(value == "1" ? "TRUE" : "FALSE")
            default:
                let trimmed = value.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty { return .empty }
                guard let n = Double(trimmed), n.isFinite else { return .text(trimmed) }
                if dateStyles.contains(style), let d = DateSerial.day(serial: n, date1904: date1904) {
                    return .day(year: d.year, month: d.month, day: d.day)
                }
                return .number(n)
            }
        }
    }

    /// `kept`: what the workbook's sheets read before this one kept (Limits.cellsPerWorkbook); this one's added.
    static func parse(_ data: Data, part: String, into sheet: inout ReadSheet, strings: [String], dateStyles: Set<Int>,
                      date1904: Bool, limits: XLSXReader.Limits, kept: inout Int) throws {
        let r = Reader(part: part, sheet: sheet, strings: strings, dateStyles: dateStyles, date1904: date1904, limits: limits,
                       keptInAll: kept)
        try r.run(data)
        sheet = r.sheet
        kept = r.keptInAll
    }
}
