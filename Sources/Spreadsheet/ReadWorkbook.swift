import Messages

/// A cell as read from a workbook someone else saved: its value, and whether it held a formula
/// (never evaluated: an importer refuses it, naming the cell).
public struct ReadCell: Sendable, Equatable {
    public var value: CellValue
    public var formula: Bool
    public init(_ value: CellValue, formula: Bool = false) {
        self.value = value
        self.formula = formula
    }
}

public struct ReadSheet: Sendable {
    public var name: String
    public var hidden: Bool
    /// Row → column → cell, zero-based; empty cells are absent.
    public var cells: [Int: [Int: ReadCell]] = [:]
    public var hiddenRows: Set<Int> = []

    public init(name: String, hidden: Bool) {
        self.name = name
        self.hidden = hidden
    }

    public func cell(_ row: Int, _ column: Int) -> ReadCell? { cells[row]?[column] }

    /// One past the last row that holds a cell.
    public var rowCount: Int { (cells.keys.max() ?? -1) + 1 }

    /// The text of a row's cells up to `columns` (empty cells as "").
    public func texts(row: Int, columns: Int) -> [String] {
        (0..<columns).map { cell(row, $0)?.value.shown ?? "" }
    }
}

public struct ReadWorkbook: Sendable {
    public var sheets: [ReadSheet]
    public func sheet(named name: String) -> ReadSheet? { sheets.first { $0.name == name } }
}

/// Why a file is not read. The file is someone else's: every refusal says what, and what to do.
public enum SpreadsheetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not a zip package, or not a spreadsheet (no workbook part, no OpenDocument content).
    case notAWorkbook(String)
    /// Bigger than Carnet reads: the file, a part once unzipped (a zip bomb), or too many cells.
    case tooLarge(String)
    /// A part declares a DTD or entities (external entities, entity expansion bombs).
    case declaresEntities(String)
    /// A part is not well-formed XML, or not the structure the standard gives it.
    case malformed(String, String)
    /// A CSV file that is not UTF-8 text (UTF-16, Windows-1252): refused rather than guessed.
    case notUTF8(String)

    public var description: String {
        switch self {
        case .notAWorkbook(let file):
            return Catalogue.text("ods.file.not-workbook", ["file": .text(file)])
        case .tooLarge(let what):
            return Catalogue.text("sheets.file.too-large", ["part": .text(what)])
        case .declaresEntities(let part):
            return Catalogue.text("sheets.file.entities", ["part": .text(part)])
        case .malformed(let part, let reason):
            return Catalogue.text("sheets.file.malformed", ["part": .text(part), "reason": .text(reason)])
        case .notUTF8(let file):
            return Catalogue.text("ods.csv.not-utf8", ["file": .text(file)])
        }
    }
}
