import ArgumentParser
import Foundation
import Sync

/// `carnet sync [--json]`
struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Commit valid edits, take the hub's changes, merge, and send ours.",
        discussion: """
            Invalid files are reported and left as they are. Exit codes: 0 in sync; 65 some local
            records are invalid (the rest was synced); 74 a hub on a file path is locked by a stale
            lock file that cannot be removed from here (the message gives the file and the command);
            75 hub unreachable, another sync running, or a hub on a path busy (commits are kept; try
            again later); 77 refused: the hub refused the push (its message
            is printed), or it served an unsafe tree (a path outside the plan, a link: nothing changed);
            78 no hub configured. Exit 75 also when a transfer stalled (no data moved for --timeout
            seconds: the connection is closed) or the link was lost mid-transfer; --json says which
            (status stalled, link-lost, hub-unreachable). A slow transfer that moves is never cut short.
            Progress (bytes, rate, time left) is shown on stderr on a terminal, or with --progress;
            with --json, stderr carries one JSON object per line for each transfer. To attach a plan to a hub (the point of contact, once):
            carnet sync --hub URL --point-of-contact.
            """)

    @OptionGroup var repository: RepositoryOptions
    @Option(help: "Attach this working copy to (another) hub; kept for later syncs.") var hub: String?
    @OptionGroup var connection: HubConnectionOptions
    @OptionGroup var output: JSONOption
    @OptionGroup var progress: ProgressOption

    func validate() throws { try connection.validateRole(required: false) }

    func run() throws {
        let engine = try Failure.guarded { try SyncEngine(at: repository.repository) }
        if hub != nil || connection.changesSomething {
            guard let settings = connection.apply(to: try? engine.settings(), hub: hub) else {
                throw ValidationError("this working copy has no hub yet: give --hub URL")
            }
            do { try engine.configure(settings) } catch {
                Console.error("cannot store the hub settings: \(error)")
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
