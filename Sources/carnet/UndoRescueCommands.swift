import ArgumentParser
import Foundation
import Messages
import Sync

/// `carnet undo [--json]`
struct UndoCommand: ParsableCommand {
    static let configuration: CommandConfiguration = {
        CommandConfiguration(commandName: "undo", abstract: Catalogue.text("help.undo.abstract"),
                             discussion: Catalogue.text("help.undo.discussion"))
    }()

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var output: JSONOption
    @OptionGroup var language: MessagesLanguageOption

    func run() throws {
        let engine = try Failure.guarded { try SyncEngine(at: repository.repository) }
        let outcome = engine.undo()
        if output.json {
            Console.json(outcome)
        } else if outcome.status == .undone {
            Console.line(Catalogue.text("cli.undo.done", ["change": .text(outcome.message)]))
            Console.line(Catalogue.text("cli.undo.kept", ["ref": .text(outcome.keptAt ?? "")]))
        } else {
            Console.error(outcome.message)
        }
        if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
    }
}

/// `carnet rescue [--json]`
struct RescueCommand: ParsableCommand {
    static let configuration: CommandConfiguration = {
        CommandConfiguration(commandName: "rescue", abstract: Catalogue.text("help.rescue.abstract"),
                             discussion: Catalogue.text("help.rescue.discussion"))
    }()

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var output: JSONOption
    @OptionGroup var language: MessagesLanguageOption

    func run() throws {
        let engine = try Failure.guarded { try SyncEngine(at: repository.repository) }
        let outcome = engine.rescue()
        LastSync.save(outcome.sync, gitDirectory: engine.copy.gitDirectory)
        if output.json {
            Console.json(outcome)
        } else {
            if let message = outcome.message { Console.line(message) }
            if !outcome.replayed.isEmpty {
                Console.line(Catalogue.text("cli.rescue.kept", ["count": .number(outcome.replayed.count)]))
                for subject in outcome.replayed { Console.line("  \(subject)") }
            }
            if let folder = outcome.folder {
                Console.line(Catalogue.text("cli.rescue.set-aside", ["folder": .text(folder)]))
                for line in outcome.setAside { Console.line("  \(line.path): \(line.reason)") }
            }
            for subject in outcome.authorReplaced {
                Console.line(Catalogue.text("cli.rescue.signed", ["change": .text(subject)]))
            }
            SyncReport.print(outcome.sync, json: false)
        }
        if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
    }
}
