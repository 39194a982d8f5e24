import ArgumentParser
import Foundation
import Records
import Workspace

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "Who changed what, and when, from the plan's history.")

    @OptionGroup var repository: RepositoryOptions
    @Argument(help: "Only this commitment's changes.") var commitment: String?
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

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "The plan at a glance, and the edits waiting to be committed.")

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var output: JSONOption

    func run() throws {
        let copy = try repository.open()
        let status = try Failure.guarded { try copy.status() }
        if output.json { return Console.json(status) }
        Console.line("Plan: \(status.root)")
        Console.line("Author: \(status.author ?? "not configured (carnet whoami --name … --email …)")")
        Console.line("")
        for c in status.commitments {
            var line = "  \(c.id.padding(toLength: 6, withPad: " ", startingAt: 0)) \(c.completion.padding(toLength: 12, withPad: " ", startingAt: 0)) \(c.milestonesComplete)/\(c.milestones) milestones  \(c.title)"
            if !c.overdue.isEmpty { line += "  [overdue: \(c.overdue.joined(separator: ", "))]" }
            if c.conflicts > 0 { line += "  [\(c.conflicts) conflict\(c.conflicts == 1 ? "" : "s") to settle]" }
            Console.line(line)
        }
        Console.line("")
        if status.pending.isEmpty {
            Console.line("No edits waiting: everything is committed.")
        } else {
            Console.line("Edits waiting to be committed (carnet commit):")
            for file in status.pending {
                Console.line("  \(file.change.padding(toLength: 9, withPad: " ", startingAt: 0)) \(file.path)\(file.valid ? "" : "  — INVALID, will not be committed until fixed")")
                for d in file.diagnostics { Console.line("      \(Console.display(d, root: copy.root))") }
            }
        }
        if status.errors > 0 || status.warnings > 0 {
            Console.line("\(status.errors) error(s), \(status.warnings) warning(s) in the plan: `carnet validate` lists them.")
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
