import ArgumentParser
import Foundation
import Hub
import Messages

/// `carnet hub serve`: the forced command of every key in authorized_keys.
struct HubServeCommand: ParsableCommand {
    static let configuration: CommandConfiguration = {
        CommandConfiguration(
            commandName: "serve", abstract: Catalogue.text("help.hub.serve.abstract"),
            discussion: HelpText.discussion(Catalogue.text("help.hub.serve.discussion"), example: Catalogue.text("help.hub.serve.example")))
    }()

    @Option(help: ArgumentHelp(Catalogue.text("help.hub.serve.hub"))) var hub: String
    @Option(help: ArgumentHelp(Catalogue.text("help.hub.serve.identity"))) var identity: String
    @Option(help: ArgumentHelp(Catalogue.text("keyc.help.serve.key"))) var key: String?
    @OptionGroup var language: LanguageOption

    func run() throws { try Self.serve(hub: hub, identity: identity, key: key) }

    static func serve(hub: String, identity: String, key: String?) throws {
        let env = ProcessInfo.processInfo.environment
        guard let who = HubIdentity(token: identity) else {
            Console.error(Catalogue.text("cli.hub.malformed-identity", ["identity": .text(identity)]))
            throw ExitCode(64)
        }
        switch GitServe.parse(env["SSH_ORIGINAL_COMMAND"], hub: hub, home: env["HOME"]) {
        case .failure(let error):
            Console.error(error.description)
            throw ExitCode(error.exitCode)
        case .success(let program):
            // Lines written before `--key` existed carry none (then only the person is checked);
            // the post-receive hook writes the file again after every push that lands.
            if let refusal = GitServe.checkKey(key, of: who, hub: hub) {
                Console.error(refusal.description)
                throw ExitCode(refusal.exitCode)
            }
            let error = GitServe.exec(program, hub: hub, identity: who, environment: env)
            Console.error(error.description)
            throw ExitCode(error.exitCode)
        }
    }
}

/// `carnet hub verify`: the pre-receive hook.
struct HubVerifyCommand: ParsableCommand {
    static let configuration: CommandConfiguration = {
        CommandConfiguration(
            commandName: "verify", abstract: Catalogue.text("help.hub.verify.abstract"),
            discussion: HelpText.discussion(Catalogue.text("help.hub.verify.discussion"), example: Catalogue.text("help.hub.verify.example")))
    }()

    @Option(help: ArgumentHelp(Catalogue.text("help.hub.opt.hub-hook"))) var hub: String?
    @OptionGroup var language: LanguageOption

    func run() throws { try Self.verify(hub: hub) }

    static func verify(hub: String?) throws {
        let input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        let verdict = try HubFailure.guarded {
            try HubHooks.verify(input: input, environment: ProcessInfo.processInfo.environment, hub: hub)
        }
        // stderr: git relays it to the pusher as `remote: …`.
        guard verdict.accepted else {
            Console.line(verdict.hookReport, toError: true)
            throw ExitCode(77)
        }
    }
}

/// `carnet hub record`: the post-receive hook.
struct HubRecordCommand: ParsableCommand {
    static let configuration: CommandConfiguration = {
        CommandConfiguration(
            commandName: "record", abstract: Catalogue.text("help.hub.record.abstract"),
            discussion: HelpText.discussion(Catalogue.text("help.hub.record.discussion"), example: Catalogue.text("help.hub.record.example")))
    }()

    @Option(help: ArgumentHelp(Catalogue.text("help.hub.opt.hub-hook"))) var hub: String?
    @OptionGroup var language: LanguageOption

    func run() throws { try Self.record(hub: hub) }

    static func record(hub: String?) throws {
        let input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        try HubFailure.guarded {
            _ = try HubHooks.record(input: input, environment: ProcessInfo.processInfo.environment, hub: hub)
            // A hub that keeps its authorized_keys (hub authorized-keys --write): a member added or
            // removed opens or stops opening the hub as soon as the change lands.
            for warning in try AuthorizedKeys.refreshIfInstalled(hub: hub) ?? [] {
                Console.line(Catalogue.text("cli.warning", ["text": .text(warning)]), toError: true)
            }
        }
    }
}
