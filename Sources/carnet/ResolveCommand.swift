import ArgumentParser
import Foundation
import Sync

/// `carnet resolve FILE FIELD (--keep | --take-lost)`
struct ResolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: "Settle one conflict with an ordinary commit: keep the current value, or take the lost one back.")

    @OptionGroup var repository: RepositoryOptions
    @Argument(help: "The record file (as listed by carnet conflicts).") var file: String
    @Argument(help: "The field (as listed by carnet conflicts, e.g. milestones.m2.completion).") var field: String
    @Flag(help: "Keep the value the record has now.") var keep = false
    @Flag(name: .customLong("take-lost"), help: "Put the lost value back.") var takeLost = false

    func validate() throws {
        if keep == takeLost { throw ValidationError("say which value stays: --keep or --take-lost") }
    }

    func run() throws {
        let root = try repository.open().root
        let path = file.hasPrefix("/") ? file : (FileManager.default.currentDirectoryPath + "/" + file)
        // A path relative to the plan root is accepted too (as carnet conflicts prints it).
        let target = FileManager.default.fileExists(atPath: path) ? path : root.appendingPathComponent(file).path
        do {
            let commit = try Failure.guarded {
                try ConflictResolver.resolve(in: repository.repository, file: target, field: field, choice: keep ? .keep : .takeLost)
            }
            Console.line("settled \(field) in \(file) (\(keep ? "kept the current value" : "took the lost value back")): commit \(commit.prefix(8))")
        } catch let failure as ConflictResolver.Failure {
            Console.error(failure.message)
            throw ExitCode(failure.exitCode)
        }
    }
}
