import Messages
import Spreadsheet

/// The shape of a progress workbook, shared by export and import: one definition, so what is
/// exported is exactly what is read back (the complaint about other tools: import format not
/// matching export).
///
/// - a milestones sheet and a commitments sheet: row 1 the headings in the person's language,
///   row 2 (hidden) the field codes, data from row 3; definitions locked, progress cells open;
/// - `carnet` (hidden): the format, the plan commit the workbook was made from, the ministry,
///   the language of the choices; `lists` (hidden, named in the workbook's language): the
///   completion words for the drop-down.
public enum ProgressLayout {
    public static let format = "carnet-progress-1"
    static let metaSheet = "carnet"
    /// The hidden sheet of drop-down words, named in the workbook's language ("listes"). Import
    /// never reads it (the drop-down is only a help; every cell is checked anyway), so a workbook
    /// exported before, with its sheet "lists", imports as it always did. A drop-down's formula
    /// names it unquoted: a translation that is not a plain name keeps "lists".
    static var listsSheet: String {
        let name = Catalogue.text("imp4.sheet.lists")
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first),
              name.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || $0 == "_" }) else { return "lists" }
        return name
    }
    static let headingRow = 0
    static let codeRow = 1
    static let firstDataRow = 2

    struct Column {
        var code: String
        var editable: Bool
        var width: Double
        var heading: String { Catalogue.text(ProgressLayout.headingKey(code)) }
    }

    static let milestoneColumns: [Column] = [
        Column(code: "commitment", editable: false, width: 12),
        Column(code: "commitment_title", editable: false, width: 30),
        Column(code: "milestone", editable: false, width: 10),
        Column(code: "activity", editable: false, width: 40),
        // A month is written out ("septembre 2025"): wide enough for the longest.
        Column(code: "start", editable: false, width: 16),
        Column(code: "end", editable: false, width: 16),
        Column(code: "completion", editable: true, width: 16),
        Column(code: "actual_start", editable: true, width: 13),
        Column(code: "actual_end", editable: true, width: 13),
        Column(code: "note", editable: true, width: 40),
        Column(code: "delay_reason", editable: true, width: 40),
    ]

    static let commitmentColumns: [Column] = [
        Column(code: "commitment", editable: false, width: 12),
        Column(code: "number", editable: false, width: 8),
        Column(code: "title", editable: false, width: 40),
        Column(code: "end", editable: false, width: 12),
        Column(code: "completion", editable: true, width: 16),
        Column(code: "results", editable: true, width: 50),
        Column(code: "next_steps", editable: true, width: 40),
        Column(code: "delay_reason", editable: true, width: 40),
    ]

    /// The heading of a field code, written out so every key is found in the sources.
    static func headingKey(_ code: String) -> String {
        switch code {
        case "commitment": return "sheets.column.commitment"
        case "commitment_title": return "sheets.column.commitment_title"
        case "milestone": return "sheets.column.milestone"
        case "activity": return "sheets.column.activity"
        case "start": return "sheets.column.start"
        case "end": return "sheets.column.end"
        case "number": return "sheets.column.number"
        case "title": return "sheets.column.title"
        case "completion": return "sheets.column.completion"
        case "actual_start": return "sheets.column.actual_start"
        case "actual_end": return "sheets.column.actual_end"
        case "note": return "sheets.column.note"
        case "delay_reason": return "sheets.column.delay_reason"
        case "results": return "sheets.column.results"
        default: return "sheets.column.next_steps"
        }
    }

    static func column(_ code: String, in columns: [Column]) -> Int { columns.firstIndex { $0.code == code }! }

    /// Sheet names in the person's language (the import finds them through the `carnet` sheet).
    static var milestoneSheetName: String { Catalogue.text("sheets.sheet.milestones") }
    static var commitmentSheetName: String { Catalogue.text("sheets.sheet.commitments") }

    /// The `carnet` sheet's keys.
    enum Meta: String, CaseIterable {
        case format, commit, ministry, language, milestones, commitments, plan
    }
}
