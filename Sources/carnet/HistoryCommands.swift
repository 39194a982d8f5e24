import ArgumentParser
import Foundation
import Git
import Hub
import Messages
import Records
import Workspace

struct LogCommand: ParsableCommand {
    static let configuration: CommandConfiguration = {
        CommandConfiguration(
            commandName: "log", abstract: Catalogue.text("help.log.abstract"), usage: "carnet log [<commitment>] [<options>]",
            discussion: HelpText.discussion(example: Catalogue.text("help.log.example")))
    }()

    @OptionGroup var repository: RepositoryOptions
    @Argument(help: ArgumentHelp(Catalogue.text("help.log.commitment"))) var commitment: String?
    @Option(help: ArgumentHelp(Catalogue.text("help.log.limit"))) var limit: Int?
    @OptionGroup var output: JSONOption
    @OptionGroup var language: LanguageOption

    func run() throws {
        // Read-only over this copy's own objects: no second hash of each (ObjectReading).
        ObjectReading.trustOwnObjects()
        let copy = try repository.open()
        let changes = try Failure.guarded {
            try copy.log(commitment: commitment.map { try PlanInput.commitment($0, in: copy) }, limit: limit)
        }
        if output.json { return Console.json(changes) }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withSpaceBetweenDateAndTime]
        for change in changes {
            // Each of these is one line whatever the commit holds: a name, an address, the
            // subject or a path with a line break in it cannot make up a line of its own.
            Console.line("\(change.commit.prefix(8))  \(formatter.string(from: change.date))  \(TerminalText.oneLine(change.author)) <\(TerminalText.oneLine(change.email))>")
            for line in change.message.split(separator: "\n") { Console.line("    \(TerminalText.oneLine(String(line)))") }
            for file in change.files.prefix(10) { Console.line("      \(TerminalText.oneLine(file))") }
            if change.files.count > 10 {
                Console.line("      " + Catalogue.text("cli.log.more-files", ["count": .number(change.files.count - 10)]))
            }
        }
    }
}

struct CommitCommand: ParsableCommand {
    static let configuration: CommandConfiguration = {
        CommandConfiguration(
            commandName: "commit", abstract: Catalogue.text("help.commit.abstract"),
            discussion: HelpText.discussion(Catalogue.text("help.commit.discussion"),
                                            example: Catalogue.text("help.commit.example")))
    }()

    @OptionGroup var repository: RepositoryOptions
    @Option(name: .shortAndLong, help: ArgumentHelp(Catalogue.text("help.commit.message"))) var message: String?
    @OptionGroup var language: LanguageOption

    func run() throws {
        let copy = try repository.open()
        let outcome = try Failure.guarded { try copy.commitPending(message: message, judge: HubRules()) }
        if let commit = outcome.commit {
            Console.line(Catalogue.text("cli.commit.done", ["count": .number(outcome.committed.count),
                                                            "commit": .text(String(commit.prefix(8))),
                                                            "message": .text(outcome.message ?? "")]))
        } else if outcome.refused.isEmpty {
            Console.line(Catalogue.text("cli.commit.nothing"))
        }
        var byHub = false
        for file in outcome.refused {
            let errors = file.diagnostics.filter { $0.severity == .error }
            Failure.print(diagnostics: errors, root: copy.root)
            if errors.contains(where: { $0.message.hasPrefix(WorkingCopy.hubWouldRefuse) }) {
                byHub = true
                Console.error(Catalogue.text("cli.commit.left-out-for-hub", ["path": .text(file.path)]))
            } else {
                Console.error(Catalogue.text("cli.commit.left-out-invalid", ["path": .text(file.path)]))
            }
        }
        if !outcome.refused.isEmpty { throw ExitCode(byHub ? 77 : 65) }
    }
}
