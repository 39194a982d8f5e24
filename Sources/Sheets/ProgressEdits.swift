import Messages
import Records
import Spreadsheet

/// The cells of a progress workbook compared with the records as of the commit it was made
/// from: `ours` is that progress with the workbook's changes, `said` the changes in words.
struct Edits {
    let base: PlanSnapshot
    let ministry: String?
    let planLanguage: String
    var ours: [String: CommitmentProgress] = [:]
    var said: [(commitment: String, line: String)] = []
    var problems: [SheetProblem] = []
    /// Where each commitment's row is, to name a problem found after reading (merge, validation).
    var rows: [String: (sheet: String, row: Int)] = [:]
    /// The row each milestone (`05 m3`) or commitment was read from: a second row for the same
    /// one would make one of them lost.
    var seen: [String: Int] = [:]

    init(base: PlanSnapshot, ministry: String?, planLanguage: String) {
        self.base = base
        self.ministry = ministry
        self.planLanguage = planLanguage
    }

    func baseProgress(_ c: String) -> CommitmentProgress {
        base.commitments[c]?.progress?.record ?? CommitmentProgress(commitment: c, completion: .notStarted)
    }

    func problem(at c: String, _ message: String) -> SheetProblem {
        let at = rows[c] ?? ("", 0)
        return SheetProblem(at.sheet, column: 0, row: at.row, message)
    }

    /// The commitment a row names, if this workbook may change it (the one access rule).
    mutating func commitment(in reading: inout CellReading) -> Commitment? {
        guard let id = reading.text("commitment", rule: .line) else {
            // A row with entries but no commitment (a row added by hand) would be lost silently.
            if let filled = reading.sheet.cells[reading.row]?.keys.min() {
                reading.problems.append(SheetProblem(reading.sheetName, column: filled, row: reading.row,
                                                     Catalogue.text("sheets.cell.no-commitment")))
            }
            return nil
        }
        guard let c = base.commitments[id]?.commitment?.record else {
            reading.problem("commitment", Catalogue.text("sheets.cell.unknown-commitment", ["commitment": .text(id)]))
            return nil
        }
        // The one access rule, with milestone shares: a milestone's lead may write its own
        // milestones' rows of a commitment it does not lead (what it may change in them is
        // judged on the whole change, `shareViolations`); the commitments sheet is the lead's.
        if let rule = violation(id, new: baseProgress(id)) {
            reading.problem("commitment", rule.text)
            return nil
        }
        if rows[id] == nil { rows[id] = (reading.sheetName, reading.row) }
        if ours[id] == nil { ours[id] = baseProgress(id) }
        return c
    }

    /// The organisations that may write for a unit besides itself (the plan's parents rule).
    var over: (String) -> [String] {
        var parents: [String: String] = [:]
        for (id, entry) in base.ministries { if let p = entry.record?.parent { parents[id] = p } }
        return AccessRule.over(base.plan?.record, OrganisationTree(parents: parents))
    }

    /// The milestones of `c` the workbook's ministry leads (itself or as a parent of their lead).
    func ownMilestones(_ c: String) -> Set<String> {
        guard let ministry, let commitment = base.commitments[c]?.commitment?.record else { return [] }
        let over = self.over
        return Set(commitment.milestones.filter { AccessRule.speaks(ministry, for: commitment.lead(of: $0), over: over) }.map(\.id))
    }

    /// AccessRule's answer for writing `new` as `c`'s progress, against the workbook's base.
    func violation(_ c: String, new: CommitmentProgress) -> StoredMessage? {
        guard let ministry else { return nil }
        let base = self.base, over = self.over
        let share = MilestoneShare(own: ownMilestones(c), new: .record(new), bases: [.record(baseProgress(c))])
        // Nothing here throws (the records are in memory); `try?` only satisfies `rethrows`.
        return (try? AccessRule.violation(.ministry(ministry), path: PlanLayout.progressFile(c),
                                          lead: { base.commitments[$0]?.commitment?.record?.leadAgency },
                                          over: { over($0) }, share: { _ in share })) ?? nil
    }

    /// Whether this workbook's ministry may write a row of `c`: all of them as the commitment's
    /// lead (or its parent); as a milestone's lead only that milestone's row.
    func mayWriteRow(_ c: String, milestone: String?) -> Bool {
        guard let ministry, let commitment = base.commitments[c]?.commitment?.record,
              !AccessRule.speaks(ministry, for: commitment.leadAgency, over: over) else { return true }
        return milestone.map { ownMilestones(c).contains($0) } ?? false
    }

    func notLead(_ c: String) -> StoredMessage {
        StoredMessage("records.access.not-lead", ["commitment": .text(c), "lead": .text(base.commitments[c]?.commitment?.record?.leadAgency ?? ""),
                                                  "ministry": .text(ministry ?? "")])
    }

    func shown(_ t: Text?) -> String? { t.flatMap { $0.value(in: planLanguage, planLanguage: planLanguage) } }

    /// Sets a text field when the cell differs from what was exported.
    mutating func text(_ field: inout Text?, _ cell: String?, _ name: String, _ c: String) {
        guard cell != shown(field) else { return }
        if let cell {
            field = field.map { $0.setting(cell, language: nil, planLanguage: planLanguage) } ?? .plain(cell)
        } else {
            field = nil
        }
        said.append((c, "\(name): " + (cell == nil ? "cleared" : "updated")))
    }

    mutating func readMilestones(_ sheet: ReadSheet, language: String) {
        let columns = ProgressLayout.milestoneColumns
        for row in ProgressLayout.firstDataRow..<max(ProgressLayout.firstDataRow, sheet.rowCount) {
            var r = CellReading(sheet: sheet, columns: columns, row: row, language: language)
            defer { problems += r.problems }
            guard let commitment = commitment(in: &r) else { continue }
            let c = commitment.id
            guard let mid = r.text("milestone", rule: .line).flatMap(PeopleInput.recordID), commitment.milestone(mid) != nil else {
                r.problem("milestone", Catalogue.text("sheets.cell.unknown-milestone", [
                    "milestone": .text(r.sheet.cell(row, r.index("milestone"))?.value.shown ?? ""), "commitment": .text(c)]))
                continue
            }
            if !mayWriteRow(c, milestone: mid) {
                r.problem("milestone", Catalogue.text("pimp.access.not-own-milestone", [
                    "milestone": .text(mid), "commitment": .text(c), "ministry": .text(ministry ?? "")]))
                continue
            }
            if let first = seen["\(c) \(mid)"] {
                r.problem("milestone", Catalogue.text("sheets.cell.duplicate-row", ["count": .number(first + 1)]))
                continue
            }
            seen["\(c) \(mid)"] = row
            let completion = r.completion("completion"), start = r.date("actual_start"), end = r.date("actual_end")
            let note = r.text("note", rule: .prose), reason = r.text("delay_reason", rule: .prose)
            guard let completion, let start, let end, r.problems.isEmpty else { continue }
            var progress = ours[c]!
            let existing = progress.milestone(mid)
            var item = existing ?? CommitmentProgress.MilestoneProgress(id: mid, completion: .notStarted)
            let label = "\(c) \(mid)"
            if let completion, completion != existing?.completion {
                said.append((c, "\(label) completion: \(existing?.completion.rawValue ?? "-") → \(completion.rawValue)"))
                item.completion = completion
            } else if completion == nil, existing != nil {
                r.problem("completion", Catalogue.text("sheets.cell.completion-required"))
                continue
            }
            if start != item.actualStart {
                said.append((c, "\(label) actual start: \(start?.description ?? "-")"))
                item.actualStart = start
            }
            if end != item.actualEnd {
                said.append((c, "\(label) actual end: \(end?.description ?? "-")"))
                item.actualEnd = end
            }
            text(&item.note, note, "\(label) note", c)
            text(&item.delayReason, reason, "\(label) reason for delay", c)
            guard existing != item else { continue }
            if let i = progress.milestones.firstIndex(where: { $0.id == mid }) {
                progress.milestones[i] = item
            } else {
                progress.milestones.append(item)
                let order = commitment.milestones.map(\.id)
                progress.milestones.sort { (order.firstIndex(of: $0.id) ?? .max) < (order.firstIndex(of: $1.id) ?? .max) }
            }
            ours[c] = progress
        }
    }

    mutating func readCommitments(_ sheet: ReadSheet, language: String) {
        let columns = ProgressLayout.commitmentColumns
        for row in ProgressLayout.firstDataRow..<max(ProgressLayout.firstDataRow, sheet.rowCount) {
            var r = CellReading(sheet: sheet, columns: columns, row: row, language: language)
            defer { problems += r.problems }
            guard let commitment = commitment(in: &r) else { continue }
            let c = commitment.id
            if !mayWriteRow(c, milestone: nil) {
                r.problem("commitment", notLead(c).text)
                continue
            }
            if let first = seen[c] {
                r.problem("commitment", Catalogue.text("sheets.cell.duplicate-row", ["count": .number(first + 1)]))
                continue
            }
            seen[c] = row
            let completion = r.completion("completion")
            let results = r.text("results", rule: .prose), next = r.text("next_steps", rule: .prose)
            let reason = r.text("delay_reason", rule: .prose)
            guard let completion, r.problems.isEmpty else { continue }
            guard let completion else {
                r.problem("completion", Catalogue.text("sheets.cell.completion-required"))
                continue
            }
            var progress = ours[c]!
            if completion != progress.completion {
                said.append((c, "\(c) completion: \(progress.completion.rawValue) → \(completion.rawValue)"))
                progress.completion = completion
            }
            text(&progress.results, results, "\(c) results", c)
            text(&progress.nextSteps, next, "\(c) next steps", c)
            text(&progress.delayReason, reason, "\(c) reason for delay", c)
            ours[c] = progress
        }
    }
}
