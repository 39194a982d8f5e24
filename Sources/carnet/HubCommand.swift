import ArgumentParser
import Foundation
import Git
import Hub
import Messages
import Sync

/// `carnet hub …`: the point of contact's hub, a bare repository guarded by Carnet (docs/HUB.md).
struct HubCommand: ParsableCommand {
    static let configuration: CommandConfiguration = {
        CommandConfiguration(
            commandName: "hub", abstract: Catalogue.text("help.hub.abstract"),
            discussion: HelpText.discussion(Catalogue.text("help.hub.discussion"), example: Catalogue.text("help.hub.init.example")),
            subcommands: [Init.self, AuthorizedKeysCommand.self, Status.self,
                          HubServeCommand.self, HubVerifyCommand.self, HubRecordCommand.self, HubMergeCommand.self, HubTakeCommand.self])
    }()

    struct Init: ParsableCommand {
        static let configuration: CommandConfiguration = {
            CommandConfiguration(
                abstract: Catalogue.text("help.hub.init.abstract"), usage: "carnet hub init <directory> --from <plan> [<options>]",
                discussion: HelpText.discussion(example: Catalogue.text("help.hub.init.example")))
        }()

        @Argument(help: ArgumentHelp(Catalogue.text("help.hub.init.directory"))) var directory: String
        @Option(help: ArgumentHelp(Catalogue.text("help.hub.init.from"))) var from: String
        @Option(help: ArgumentHelp(Catalogue.text("help.hub.opt.carnet-hooks"))) var carnet: String?
        @OptionGroup var language: LanguageOption

        func run() throws {
            let summary = try HubFailure.guarded {
                try HubSetup.create(at: directory, from: from, carnet: carnet ?? HubSetup.currentExecutable)
            }
            Console.line(Catalogue.text("cli.hub.created", ["hub": .text(summary.hub), "head": .text(String(summary.head.prefix(8))),
                                                            "carnet": .text(summary.carnet)]))
            Console.line(summary.keys == 0
                ? Catalogue.text("cli.hub.no-keys")
                : Catalogue.text("cli.hub.keys", ["count": .number(summary.keys), "hub": .text(summary.hub)]))
        }
    }

    struct AuthorizedKeysCommand: ParsableCommand {
        static let configuration: CommandConfiguration = {
            CommandConfiguration(
                commandName: "authorized-keys", abstract: Catalogue.text("help.hub.authorized-keys.abstract"),
                usage: "carnet hub authorized-keys [<options>]",
                discussion: HelpText.discussion(Catalogue.text("help.hub.authorized-keys.discussion"),
                                                example: Catalogue.text("help.hub.authorized-keys.example")))
        }()

        @Option(help: ArgumentHelp(Catalogue.text("help.hub.opt.hub-here"))) var hub: String?
        @Option(help: ArgumentHelp(Catalogue.text("help.hub.authorized-keys.carnet"))) var carnet: String?
        @Option(help: ArgumentHelp(Catalogue.text("help.hub.authorized-keys.write"), valueName: Catalogue.text("help.value.file")))
        var write: String?
        @OptionGroup var language: LanguageOption

        func run() throws {
            if let write {
                let warnings = try HubFailure.guarded {
                    try AuthorizedKeys.install(hub: hub ?? ".", carnet: carnet ?? HubSetup.currentExecutable, file: write)
                }
                for warning in warnings { Console.line(Catalogue.text("cli.warning", ["text": .text(warning)]), toError: true) }
                return Console.line(Catalogue.text("cli.hub.keys-installed", ["file": .text(write)]))
            }
            let output = try HubFailure.guarded {
                try AuthorizedKeys.generate(hub: hub ?? ".", carnet: carnet ?? HubSetup.currentExecutable)
            }
            for warning in output.warnings { Console.line(Catalogue.text("cli.warning", ["text": .text(warning)]), toError: true) }
            FileHandle.standardOutput.write(Data(output.text.utf8))
        }
    }

    struct Status: ParsableCommand {
        static let configuration: CommandConfiguration = {
            CommandConfiguration(
                commandName: "status", abstract: Catalogue.text("help.hub.status.abstract"),
                usage: "carnet hub status [<options>]",
                discussion: HelpText.discussion(Catalogue.text("help.hub.status.discussion"),
                                                example: Catalogue.text("help.hub.status.example")))
        }()

        @Option(help: ArgumentHelp(Catalogue.text("help.hub.status.hub"))) var hub: String?
        @Option(name: .customLong("stale-days"), help: ArgumentHelp(Catalogue.text("help.hub.status.stale-days")))
        var staleDays: Int?
        @OptionGroup var json: JSONOption
        @OptionGroup var language: LanguageOption

        func run() throws {
            // Reads objects already in the repository's database: no second hash (ObjectReading).
            ObjectReading.trustOwnObjects()
            let status = try HubFailure.guarded {
                if let hub { return try HubStatus.load(hub: hub, staleDays: staleDays) }
                return try HubStatusFromCopy.load(at: ".", staleDays: staleDays)
            }
            if json.json { Console.json(status) } else { Console.line(status.text) }
        }
    }
}

/// Hub errors as a message on stderr and their documented exit code.
enum HubFailure {
    static func guarded<T>(_ body: () throws -> T) throws -> T {
        do {
            return try Failure.guarded(body)
        } catch let error as HubError {
            if case .invalid(let diagnostics, _) = error { Failure.print(diagnostics: diagnostics) }
            Console.error(error.description)
            throw ExitCode(error.exitCode)
        }
    }
}
