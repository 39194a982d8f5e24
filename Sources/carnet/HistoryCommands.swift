import ArgumentParser
import Foundation
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
            Console.line("\(change.commit.prefix(8))  \(formatter.string(from: change.date))  \(change.author) <\(change.email)>")
            for line in change.message.split(separator: "\n") { Console.line("    \(line)") }
            for file in change.files.prefix(10) { Console.line("      \(file)") }
            if change.files.count > 10 { Console.line("      … and \(change.files.count - 10) more files") }
        }
    }
}

struct CommitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commit", abstract: "Validate the edits made in a text editor and commit the valid ones.",
        discussion: "An invalid file is never committed nor rewritten: fix it and run carnet commit again. Exits 65 if any file was left out.")

    @OptionGroup var repository: RepositoryOptions
    @Option(name: .shortAndLong, help: "The commit message (default: the files changed).") var message: String?

    func run() throws {
        let copy = try repository.open()
        let outcome = try Failure.guarded { try copy.commitPending(message: message) }
        if let commit = outcome.commit {
            Console.line("Committed \(outcome.committed.count) file(s) as \(commit.prefix(8)): \(outcome.message ?? "")")
        } else if outcome.refused.isEmpty {
            Console.line("Nothing to commit.")
        }
        for file in outcome.refused {
            Failure.print(diagnostics: file.diagnostics.filter { $0.severity == .error }, root: copy.root)
            Console.error("\(file.path) is invalid and was not committed (left as it is): fix it, then run carnet commit again")
        }
        if !outcome.refused.isEmpty { throw ExitCode(65) }
    }
}
