import Messages
import Records
import Spreadsheet

/// `carnet plan template`: a blank plan workbook. Row 1 holds the headings in the person's
/// language, row 2 (hidden) the field codes, as in the progress workbook; where a value comes
/// from a list (an organisation's kind, the year group, yes/no) the cell is a drop-down. The
/// sheets are not protected: the whole plan is the person's to write.
public enum PlanTemplate {
    /// The hidden sheet of drop-down words: named as the progress workbook's (ProgressLayout).
    static var listsSheet: String { ProgressLayout.listsSheet }
    /// Rows the drop-downs cover (a person adds rows below the headings).
    static let rowsWithChoices = 2_000

    public static func workbook() -> Workbook {
        let lists = listChoices()
        var sheets: [Sheet] = PlanColumns.SheetKind.allCases.map { kind in
            var s = Sheet(name: kind.name)
            s.rows.append(kind.columns.map { Cell(.text($0.heading), heading: true) })
            s.rows.append(kind.columns.map { Cell(.text($0.code)) })
            s.hiddenRows = [1]
            s.frozenRows = 1
            s.columnWidths = kind.columns.map(\.width)
            for (i, column) in kind.columns.enumerated() {
                guard let list = lists.firstIndex(where: { $0.codes.contains(column.code) && $0.sheets.contains(kind) }) else { continue }
                let letter = CellReference.column(list)
                s.validations.append(ListValidation(
                    column: i, firstRow: 2, lastRow: kind == .plan ? 2 : rowsWithChoices,
                    source: "\(listsSheet)!$\(letter)$1:$\(letter)$\(lists[list].words.count)",
                    errorTitle: Catalogue.text("pimp.template.choices-title"),
                    errorMessage: Catalogue.text("pimp.template.choices", ["choices": .text(lists[list].words.joined(separator: ", "))])))
            }
            return s
        }
        let height = lists.map(\.words.count).max() ?? 0
        var listSheet = Sheet(name: listsSheet, rows: (0..<height).map { row in
            lists.map { row < $0.words.count ? Cell(.text($0.words[row])) : Cell(.empty) }
        })
        listSheet.hidden = true
        listSheet.protected = true
        sheets.append(listSheet)
        return Workbook(sheets: sheets)
    }

    /// The drop-downs: which columns of which sheets, and their words.
    static func listChoices() -> [(codes: Set<String>, sheets: Set<PlanColumns.SheetKind>, words: [String])] {
        [
            (["kind"], [.organisations], Ministry.Kind.allCases.map(\.rawValue)),
            (["year_group"], [.plan], Plan.YearGroup.allCases.map(\.rawValue)),
            (["draft", "parents_write_for_units"], [.plan, .commitments], [Catalogue.text("pimp.yes"), Catalogue.text("pimp.no")]),
            (["completion"], [.progress], CompletionLevel.allCases.map { PeopleInput.spoken($0, language: Catalogue.language) }),
        ]
    }
}
