import ArgumentParser
import Foundation
import Messages
import Workspace

/// `carnet member add`: who may push to the hub, with their SSH key (one commit).
struct MemberCommand: ParsableCommand {
    static let configuration: CommandConfiguration = {
        CommandConfiguration(
            commandName: "member", abstract: Catalogue.text("help.member.abstract"),
            discussion: HelpText.discussion(example: Catalogue.text("help.member.add.example")),
            subcommands: [Add.self, Invite.self, Accept.self, Remove.self])
    }()

    struct Add: ParsableCommand {
        static let configuration: CommandConfiguration = {
            CommandConfiguration(
                abstract: Catalogue.text("help.member.add.abstract"),
                usage: "carnet member add (<ministry> | --point-of-contact) --name <name>\n--email <email> --key <key> [<options>]",
                discussion: HelpText.discussion(Catalogue.text("help.member.add.discussion"),
                                                example: Catalogue.text("help.member.add.example")))
        }()

        @OptionGroup var repository: RepositoryOptions
        @Argument(help: ArgumentHelp(Catalogue.text("help.member.add.ministry"))) var ministry: String?
        @Flag(name: .customLong("point-of-contact"), help: ArgumentHelp(Catalogue.text("help.member.add.point-of-contact")))
        var pointOfContact = false
        @Option(help: ArgumentHelp(Catalogue.text("help.member.add.name"))) var name: String
        @Option(help: ArgumentHelp(Catalogue.text("help.member.add.email"))) var email: String
        @Option(help: ArgumentHelp(Catalogue.text("help.member.add.key"))) var key: String
        @Option(help: ArgumentHelp(Catalogue.text("help.member.add.account"))) var account: String?
        @OptionGroup var language: LanguageOption

        func validate() throws {
            if (ministry == nil) == !pointOfContact {
                throw ValidationError(Catalogue.text("cli.member.ministry-or-point-of-contact"))
            }
        }

        func run() throws {
            let copy = try repository.open()
            guard let data = FileManager.default.contents(atPath: key) else {
                Console.error(Catalogue.text("cli.member.unreadable-key", ["path": .text(key)]))
                throw ExitCode(66)
            }
            let line = String(decoding: data, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
            let target: WorkingCopy.MemberTarget = ministry.map { .ministry($0) } ?? .pointOfContact
            try EditConfirmation.run(copy) {
                try copy.addMember(target, name: name, email: email, key: line, account: account)
            }
        }
    }
}
