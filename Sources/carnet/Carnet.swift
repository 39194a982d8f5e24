import ArgumentParser
import Foundation

@main
struct Carnet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "carnet",
        abstract: "Keep a National Action Plan's progress as plain files, offline, with every change a commit.",
        discussion: """
            Exit codes: 0 success; 64 bad arguments; 65 invalid records; 66 not a plan repository;
            73 target exists; 74 file or git failure; 75 hub unreachable (retry later);
            77 the hub refused; 78 no author configured.
            """,
        version: "0.1.0",
        subcommands: [
            PlanCommand.self, ValidateCommand.self, StatusCommand.self, ShowCommand.self, CommitCommand.self,
            MilestoneCommand.self, CommitmentCommand.self, EvidenceCommand.self, LogCommand.self,
            CloneCommand.self, SyncCommand.self, ConflictsCommand.self, ResolveCommand.self, DaemonCommand.self,
            HubCommand.self, MemberCommand.self, ReportCommand.self, WhoamiCommand.self, FormatCommand.self,
            DemoCommand.self, UndoCommand.self, RescueCommand.self, WebCommand.self,
        ])

    /// The language is chosen before the parser builds any help or error text.
    static func main() async {
        Speaking.choose(arguments: Array(CommandLine.arguments.dropFirst()))
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
