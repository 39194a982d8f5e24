import ArgumentParser
import Foundation
import Hub
import Sync

/// `carnet hub …`: the point of contact's hub, a bare repository guarded by Carnet (docs/HUB.md).
struct HubCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hub", abstract: "Make and run the hub where every ministry's work meets.",
        subcommands: [Init.self, AuthorizedKeysCommand.self, Status.self,
                      HubServeCommand.self, HubVerifyCommand.self, HubRecordCommand.self])

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a hub from a plan: a bare repository with the plan's history and the hooks that guard it.")

        @Argument(help: "The new hub's folder (e.g. /srv/carnet/valdoria.git).") var directory: String
        @Option(help: "The plan repository to start from.") var from: String
        @Option(help: "The carnet binary the hooks run (default: this one).") var carnet: String?

        func run() throws {
            let summary = try HubFailure.guarded {
                try HubSetup.create(at: directory, from: from, carnet: carnet ?? HubSetup.currentExecutable)
            }
            Console.line("Hub created in \(summary.hub) at \(summary.head.prefix(8)); its hooks run \(summary.carnet)")
            Console.line(summary.keys == 0
                ? "No member has a key yet: add them with `carnet member add`, push, then write authorized_keys."
                : "\(summary.keys) member key(s): install them with  carnet hub authorized-keys --hub \(summary.hub) > ~/.ssh/authorized_keys")
        }
    }

    struct AuthorizedKeysCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "authorized-keys",
            abstract: "Print an authorized_keys file: every member key may only fetch from and push to this hub, as its owner.")

        @Option(help: "The hub (default: the current folder).") var hub: String = "."
        @Option(help: "The carnet binary the forced command runs (default: this one).") var carnet: String?

        func run() throws {
            let output = try HubFailure.guarded {
                try AuthorizedKeys.generate(hub: hub, carnet: carnet ?? HubSetup.currentExecutable)
            }
            for warning in output.warnings { Console.line("carnet: warning: \(warning)", toError: true) }
            FileHandle.standardOutput.write(Data(output.text.utf8))
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Per ministry: last push, last refused push, last change, commitments led, overdue milestones, silence.",
            discussion: "Run on the hub's machine (--hub, or in the hub's folder), or in the point of contact's working copy: it then fetches the hub's main and push log over the connection carnet sync uses.")

        @Option(help: "The hub's folder on this machine (default: the current folder, a hub or a working copy attached to one).") var hub: String?
        @Option(name: .customLong("stale-days"), help: "Flag ministries silent longer than this (default: the plan's stale_after_days, or 60).")
        var staleDays: Int?
        @OptionGroup var json: JSONOption

        func run() throws {
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
