import Foundation
import Records
import Spreadsheet

/// The log of communications with stakeholders, as a CSV file for the IRM researcher (manual:
/// "keep a log of communications"): one row per question, its deadline (20 working days) and
/// whether it was answered in time. The sender is left out unless they agreed to be named
/// (`from_public`) or `includePrivate` is asked for. Column names are language-neutral (the
/// records' own keys): the file is data, read by people of any language and by scripts. Cells
/// are written by OpenData's one CSV writer (quoting, no formula).
public struct CommunicationsLog {
    public static let header = ["id", "received", "from", "from_public", "channel", "question", "answered", "answer",
                                "answered_by", "deadline", "working_days", "state"]

    let plan: Plan
    let records: ParticipationRecords
    let asOf: PlanDate

    public init(plan: Plan, records: ParticipationRecords, asOf: PlanDate) {
        self.plan = plan
        self.records = records
        self.asOf = asOf
    }

    /// Texts in the plan's first language (the others in their own columns would multiply them).
    private func text(_ t: Text?) -> String { t?.anyValue(preferring: plan.language) ?? "" }

    /// One row per communication, in `header`'s order: the one place the private fields are left out.
    func rows(includePrivate: Bool) -> [[String]] {
        let answers = Dictionary(uniqueKeysWithValues: ParticipationRules(plan: plan, records: records, today: asOf).answers().map { ($0.communication, $0) })
        return records.sortedCommunications.map { c in
            let a = answers[c.id]
            return [c.id, c.received.description, c.fromPublic || includePrivate ? c.from : "", c.fromPublic ? "true" : "false",
                    c.channel.rawValue, text(c.question), c.answered?.description ?? "", text(c.answer), c.answeredBy ?? "",
                    a?.deadline.description ?? "", a.map { String($0.workingDays) } ?? "", a?.state.rawValue ?? ""]
        }
    }

    public func csv(includePrivate: Bool = false) -> Data {
        OpenData.csv(Self.header, rows(includePrivate: includePrivate))
    }

    /// The same table as a workbook (Sources/Spreadsheet's writer: every text a string, never a
    /// formula), days as date cells and working days as numbers.
    public func xlsx(includePrivate: Bool = false) throws -> Data {
        var sheet = Sheet(name: "communications", rows: [Self.header.map { Cell(.text($0), heading: true) }])
        sheet.frozenRows = 1
        for row in rows(includePrivate: includePrivate) {
            sheet.rows.append(zip(Self.header, row).map { column, value in Cell(Self.typed(value, column: column)) })
        }
        return try XLSXWriter.data(Workbook(sheets: [sheet]))
    }

    static func typed(_ value: String, column: String) -> CellValue {
        if value.isEmpty { return .empty }
        if column == "working_days", let n = Int(value) { return .number(Double(n)) }
        if ["received", "answered", "deadline"].contains(column), case let .day(y, m, d)? = PlanDate(value) { return .day(year: y, month: m, day: d) }
        return .text(value)
    }
}
