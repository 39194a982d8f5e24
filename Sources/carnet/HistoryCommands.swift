import ArgumentParser
import Foundation
import Hub
import Records
import Workspace

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "Who changed what, and when, from the plan's history.")

    @OptionGroup var repository: RepositoryOptions
    @Argument(help: "Only this commitment's changes (its id or number: 05 or 5).") var commitment: String?
    @Option(help: "At most this many changes.") var limit: Int?
    @OptionGroup var output: JSONOption

    func run() throws {
        let copy = try repository.open()
        let changes = try Failure.guarded { try copy.log(commitment: commitment, limit: limit) }
        if output.json { return Console.json(changes) }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withSpaceBetweenDateAndTime]
        for change in changes {
            // Each of these is one line whatever the commit holds: a name, an address, the
            // subject or a path with a line break in it cannot make up a line of its own.
            Console.line("\(change.commit.prefix(8))  \(formatter.string(from: change.date))  \(TerminalText.oneLine(change.author)) <\(TerminalText.oneLine(change.email))>")
            for line in change.message.split(separator: "\n") { Console.line("    \(TerminalText.oneLine(String(line)))") }
            for file in change.files.prefix(10) { Console.line("      \(TerminalText.oneLine(file))") }
            if change.files.count > 10 { Console.line("      … and \(change.files.count - 10) more files") }
        }
    }
}

struct CommitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commit", abstract: "Validate the edits made in a text editor and commit the valid ones.",
        discussion: "An invalid file is never committed nor rewritten: fix it and run carnet commit again. Exits 65 if any file was left out, 77 if the hub would refuse one (another ministry's records, a commitment definition).")

    @OptionGroup var repository: RepositoryOptions
    @Option(name: .shortAndLong, help: "The commit message (default: the files changed).") var message: String?

    func run() throws {
        let copy = try repository.open()
        let outcome = try Failure.guarded { try copy.commitPending(message: message, judge: HubRules()) }
        if let commit = outcome.commit {
            Console.line("Committed \(outcome.committed.count) file(s) as \(commit.prefix(8)): \(outcome.message ?? "")")
        } else if outcome.refused.isEmpty {
            Console.line("Nothing to commit.")
        }
        var byHub = false
        for file in outcome.refused {
            let errors = file.diagnostics.filter { $0.severity == .error }
            Failure.print(diagnostics: errors, root: copy.root)
            if errors.contains(where: { $0.message.hasPrefix(WorkingCopy.hubWouldRefuse) }) {
                byHub = true
                Console.error("\(file.path) was not committed (left as it is): the hub would refuse it, and every later change would wait behind it; undo the edit, or send it to whoever may make it")
            } else {
                Console.error("\(file.path) is invalid and was not committed (left as it is): fix it, then run carnet commit again")
            }
        }
        if !outcome.refused.isEmpty { throw ExitCode(byHub ? 77 : 65) }
    }
}
