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
    static let configuration = DefinitionTarget.help(
        abstract: Catalogue.text("wcache.help.commitment.define.abstract"), usage: "carnet commitment define <commitment> [<options>]",
        example: Catalogue.text("wcache.help.commitment.define.example"))

    @OptionGroup var target: DefinitionTarget
    @Option(help: ArgumentHelp(Catalogue.text("wcache.help.define.title"))) var title: String?
    @Option(help: ArgumentHelp(Catalogue.text("wcache.help.define.problem"))) var problem: String?
    @Option(name: .customLong("commitment-text"), help: ArgumentHelp(Catalogue.text("wcache.help.define.commitment-text"))) var commitmentText: String?
    @Option(help: ArgumentHelp(Catalogue.text("wcache.help.define.solution"))) var solution: String?
    @Option(help: ArgumentHelp(Catalogue.text("wcache.help.define.relevance"))) var relevance: String?
    @OptionGroup var dates: DefinitionDates
    @Option(help: ArgumentHelp(Catalogue.text("wcache.help.define.lead-agency"))) var leadAgency: String?
    @Option(help: ArgumentHelp(Catalogue.text("wcache.help.define.code"))) var code: String?
    @Flag(inversion: .prefixedNo, help: ArgumentHelp(Catalogue.text("wcache.help.define.draft"))) var draft: Bool?
    @OptionGroup var language: LanguageOption

    func validate() throws {
        if [title, problem, commitmentText, solution, relevance, leadAgency, code].allSatisfy({ $0 == nil }) && !dates.given && draft == nil {
            throw ValidationError(Catalogue.text("wcache.cli.nothing-to-define"))
        }
    }

    func run() throws {
        try target.define { _, _ in
            var change = WorkingCopy.CommitmentDefinitionChange()
            change.title = title
            change.problem = problem
            change.commitment = commitmentText
            change.solution = solution
            change.relevance = relevance
            (change.start, change.end) = try dates.read()
            change.leadAgency = leadAgency
            change.code = code
            change.draft = draft
            change.language = language.language
            return change
        }
    }
}

struct DefineMilestone: ParsableCommand {
    static let configuration = DefinitionTarget.help(
        abstract: Catalogue.text("wcache.help.milestone.define.abstract"), usage: "carnet milestone define <commitment> <milestone> [<options>]",
        example: Catalogue.text("wcache.help.milestone.define.example"))

    @OptionGroup var target: DefinitionTarget
    @Argument(help: ArgumentHelp(Catalogue.text("help.arg.milestone"))) var milestone: String
    @Option(help: ArgumentHelp(Catalogue.text("wcache.help.define.activity"))) var activity: String?
    @OptionGroup var dates: DefinitionDates
    @Option(help: ArgumentHelp(Catalogue.text("wcache.help.define.milestone-lead"))) var leadAgency: String?
    @Option(help: ArgumentHelp(Catalogue.text("wcache.help.define.code"))) var code: String?
    @OptionGroup var language: LanguageOption

    func validate() throws {
        if [activity, leadAgency, code].allSatisfy({ $0 == nil }) && !dates.given {
            throw ValidationError(Catalogue.text("wcache.cli.nothing-to-define"))
        }
    }

    func run() throws {
        try target.define { copy, id in
            var edit = WorkingCopy.MilestoneDefinitionChange()
            edit.activity = activity
            (edit.start, edit.end) = try dates.read()
            edit.leadAgency = leadAgency
            edit.code = code
            var change = WorkingCopy.CommitmentDefinitionChange()
            change.milestones[PlanInput.milestone(milestone, of: id, in: copy)] = edit
            change.language = language.language
            return change
        }
    }
}

/// What both define commands start with: the copy (`-C`) and the commitment, found as people
/// type it (its number, its code or its folder).
struct DefinitionTarget: ParsableArguments {
    @OptionGroup var repository: RepositoryOptions
    @Argument(help: ArgumentHelp(Catalogue.text("help.arg.commitment"))) var commitment: String

    /// Opens the copy, finds the commitment and saves the change `make` writes for it.
    func define(_ make: (_ copy: WorkingCopy, _ id: String) throws -> WorkingCopy.CommitmentDefinitionChange) throws {
        let copy = try repository.open()
        try EditConfirmation.run(copy) {
            let id = try PlanInput.commitment(commitment, in: copy)
            return try DefinitionText.define(copy, id, try make(copy, id))
        }
    }

    /// A define command's help: the discussion is the same for both.
    static func help(abstract: String, usage: String, example: String) -> CommandConfiguration {
        CommandConfiguration(commandName: "define", abstract: abstract, usage: usage,
                             discussion: HelpText.discussion(Catalogue.text("wcache.help.define.discussion"), example: example))
    }
}

/// The dates both define commands may set, read as people write them (PlanInput).
struct DefinitionDates: ParsableArguments {
    @Option(help: ArgumentHelp(Catalogue.text("wcache.help.define.start"))) var start: String?
    @Option(help: ArgumentHelp(Catalogue.text("wcache.help.define.end"))) var end: String?

    var given: Bool { start != nil || end != nil }

    func read() throws -> (start: PlanDate?, end: PlanDate?) {
        (try start.map { try PlanInput.date($0, option: "--start") }, try end.map { try PlanInput.date($0, option: "--end") })
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
