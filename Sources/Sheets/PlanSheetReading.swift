import Messages
import Records
import Spreadsheet

/// One sheet of a plan workbook, its columns found by name (PlanColumns) and its cells read the
/// way people fill them; every problem is kept with its cell (`Engagements!D7: …`).
struct PlanSheetReading {
    let sheet: ReadSheet
    let kind: PlanColumns.SheetKind
    /// Field code → column index.
    private(set) var columns: [String: Int] = [:]
    /// The rows holding data (rows where every cell is empty are left out).
    private(set) var rows: [Int] = []
    var problems: [SheetProblem] = []
    let language: String

    init(sheet: ReadSheet, kind: PlanColumns.SheetKind, language: String) {
        self.sheet = sheet
        self.kind = kind
        self.language = language
        let known = kind.columns
        // The template's hidden row 2 holds the field codes; a sheet made by hand has headings only.
        let codes = Set(known.map(\.code))
        let codeRow = (0..<(sheet.cells[1]?.keys.max() ?? -1) + 1).contains { codes.contains(sheet.cell(1, $0)?.value.shown ?? "") }
        let headingRow = codeRow ? 1 : 0
        for (index, cell) in (sheet.cells[headingRow] ?? [:]).sorted(by: { $0.key < $1.key }) {
            let name = PeopleInput.fold(cell.value.shown)
            if name.isEmpty { continue }
            guard let column = known.first(where: { $0.names.contains(name) }) else {
                problems.append(SheetProblem(sheet.name, column: index, row: headingRow,
                                             Catalogue.text("pimp.read.unknown-column", ["text": .text(cell.value.shown)])))
                continue
            }
            if let first = columns[column.code] {
                problems.append(SheetProblem(sheet.name, column: index, row: headingRow,
                                             Catalogue.text("pimp.read.twice-column", ["column": .text(CellReference.column(first))])))
                continue
            }
            columns[column.code] = index
        }
        let first = headingRow + 1
        let last = sheet.rowCount
        if last - first > PlanColumns.maxRows {
            problems.append(SheetProblem(sheet.name, column: 0, row: first + PlanColumns.maxRows,
                                         Catalogue.text("pimp.read.too-many-rows", ["count": .number(PlanColumns.maxRows)])))
        }
        rows = (first..<max(first, min(last, first + PlanColumns.maxRows))).filter { row in
            (sheet.cells[row] ?? [:]).values.contains { $0.formula || !SheetText.trimmed($0.value.shown).isEmpty }
        }
    }

    /// Columns a sheet cannot do without: each missing one is named on the heading row.
    mutating func require(_ codes: [String]) {
        for code in codes where columns[code] == nil {
            let heading = kind.columns.first { $0.code == code }?.heading ?? code
            problems.append(SheetProblem(sheet.name, column: 0, row: 0,
                                         Catalogue.text("pimp.read.missing-column", ["column": .text(heading)])))
        }
    }

    mutating func problem(_ code: String, _ row: Int, _ message: String) {
        problems.append(SheetProblem(sheet.name, column: columns[code] ?? 0, row: row, message))
    }

    func at(_ code: String, _ row: Int) -> String { CellReference.named(sheet: sheet.name, column: columns[code] ?? 0, row: row) }

    /// Whether the cell holds anything (a formula included), without reading or reporting it.
    func isBlank(_ code: String, _ row: Int) -> Bool {
        guard let column = columns[code], let cell = sheet.cell(row, column) else { return true }
        return !cell.formula && SheetText.trimmed(cell.value.shown).isEmpty
    }

    /// The cell's value; a formula is refused, never evaluated.
    mutating func raw(_ code: String, _ row: Int) -> CellValue {
        guard let column = columns[code], let cell = sheet.cell(row, column) else { return .empty }
        if cell.formula {
            problem(code, row, Catalogue.text("sheets.cell.formula"))
            return .empty
        }
        return cell.value
    }

    /// Text, nil when empty, checked by the records' character rule.
    mutating func text(_ code: String, _ row: Int) -> String? {
        let value = raw(code, row)
        let s = SheetText.trimmed(SheetText.lineFeeds(value.shown))
        if s.isEmpty { return nil }
        let column = kind.columns.first { $0.code == code }
        let rule: TextRule = column?.kind == .prose || column?.kind == .list ? .prose : .line
        if let why = rule.problem(in: s, field: column?.heading ?? code) {
            problem(code, row, why)
            return nil
        }
        return s
    }

    /// A record id; for ids that name a file or folder, checked by PathRules too.
    mutating func id(_ code: String, _ row: Int, names: Bool = false) -> String? {
        guard let s = text(code, row) else { return nil }
        return checkedID(s, code, row, names: names)
    }

    /// The row's identifier, required and given to one row only (a second row with it would
    /// overwrite the first silently): each problem is named on its cell. `seen` holds the rows
    /// read so far by key; `scope` makes the key (a milestone's id is its commitment's own).
    mutating func uniqueID(_ code: String, _ row: Int, names: Bool = false, scope: String = "",
                           seen: inout [String: Int]) -> String? {
        guard let id = requiredID(code, row, names: names) else { return nil }
        if let first = seen[scope + id] {
            problem(code, row, Catalogue.text("pimp.read.duplicate", ["count": .number(first + 1)]))
            return nil
        }
        seen[scope + id] = row
        return id
    }

    /// The row's identifier in `code`, which must be filled in: a blank cell is named.
    mutating func requiredID(_ code: String, _ row: Int, names: Bool = false) -> String? {
        if let id = id(code, row, names: names) { return id }
        if isBlank(code, row) { problem(code, row, Catalogue.text("pimp.read.required")) }
        return nil
    }

    mutating func checkedID(_ s: String, _ code: String, _ row: Int, names: Bool) -> String? {
        guard let id = PeopleInput.recordID(s) else {
            problem(code, row, Catalogue.text("pimp.read.bad-id", ["text": .text(s)]))
            return nil
        }
        if names, let why = PathRules.problem(inName: id) {
            problem(code, row, why)
            return nil
        }
        return id
    }

    /// Words one per line, or separated by commas or semicolons.
    mutating func list(_ code: String, _ row: Int) -> [String] {
        guard let s = text(code, row) else { return [] }
        return s.split(whereSeparator: { $0 == "\n" || $0 == "," || $0 == ";" })
            .map { PeopleInput.trimmed(String($0), .whitespaces) }.filter { !$0.isEmpty }
    }

    /// A date cell, or text as people write dates (PeopleInput): `2026-01` stays a month.
    mutating func date(_ code: String, _ row: Int) -> PlanDate? {
        switch raw(code, row) {
        case .empty: return nil
        case let .day(y, m, d): return .day(year: y, month: m, day: d)
        case .number(let n):
            problem(code, row, Catalogue.text("sheets.cell.not-a-date", ["text": .text(CellValue.number(n).shown)]))
            return nil
        case .text(let s):
            if PeopleInput.isBlank(s) { return nil }
            switch PeopleInput.date(s, language: language) {
            case .success(let d): return d
            case .failure(let p):
                problem(code, row, p.message)
                return nil
            }
        }
    }

    mutating func number(_ code: String, _ row: Int) -> Int? {
        let value = raw(code, row)
        if value == .empty { return nil }
        let s = PeopleInput.trimmed(value.shown, .whitespaces)
        guard let n = Int(s), (0...1_000_000).contains(n) else {
            problem(code, row, Catalogue.text("pimp.read.not-a-number", ["text": .text(s)]))
            return nil
        }
        return n
    }

    /// yes or no in English or French (empty is no).
    mutating func yesNo(_ code: String, _ row: Int) -> Bool {
        guard let s = text(code, row) else { return false }
        let word = PeopleInput.fold(s)
        if ["yes", "oui", "true", "vrai", "x", "1", PeopleInput.fold(Catalogue.text("pimp.yes"))].contains(word) { return true }
        if ["no", "non", "false", "faux", "0", PeopleInput.fold(Catalogue.text("pimp.no"))].contains(word) { return false }
        problem(code, row, Catalogue.text("pimp.read.not-yes-no", ["text": .text(s)]))
        return false
    }
}
