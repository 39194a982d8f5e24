import ArgumentParser
import Foundation
import Git
import Messages
import Records
import Workspace

struct PlanCommand: ParsableCommand {
    static let configuration: CommandConfiguration = {
        CommandConfiguration(
            commandName: "plan", abstract: Catalogue.text("help.plan.abstract"),
            discussion: HelpText.discussion(example: Catalogue.text("help.plan.init.example")),
            subcommands: [Init.self, Close.self, PlanTemplateCommand.self, PlanImportCommand.self])
    }()

    struct Init: ParsableCommand {
        static let configuration: CommandConfiguration = {
            CommandConfiguration(
                abstract: Catalogue.text("help.plan.init.abstract"),
                // Not the list of samples: every carnet command builds this text, and listing reads the disk.
                usage: "carnet plan init <directory> [--sample [<sample-name>]] [<options>]",
                discussion: HelpText.discussion(Catalogue.text("help.plan.init.discussion", ["sample": .text(Samples.defaultName)]),
                                                example: Catalogue.text("help.plan.init.example")))
        }()

        @Argument(help: ArgumentHelp(Catalogue.text("help.plan.init.directory"))) var directory: String
        @Argument(help: ArgumentHelp(Catalogue.text("help.plan.init.sample-name", ["sample": .text(Samples.defaultName)])))
        var sampleName: String?
        @Flag(help: ArgumentHelp(Catalogue.text("help.plan.init.sample"))) var sample = false
        @Option(help: ArgumentHelp(Catalogue.text("help.plan.init.name"))) var name: String?
        @Option(help: ArgumentHelp(Catalogue.text("help.plan.init.email"))) var email: String?
        @OptionGroup var language: LanguageOption

        func validate() throws {
            if (name == nil) != (email == nil) { throw ValidationError(Catalogue.text("cli.plan.name-and-email")) }
            if let sampleName, !sample {
                throw ValidationError(Catalogue.text("cli.plan.sample-name-alone", ["name": .text(sampleName)]))
            }
        }

        func run() throws {
            var sampleURL: URL? = nil
            if sample {
                let name = sampleName ?? Samples.defaultName
                guard let url = Samples.locate(name) else {
                    Console.error(Catalogue.text("cli.plan.no-sample", ["name": .text(name),
                                                                        "known": .text(Samples.names().joined(separator: ", "))]))
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
            if let sampleURL {
                Console.line(Catalogue.text("cli.plan.created-from-sample", ["path": .text(copy.root.path),
                                                                             "sample": .text(sampleURL.lastPathComponent)]))
            } else {
                Console.line(Catalogue.text("cli.plan.created", ["path": .text(copy.root.path)]))
            }
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

extension PlanCommand {
    /// `carnet plan close [--date DAY]`: the point of contact says the plan is finished.
    struct Close: ParsableCommand {
        static let configuration: CommandConfiguration = {
            CommandConfiguration(commandName: "close", abstract: Catalogue.text("periods.help.plan-close.abstract"),
                                 discussion: HelpText.discussion(example: Catalogue.text("periods.help.plan-close.example")))
        }()

        @OptionGroup var repository: RepositoryOptions
        @Option(name: .customLong("date"), help: ArgumentHelp(Catalogue.text("periods.help.plan-close.date"), valueName: Catalogue.text("help.value.day")))
        var date: String?
        @OptionGroup var language: MessagesLanguageOption

        func run() throws {
            let copy = try repository.open()
            let day = try date.map { given in try Failure.guarded { try PlanInput.date(given, option: "--date") } } ?? .today()
            let (closed, changed) = try Failure.guarded(root: copy.root) { try copy.closePlan(on: day) }
            let d = CalendarDay(first: closed)
            Console.line(Catalogue.text(changed ? "periods.plan-close.done" : "periods.plan-close.already",
                                        ["date": .day(year: d.year, month: d.month, day: d.day)]))
        }
    }
}
