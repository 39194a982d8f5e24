import Messages
import Spreadsheet

/// One problem in a workbook, where a person finds it: `Jalons!G7: …`.
public struct SheetProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var cell: String
    public var message: String
    public var description: String { cell + ": " + message }

    init(_ sheet: String, column: Int, row: Int, _ message: String) {
        cell = CellReference.named(sheet: sheet, column: column, row: row)
        self.message = message
    }
}

/// Why a workbook is refused as a whole; nothing is written.
public enum WorkbookRefusal: Error, Sendable, CustomStringConvertible {
    /// The file does not read, or is not a Carnet progress workbook, or comes from another plan,
    /// or its columns were changed: the message says what to do.
    case workbook(String)
    /// Cells that are wrong, every one of them.
    case cells([SheetProblem])
    /// Records with edits not committed: the import would mix with them.
    case uncommitted([String])

    public var description: String {
        switch self {
        case .workbook(let m): return m
        case .cells(let problems):
            return ([Catalogue.text("sheets.import.problems", ["count": .number(problems.count)])]
                    + problems.map(\.description)).joined(separator: "\n")
        case .uncommitted(let paths):
            return Catalogue.text("sheets.import.uncommitted", ["paths": .text(paths.joined(separator: ", "))])
        }
    }
}
