import Foundation
import Messages
import Records
import Spreadsheet
import Workspace

/// `carnet export progress`: what one ministry must report, as a workbook to fill in.
public enum ProgressExport {
    /// The commitments `ministry` leads (all of them when nil: the point of contact's workbook),
    /// as of `commit` (HEAD), in `snapshot`.
    public static func workbook(_ snapshot: PlanSnapshot, ministry: String?, commit: String, language: String) -> Workbook {
        let planLanguage = snapshot.plan?.record?.language ?? "fr"
        let folders = snapshot.sortedCommitments.filter { folder in
            guard let c = folder.commitment?.record else { return false }
            // A milestone's lead reports its milestones of commitments it does not lead.
            return ministry == nil || c.leadAgency == ministry || c.milestones.contains { $0.leadAgency == ministry }
        }
        func text(_ t: Text?) -> String? { t.map { $0.value(in: planLanguage, planLanguage: planLanguage) ?? $0.anyValue(preferring: planLanguage) } }

        var milestones = frame(ProgressLayout.milestoneSheetName, ProgressLayout.milestoneColumns)
        var commitments = frame(ProgressLayout.commitmentSheetName, ProgressLayout.commitmentColumns)
        for folder in folders {
            guard let c = folder.commitment?.record else { continue }
            let progress = folder.progress?.record
            for m in c.milestones where ministry == nil || c.leadAgency == ministry || m.leadAgency == ministry {
                let p = progress?.milestone(m.id)
                milestones.rows.append([
                    .text(c.id), .text(text(c.title)), .text(m.id), .text(text(m.activity)),
                    Cell(dateValue(m.start, language)), Cell(dateValue(m.end, language)),
                    Cell(p.map { .text(PeopleInput.spoken($0.completion, language: language)) } ?? .empty, editable: true),
                    Cell(p?.actualStart.map { dateValue($0, language) } ?? .empty, editable: true),
                    Cell(p?.actualEnd.map { dateValue($0, language) } ?? .empty, editable: true),
                    .text(text(p?.note), editable: true), .text(text(p?.delayReason), editable: true),
                ])
            }
            guard ministry == nil || c.leadAgency == ministry else { continue }
            commitments.rows.append([
                .text(c.id), Cell(.number(Double(c.number))), .text(text(c.title)), Cell(dateValue(c.end, language)),
                Cell(.text(PeopleInput.spoken(progress?.completion ?? .notStarted, language: language)), editable: true),
                .text(text(progress?.results), editable: true), .text(text(progress?.nextSteps), editable: true),
                .text(text(progress?.delayReason), editable: true),
            ])
        }
        // Room to spare below the rows is not needed (rows are the plan's), but the drop-down
        // covers exactly the rows there are.
        let choices = CompletionLevel.allCases.map { PeopleInput.spoken($0, language: language) }
        let source = ProgressLayout.listsSheet + "!$A$1:$A$\(choices.count)"
        let title = Catalogue.text("sheets.validation.title")
        let message = Catalogue.text("sheets.validation.completion", ["choices": .text(choices.joined(separator: ", "))])
        if milestones.rows.count > ProgressLayout.firstDataRow {
            milestones.validations = [ListValidation(column: ProgressLayout.column("completion", in: ProgressLayout.milestoneColumns),
                                                     firstRow: ProgressLayout.firstDataRow, lastRow: milestones.rows.count - 1,
                                                     source: source, errorTitle: title, errorMessage: message)]
        }
        if commitments.rows.count > ProgressLayout.firstDataRow {
            commitments.validations = [ListValidation(column: ProgressLayout.column("completion", in: ProgressLayout.commitmentColumns),
                                                      firstRow: ProgressLayout.firstDataRow, lastRow: commitments.rows.count - 1,
                                                      source: source, errorTitle: title, errorMessage: message)]
        }

        var lists = Sheet(name: ProgressLayout.listsSheet, rows: choices.map { [Cell(.text($0))] })
        lists.hidden = true
        lists.protected = true
        let metaValues: [ProgressLayout.Meta: String] = [
            .format: ProgressLayout.format, .commit: commit, .ministry: ministry ?? "", .language: language,
            .milestones: milestones.name, .commitments: commitments.name,
            .plan: text(snapshot.plan?.record?.title) ?? "",
        ]
        var meta = Sheet(name: ProgressLayout.metaSheet,
                         rows: ProgressLayout.Meta.allCases.map { [Cell(.text($0.rawValue)), .text(metaValues[$0])] })
        meta.hidden = true
        meta.protected = true
        var workbook = Workbook(sheets: [milestones, commitments, lists, meta])
        // Dates show as the workbook's language writes them (30/11/2026 in French), as PeopleInput reads them.
        if Catalogue.text("records.input.date-order", in: language) == "day-month" { workbook.dayOrder = .dayMonthYear }
        return workbook
    }

    /// Headings, the hidden row of field codes, locked.
    static func frame(_ name: String, _ columns: [ProgressLayout.Column]) -> Sheet {
        var s = Sheet(name: name)
        s.rows.append(columns.map { Cell(.text($0.heading), heading: true) })
        s.rows.append(columns.map { Cell(.text($0.code)) })
        s.hiddenRows = [ProgressLayout.codeRow]
        s.frozenRows = 1
        s.protected = true
        // Wide enough for its heading in the person's language ("Niveau d'achèvement", bold).
        s.columnWidths = columns.map { max($0.width, Double($0.heading.count) * 1.15 + 1) }
        return s
    }

    /// A day as a date cell; a month (the manual's `2026-11`) as text, so it stays a month,
    /// written as people of the workbook's language write it ("novembre 2026"), which the
    /// import reads back (PeopleInput).
    static func dateValue(_ d: PlanDate, _ language: String) -> CellValue {
        switch d {
        case let .day(y, m, dd): return .day(year: y, month: m, day: dd)
        case .month: return .text(Catalogue.shared.written(d.spoken, in: language))
        }
    }
}
