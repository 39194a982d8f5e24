/// A workbook as Carnet writes and reads it: sheets of typed cells. The model knows nothing of
/// plans; the progress workbook, the plan template and the open data build one (Sheets module).
///
/// A cell is text, a number or a day, never a formula: Carnet writes no formula, and a text that
/// starts with `=` is written as a string, so no spreadsheet ever runs it (issue 15).
public enum CellValue: Sendable, Equatable {
    case empty
    case text(String)
    case number(Double)
    /// A calendar day, written as a date serial with a date style.
    case day(year: Int, month: Int, day: Int)

    /// The text a person sees (a day as ISO 8601, a whole number without decimals).
    public var shown: String {
        switch self {
        case .empty: return ""
        case .text(let s): return s
        case .number(let n):
            if n == n.rounded(), abs(n) < 1e15 { return String(Int64(n)) }
            return String(n)
        case let .day(y, m, d):
            return "\(y)-" + (m < 10 ? "0" : "") + "\(m)-" + (d < 10 ? "0" : "") + "\(d)"
        }
    }
}

/// One cell to write: its value, whether a protected sheet lets people change it, and whether
/// it is a heading.
public struct Cell: Sendable, Equatable {
    public var value: CellValue
    public var editable: Bool
    public var heading: Bool

    public init(_ value: CellValue, editable: Bool = false, heading: Bool = false) {
        self.value = value
        self.editable = editable
        self.heading = heading
    }

    public static func text(_ s: String?, editable: Bool = false) -> Cell {
        Cell(s.map { $0.isEmpty ? .empty : .text($0) } ?? .empty, editable: editable)
    }
}

/// A drop-down list on a block of cells: the choices are the cells `source` names (a range of
/// another sheet, written by Carnet, never record text).
public struct ListValidation: Sendable, Equatable {
    /// Zero-based column, and zero-based first and last row.
    public var column: Int
    public var firstRow: Int
    public var lastRow: Int
    public var source: String
    /// Shown when a value not in the list is typed (Excel and LibreOffice refuse it; a pasted
    /// value is not checked by them, which is why the importer validates every cell anyway).
    public var errorTitle: String
    public var errorMessage: String

    public init(column: Int, firstRow: Int, lastRow: Int, source: String, errorTitle: String, errorMessage: String) {
        self.column = column
        self.firstRow = firstRow
        self.lastRow = lastRow
        self.source = source
        self.errorTitle = errorTitle
        self.errorMessage = errorMessage
    }
}

public struct Sheet: Sendable, Equatable {
    public var name: String
    public var rows: [[Cell]]
    /// Zero-based rows that are hidden (the field codes).
    public var hiddenRows: Set<Int> = []
    /// A hidden sheet (the workbook's origin, the lists of choices).
    public var hidden = false
    /// Protected: only cells marked `editable` can be changed (no password: it keeps mistakes
    /// out, not people; the importer checks everything anyway).
    public var protected = false
    /// Rows kept in view at the top when scrolling.
    public var frozenRows = 0
    /// Column widths in characters; missing ones get the default.
    public var columnWidths: [Double] = []
    public var validations: [ListValidation] = []

    public init(name: String, rows: [[Cell]] = []) {
        self.name = name
        self.rows = rows
    }
}

public struct Workbook: Sendable, Equatable {
    public var sheets: [Sheet]
    /// How date cells show (the cell holds the same date whatever it shows).
    public var dayOrder: DayOrder = .yearMonthDay
    public init(sheets: [Sheet]) { self.sheets = sheets }

    /// `yearMonthDay` (2026-11-30) can be misread by no one, whatever their language;
    /// `dayMonthYear` (30/11/2026) is how a language that puts the day first writes dates
    /// (French: `records.input.date-order`), for a workbook filled in by people of that language.
    public enum DayOrder: Sendable, Equatable { case yearMonthDay, dayMonthYear }
}
