import ArgumentParser
import Foundation
import Sync

/// `carnet clone HUB DIR --ministry ID | --point-of-contact`
struct CloneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clone",
        abstract: "Make a working copy of the plan from the point of contact's hub.",
        discussion: """
            HUB is a path or file:// URL (also a bare copy on a USB drive), ssh://user@host[:port]/path
            or user@host:path (with --identity and --known-hosts), or https:// (token in --token-file
            or CARNET_HUB_TOKEN; --ca-file when its certificate comes from the administration's own
            authority). The settings are kept in the working copy for every later `carnet sync`.
            Exit 77 when the hub refuses us or serves an unsafe tree (a path outside the plan, a
            link): then nothing is left behind.
            """)

    @Argument(help: "The hub: a path, file://, ssh:// or https:// URL.") var hub: String
    @Argument(help: "The new folder for the working copy.") var directory: String
    @OptionGroup var connection: HubConnectionOptions
    @OptionGroup var output: JSONOption
    @OptionGroup var author: CloneAuthorOptions

    func validate() throws {
        try connection.validateRole(required: true)
        try author.validate()
    }

    func run() throws {
        let outcome = SyncEngine.clone(connection.settings(hub: hub), into: directory)
        SyncReport.print(outcome, json: output.json, success: "cloned into \(directory)")
        if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
        try author.apply(to: directory, quiet: output.json)
    }
}

/// Who this copy writes for and how it reaches the hub: shared by clone and sync.
struct HubConnectionOptions: ParsableArguments {
    @Option(help: "The ministry (id in ministries/) this working copy writes for.") var ministry: String?
    @Flag(name: .customLong("point-of-contact"), help: "This working copy is the point of contact's.") var pointOfContact = false
    @Option(name: .customLong("identity"), help: "SSH private key file (no passphrase).") var identity: String?
    @Option(name: .customLong("known-hosts"), help: "known_hosts file that holds the hub's SSH host key.") var knownHosts: String?
    @Option(name: .customLong("token-file"), help: "File holding a token for an HTTPS hub.") var tokenFile: String?
    @Option(name: .customLong("ca-file"), help: "PEM file of the authorities an HTTPS hub's certificate must come from (default: the system's).") var caFile: String?
    @Option(help: "Give up on a silent hub after this many seconds (default 60).") var timeout: Int?

    func validateRole(required: Bool) throws {
        if ministry != nil && pointOfContact {
            throw ValidationError("give either --ministry ID or --point-of-contact, not both")
        }
        if required && ministry == nil && !pointOfContact {
            throw ValidationError("say whose copy this is: --ministry ID, or --point-of-contact")
        }
    }

    func settings(hub: String) -> SyncSettings {
        SyncSettings(hub: hub, ministry: pointOfContact ? nil : ministry, identityFile: identity,
                     knownHostsFile: knownHosts, tokenFile: tokenFile, caFile: caFile, timeoutSeconds: timeout ?? 60)
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
