import ArgumentParser
import Foundation
import Records
import Workspace

struct MilestoneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "milestone", abstract: "Record a milestone's progress.", subcommands: [Set.self])

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a milestone's completion, dates, note or reason for delay (one commit).")

        @OptionGroup var repository: RepositoryOptions
        @Argument(help: "The commitment's id or number (05 or 5).") var commitment: String
        @Argument(help: "The milestone's id (e.g. m2).") var milestone: String
        @Option(help: "not-started, limited, substantial or complete.") var completion: CompletionLevel?
        @Option(help: "A note on the milestone's progress.") var note: String?
        @Option(help: "Why the milestone is late (the manual asks for reasons for any delay).") var delayReason: String?
        @Option(help: "When work actually started (YYYY-MM-DD or YYYY-MM).") var actualStart: PlanDate?
        @Option(help: "When work actually ended (YYYY-MM-DD or YYYY-MM).") var actualEnd: PlanDate?
        @OptionGroup var language: LanguageOption

        func validate() throws {
            if completion == nil && note == nil && delayReason == nil && actualStart == nil && actualEnd == nil {
                throw ValidationError("nothing to set: give --completion, --note, --delay-reason, --actual-start or --actual-end")
            }
        }

        func run() throws {
            let copy = try repository.open()
            var change = WorkingCopy.MilestoneChange()
            change.completion = completion
            change.note = note
            change.delayReason = delayReason
            change.actualStart = actualStart
            change.actualEnd = actualEnd
            change.language = language.language
            let message = try Failure.guarded(root: copy.root) { try copy.setMilestone(commitment, milestone, change) }
            Console.line(message)
        }
    }
}

struct CommitmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commitment", abstract: "Record a commitment's progress.", subcommands: [Set.self])

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a commitment's completion, results, next steps or reason for delay (one commit).")

        @OptionGroup var repository: RepositoryOptions
        @Argument(help: "The commitment's id or number (05 or 5).") var commitment: String
        @Option(help: "not-started, limited, substantial or complete.") var completion: CompletionLevel?
        @Option(help: "Description of results: what was done, whether the public used it, its effect.") var results: String?
        @Option(name: [.customLong("next-steps"), .customLong("next-step")], help: "Next steps.") var nextSteps: String?
        @Option(help: "Why the commitment is late.") var delayReason: String?
        @OptionGroup var language: LanguageOption

        func validate() throws {
            if completion == nil && results == nil && nextSteps == nil && delayReason == nil {
                throw ValidationError("nothing to set: give --completion, --results, --next-step or --delay-reason")
            }
        }

        func run() throws {
            let copy = try repository.open()
            var change = WorkingCopy.CommitmentChange()
            change.completion = completion
            change.results = results
            change.nextSteps = nextSteps
            change.delayReason = delayReason
            change.language = language.language
            let message = try Failure.guarded(root: copy.root) { try copy.setCommitment(commitment, change) }
            Console.line(message)
        }
    }
}

struct EvidenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence", abstract: "Keep the documents that show a commitment's completion.", subcommands: [Add.self, Remove.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a document (copied into the commitment's evidence folder) or a link (one commit).")

        @OptionGroup var repository: RepositoryOptions
        @Argument(help: "The commitment's id or number (05 or 5).") var commitment: String
        @Argument(help: "The document to add.") var file: String?
        @Option(help: "A web address instead of a document.") var url: String?
        @Option(help: "The milestone this evidence is for.") var milestone: String?
        @Option(help: "A title (default: made from the file name, e.g. rapport_final_2026-11.pdf gives \"Rapport final (nov. 2026)\"; or the address).") var title: String?
        @OptionGroup var language: LanguageOption

        func validate() throws {
            if (file == nil) == (url == nil) { throw ValidationError("give either a FILE or --url URL") }
        }

        func run() throws {
            let copy = try repository.open()
            let source: WorkingCopy.EvidenceSource = file.map { .file($0) } ?? .url(url!)
            let message = try Failure.guarded(root: copy.root) {
                try copy.addEvidence(commitment, source, milestone: milestone, title: title, language: language.language)
            }
            Console.line(message)
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove an evidence entry and its document in the evidence folder (one commit).",
            discussion: "The entry's id is listed by carnet show COMMITMENT (e1, e2, …). A link has no document to remove.")

        @OptionGroup var repository: RepositoryOptions
        @Argument(help: "The commitment's id or number (05 or 5).") var commitment: String
        @Argument(help: "The evidence entry's id (e.g. e3).") var evidence: String

        func run() throws {
            let copy = try repository.open()
            let message = try Failure.guarded(root: copy.root) { try copy.removeEvidence(commitment, evidence) }
            Console.line(message)
        }
    }
}

struct WhoamiCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whoami", abstract: "Show or set who signs this copy's changes (its git user.name and user.email).")

    @OptionGroup var repository: RepositoryOptions
    @Option(help: "Your name, as it should appear in the plan's history.") var name: String?
    @Option(help: "Your email address.") var email: String?

    func run() throws {
        let copy = try repository.open()
        if name != nil || email != nil {
            guard let name, let email else { throw ValidationError("give both --name and --email") }
            try Failure.guarded { try copy.setAuthor(name: name, email: email) }
        }
        let author = try Failure.guarded { try copy.author() }
        Console.line("\(author.name) <\(author.email)>")
    }
}
