import Foundation
import Messages
import Records
import Spreadsheet

/// Reads the editable cells of one row the way people fill them: a completion in their words,
/// a date as a date cell or as text (`30/11/2026`, `novembre 2026`), prose with line breaks.
/// Each problem is kept with its cell; nothing is guessed.
struct CellReading {
    let sheet: ReadSheet
    let sheetName: String
    let columns: [ProgressLayout.Column]
    let row: Int
    let language: String
    var problems: [SheetProblem] = []

    init(sheet: ReadSheet, columns: [ProgressLayout.Column], row: Int, language: String) {
        self.sheet = sheet
        sheetName = sheet.name
        self.columns = columns
        self.row = row
        self.language = language
    }

    func index(_ code: String) -> Int { ProgressLayout.column(code, in: columns) }

    mutating func problem(_ code: String, _ message: String) {
        problems.append(SheetProblem(sheetName, column: index(code), row: row, message))
    }

    /// The cell's value; a formula is refused (never evaluated, never taken as a value).
    mutating func raw(_ code: String) -> CellValue {
        guard let cell = sheet.cell(row, index(code)) else { return .empty }
        if cell.formula {
            problem(code, Catalogue.text("sheets.cell.formula"))
            return .empty
        }
        return cell.value
    }

    /// Text, nil when empty; `rule` says which characters it may hold (the records' one rule).
    mutating func text(_ code: String, rule: TextRule) -> String? {
        let value = raw(code)
        guard value != .empty else { return nil }
        let s = SheetText.lineFeeds(value.shown)
        if SheetText.trimmed(s).isEmpty { return nil }
        if let why = rule.problem(in: s, field: columns[index(code)].heading) {
            problem(code, why)
            return nil
        }
        return s
    }

    /// A date cell, or text as people write dates (PeopleInput, in the workbook's language).
    mutating func date(_ code: String) -> PlanDate?? {
        switch raw(code) {
        case .empty: return .some(nil)
        case let .day(y, m, d): return .some(.day(year: y, month: m, day: d))
        case .number(let n):
            problem(code, Catalogue.text("sheets.cell.not-a-date", ["text": .text(CellValue.number(n).shown)]))
            return nil
        case .text(let s):
            if s.trimmingCharacters(in: .whitespaces).isEmpty { return .some(nil) }
            switch PeopleInput.date(s, language: language) {
            case .success(let d): return .some(d)
            case .failure(let p):
                problem(code, p.message)
                return nil
            }
        }
    }

    /// A completion level in any of the words people use; nil when empty.
    mutating func completion(_ code: String) -> CompletionLevel?? {
        guard let s = text(code, rule: .line) else { return .some(nil) }
        switch PeopleInput.completion(s, language: language) {
        case .success(let level): return .some(level)
        case .failure(let p):
            problem(code, p.message)
            return nil
        }
    }
}

/// The two text clean-ups every cell read goes through, with a fast path for the usual cell
/// (no CR, no blank at either end): Foundation's versions go through NSString on Linux, which
/// was a tenth of a plan import's time for 100,000 cells.
enum SheetText {
    /// Spreadsheets may end lines with CR LF (or CR); records hold LF.
    static func lineFeeds(_ s: String) -> String {
        guard s.utf8.contains(13) else { return s }
        return s.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }

    /// Without blanks and line breaks at either end (CharacterSet.whitespacesAndNewlines).
    static func trimmed(_ s: String) -> String { PeopleInput.trimmed(s) }
}
