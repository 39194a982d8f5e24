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
        CommandConfiguration(commandName: "template", abstract: Catalogue.text("pimp.help.template.abstract"),
                             discussion: Catalogue.text("pimp.help.template.discussion"))
    }()

    enum Format: String, ExpressibleByArgument, CaseIterable { case xlsx }

    @Option(help: ArgumentHelp(Catalogue.text("sheets.help.option.format"))) var format: Format = .xlsx
    @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp(Catalogue.text("sheets.help.option.output")))
    var output: String?

    func run() throws {
        let file = output ?? Catalogue.text("pimp.template.file")
        do {
            try XLSXWriter.data(PlanTemplate.workbook()).write(to: URL(fileURLWithPath: file), options: .atomic)
        } catch {
            Console.error(Catalogue.text("workspace.cannot-write", ["path": .text(file), "reason": .text(error.localizedDescription)]))
            throw ExitCode(74)
        }
        Console.line(Catalogue.text("pimp.template.done", ["file": .text(file)]))
    }
}

/// `carnet plan import FILE DIR`: a plan repository from a filled plan workbook, all or nothing.
struct PlanImportCommand: ParsableCommand {
    static let configuration: CommandConfiguration = {
        CommandConfiguration(commandName: "import", abstract: Catalogue.text("pimp.help.import.abstract"),
                             discussion: Catalogue.text("pimp.help.import.discussion"))
    }()

    @Argument(help: ArgumentHelp(Catalogue.text("sheets.help.arg.file"))) var file: String
    @Argument(help: ArgumentHelp(Catalogue.text("pimp.help.arg.directory"))) var directory: String
    @Option(help: ArgumentHelp(Catalogue.text("help.plan.init.name"))) var name: String?
    @Option(help: ArgumentHelp(Catalogue.text("help.plan.init.email"))) var email: String?
    @Flag(help: ArgumentHelp(Catalogue.text("pimp2.help.remove-missing"))) var removeMissing = false

    func validate() throws {
        if (name == nil) != (email == nil) { throw ValidationError(Catalogue.text("cli.plan.name-and-email")) }
    }

    func run() throws {
        let data = try readWorkbookFile(file)
        do {
            let outcome = try Failure.guarded { try PlanImport.run(data, file: file, into: directory,
                                                                             author: name.map { Signature(name: $0, email: email!) },
                                                                             removeMissing: removeMissing) }
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
