import ArgumentParser
import Foundation
import Messages
import Records
import Report

/// `carnet report communications`: the log of communications as CSV, for the IRM researcher.
struct CommunicationsReport: ParsableCommand {
    static let configuration: CommandConfiguration = {
        CommandConfiguration(
            commandName: "communications", abstract: Catalogue.text("part.help.communications.abstract"),
            usage: "carnet report communications --out <out> [--format csv|xlsx] [--include-private]",
            discussion: HelpText.discussion(Catalogue.text("part.help.communications.discussion"),
                                            example: "carnet report communications --out journal-communications.csv"))
    }()

    @OptionGroup var plan: PlanFolderOption
    @Option(help: ArgumentHelp(Catalogue.text("part.help.communications.out"))) var out: String
    @Flag(name: .customLong("include-private"), help: ArgumentHelp(Catalogue.text("part.help.communications.include-private")))
    var includePrivate = false
    @Option(help: ArgumentHelp(Catalogue.text("remind.help.communications-format"))) var format: String?

    func run() throws {
        let snapshot = try plan.load()
        guard let record = snapshot.plan?.record else {
            Console.error(Catalogue.text("part.report.no-plan"))
            throw ExitCode(65)
        }
        // The format given, else the file name's extension (.xlsx), else CSV.
        let chosen = format?.lowercased() ?? (out.lowercased().hasSuffix(".xlsx") ? "xlsx" : "csv")
        guard chosen == "csv" || chosen == "xlsx" else {
            Console.error(Catalogue.text("remind.communications-format", ["value": .text(TextRule.visible(format ?? ""))]))
            throw ExitCode(64)
        }
        let log = CommunicationsLog(plan: record, records: snapshot.participation, asOf: try plan.asOf())
        let data: Data
        do {
            data = chosen == "xlsx" ? try log.xlsx(includePrivate: includePrivate) : log.csv(includePrivate: includePrivate)
        } catch {
            Console.error(Catalogue.text("cli.cannot-write", ["path": .text(out), "reason": .text(String(describing: error))]))
            throw ExitCode(74)
        }
        do {
            try data.write(to: URL(fileURLWithPath: out))
        } catch {
            Console.error(Catalogue.text("cli.cannot-write", ["path": .text(out), "reason": .text(Catalogue.reason(for: error))]))
            throw ExitCode(74)
        }
        Console.line(Catalogue.text("part.report.communications-written", ["path": .text(out), "count": .number(snapshot.participation.communications.count)]))
    }
}
