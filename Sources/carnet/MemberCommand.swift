import ArgumentParser
import Foundation
import Workspace

/// `carnet member add`: who may push to the hub, with their SSH key (one commit).
struct MemberCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "member", abstract: "Record who may write to the hub, with their SSH public key.", subcommands: [Add.self, Invite.self, Accept.self, Remove.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a member (or a key to a member) of a ministry, or of the point of contact's team (one commit).")

        @OptionGroup var repository: RepositoryOptions
        @Argument(help: "The ministry's id (its file name in ministries/).") var ministry: String?
        @Flag(name: .customLong("point-of-contact"), help: "Add the person to the point of contact's team (plan.yaml).")
        var pointOfContact = false
        @Option(help: "The person's name.") var name: String
        @Option(help: "The person's email: the hub knows them by it.") var email: String
        @Option(help: "Their SSH public key file (.pub).") var key: String
        @Option(help: "Their user name on a GitLab hub (GitLab tells the hook only the user name; docs/HUB.md).")
        var account: String?

        func validate() throws {
            if (ministry == nil) == !pointOfContact {
                throw ValidationError("give either a MINISTRY or --point-of-contact")
            }
        }

        func run() throws {
            let copy = try repository.open()
            guard let data = FileManager.default.contents(atPath: key) else {
                Console.error("cannot read the key file \(key)")
                throw ExitCode(66)
            }
            let line = String(decoding: data, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
            let target: WorkingCopy.MemberTarget = ministry.map { .ministry($0) } ?? .pointOfContact
            let message = try Failure.guarded(root: copy.root) {
                try copy.addMember(target, name: name, email: email, key: line, account: account)
            }
            Console.line(message)
        }
    }
}
