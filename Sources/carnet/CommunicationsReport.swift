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
            usage: "carnet report communications --out <out> [--include-private]",
            discussion: HelpText.discussion(Catalogue.text("part.help.communications.discussion"),
                                            example: "carnet report communications --out journal-communications.csv"))
    }()

    @OptionGroup var plan: PlanFolderOption
    @Option(help: ArgumentHelp(Catalogue.text("part.help.communications.out"))) var out: String
    @Flag(name: .customLong("include-private"), help: ArgumentHelp(Catalogue.text("part.help.communications.include-private")))
    var includePrivate = false

    func run() throws {
        let snapshot = try plan.load()
        guard let record = snapshot.plan?.record else {
            Console.error(Catalogue.text("part.report.no-plan"))
            throw ExitCode(65)
        }
        let data = CommunicationsLog(plan: record, records: snapshot.participation, asOf: try plan.asOf()).csv(includePrivate: includePrivate)
        do {
            try data.write(to: URL(fileURLWithPath: out))
        } catch {
            Console.error(Catalogue.text("cli.cannot-write", ["path": .text(out), "reason": .text(error.localizedDescription)]))
            throw ExitCode(74)
        }
        Console.line(Catalogue.text("part.report.communications-written", ["path": .text(out), "count": .number(snapshot.participation.communications.count)]))
    }
}
