import Foundation
import Git
import Messages
import Records
import Spreadsheet
import Workspace

/// `carnet plan import FILE DIR`: a plan repository from a plan workbook (PlanColumns; .xlsx,
/// .ods, or a folder of CSV files), all or nothing. Every cell is checked where it is, then the
/// whole plan by the one validator (PlanValidator), in memory (ReplacedFiles); only a plan that
/// validates is written: a new repository with one commit (as `carnet plan init` makes one), or, into the
/// plan DIR already holds, one commit of the files that differ — none when the same workbook is
/// imported again.
public enum PlanImport {
    public struct Outcome: Sendable {
        public var created: Bool
        public var commit: String?
        /// Files written (relative paths).
        public var changed: [String]
        /// Commitments imported as drafts, with what each leaves to complete.
        public var drafts: [(id: String, gaps: [String])]
        public var commitments: Int
        /// What was removed from the plan (`removeMissing`), in the person's words.
        public var removed: [String] = []
    }

    /// The workbook's sheets, found by name in English or French (or their field codes).
    static func records(_ book: ReadWorkbook, language: String) throws -> PlanRecords {
        var found: [PlanColumns.SheetKind: ReadSheet] = [:]
        for kind in PlanColumns.SheetKind.allCases {
            guard let sheet = book.sheets.first(where: { kind.names.contains(PeopleInput.fold($0.name)) }) else {
                if kind.optional { continue }
                throw WorkbookRefusal.workbook(Catalogue.text("pimp.import.sheet-missing", [
                    "sheet": .text(kind.name),
                    "found": .text(book.sheets.filter { !$0.hidden }.map(\.name).joined(separator: ", "))]))
            }
            found[kind] = sheet
        }
        let records = PlanRecords(plan: found[.plan]!, organisations: found[.organisations]!, commitments: found[.commitments]!,
                                  milestones: found[.milestones]!, progress: found[.progress], language: language)
        if !records.problems.isEmpty { throw WorkbookRefusal.cells(records.problems) }
        return records
    }

    /// `author`: who the new repository's first commit is by (as `carnet plan init --name --email`);
    /// nil: the configured author of the copy DIR already is. `removeMissing`: what the plan
    /// holds and the workbook no longer does is removed in the same commit (PlanRemovals);
    /// otherwise such rows refuse the import.
    public static func run(_ data: Data, file: String, into directory: String, author: Signature? = nil,
                           removeMissing: Bool = false, language: String = Catalogue.language) throws -> Outcome {
        let book: ReadWorkbook
        // .xlsx or .ods, told by content.
        do { book = try SpreadsheetReader.read(data, file: file) } catch let e as SpreadsheetError {
            throw WorkbookRefusal.workbook(e.description)
        }
        return try run(book, file: file, into: directory, author: author, removeMissing: removeMissing, language: language)
    }

    /// A plan kept as a folder of CSV files, one per sheet, named as the sheets are (in English
    /// or French): the same columns, the same checks.
    public static func run(csvFolder: String, into directory: String, author: Signature? = nil,
                           removeMissing: Bool = false, language: String = Catalogue.language) throws -> Outcome {
        let book: ReadWorkbook
        do { book = try SpreadsheetReader.readCSVFolder(csvFolder) } catch let e as SpreadsheetError {
            throw WorkbookRefusal.workbook(e.description)
        } catch {
            throw WorkbookRefusal.workbook(Catalogue.text("sheets.import.no-file", ["file": .text(csvFolder)]))
        }
        return try run(book, file: csvFolder, into: directory, author: author, removeMissing: removeMissing, language: language)
    }

    static func run(_ book: ReadWorkbook, file: String, into directory: String, author: Signature?,
                    removeMissing: Bool, language: String) throws -> Outcome {
        let records = try records(book, language: language)
        let fm = FileManager.default
        let root = URL(fileURLWithPath: directory).standardizedFileURL
        let existing = ((try? fm.contentsOfDirectory(atPath: root.path)) ?? []).isEmpty == false
        let copy = existing ? try WorkingCopy(at: root.path) : nil
        let removals = try copy.map { try PlanRemovals($0, records: records) }
        if let removals, !removals.isEmpty, !removeMissing { throw removals.refusal }
        var files = records.files
        if let copy { PlanKept.records(&files, records: records, copy: copy) }
        for (path, text) in try progressFiles(records, removals: removals, copy: copy) { files[path] = text }

        // The plan as it would be, in memory: what DIR holds (nothing, for a new plan), with the
        // workbook's files over it and the removed rows gone (a removed commitment's folder whole:
        // a folder left would read as a commitment). Validated before a byte is written.
        let bytes = files.mapValues { Array($0.utf8) }
        var gone = Set(removals?.deleted ?? [])
        for path in removals?.deleted ?? [] where PlanLayout.unit(of: path) != path { gone.insert(PlanLayout.unit(of: path)) }
        let planned = copy.map { ReplacedFiles(FolderSource($0.root), bytes, removing: gone) } ?? ReplacedFiles(files: bytes)
        let errors = PlanValidator().validate(PlanSnapshot(source: planned)).filter { $0.severity == .error }
        if !errors.isEmpty {
            throw WorkbookRefusal.cells(errors.map { d in
                if let at = records.origin[d.path] { return SheetProblem(at.sheet, column: 0, row: at.row, d.message) }
                var p = SheetProblem("", column: 0, row: 0, d.message)
                p.cell = d.path
                return p
            })
        }
        let name = URL(fileURLWithPath: file).lastPathComponent
        let commitments = records.files.keys.filter { $0.hasPrefix(PlanLayout.commitmentsDir + "/") }.count
        guard let copy else {
            let created = try WorkingCopy.create(at: root.path, files: files.mapValues { Data($0.utf8) }, author: author,
                                                 message: "Plan imported from the workbook \(name)")
            if let author { try created.setAuthor(name: author.name, email: author.email) }
            return Outcome(created: true, commit: try created.headCommitHex(), changed: files.keys.sorted(),
                           drafts: records.drafts, commitments: commitments)
        }
        let changed = files.keys.sorted().filter {
            fm.contents(atPath: copy.path($0)) != Data(files[$0]!.utf8)
        }
        let removed = removals?.lines ?? []
        let message = "Plan imported again from the workbook \(name)\n\n"
            + (changed.map { "- " + $0 } + removed.map { "- " + $0 }).joined(separator: "\n") + "\n"
        let result = try copy.commitPlanFiles(files, removing: removals?.deleted ?? [], message: message)
        return Outcome(created: false, commit: result.commit, changed: result.changed, drafts: records.drafts, commitments: commitments,
                       removed: removals?.said ?? [])
    }
}
