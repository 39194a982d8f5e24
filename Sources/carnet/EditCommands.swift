import ArgumentParser
import Foundation
import Messages
import Records
import Workspace

struct MilestoneCommand: ParsableCommand {
    static let configuration: CommandConfiguration = {
        CommandConfiguration(
            commandName: "milestone", abstract: Catalogue.text("help.milestone.abstract"),
            discussion: HelpText.discussion(example: Catalogue.text("help.milestone.set.example")),
            subcommands: [Set.self, DefineMilestone.self])
    }()

    struct Set: ParsableCommand {
        static let configuration: CommandConfiguration = {
            CommandConfiguration(
                abstract: Catalogue.text("help.milestone.set.abstract"), usage: "carnet milestone set <commitment> <milestone> [<options>]",
                discussion: HelpText.discussion(Catalogue.text("help.milestone.set.discussion"),
                                                example: Catalogue.text("help.milestone.set.example")))
        }()

        @OptionGroup var repository: RepositoryOptions
        @Argument(help: ArgumentHelp(Catalogue.text("help.arg.commitment"))) var commitment: String
        @Argument(help: ArgumentHelp(Catalogue.text("help.arg.milestone"))) var milestone: String
        @Option(help: ArgumentHelp(Catalogue.text("help.opt.completion"))) var completion: String?
        @Option(help: ArgumentHelp(Catalogue.text("help.milestone.set.note"))) var note: String?
        @Option(help: ArgumentHelp(Catalogue.text("help.milestone.set.delay-reason"))) var delayReason: String?
        @Option(help: ArgumentHelp(Catalogue.text("help.milestone.set.actual-start"))) var actualStart: String?
        @Option(help: ArgumentHelp(Catalogue.text("help.milestone.set.actual-end"))) var actualEnd: String?
        @OptionGroup var language: LanguageOption
        @OptionGroup var changeDate: ChangeDateOption

        func validate() throws {
            if completion == nil && note == nil && delayReason == nil && actualStart == nil && actualEnd == nil {
                throw ValidationError(Catalogue.text("cli.milestone.nothing-to-set"))
            }
        }

        func run() throws {
            let copy = try repository.open()
            try changeDate.apply(to: copy)
            try EditConfirmation.run(copy) {
                var change = WorkingCopy.MilestoneChange()
                change.completion = try completion.map { try PlanInput.completion($0, option: "--completion") }
                change.actualStart = try actualStart.map { try PlanInput.date($0, option: "--actual-start") }
                change.actualEnd = try actualEnd.map { try PlanInput.date($0, option: "--actual-end") }
                change.note = note
                change.delayReason = delayReason
                change.language = language.language
                let id = try PlanInput.commitment(commitment, in: copy)
                return try copy.setMilestone(id, PlanInput.milestone(milestone, of: id, in: copy), change)
            }
        }
    }
}

struct CommitmentCommand: ParsableCommand {
    static let configuration: CommandConfiguration = {
        CommandConfiguration(
            commandName: "commitment", abstract: Catalogue.text("help.commitment.abstract"),
            discussion: HelpText.discussion(example: Catalogue.text("help.commitment.set.example")),
            subcommands: [Set.self, DefineCommitment.self])
    }()

    struct Set: ParsableCommand {
        static let configuration: CommandConfiguration = {
            CommandConfiguration(
                abstract: Catalogue.text("help.commitment.set.abstract"), usage: "carnet commitment set <commitment> [<options>]",
                discussion: HelpText.discussion(example: Catalogue.text("help.commitment.set.example")))
        }()

        @OptionGroup var repository: RepositoryOptions
        @Argument(help: ArgumentHelp(Catalogue.text("help.arg.commitment"))) var commitment: String
        @Option(help: ArgumentHelp(Catalogue.text("help.opt.completion"))) var completion: String?
        @Option(help: ArgumentHelp(Catalogue.text("help.commitment.set.results"))) var results: String?
        @Option(name: [.customLong("next-steps"), .customLong("next-step")],
                help: ArgumentHelp(Catalogue.text("help.commitment.set.next-steps"))) var nextSteps: String?
        @Option(help: ArgumentHelp(Catalogue.text("help.commitment.set.delay-reason"))) var delayReason: String?
        @OptionGroup var language: LanguageOption
        @OptionGroup var changeDate: ChangeDateOption

        func validate() throws {
            if completion == nil && results == nil && nextSteps == nil && delayReason == nil {
                throw ValidationError(Catalogue.text("cli.commitment.nothing-to-set"))
            }
        }

        func run() throws {
            let copy = try repository.open()
            try changeDate.apply(to: copy)
            try EditConfirmation.run(copy) {
                var change = WorkingCopy.CommitmentChange()
                change.completion = try completion.map { try PlanInput.completion($0, option: "--completion") }
                change.results = results
                change.nextSteps = nextSteps
                change.delayReason = delayReason
                change.language = language.language
                return try copy.setCommitment(PlanInput.commitment(commitment, in: copy), change)
            }
        }
    }
}

struct WhoamiCommand: ParsableCommand {
    static let configuration: CommandConfiguration = {
        CommandConfiguration(
            commandName: "whoami", abstract: Catalogue.text("help.whoami.abstract"), usage: "carnet whoami [--name <name> --email <email>] [<options>]",
            discussion: HelpText.discussion(Catalogue.text("help.whoami.discussion"),
                                            example: Catalogue.text("help.whoami.example")))
    }()

    @OptionGroup var repository: RepositoryOptions
    @Option(help: ArgumentHelp(Catalogue.text("help.whoami.name"))) var name: String?
    @Option(help: ArgumentHelp(Catalogue.text("help.whoami.email"))) var email: String?
    @OptionGroup var language: LanguageOption

    func run() throws {
        let copy = try repository.open()
        if name != nil || email != nil {
            guard let name, let email else { throw ValidationError(Catalogue.text("cli.whoami.both")) }
            try Failure.guarded { try copy.setAuthor(name: name, email: email) }
        }
        let author = try Failure.guarded { try copy.author() }
        Console.line("\(author.name) <\(author.email)>")
    }
}
