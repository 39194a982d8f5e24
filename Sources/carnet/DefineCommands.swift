import ArgumentParser
import Foundation
import Messages
import Records
import Workspace

/// What the point of contact writes from a terminal: a commitment's definition and its
/// milestones', in any of the plan's languages (`--lang`), through the web app's own engine
/// (`WorkingCopy.defineCommitment`): the access rule (a ministry's copy is refused), the
/// validator on the record as it would be, one commit.
struct DefineCommitment: ParsableCommand {
    static let configuration: CommandConfiguration = {
        CommandConfiguration(
            commandName: "define", abstract: Catalogue.text("wcache.help.commitment.define.abstract"),
            usage: "carnet commitment define <commitment> [<options>]",
            discussion: HelpText.discussion(Catalogue.text("wcache.help.define.discussion"),
                                            example: Catalogue.text("wcache.help.commitment.define.example")))
    }()

    @OptionGroup var repository: RepositoryOptions
    @Argument(help: ArgumentHelp(Catalogue.text("help.arg.commitment"))) var commitment: String
    @Option(help: ArgumentHelp(Catalogue.text("wcache.help.define.title"))) var title: String?
    @Option(help: ArgumentHelp(Catalogue.text("wcache.help.define.problem"))) var problem: String?
    @Option(name: .customLong("commitment-text"), help: ArgumentHelp(Catalogue.text("wcache.help.define.commitment-text"))) var commitmentText: String?
    @Option(help: ArgumentHelp(Catalogue.text("wcache.help.define.solution"))) var solution: String?
    @Option(help: ArgumentHelp(Catalogue.text("wcache.help.define.relevance"))) var relevance: String?
    @Option(help: ArgumentHelp(Catalogue.text("wcache.help.define.start"))) var start: String?
    @Option(help: ArgumentHelp(Catalogue.text("wcache.help.define.end"))) var end: String?
    @Option(help: ArgumentHelp(Catalogue.text("wcache.help.define.lead-agency"))) var leadAgency: String?
    @Option(help: ArgumentHelp(Catalogue.text("wcache.help.define.code"))) var code: String?
    @Flag(inversion: .prefixedNo, help: ArgumentHelp(Catalogue.text("wcache.help.define.draft"))) var draft: Bool?
    @OptionGroup var language: LanguageOption

    func validate() throws {
        if [title, problem, commitmentText, solution, relevance, start, end, leadAgency, code].allSatisfy({ $0 == nil }) && draft == nil {
            throw ValidationError(Catalogue.text("wcache.cli.nothing-to-define"))
        }
    }

    func run() throws {
        let copy = try repository.open()
        try EditConfirmation.run(copy) {
            var change = WorkingCopy.CommitmentDefinitionChange()
            change.title = title
            change.problem = problem
            change.commitment = commitmentText
            change.solution = solution
            change.relevance = relevance
            change.start = try start.map { try PlanInput.date($0, option: "--start") }
            change.end = try end.map { try PlanInput.date($0, option: "--end") }
            change.leadAgency = leadAgency
            change.code = code
            change.draft = draft
            change.language = language.language
            return try DefinitionText.define(copy, PlanInput.commitment(commitment, in: copy), change)
        }
    }
}

struct DefineMilestone: ParsableCommand {
    static let configuration: CommandConfiguration = {
        CommandConfiguration(
            commandName: "define", abstract: Catalogue.text("wcache.help.milestone.define.abstract"),
            usage: "carnet milestone define <commitment> <milestone> [<options>]",
            discussion: HelpText.discussion(Catalogue.text("wcache.help.define.discussion"),
                                            example: Catalogue.text("wcache.help.milestone.define.example")))
    }()

    @OptionGroup var repository: RepositoryOptions
    @Argument(help: ArgumentHelp(Catalogue.text("help.arg.commitment"))) var commitment: String
    @Argument(help: ArgumentHelp(Catalogue.text("help.arg.milestone"))) var milestone: String
    @Option(help: ArgumentHelp(Catalogue.text("wcache.help.define.activity"))) var activity: String?
    @Option(help: ArgumentHelp(Catalogue.text("wcache.help.define.start"))) var start: String?
    @Option(help: ArgumentHelp(Catalogue.text("wcache.help.define.end"))) var end: String?
    @Option(help: ArgumentHelp(Catalogue.text("wcache.help.define.milestone-lead"))) var leadAgency: String?
    @Option(help: ArgumentHelp(Catalogue.text("wcache.help.define.code"))) var code: String?
    @OptionGroup var language: LanguageOption

    func validate() throws {
        if [activity, start, end, leadAgency, code].allSatisfy({ $0 == nil }) {
            throw ValidationError(Catalogue.text("wcache.cli.nothing-to-define"))
        }
    }

    func run() throws {
        let copy = try repository.open()
        try EditConfirmation.run(copy) {
            let id = try PlanInput.commitment(commitment, in: copy)
            let milestoneID = PlanInput.milestone(milestone, of: id, in: copy)
            var edit = WorkingCopy.MilestoneDefinitionChange()
            edit.activity = activity
            edit.start = try start.map { try PlanInput.date($0, option: "--start") }
            edit.end = try end.map { try PlanInput.date($0, option: "--end") }
            edit.leadAgency = leadAgency
            edit.code = code
            var change = WorkingCopy.CommitmentDefinitionChange()
            change.milestones[milestoneID] = edit
            change.language = language.language
            return try DefinitionText.define(copy, id, change)
        }
    }
}

/// A definition refused by the validator, said as every edit's refusal is: the problems, each
/// with the field it is about, and exit 65 (the records would be invalid); nothing was written.
enum DefinitionText {
    static func define(_ copy: WorkingCopy, _ id: String, _ change: WorkingCopy.CommitmentDefinitionChange) throws -> String {
        do {
            return try copy.defineCommitment(id, change) ?? ""
        } catch let refused as DefinitionRefused {
            for problem in refused.problems {
                Console.line(problem.field.map { Catalogue.text("wcache.cli.field-problem", ["field": .text($0), "message": .text(problem.message)]) }
                             ?? problem.message, toError: true)
            }
            throw WorkspaceError.invalid([], refused.summary)
        }
    }
}
