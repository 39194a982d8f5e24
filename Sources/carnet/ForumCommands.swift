import ArgumentParser
import Foundation
import Messages
import Records
import Workspace

/// The forum's own records, kept by the point of contact or a forum secretary (docs/RECORDS.md,
/// "Participation"): `carnet meeting add`, `carnet consultation add`, `carnet document add`.
/// Each writes one record through Workspace's ParticipationEdits: one commit, or nothing.

/// What every command that adds a participation record takes last: `--id`, the record's file
/// name when the one Carnet makes is not wanted, and `--lang`, the language its texts are in.
struct NewRecordOptions: ParsableArguments {
    @Option(help: ArgumentHelp(Catalogue.text("part2.help.id"))) var id: String?
    @OptionGroup var language: LanguageOption

    /// Opens the copy and makes the edit there, saying what it committed; `text` makes a text
    /// field of what was typed, in `--lang` (by default the plan's first language).
    func add(in repository: RepositoryOptions, _ edit: (_ copy: WorkingCopy, _ text: (String) -> Text) throws -> String) throws {
        let copy = try repository.open()
        try EditConfirmation.run(copy) {
            let planLanguage = copy.planLanguage()
            return try edit(copy) { Text.make($0, language: language.language, planLanguage: planLanguage) }
        }
    }
}

/// The help of a participation record's command (`carnet meeting`) and of its verbs (`add`):
/// one layout for all of them. The words come from the caller, so each catalogue key stays
/// written out where it is used (CatalogueTests finds it there).
enum RecordCommandHelp {
    static func group(_ name: String, abstract: String, example: String, verbs: [any ParsableCommand.Type]) -> CommandConfiguration {
        CommandConfiguration(commandName: name, abstract: abstract, discussion: HelpText.discussion(example: example), subcommands: verbs)
    }

    static func verb(abstract: String, usage: String, discussion: String, example: String) -> CommandConfiguration {
        CommandConfiguration(abstract: abstract, usage: usage, discussion: HelpText.discussion(discussion, example: example))
    }
}

struct MeetingCommand: ParsableCommand {
    static let configuration = RecordCommandHelp.group(
        "meeting", abstract: Catalogue.text("part2.help.meeting.abstract"), example: Catalogue.text("part2.help.meeting.add.example"), verbs: [Add.self])

    struct Add: ParsableCommand {
        static let configuration = RecordCommandHelp.verb(
            abstract: Catalogue.text("part2.help.meeting.add.abstract"), usage: "carnet meeting add <day> --title <title> [<options>]",
            discussion: Catalogue.text("part2.help.meeting.add.discussion"), example: Catalogue.text("part2.help.meeting.add.example"))

        @OptionGroup var repository: RepositoryOptions
        @Argument(help: ArgumentHelp(Catalogue.text("part2.help.meeting.day"))) var day: String
        @Option(help: ArgumentHelp(Catalogue.text("part2.help.meeting.title"))) var title: String
        @Option(help: ArgumentHelp(Catalogue.text("part2.help.meeting.kind"))) var kind: String?
        @Flag(inversion: .prefixedNo, help: ArgumentHelp(Catalogue.text("part2.help.meeting.remote"))) var remote: Bool?
        @Option(help: ArgumentHelp(Catalogue.text("part2.help.meeting.government"))) var government: Int?
        @Option(help: ArgumentHelp(Catalogue.text("part2.help.meeting.civil-society"))) var civilSociety: Int?
        @Option(help: ArgumentHelp(Catalogue.text("part2.help.meeting.private-sector"))) var privateSector: Int?
        @Option(help: ArgumentHelp(Catalogue.text("part2.help.meeting.academia"))) var academia: Int?
        @Option(help: ArgumentHelp(Catalogue.text("part2.help.meeting.other"))) var other: Int?
        @Option(help: ArgumentHelp(Catalogue.text("part2.help.meeting.agenda"))) var agenda: String?
        @Option(help: ArgumentHelp(Catalogue.text("part2.help.meeting.decisions"))) var decisions: String?
        @Option(help: ArgumentHelp(Catalogue.text("part2.help.meeting.minutes"))) var minutes: String?
        @OptionGroup var record: NewRecordOptions

        func run() throws {
            try record.add(in: repository) { copy, text in
                var meeting = ForumMeeting(id: record.id ?? "", date: try PlanInput.day(day, option: "<day>"),
                                           kind: try kind.map { try PlanInput.choice($0, ForumMeeting.Kind.self, option: "--kind") } ?? .forum,
                                           title: text(title))
                meeting.remote = remote
                var attendance = ForumMeeting.Attendance()
                attendance.government = government
                attendance.civilSociety = civilSociety
                attendance.privateSector = privateSector
                attendance.academia = academia
                attendance.other = other
                meeting.attendance = attendance.isEmpty ? nil : attendance
                meeting.agenda = agenda.map(text)
                meeting.decisions = decisions.map(text)
                meeting.minutes = minutes.map { PeopleInput.recordID($0) ?? $0 }
                return try copy.addMeeting(meeting)
            }
        }
    }
}

struct ConsultationCommand: ParsableCommand {
    static let configuration = RecordCommandHelp.group(
        "consultation", abstract: Catalogue.text("part2.help.consultation.abstract"),
        example: Catalogue.text("part2.help.consultation.add.example"), verbs: [Add.self])

    struct Add: ParsableCommand {
        static let configuration = RecordCommandHelp.verb(
            abstract: Catalogue.text("part2.help.consultation.add.abstract"),
            usage: "carnet consultation add --subject <subject> --title <title> --opens <day> --closes <day> [<options>]",
            discussion: Catalogue.text("part2.help.consultation.add.discussion"), example: Catalogue.text("part2.help.consultation.add.example"))

        @OptionGroup var repository: RepositoryOptions
        @Option(help: ArgumentHelp(Catalogue.text("part2.help.consultation.subject"))) var subject: String
        @Option(help: ArgumentHelp(Catalogue.text("part2.help.consultation.title"))) var title: String
        @Option(help: ArgumentHelp(Catalogue.text("part2.help.consultation.opens"))) var opens: String
        @Option(help: ArgumentHelp(Catalogue.text("part2.help.consultation.closes"))) var closes: String
        @Option(help: ArgumentHelp(Catalogue.text("part2.help.consultation.channel"))) var channel: [String] = []
        @Option(help: ArgumentHelp(Catalogue.text("part2.help.consultation.contributions"))) var contributions: Int?
        @Option(help: ArgumentHelp(Catalogue.text("part2.help.consultation.response-report"))) var responseReport: String?
        @OptionGroup var record: NewRecordOptions

        func run() throws {
            try record.add(in: repository) { copy, text in
                var consultation = Consultation(
                    id: record.id ?? "", subject: try PlanInput.choice(subject, Consultation.Subject.self, option: "--subject"),
                    title: text(title), opens: try PlanInput.day(opens, option: "--opens"), closes: try PlanInput.day(closes, option: "--closes"))
                for word in channel {
                    let c = try PlanInput.choice(word, Consultation.Channel.self, option: "--channel")
                    if !consultation.channels.contains(c) { consultation.channels.append(c) }
                }
                consultation.contributions = contributions
                consultation.responseReport = responseReport.map { PeopleInput.recordID($0) ?? $0 }
                return try copy.addConsultation(consultation)
            }
        }
    }
}

struct DocumentCommand: ParsableCommand {
    static let configuration = RecordCommandHelp.group(
        "document", abstract: Catalogue.text("part2.help.document.abstract"), example: Catalogue.text("part2.help.document.add.example"), verbs: [Add.self])

    struct Add: ParsableCommand {
        static let configuration = RecordCommandHelp.verb(
            abstract: Catalogue.text("part2.help.document.add.abstract"),
            usage: "carnet document add (<file> | --url <url>) --title <title> --kind <kind> [<options>]",
            discussion: Catalogue.text("part2.help.document.add.discussion"), example: Catalogue.text("part2.help.document.add.example"))

        @OptionGroup var repository: RepositoryOptions
        @Argument(help: ArgumentHelp(Catalogue.text("part2.help.document.file"))) var file: String?
        @Option(help: ArgumentHelp(Catalogue.text("part2.help.document.url"))) var url: String?
        @Option(help: ArgumentHelp(Catalogue.text("part2.help.document.title"))) var title: String
        @Option(help: ArgumentHelp(Catalogue.text("part2.help.document.kind"))) var kind: String
        @Option(help: ArgumentHelp(Catalogue.text("part2.help.document.dated"))) var dated: String?
        @Flag(help: ArgumentHelp(Catalogue.text("part2.help.document.unpublished"))) var unpublished = false
        @OptionGroup var record: NewRecordOptions

        func validate() throws {
            if (file == nil) == (url == nil) { throw ValidationError(Catalogue.text("part2.document.file-or-url")) }
        }

        func run() throws {
            try record.add(in: repository) { copy, text in
                var document = ProcessDocument(id: record.id ?? "", title: text(title),
                                               kind: try PlanInput.choice(kind, ProcessDocument.Kind.self, option: "--kind"))
                document.date = try dated.map { try PlanInput.date($0, option: "--dated") }
                document.url = url
                document.published = !unpublished
                return try copy.addDocument(document, file: file)
            }
        }
    }
}
