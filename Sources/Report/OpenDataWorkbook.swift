import Foundation
import Records
import Spreadsheet

/// open-data.xlsx and open-data.ods: the CSV files' tables as sheets, with typed cells (numbers
/// as numbers, days as date cells), in the report's language. One Workbook, written by
/// XLSXWriter and ODSWriter: every text is a string, never a formula, so no neutralising
/// apostrophe is needed (unlike CSV).
extension OpenData {
    static let workbookName = "open-data.xlsx"
    static let openDocumentName = "open-data.ods"
    static let workbookNames = [workbookName, openDocumentName]

    /// Columns that hold counts, and columns that hold days.
    static let numberColumns: Set<String> = ["number", "milestones", "milestones_complete", "milestones_overdue", "evidence",
                                             "days_overdue", "commitments_led"]
    static let dayColumns: Set<String> = ["start", "end", "actual_start", "actual_end", "added", "last_change", "last_report"]

    /// The same workbook as .xlsx or as .ods (one of `workbookNames`): each is written on its
    /// own, so the two can be made on two cores.
    func workbookFile(_ name: String) throws -> Data {
        name == Self.openDocumentName ? try ODSWriter.data(workbookModel()) : try XLSXWriter.data(workbookModel())
    }

    func makeWorkbook() -> Workbook {
        let sheets = tables().map { table -> Sheet in
            var sheet = Sheet(name: table.name, rows: [table.header.map { Cell(.text($0), heading: true) }])
            sheet.frozenRows = 1
            sheet.rows.reserveCapacity(table.rows.count + 1)
            // Each column's kind looked up once, not once per cell.
            let kinds = table.header.map { ColumnKind(column: $0) }
            for row in table.rows {
                sheet.rows.append(zip(kinds, row).map { kind, value in Cell(kind.typed(value)) })
            }
            return sheet
        }
        return Workbook(sheets: sheets)
    }

    static func typed(_ value: String, column: String) -> CellValue { ColumnKind(column: column).typed(value) }

    /// What a column holds: counts, days, or text.
    enum ColumnKind {
        case number, day, text

        init(column: String) {
            self = OpenData.numberColumns.contains(column) ? .number : OpenData.dayColumns.contains(column) ? .day : .text
        }

        func typed(_ value: String) -> CellValue {
            if value.isEmpty { return .empty }
            if self == .number, let n = Int(value) { return .number(Double(n)) }
            if self == .day, case let .day(y, m, d)? = PlanDate(value) { return .day(year: y, month: m, day: d) }
            return .text(value)
        }
    }
}
