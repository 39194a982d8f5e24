import Foundation
import Messages
import Records
import Workspace

extension PlanRecords {
    /// The plan workbook's optional progress sheet, for a plan imported when it is already under
    /// way: each row a milestone's progress as progress.yaml holds it (one list of fields, the
    /// record's own; its texts plain, in the plan's language), read by the progress workbook's rules: the completion in any word
    /// PeopleInput knows (never a guess), dates as date cells or as people write them, texts by
    /// TextRule; a row names a milestone of the milestones sheet, once. The files it makes are
    /// then judged by the one validator with the rest of the plan.
    mutating func readProgress(_ r: inout PlanSheetReading) {
        var seen: [String: Int] = [:]
        for row in r.rows {
            guard let c = r.requiredID("commitment", row, names: true) else { continue }
            guard let id = r.uniqueID("milestone", row, scope: c + " ", seen: &seen) else { continue }
            guard let milestones = milestoneIDs[c] else {
                r.problem("commitment", row, Catalogue.text("pimp2.read.progress-unknown-commitment", ["commitment": .text(c)]))
                continue
            }
            guard milestones.contains(id) else {
                r.problem("milestone", row, Catalogue.text("pimp2.read.progress-unknown-milestone", [
                    "milestone": .text(id), "commitment": .text(c), "milestones": .text(milestones.joined(separator: ", "))]))
                continue
            }
            let start = r.date("actual_start", row), end = r.date("actual_end", row)
            let note = r.text("note", row), reason = r.text("delay_reason", row)
            guard let completion = r.completion("completion", row) else {
                if r.isBlank("completion", row) { r.problem("completion", row, Catalogue.text("sheets.cell.completion-required")) }
                continue
            }
            var read = CommitmentProgress.MilestoneProgress(id: id, completion: completion)
            read.actualStart = start
            read.actualEnd = end
            read.note = note.map(Text.plain)
            read.delayReason = reason.map(Text.plain)
            milestoneProgress[c, default: []].append(read)
            if origin[PlanLayout.progressFile(c)] == nil { origin[PlanLayout.progressFile(c)] = (r.sheet.name, row) }
        }
    }
}

extension PlanSheetReading {
    /// A completion level in any of the words people use (PeopleInput); nil when empty or refused.
    mutating func completion(_ code: String, _ row: Int) -> CompletionLevel? {
        guard let s = text(code, row) else { return nil }
        switch PeopleInput.completion(s, language: language) {
        case .success(let level): return level
        case .failure(let why): problem(code, row, why.message); return nil
        }
    }
}

extension PlanImport {
    /// The progress files the import writes: each commitment the progress sheet names, its
    /// progress as the plan holds it (or new) with the sheet's milestones set over it — results,
    /// evidence and the milestones the sheet leaves out stay as they are — and the progress of
    /// milestones removed (PlanRemovals). A progress file that does not read is never replaced
    /// (what it holds would be lost): the import is refused, naming it.
    static func progressFiles(_ records: PlanRecords, removals: PlanRemovals?, copy: WorkingCopy?) throws -> [String: String] {
        var after = (removals?.progress ?? [:]).mapValues { $0.after }
        var before = (removals?.progress ?? [:]).mapValues { $0.before }
        let toRead = Set(records.milestoneProgress.keys).subtracting(after.keys)
        if let copy, !toRead.isEmpty {
            let held = copy.snapshot(only: toRead)
            var unreadable: [SheetProblem] = []
            for c in toRead.sorted() {
                guard let entry = held.commitments[c]?.progress else { continue }
                guard let record = entry.record else {
                    let at = records.origin[PlanLayout.progressFile(c)] ?? ("", 0)
                    unreadable.append(SheetProblem(at.sheet, column: 0, row: at.row, Catalogue.text("pimp2.read.progress-unreadable", [
                        "path": .text(PlanLayout.progressFile(c))])))
                    continue
                }
                before[c] = record
                after[c] = record
            }
            if !unreadable.isEmpty { throw WorkbookRefusal.cells(unreadable) }
        }
        let language = records.planLanguage
        /// A text of the sheet over the one held: only the plan's language changes (translations stay).
        func set(_ field: inout Text?, _ read: Text?) {
            let cell = read?.anyValue()
            guard cell != field.flatMap({ $0.value(in: language, planLanguage: language) }) else { return }
            field = cell.map { cell in field.map { $0.setting(cell, language: nil, planLanguage: language) } ?? .plain(cell) }
        }
        for (c, rows) in records.milestoneProgress {
            var progress = after[c] ?? CommitmentProgress(commitment: c, completion: .notStarted)
            for row in rows {
                var item = progress.milestone(row.id) ?? .init(id: row.id, completion: row.completion)
                item.completion = row.completion
                item.actualStart = row.actualStart
                item.actualEnd = row.actualEnd
                set(&item.note, row.note)
                set(&item.delayReason, row.delayReason)
                if let i = progress.milestones.firstIndex(where: { $0.id == row.id }) {
                    progress.milestones[i] = item
                } else {
                    progress.milestones.append(item)
                }
            }
            let order = records.milestoneIDs[c] ?? []
            progress.milestones.sort { (order.firstIndex(of: $0.id) ?? .max) < (order.firstIndex(of: $1.id) ?? .max) }
            after[c] = progress
        }
        var files: [String: String] = [:]
        for (c, progress) in after where progress != before[c] {
            files[PlanLayout.progressFile(c)] = progress.stampingTranslations(after: before[c], firstLanguage: language).canonicalYAML
        }
        return files
    }
}
