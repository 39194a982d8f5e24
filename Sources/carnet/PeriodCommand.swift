import ArgumentParser
import Foundation
import Messages
import Records
import Workspace

/// `carnet period`: the plan's reporting periods, and closing one (point of contact).
struct PeriodCommand: ParsableCommand {
    static let configuration: CommandConfiguration = {
        CommandConfiguration(
            commandName: "period", abstract: Catalogue.text("periods.help.abstract"),
            discussion: HelpText.discussion(Catalogue.text("periods.help.discussion"), example: Catalogue.text("periods.help.example")),
            subcommands: [List.self, Close.self], defaultSubcommand: List.self)
    }()

    struct List: ParsableCommand {
        static let configuration: CommandConfiguration = {
            CommandConfiguration(commandName: "list", abstract: Catalogue.text("periods.help.list.abstract"),
                                 discussion: HelpText.discussion(example: Catalogue.text("periods.help.list.example")))
        }()

        @OptionGroup var repository: RepositoryOptions
        @OptionGroup var output: JSONOption
        @OptionGroup var language: MessagesLanguageOption

        struct Item: Encodable {
            let id: String
            let start: String
            let end: String
            let closed: Bool
        }

        func run() throws {
            let copy = try repository.open()
            let (periods, closed) = try Failure.guarded(root: copy.root) { try copy.reportingPeriods() }
            if output.json {
                Console.json(periods.periods.map { Item(id: $0.id, start: $0.start.description, end: $0.end.description, closed: closed.contains($0.id)) })
                return
            }
            let today = CalendarDay(first: .today())
            for p in periods.periods {
                let state = closed.contains(p.id) ? "periods.list.closed" : p.end < today ? "periods.list.to-close" : p.start <= today ? "periods.list.current" : "periods.list.upcoming"
                // The period as people name it, with the id they type (carnet period close p2).
                Console.line(Catalogue.text("dash3.list.line", ["name": p.spoken, "period": .text(p.id),
                                                                "state": .message(key: state, arguments: [:])]))
            }
        }
    }

    struct Close: ParsableCommand {
        static let configuration: CommandConfiguration = {
            CommandConfiguration(commandName: "close", abstract: Catalogue.text("periods.help.close.abstract"),
                                 usage: "carnet period close <period> [<options>]",
                                 discussion: HelpText.discussion(Catalogue.text("periods.help.close.discussion"),
                                                                 example: Catalogue.text("periods.help.example")))
        }()

        @OptionGroup var repository: RepositoryOptions
        @Argument(help: ArgumentHelp(Catalogue.text("periods.help.arg.period"))) var period: String
        @OptionGroup var language: MessagesLanguageOption

        func run() throws {
            let copy = try repository.open()
            let closing = try Failure.guarded(root: copy.root) { try copy.closePeriod(period, today: .today()) }
            let p = closing.period
            Console.line(Catalogue.text("dash3.close.done", [
                "name": p.spoken, "period": .text(p.id), "file": .text(closing.file), "count": .number(closing.commitments),
                "end": p.end.spoken, "commit": .text(String(closing.fromCommit.prefix(8)))]))
        }
    }
}

/// `--date DAY` on an edit: the change is recorded as made that day (the commit's date), to
/// import updates published before the plan was kept in Carnet. A day, not a month; not in the future.
struct ChangeDateOption: ParsableArguments {
    @Option(name: .customLong("date"), help: ArgumentHelp(Catalogue.text("periods.help.date"), valueName: Catalogue.text("help.value.day")))
    var given: String?

    /// Sets the copy's author date when `--date` was given.
    func apply(to copy: WorkingCopy) throws {
        guard let given else { return }
        let date = try Failure.guarded { try PlanInput.date(given, option: "--date") }
        guard case .day = date else {
            Console.error(Catalogue.text("periods.date.not-a-day", ["value": .text(given)]))
            throw ExitCode(64)
        }
        guard CalendarDay(first: date) <= CalendarDay(first: .today()) else {
            Console.error(Catalogue.text("periods.date.future", ["value": .text(date.description)]))
            throw ExitCode(64)
        }
        // Noon UTC: the same day in every time zone a ministry works in.
        copy.authorDate = date.endInstant.addingTimeInterval(-12 * 3600)
    }
}
