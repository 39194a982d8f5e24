import ArgumentParser
import Foundation
import Messages
import Sync

/// `carnet clone HUB DIR --ministry ID | --point-of-contact`
struct CloneCommand: ParsableCommand {
    static let configuration: CommandConfiguration = {
        CommandConfiguration(commandName: "clone", abstract: Catalogue.text("help.clone.abstract"),
                             discussion: Catalogue.text("help.clone.discussion"))
    }()

    @Argument(help: ArgumentHelp(Catalogue.text("help.clone.hub"), valueName: "hub")) var hub: String
    @Argument(help: ArgumentHelp(Catalogue.text("help.clone.directory"), valueName: Catalogue.text("help.value.folder"))) var directory: String
    @OptionGroup var connection: HubConnectionOptions
    @OptionGroup var output: JSONOption
    @OptionGroup var progress: ProgressOption
    @OptionGroup var author: CloneAuthorOptions
    @OptionGroup var language: MessagesLanguageOption

    func validate() throws {
        try connection.validateRole(required: true)
        try author.validate()
    }

    func run() throws {
        let outcome = SyncEngine.clone(connection.settings(hub: hub), into: directory,
                                       progress: ProgressDisplay.make(json: output.json, asked: progress.progress)?.sink)
        SyncReport.print(outcome, json: output.json, success: Catalogue.text("cli.clone.done", ["folder": .text(directory)]))
        if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
        try author.apply(to: directory, quiet: output.json)
    }
}

/// Who this copy writes for and how it reaches the hub: shared by clone and sync.
struct HubConnectionOptions: ParsableArguments {
    @Option(help: ArgumentHelp(Catalogue.text("help.connection.ministry"), valueName: "id")) var ministry: String?
    @Flag(name: .customLong("point-of-contact"), help: ArgumentHelp(Catalogue.text("help.connection.point-of-contact"))) var pointOfContact = false
    @Option(name: .customLong("identity"), help: ArgumentHelp(Catalogue.text("help.connection.identity"), valueName: Catalogue.text("help.value.file")))
    var identity: String?
    @Option(name: .customLong("known-hosts"), help: ArgumentHelp(Catalogue.text("help.connection.known-hosts"), valueName: Catalogue.text("help.value.file")))
    var knownHosts: String?
    @Option(name: .customLong("token-file"), help: ArgumentHelp(Catalogue.text("help.connection.token-file"), valueName: Catalogue.text("help.value.file")))
    var tokenFile: String?
    @Option(name: .customLong("ca-file"), help: ArgumentHelp(Catalogue.text("help.connection.ca-file"), valueName: Catalogue.text("help.value.file")))
    var caFile: String?
    @Option(help: ArgumentHelp(Catalogue.text("help.connection.timeout"), valueName: Catalogue.text("help.value.seconds"))) var timeout: Int?

    func validateRole(required: Bool) throws {
        if ministry != nil && pointOfContact {
            throw ValidationError(Catalogue.text("cli.connection.both-roles"))
        }
        if required && ministry == nil && !pointOfContact {
            throw ValidationError(Catalogue.text("cli.connection.no-role"))
        }
    }

    func settings(hub: String) -> SyncSettings {
        SyncSettings(hub: hub, ministry: pointOfContact ? nil : ministry, identityFile: identity,
                     knownHostsFile: knownHosts, tokenFile: tokenFile, caFile: caFile, timeoutSeconds: timeout ?? SyncSettings.defaultTimeoutSeconds)
    }

    /// Settings given on a sync command line override the stored ones, field by field.
    func apply(to stored: SyncSettings?, hub: String?) -> SyncSettings? {
        guard var settings = stored ?? hub.map({ self.settings(hub: $0) }) else { return nil }
        if let hub { settings.hub = hub }
        if pointOfContact { settings.ministry = nil } else if let ministry { settings.ministry = ministry }
        if let identity { settings.identityFile = identity }
        if let knownHosts { settings.knownHostsFile = knownHosts }
        if let tokenFile { settings.tokenFile = tokenFile }
        if let caFile { settings.caFile = caFile }
        if let timeout { settings.timeoutSeconds = timeout }
        return settings
    }

    var changesSomething: Bool {
        ministry != nil || pointOfContact || identity != nil || knownHosts != nil || tokenFile != nil || caFile != nil || timeout != nil
    }
}

/// Prints a sync outcome for a person (summary; problems on stderr) or a script (--json).
enum SyncReport {
    static func print(_ outcome: SyncOutcome, json: Bool, success: String? = nil) {
        if json { return Console.json(outcome) }
        if outcome.exitCode == 0 {
            if let success { Console.line(success) }
            Console.line(outcome.summary)
        } else {
            Console.line(outcome.summary, toError: true)
        }
    }
}
