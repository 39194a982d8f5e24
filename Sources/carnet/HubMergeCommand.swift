import ArgumentParser
import Foundation
import Hub
import Messages
import Sync

/// `carnet hub merge`: the proc-receive hook. A sync's commits handed over in
/// refs/carnet/incoming/… are merged onto main and judged as the pusher's push (IncomingMerge).
struct HubMergeCommand: ParsableCommand {
    static let configuration: CommandConfiguration = {
        CommandConfiguration(
            commandName: "merge", abstract: Catalogue.text("hubq.help.abstract"),
            discussion: HelpText.discussion(Catalogue.text("hubq.help.discussion"), example: Catalogue.text("hubq.help.example")))
    }()

    @Option(help: ArgumentHelp(Catalogue.text("help.hub.opt.hub-hook"))) var hub: String?
    @OptionGroup var language: LanguageOption

    func run() throws { try Self.merge(hub: hub) }

    static func merge(hub: String?) throws {
        let environment = ProcessInfo.processInfo.environment
        try HubFailure.guarded {
            try ProcReceive.serve(input: .standardInput, output: .standardOutput) { updates in
                try IncomingMerge.run(updates: updates, environment: environment, hub: hub)
            }
        }
    }
}
