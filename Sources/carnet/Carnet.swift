import ArgumentParser
import Foundation
import Messages

@main
struct Carnet: AsyncParsableCommand {
    // Computed, not stored: the words are the catalogue's, in the language chosen at start.
    static let configuration: CommandConfiguration = {
        CommandConfiguration(
            commandName: "carnet",
            abstract: Catalogue.text("help.carnet.abstract"),
            discussion: Catalogue.text("help.carnet.discussion"),
            version: "0.1.0",
            subcommands: [
                PlanCommand.self, ValidateCommand.self, StatusCommand.self, ShowCommand.self, CommitCommand.self,
                MilestoneCommand.self, CommitmentCommand.self, EvidenceCommand.self, LogCommand.self,
                MeetingCommand.self, ConsultationCommand.self, CommunicationCommand.self, ReviewCommand.self, DocumentCommand.self,
                CloneCommand.self, SyncCommand.self, CarryCommand.self, ConflictsCommand.self, ResolveCommand.self, DaemonCommand.self,
                HubCommand.self, MemberCommand.self, ReportCommand.self, WhoamiCommand.self, FormatCommand.self,
                DemoCommand.self, UndoCommand.self, RescueCommand.self, LanguageCommand.self, JoinCommand.self, WebCommand.self, PeriodCommand.self,
                ExportCommand.self, ImportCommand.self, RemindCommand.self,
            ])
    }()

    /// The language is chosen before the parser builds any help or error text; the parser's own
    /// words (USAGE, OPTIONS, its error sentences) are then put in that language (ParserWords).
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let hook = HubHookEntry.match(arguments)
        Speaking.choose(arguments: arguments, consultingCopy: hook == nil)
        ParserWords.widenNarrowScreen()
        do {
            if let hook {
                try hook()
                return
            }
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exitSpeaking(error)
        }
    }

    /// What ArgumentParser's `exit(withError:)` does (help on stdout with 0, the rest on stderr,
    /// the same exit codes: 64 for bad arguments), with its words translated.
    static func exitSpeaking(_ error: Error) -> Never {
        let code = exitCode(for: error)
        let width = ParserWords.screenWidth
        let text = fullMessage(for: error, columns: width)
        if !text.isEmpty {
            // What was typed comes back quoted in the errors: shown as every other text (Console.line).
            if code == .success {
                Console.line(ParserWords.help(text, width: width))
            } else {
                Console.line(ParserWords.error(text, width: width), toError: true)
            }
        }
        Foundation.exit(code.rawValue)
    }
}
