import ArgumentParser
import Foundation
import Messages
import Records
import Workspace

/// What stakeholders say and what they judge (docs/RECORDS.md, "Participation"): the log of
/// communications (`carnet communication add` / `answer`, the point of contact or a forum
/// secretary) and a civil society organisation's own review of a commitment (`carnet review set`,
/// from the organisation's copy). One commit each, through Workspace's ParticipationEdits.

struct CommunicationCommand: ParsableCommand {
    static let configuration = RecordCommandHelp.group(
        "communication", abstract: Catalogue.text("part2.help.communication.abstract"),
        example: Catalogue.text("part2.help.communication.add.example"), verbs: [Add.self, Answer.self])

    struct Add: ParsableCommand {
        static let configuration = RecordCommandHelp.verb(
            abstract: Catalogue.text("part2.help.communication.add.abstract"),
            usage: "carnet communication add --from <from> --channel <channel> --question <question> [<options>]",
            discussion: Catalogue.text("part2.help.communication.add.discussion"), example: Catalogue.text("part2.help.communication.add.example"))

        @OptionGroup var repository: RepositoryOptions
        @Option(help: ArgumentHelp(Catalogue.text("part2.help.communication.from"))) var from: String
        @Flag(name: .customLong("public"), help: ArgumentHelp(Catalogue.text("part2.help.communication.public"))) var fromPublic = false
        @Option(help: ArgumentHelp(Catalogue.text("part2.help.communication.channel"))) var channel: String
        @Option(help: ArgumentHelp(Catalogue.text("part2.help.communication.question"))) var question: String
        @Option(help: ArgumentHelp(Catalogue.text("part2.help.communication.received"))) var received: String?
        @OptionGroup var record: NewRecordOptions

        func run() throws {
            try record.add(in: repository) { copy, text in
                var communication = Communication(
                    id: record.id ?? "", received: try received.map { try PlanInput.day($0, option: "--received") } ?? .today(),
                    from: from, channel: try PlanInput.choice(channel, Communication.Channel.self, option: "--channel"),
                    question: text(question))
                communication.fromPublic = fromPublic
                return try copy.addCommunication(communication)
            }
        }
    }

    struct Answer: ParsableCommand {
        static let configuration = RecordCommandHelp.verb(
            abstract: Catalogue.text("part2.help.communication.answer.abstract"),
            usage: "carnet communication answer <id> --answer <answer> [<options>]",
            discussion: Catalogue.text("part2.help.communication.answer.discussion"), example: Catalogue.text("part2.help.communication.answer.example"))

        @OptionGroup var repository: RepositoryOptions
        @Argument(help: ArgumentHelp(Catalogue.text("part2.help.communication.id"))) var id: String
        @Option(help: ArgumentHelp(Catalogue.text("part2.help.communication.answer"))) var answer: String
        @Option(help: ArgumentHelp(Catalogue.text("part2.help.communication.answered"))) var answered: String?
        @Option(help: ArgumentHelp(Catalogue.text("part2.help.communication.by"))) var by: String?
        @OptionGroup var language: LanguageOption

        func run() throws {
            let copy = try repository.open()
            try EditConfirmation.run(copy) {
                try copy.answerCommunication(id, answered: try answered.map { try PlanInput.day($0, option: "--answered") } ?? .today(),
                                             answer: answer, by: by, language: language.language)
            }
        }
    }
}

struct ReviewCommand: ParsableCommand {
    static let configuration = RecordCommandHelp.group(
        "review", abstract: Catalogue.text("part2.help.review.abstract"), example: Catalogue.text("part2.help.review.set.example"), verbs: [Set.self])

    struct Set: ParsableCommand {
        static let configuration = RecordCommandHelp.verb(
            abstract: Catalogue.text("part2.help.review.set.abstract"), usage: "carnet review set <commitment> [<options>]",
            discussion: Catalogue.text("part2.help.review.set.discussion"), example: Catalogue.text("part2.help.review.set.example"))

        @OptionGroup var repository: RepositoryOptions
        @Argument(help: ArgumentHelp(Catalogue.text("help.arg.commitment"))) var commitment: String
        @Option(help: ArgumentHelp(Catalogue.text("help.opt.completion"))) var completion: String?
        @Option(help: ArgumentHelp(Catalogue.text("part2.help.review.comments"))) var comments: String?
        @Option(name: .customLong("evidence-url"), help: ArgumentHelp(Catalogue.text("part2.help.review.evidence-url"))) var evidenceURL: String?
        @Option(name: .customLong("evidence-title"), help: ArgumentHelp(Catalogue.text("part2.help.review.evidence-title"))) var evidenceTitle: String?
        @Option(help: ArgumentHelp(Catalogue.text("part2.help.review.reviewed"))) var reviewed: String?
        @Option(help: ArgumentHelp(Catalogue.text("part2.help.review.organisation"))) var organisation: String?
        @OptionGroup var language: LanguageOption

        func validate() throws {
            if completion == nil && comments == nil && evidenceURL == nil && reviewed == nil {
                throw ValidationError(Catalogue.text("part2.review.nothing-to-set"))
            }
            if evidenceTitle != nil && evidenceURL == nil { throw ValidationError(Catalogue.text("part2.review.title-needs-url")) }
        }

        func run() throws {
            let copy = try repository.open()
            try EditConfirmation.run(copy) {
                let planLanguage = copy.planLanguage()
                var change = WorkingCopy.ReviewChange()
                change.completion = try completion.map { try PlanInput.completion($0, option: "--completion") }
                change.date = try reviewed.map { try PlanInput.date($0, option: "--reviewed") }
                change.comments = comments
                change.evidence = evidenceURL.map {
                    CivilSocietyReview.Link(title: Text.make(evidenceTitle ?? $0, language: language.language, planLanguage: planLanguage), url: $0)
                }
                change.language = language.language
                return try copy.setReview(organisation: organisation, commitment: commitment, change)
            }
        }
    }
}
