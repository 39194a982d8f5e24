import Foundation
import Git
import Messages
import Records
import Spreadsheet
import Sync
import Workspace

/// `carnet import progress FILE`: a filled progress workbook applied as staff edits, all or
/// nothing. The workbook says which commit it was made from (its hidden `carnet` sheet): what
/// changed in the cells is what changed since that commit, and it is merged field by field with
/// what changed in the plan meanwhile, by sync's own merge (RecordMerge: conflicts kept, the
/// plan's value wins, ours recorded in the record's `conflicts` list, never a silent overwrite).
public enum ProgressImport {
    public struct Outcome: Sendable {
        /// What changed, one line each (also the commit's message body).
        public var changes: [String]
        /// Conflicts the merge recorded: `05: milestones.m2.completion`.
        public var conflicts: [String]
        public var commit: String?
    }

    public static func run(_ data: Data, file: String, copy: WorkingCopy) throws -> Outcome {
        let book: ReadWorkbook
        // .xlsx or .ods, told by content (the same layout and checks either way).
        do { book = try SpreadsheetReader.read(data, file: file) } catch let e as SpreadsheetError {
            throw WorkbookRefusal.workbook(e.description)
        }
        let meta = try Meta(book, file: file)
        guard copy.holdsCommit(meta.commit) else {
            throw WorkbookRefusal.workbook(Catalogue.text("sheets.import.other-plan", ["plan": .text(meta.plan)]))
        }
        // A ministry's copy applies its own workbook only; the point of contact any.
        var ministry = meta.ministry
        if case .ministry(let own)? = try copy.writer() {
            if let m = ministry, m != own {
                throw WorkbookRefusal.workbook(Catalogue.text("sheets.import.other-ministry", ["ministry": .text(m), "own": .text(own)]))
            }
            ministry = own
        }
        let milestoneSheet = try meta.sheet(book, meta.milestones, ProgressLayout.milestoneColumns)
        let commitmentSheet = try meta.sheet(book, meta.commitments, ProgressLayout.commitmentColumns)

        let base = try copy.snapshot(at: meta.commit)
        let planLanguage = base.plan?.record?.language ?? "fr"
        var edits = Edits(base: base, ministry: ministry, planLanguage: planLanguage)
        edits.readMilestones(milestoneSheet, language: meta.language)
        edits.readCommitments(commitmentSheet, language: meta.language)
        if !edits.problems.isEmpty { throw WorkbookRefusal.cells(edits.problems) }

        let changed = edits.ours.keys.sorted().filter { edits.ours[$0] != edits.baseProgress($0) }
        // The whole change of each progress file, judged by the hub's own rule (milestone shares).
        let refused = changed.compactMap { c in edits.violation(c, new: edits.ours[c]!).map { edits.problem(at: c, $0.text) } }
        if !refused.isEmpty { throw WorkbookRefusal.cells(refused) }
        if changed.isEmpty { return Outcome(changes: [], conflicts: [], commit: nil) }
        let dirty = try copy.uncommitted(changed.map(PlanLayout.progressFile))
        if !dirty.isEmpty { throw WorkbookRefusal.uncommitted(dirty) }

        let head = try copy.headCommitHex()
        let author = try copy.author()
        let now = ISO8601DateFormatter().string(from: Date())
        // The plan is loaded once: a workbook made from the last commit (the usual case) is
        // judged against the records it was read with; otherwise the changed records as they are.
        let current = head == meta.commit ? base : copy.snapshot(only: Set(changed))
        var texts: [String: String] = [:]
        var conflicts: [String] = []
        var problems: [SheetProblem] = []
        for c in changed {
            let path = PlanLayout.progressFile(c)
            let before = edits.baseProgress(c)
            let ours = edits.ours[c]!.stampingTranslations(after: before, firstLanguage: planLanguage).canonicalYAML
            let baseText = try copy.committedText(path, at: meta.commit)
            let theirs = try head.flatMap { try copy.committedText(path, at: $0) }
            var final = ours
            if let theirs, theirs != baseText {
                let merged = RecordMerge.merge(path: path, base: baseText, ours: ours, theirs: theirs,
                                               ourAuthor: "\(author.name) <\(author.email)>", ourTime: now,
                                               theirAuthor: nil, theirTime: nil)
                guard let text = merged.text else {
                    problems.append(edits.problem(at: c, merged.problem ?? ""))
                    continue
                }
                final = text
                conflicts += merged.conflicts.map { "\(c): \($0.field)" }
            }
            if final == theirs { continue }
            let (_, diagnostics) = PlanValidator().validateProgress(text: final, commitmentID: c, in: current)
            for d in diagnostics where d.severity == .error { problems.append(edits.problem(at: c, d.message)) }
            texts[c] = final
        }
        if !problems.isEmpty { throw WorkbookRefusal.cells(problems) }
        if texts.isEmpty { return Outcome(changes: [], conflicts: conflicts, commit: nil) }
        let lines = edits.said.filter { texts[$0.commitment] != nil }.map(\.line)
        let subject = "Progress workbook" + (ministry.map { " of \($0)" } ?? "") + " (made from \(meta.commit.prefix(8))): "
            + (lines.count == 1 ? lines[0] : "\(lines.count) changes")
        let message = lines.count == 1 ? subject : subject + "\n\n" + lines.map { "- " + $0 }.joined(separator: "\n")
        let commit = try copy.commitProgress(texts, message: message, in: current)
        return Outcome(changes: lines, conflicts: conflicts, commit: commit)
    }
}

/// The hidden `carnet` sheet, checked.
struct Meta {
    var commit: String, ministry: String?, language: String, milestones: String, commitments: String, plan: String

    init(_ book: ReadWorkbook, file: String) throws {
        let notOurs = WorkbookRefusal.workbook(Catalogue.text("sheets.import.not-progress-workbook", ["file": .text(file)]))
        guard let sheet = book.sheet(named: ProgressLayout.metaSheet) else { throw notOurs }
        var values: [String: String] = [:]
        for row in 0..<min(sheet.rowCount, 50) {
            values[sheet.cell(row, 0)?.value.shown ?? ""] = sheet.cell(row, 1)?.value.shown ?? ""
        }
        func value(_ key: ProgressLayout.Meta) -> String { values[key.rawValue] ?? "" }
        guard value(.format) == ProgressLayout.format, !value(.commit).isEmpty else { throw notOurs }
        commit = value(.commit)
        ministry = value(.ministry).isEmpty ? nil : value(.ministry)
        language = Catalogue.shared.codes.contains(value(.language)) ? value(.language) : Catalogue.language
        milestones = value(.milestones)
        commitments = value(.commitments)
        plan = value(.plan)
    }

    /// A data sheet, with its field codes exactly as exported: columns moved or removed would
    /// put values in the wrong fields, so the workbook is refused, saying what to do.
    func sheet(_ book: ReadWorkbook, _ name: String, _ columns: [ProgressLayout.Column]) throws -> ReadSheet {
        guard let sheet = book.sheet(named: name) else {
            throw WorkbookRefusal.workbook(Catalogue.text("sheets.import.sheet-missing", ["sheet": .text(name)]))
        }
        let expected = columns.map(\.code)
        let found = sheet.texts(row: ProgressLayout.codeRow, columns: expected.count + 1)
        if Array(found.prefix(expected.count)) != expected || !found[expected.count].isEmpty {
            throw WorkbookRefusal.workbook(Catalogue.text("sheets.import.columns-changed", [
                "sheet": .text(name),
                "expected": .text(expected.joined(separator: ", ")),
                "found": .text(found.filter { !$0.isEmpty }.joined(separator: ", ")),
            ]))
        }
        return sheet
    }
}
