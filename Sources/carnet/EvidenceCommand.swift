import ArgumentParser
import Foundation
import Messages
import Records
import Workspace

struct EvidenceCommand: ParsableCommand {
    static let configuration: CommandConfiguration = {
        CommandConfiguration(
            commandName: "evidence", abstract: Catalogue.text("help.evidence.abstract"),
            discussion: HelpText.discussion(example: Catalogue.text("help.evidence.add.example")),
            subcommands: [Add.self, Remove.self, Title.self])
    }()

    struct Add: ParsableCommand {
        static let configuration: CommandConfiguration = {
            CommandConfiguration(
                abstract: Catalogue.text("help.evidence.add.abstract"), usage: "carnet evidence add <commitment> (<file> | --url <url>) [<options>]",
                discussion: HelpText.discussion(Catalogue.text("help.evidence.add.discussion"),
                                                example: Catalogue.text("help.evidence.add.example")))
        }()

        @OptionGroup var repository: RepositoryOptions
        @Argument(help: ArgumentHelp(Catalogue.text("help.arg.commitment"))) var commitment: String
        @Argument(help: ArgumentHelp(Catalogue.text("help.evidence.add.file"))) var file: String?
        @Option(help: ArgumentHelp(Catalogue.text("help.evidence.add.url"))) var url: String?
        @Option(help: ArgumentHelp(Catalogue.text("help.evidence.add.milestone"))) var milestone: String?
        @Option(help: ArgumentHelp(Catalogue.text("help.evidence.add.title"))) var title: String?
        @OptionGroup var language: LanguageOption
        @OptionGroup var changeDate: ChangeDateOption

        func validate() throws {
            if (file == nil) == (url == nil) { throw ValidationError(Catalogue.text("cli.evidence.file-or-url")) }
        }

        func run() throws {
            let copy = try repository.open()
            try changeDate.apply(to: copy)
            let source: WorkingCopy.EvidenceSource = file.map { .file($0) } ?? .url(url!)
            try EditConfirmation.run(copy) {
                let id = try PlanInput.commitment(commitment, in: copy)
                return try copy.addEvidence(id, source, milestone: milestone.map { PlanInput.milestone($0, of: id, in: copy) },
                                            title: title, language: language.language)
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration: CommandConfiguration = {
            CommandConfiguration(
                abstract: Catalogue.text("help.evidence.remove.abstract"), usage: "carnet evidence remove <commitment> <evidence> [<options>]",
                discussion: HelpText.discussion(Catalogue.text("help.evidence.remove.discussion"),
                                                example: Catalogue.text("help.evidence.remove.example")))
        }()

        @OptionGroup var repository: RepositoryOptions
        @Argument(help: ArgumentHelp(Catalogue.text("help.arg.commitment"))) var commitment: String
        @Argument(help: ArgumentHelp(Catalogue.text("help.evidence.remove.evidence"))) var evidence: String
        @OptionGroup var language: LanguageOption
        @OptionGroup var changeDate: ChangeDateOption

        func run() throws {
            let copy = try repository.open()
            try changeDate.apply(to: copy)
            try EditConfirmation.run(copy) {
                try copy.removeEvidence(PlanInput.commitment(commitment, in: copy), PlanInput.evidence(evidence))
            }
        }
    }

    /// An entry's title in one of the plan's languages: what the web app's title field saves,
    /// through the same engine (`WorkingCopy.setEvidenceTitle`: access rule, validator, one commit).
    struct Title: ParsableCommand {
        static let configuration: CommandConfiguration = {
            CommandConfiguration(
                abstract: Catalogue.text("wperf.help.evidence-title.abstract"),
                usage: "carnet evidence title <commitment> <evidence> <title> [<options>]",
                discussion: HelpText.discussion(Catalogue.text("wperf.help.evidence-title.discussion"),
                                                example: Catalogue.text("wperf.help.evidence-title.example")))
        }()

        @OptionGroup var repository: RepositoryOptions
        @Argument(help: ArgumentHelp(Catalogue.text("help.arg.commitment"))) var commitment: String
        @Argument(help: ArgumentHelp(Catalogue.text("help.evidence.remove.evidence"))) var evidence: String
        @Argument(help: ArgumentHelp(Catalogue.text("wperf.help.evidence-title.title"))) var title: String
        @OptionGroup var language: LanguageOption
        @OptionGroup var changeDate: ChangeDateOption

        func run() throws {
            let copy = try repository.open()
            try changeDate.apply(to: copy)
            try EditConfirmation.run(copy) {
                try copy.setEvidenceTitle(PlanInput.commitment(commitment, in: copy), PlanInput.evidence(evidence),
                                          title: title, language: language.language)
            }
        }
    }
}
