import ArgumentParser
import Foundation
import Sync

/// `carnet undo [--json]`
struct UndoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "undo",
        abstract: "Take back the last change of this copy that the hub does not have yet (offline; repeatable).",
        discussion: """
            Its files return to what they were before it, and it is no longer sent. What the hub
            already has is never touched: change the record again instead. The change taken back
            is kept in the copy (refs/carnet/undone/…). Exit codes: 0 taken back; 65 the files
            have edits not committed (nothing done); 75 a sync is running (try again); 77 nothing
            to take back: the hub has every change.
            """)

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var output: JSONOption

    func run() throws {
        let engine = try Failure.guarded { try SyncEngine(at: repository.repository) }
        let outcome = engine.undo()
        if output.json {
            Console.json(outcome)
        } else if outcome.status == .undone {
            Console.line("Undone: \(outcome.message)")
            Console.line("It is kept in this copy (\(outcome.keptAt ?? "")); `carnet undo` again takes back the one before.")
        } else {
            Console.error(outcome.message)
        }
        if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
    }
}

/// `carnet rescue [--json]`
struct RescueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rescue",
        abstract: "For a copy whose changes the hub refused: keep what the hub accepts, set the rest aside, and sync.",
        discussion: """
            Every local change the hub would accept is made again on the hub's current state
            (authors and messages kept); every change it would refuse is set aside in the copy, in
            carnet-set-aside/ (a README.md says why, and how to send it to whoever may make it),
            and left out of history. Then it syncs. Nothing is lost: the history before the rescue
            is kept in the copy (refs/carnet/rescued/…). Exit codes: those of carnet sync.
            """)

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var output: JSONOption

    func run() throws {
        let engine = try Failure.guarded { try SyncEngine(at: repository.repository) }
        let outcome = engine.rescue()
        LastSync.save(outcome.sync, gitDirectory: engine.copy.gitDirectory)
        if output.json {
            Console.json(outcome)
        } else {
            if let message = outcome.message { Console.line(message) }
            if !outcome.replayed.isEmpty {
                Console.line("Kept, to be sent: \(outcome.replayed.count) change\(outcome.replayed.count == 1 ? "" : "s")")
                for subject in outcome.replayed { Console.line("  \(subject)") }
            }
            if let folder = outcome.folder {
                Console.line("Set aside in \(folder)/ (the hub would refuse them; its README.md says how to send them on):")
                for line in outcome.setAside { Console.line("  \(line.path): \(line.reason)") }
            }
            for subject in outcome.authorReplaced {
                Console.line("Signed by this copy's author (the original author is not a member of this ministry): \(subject)")
            }
            SyncReport.print(outcome.sync, json: false)
        }
        if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
    }
}
