import ArgumentParser
import Foundation
import Git
import Records
import Workspace

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan", abstract: "Create a plan repository.", subcommands: [Init.self])

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a plan repository in DIR: a plan.yaml to complete, or a copy of a sample plan.",
            // Not the list of samples: every carnet command builds this text, and listing reads the disk.
            discussion: "Usage: carnet plan init DIR [--sample [NAME]]. Samples live in Samples/ beside the binary, or where CARNET_SAMPLES says; the default is \(Samples.defaultName).")

        @Argument(help: "The folder to create (new or empty).") var directory: String
        @Argument(help: "The sample's name, after --sample (default: \(Samples.defaultName)).") var sampleName: String?
        @Flag(help: "Start from a sample plan instead of an empty one.") var sample = false
        @Option(help: "Your name, for the plan's history (default: git's user.name).") var name: String?
        @Option(help: "Your email address (default: git's user.email).") var email: String?

        func validate() throws {
            if (name == nil) != (email == nil) { throw ValidationError("give both --name and --email, or neither") }
            if sampleName != nil && !sample { throw ValidationError("unexpected argument '\(sampleName!)': did you mean --sample \(sampleName!)?") }
        }

        func run() throws {
            var sampleURL: URL? = nil
            if sample {
                let name = sampleName ?? Samples.defaultName
                guard let url = Samples.locate(name) else {
                    Console.error("no sample named '\(name)' (known: \(Samples.names().joined(separator: ", "))); set CARNET_SAMPLES to the Samples folder")
                    throw ExitCode(66)
                }
                sampleURL = url
            }
            let author = name.map { Signature(name: $0, email: email!) }
            let copy = try Failure.guarded {
                let copy = try WorkingCopy.create(at: directory, sample: sampleURL, author: author)
                if let author { try copy.setAuthor(name: author.name, email: author.email) }
                return copy
            }
            Console.line("Created the plan in \(copy.root.path)\(sampleURL.map { " from the sample \($0.lastPathComponent)" } ?? "").")
        }
    }
}

/// The sample plans shipped in Samples/: found beside the binary, or where CARNET_SAMPLES says.
enum Samples {
    static let defaultName = "valdoria"

    static var folder: URL? {
        if let env = ProcessInfo.processInfo.environment["CARNET_SAMPLES"] { return URL(fileURLWithPath: env) }
        // Walk up from the binary: .build/debug/carnet → the repository's Samples/.
        var dir = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("Samples")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent(defaultName).path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        let shared = URL(fileURLWithPath: "/usr/share/carnet/Samples")
        return FileManager.default.fileExists(atPath: shared.path) ? shared : nil
    }

    static func names() -> [String] {
        guard let folder else { return [] }
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter {
            FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).appendingPathComponent(PlanLayout.planFile).path)
        }.sorted()
    }

    static func locate(_ name: String) -> URL? {
        guard let folder, RecordID.isValid(name) else { return nil }
        let url = folder.appendingPathComponent(name)
        return FileManager.default.fileExists(atPath: url.appendingPathComponent(PlanLayout.planFile).path) ? url : nil
    }
}
