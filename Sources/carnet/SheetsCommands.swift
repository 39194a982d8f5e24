import ArgumentParser
import Foundation
import Messages
import Records
import Sheets
import Spreadsheet
import Workspace

/// `carnet export progress`: a ministry's progress workbook (docs/SPREADSHEETS.md).
struct ExportCommand: ParsableCommand {
    static let configuration: CommandConfiguration = {
        CommandConfiguration(commandName: "export", abstract: Catalogue.text("sheets.help.export.abstract"),
                             subcommands: [ExportProgress.self])
    }()

    struct ExportProgress: ParsableCommand {
        static let configuration: CommandConfiguration = {
            CommandConfiguration(commandName: "progress", abstract: Catalogue.text("ods.help.export.progress.abstract"),
                                 discussion: Catalogue.text("sheets.help.export.progress.discussion"))
        }()

        @OptionGroup var repository: RepositoryOptions
        @Option(help: ArgumentHelp(Catalogue.text("sheets.help.option.ministry"))) var ministry: String?
        @Option(help: ArgumentHelp(Catalogue.text("ods.help.option.format"))) var format: WorkbookFile.Format?
        @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp(Catalogue.text("sheets.help.option.output")))
        var output: String

        func run() throws {
            let copy = try repository.open()
            let snapshot = copy.snapshot()
            // A ministry's copy writes its own workbook; the point of contact names one, or gets all.
            var chosen = ministry.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            if case .ministry(let own)? = try Failure.guarded({ try copy.writer() }) {
                if let chosen, chosen != own {
                    Console.error(Catalogue.text("sheets.import.other-ministry", ["ministry": .text(chosen), "own": .text(own)]))
                    throw ExitCode(77)
                }
                chosen = own
            }
            if let chosen, snapshot.ministries[chosen] == nil {
                Console.error(Catalogue.text("sheets.export.unknown-ministry", [
                    "ministry": .text(chosen), "known": .text(snapshot.ministryIDs.sorted().joined(separator: ", "))]))
                throw ExitCode(64)
            }
            guard let head = try Failure.guarded({ try copy.headCommitHex() }) else {
                Console.error(Catalogue.text("sheets.export.no-commit"))
                throw ExitCode(66)
            }
            if let dirty = try? copy.uncommitted(snapshot.commitments.keys.sorted().map(PlanLayout.progressFile)), !dirty.isEmpty {
                Console.error(Catalogue.text("sheets.import.uncommitted", ["paths": .text(dirty.joined(separator: ", "))]))
                throw ExitCode(65)
            }
            let book = ProgressExport.workbook(snapshot, ministry: chosen, commit: head, language: Catalogue.language)
            let chosenFormat = WorkbookFile.Format.of(output, given: format)
            let files = try WorkbookFile.write(book, format: chosenFormat, to: output)
            let rows = book.sheets[0].rows.count - 2 + book.sheets[1].rows.count - 2
            if chosenFormat == .csv {
                // CSV is for reading and sharing: the import reads a workbook, which keeps the checks.
                Console.line(Catalogue.text("ods.export.csv-done", ["folder": .text(output), "count": .number(rows),
                                                                    "files": .text(files.joined(separator: ", "))]))
            } else {
                Console.line(Catalogue.text("sheets.export.done", ["file": .text(output), "count": .number(rows)]))
            }
        }
    }
}

/// `carnet import progress FILE`: a filled workbook applied, all or nothing.
struct ImportCommand: ParsableCommand {
    static let configuration: CommandConfiguration = {
        CommandConfiguration(commandName: "import", abstract: Catalogue.text("sheets.help.import.abstract"),
                             subcommands: [ImportProgress.self])
    }()

    struct ImportProgress: ParsableCommand {
        static let configuration: CommandConfiguration = {
            CommandConfiguration(commandName: "progress", abstract: Catalogue.text("sheets.help.import.progress.abstract"),
                                 discussion: Catalogue.text("sheets.help.import.progress.discussion"))
        }()

        @OptionGroup var repository: RepositoryOptions
        @Argument(help: ArgumentHelp(Catalogue.text("ods.help.arg.workbook"))) var file: String

        func run() throws {
            let copy = try repository.open()
            if WorkbookFile.isFolder(file) {
                Console.error(Catalogue.text("ods.import.progress-folder", ["file": .text(file)]))
                throw ExitCode(65)
            }
            let data = try readWorkbookFile(file)
            do {
                let outcome = try Failure.guarded { try ProgressImport.run(data, file: file, copy: copy) }
                guard outcome.commit != nil else {
                    Console.line(Catalogue.text("sheets.import.nothing"))
                    return
                }
                Console.line(Catalogue.text("sheets.import.done", ["count": .number(outcome.changes.count)]))
                for line in outcome.changes { Console.line("  " + line) }
                for c in outcome.conflicts { Console.line(Catalogue.text("sheets.import.conflict", ["field": .text(c)])) }
            } catch let refusal as WorkbookRefusal {
                for line in refusal.description.split(separator: "\n", omittingEmptySubsequences: false) {
                    Console.line(String(line), toError: true)
                }
                throw ExitCode(65)
            }
        }
    }
}

/// A workbook file as the commands write it: one writer for every format (read by
/// `readWorkbookFile`, below).
enum WorkbookFile {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case xlsx, ods, csv

        /// The format asked for, or the output's extension says (`-o avancement.ods`), or xlsx.
        static func of(_ output: String, given: Format?) -> Format {
            if let given { return given }
            return output.lowercased().hasSuffix(".ods") ? .ods : .xlsx
        }

        var spreadsheet: SpreadsheetFormat {
            switch self {
            case .xlsx: return .xlsx
            case .ods: return .ods
            case .csv: return .csv
            }
        }
    }

    static func isFolder(_ path: String) -> Bool {
        var folder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &folder) && folder.boolValue
    }

    /// Writes `book` as a file (.xlsx, .ods) or a folder of CSV files; exit 74 when it cannot be
    /// written. Returns the CSV files' names (empty for a single file).
    static func write(_ book: Workbook, format: Format, to output: String) throws -> [String] {
        do {
            if format == .csv { return try SpreadsheetWriter.writeCSVFolder(book, to: output) }
            try SpreadsheetWriter.data(book, format: format.spreadsheet).write(to: URL(fileURLWithPath: output), options: .atomic)
            return []
        } catch {
            Console.error(Catalogue.text("workspace.cannot-write", ["path": .text(output), "reason": .text(Catalogue.reason(for: error))]))
            throw ExitCode(74)
        }
    }
}

/// A workbook file's bytes, its size checked before it is read (the reader's own cap, so a
/// 10 GB file is never loaded): exit 65 when too large, 66 when it cannot be read.
func readWorkbookFile(_ file: String) throws -> Data {
    do {
        let size = (try FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.intValue ?? 0
        guard size <= XLSXReader.Limits().fileBytes else {
            Console.error(SpreadsheetError.tooLarge(file).description)
            throw ExitCode(65)
        }
        return try Data(contentsOf: URL(fileURLWithPath: file))
    } catch let e as ExitCode {
        throw e
    } catch {
        Console.error(Catalogue.text("sheets.import.no-file", ["file": .text(file)]))
        throw ExitCode(66)
    }
}
