import ArgumentParser
import Foundation
import Messages
import Sync

/// `carnet sync [--json]`
struct SyncCommand: ParsableCommand {
    static let configuration: CommandConfiguration = {
        CommandConfiguration(commandName: "sync", abstract: Catalogue.text("help.sync.abstract"),
                             discussion: Catalogue.text("help.sync.discussion"))
    }()

    @OptionGroup var repository: RepositoryOptions
    @Option(help: ArgumentHelp(Catalogue.text("help.sync.hub"), valueName: "url")) var hub: String?
    @OptionGroup var connection: HubConnectionOptions
    @OptionGroup var output: JSONOption
    @OptionGroup var progress: ProgressOption
    @OptionGroup var language: MessagesLanguageOption

    func validate() throws { try connection.validateRole(required: false) }

    func run() throws {
        let engine = try Failure.guarded { try SyncEngine(at: repository.repository) }
        if hub != nil || connection.changesSomething {
            guard let settings = connection.apply(to: try? engine.settings(), hub: hub) else {
                throw ValidationError(Catalogue.text("cli.sync.no-hub"))
            }
            do { try engine.configure(settings) } catch {
                Console.error(Catalogue.text("cli.sync.cannot-store", ["reason": .text(String(describing: error))]))
                throw ExitCode(74)
            }
        }
        engine.progress = ProgressDisplay.make(json: output.json, asked: progress.progress)?.sink
        let outcome = engine.sync()
        LastSync.save(outcome, gitDirectory: engine.copy.gitDirectory)
        SyncReport.print(outcome, json: output.json)
        if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
    }
}
