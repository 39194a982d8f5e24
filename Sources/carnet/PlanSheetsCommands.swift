import ArgumentParser
import Foundation
import Git
import Messages
import Records
import Sheets
import Spreadsheet
import Workspace

/// `carnet plan template`: the blank plan workbook (docs/SPREADSHEETS.md).
struct PlanTemplateCommand: ParsableCommand {
    static let configuration: CommandConfiguration = {
        CommandConfiguration(commandName: "template", abstract: Catalogue.text("ods.help.template.abstract"),
                             discussion: Catalogue.text("pimp.help.template.discussion"))
    }()

    @Option(help: ArgumentHelp(Catalogue.text("ods.help.option.format"))) var format: WorkbookFile.Format?
    @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp(Catalogue.text("sheets.help.option.output")))
    var output: String?

    func run() throws {
        // The default name follows the format: plan-template.xlsx, .ods, or a folder for CSV.
        let chosen = WorkbookFile.Format.of(output ?? "", given: format)
        let defaultName = Catalogue.text("pimp.template.file")
        let stem = defaultName.hasSuffix(".xlsx") ? String(defaultName.dropLast(5)) : defaultName
        let file = output ?? (chosen == .csv ? stem : stem + "." + chosen.rawValue)
        _ = try WorkbookFile.write(PlanTemplate.workbook(), format: chosen, to: file)
        Console.line(Catalogue.text("pimp.template.done", ["file": .text(file)]))
    }
}

/// `carnet plan import FILE DIR`: a plan repository from a filled plan workbook, all or nothing.
struct PlanImportCommand: ParsableCommand {
    static let configuration: CommandConfiguration = {
        CommandConfiguration(commandName: "import", abstract: Catalogue.text("ods.help.import.abstract"),
                             discussion: Catalogue.text("pimp.help.import.discussion"))
    }()

    @Argument(help: ArgumentHelp(Catalogue.text("ods.help.arg.plan-file"))) var file: String
    @Argument(help: ArgumentHelp(Catalogue.text("pimp.help.arg.directory"))) var directory: String
    @Option(help: ArgumentHelp(Catalogue.text("help.plan.init.name"))) var name: String?
    @Option(help: ArgumentHelp(Catalogue.text("help.plan.init.email"))) var email: String?
    @Flag(help: ArgumentHelp(Catalogue.text("pimp2.help.remove-missing"))) var removeMissing = false

    func validate() throws {
        if (name == nil) != (email == nil) { throw ValidationError(Catalogue.text("cli.plan.name-and-email")) }
    }

    func run() throws {
        let author = name.map { Signature(name: $0, email: email!) }
        // A folder is a plan kept as CSV files, one per sheet; a file is an .xlsx or .ods workbook.
        let csvFolder = WorkbookFile.isFolder(file)
        let data = try csvFolder ? Data() : readWorkbookFile(file)
        do {
            let outcome = try Failure.guarded {
                try csvFolder ? PlanImport.run(csvFolder: file, into: directory, author: author, removeMissing: removeMissing)
                              : PlanImport.run(data, file: file, into: directory, author: author, removeMissing: removeMissing)
            }
            if outcome.created {
                Console.line(Catalogue.text("pimp.import.created", ["path": .text(directory), "count": .number(outcome.commitments)]))
            } else if outcome.commit == nil {
                Console.line(Catalogue.text("pimp.import.nothing"))
            } else {
                Console.line(Catalogue.text("pimp.import.updated", ["count": .number(outcome.changed.count)]))
                for path in outcome.changed { Console.line("  " + path) }
            }
            if !outcome.removed.isEmpty {
                Console.line(Catalogue.text("pimp2.removed.done", ["count": .number(outcome.removed.count)]))
                for line in outcome.removed { Console.line("  - " + line) }
            }
            for draft in outcome.drafts {
                Console.line(Catalogue.text("pimp.import.draft", ["commitment": .text(draft.id),
                                                                  "fields": .text(draft.gaps.joined(separator: ", "))]))
            }
        } catch let refusal as WorkbookRefusal {
            for line in refusal.description.split(separator: "\n", omittingEmptySubsequences: false) {
                Console.line(String(line), toError: true)
            }
            throw ExitCode(65)
        }
    }
}
