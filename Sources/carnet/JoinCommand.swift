import ArgumentParser
import Foundation
import Messages
import Records
import Sync
import Workspace

/// `carnet join FILE [DIR]`: a new member's copy from an invitation (docs/JOINING.md). First
/// run: her key, the hub's pinned host key, her name as author, and an answer file to send
/// back. Once the point of contact has accepted it: run again, the plan is fetched.
struct JoinCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "join",
        abstract: Catalogue.text("help.join.abstract"),
        discussion: Catalogue.text("help.join.discussion"))

    @Argument(help: ArgumentHelp(Catalogue.text("help.join.file"))) var file: String
    @Argument(help: ArgumentHelp(Catalogue.text("help.join.directory"))) var directory: String?
    @Option(help: ArgumentHelp(Catalogue.text("help.join.answer"))) var answer: String?
    @Flag(help: ArgumentHelp(Catalogue.text("help.join.passphrase"))) var passphrase = false
    @OptionGroup var output: JSONOption

    func run() throws {
        let bytes = try HostileFile.read(file)
        let invitation = try HostileFile.guarded { try Invitation.parse(bytes) }
        let home = ProcessInfo.processInfo.environment["HOME"] ?? FileManager.default.currentDirectoryPath
        let folder = directory ?? home + "/carnet-plan"
        let state = try Failure.guarded { try Join.state(of: folder, for: invitation) }
        switch state {
        case .fresh:
            if invitation.isExpired {
                Console.error(WorkingCopy.InvitationRefusal.expired(Invitation.format(invitation.expires)).description)
                throw ExitCode(77)
            }
            let answerPath = answer ?? "carnet-answer-\(invitation.id.prefix(8)).txt"
            let prepared = try Failure.guarded { try Join.prepare(invitation, in: folder, answer: answerPath, passphrase: passphrase) }
            if output.json {
                return Console.json(["state": "answer-written", "answer": prepared.answerPath, "fingerprint": prepared.fingerprint,
                                     "directory": folder, "key": prepared.keyPath])
            }
            Console.line(Catalogue.text("cli.join.prepared", [
                "answer": .text(prepared.answerPath), "fingerprint": .text(prepared.fingerprint),
                "key": .text(prepared.keyPath), "file": .text(file), "directory": .text(folder)]))
        case .waiting:
            let outcome = Join.finish(in: folder)
            if output.json {
                Console.json(outcome)
            } else if outcome.exitCode == 0 {
                Console.line(Catalogue.text("cli.join.joined", ["directory": .text(folder)]))
            } else {
                Console.line(outcome.summary, toError: true)
                if outcome.status == .refused {
                    Console.line(Catalogue.text("cli.join.not-accepted", ["file": .text(file), "directory": .text(folder)]), toError: true)
                }
            }
            if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
        case .joined:
            if output.json { return Console.json(["state": "joined", "directory": folder]) }
            Console.line(Catalogue.text("cli.join.already", ["directory": .text(folder)]))
        }
    }
}
