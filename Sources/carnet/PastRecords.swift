import ArgumentParser
import Foundation
import Git
import Messages
import Records
import Workspace

/// `--as-of` a past day, for every command that reads the records (validate, status, show and
/// the reports): the records as they stood at the end of that day (AsOf), or today's.
enum PastRecords {
    /// The plan in `root` as of `asOf` when `past`, else as it is on disk. Nothing recorded by
    /// then is a usage error (exit 64); a plan folder that is not a git repository has no past
    /// to read: it is shown as it is, with a warning saying so.
    /// `records`: files already parsed, by blob id, shared with later reads of the same run.
    /// `walk`: the run's one walk of history (HistoryWalk), where the day's commit is looked for.
    static func snapshot(root: URL, asOf: PlanDate, past: Bool, only: Set<String>? = nil, records: ParsedRecords? = nil,
                         walk: HistoryWalk? = nil) throws -> PlanSnapshot {
        guard past else { return PlanSnapshot(root: root, only: only, records: records) }
        let found: PlanSnapshot?
        do {
            found = try AsOf.snapshot(planAt: root, day: asOf, records: records, walk: walk)?.snapshot
        } catch let error as WorkspaceError {
            if case .notAPlan = error {
                Console.line(Catalogue.text("cli.warning", ["text": .message(key: "periods.as-of.no-history", arguments: ["path": .text(root.path)])]),
                             toError: true)
                return PlanSnapshot(root: root, only: only, records: records)
            }
            Console.error(error.description)
            throw ExitCode(error.exitCode)
        }
        guard let found else {
            Console.error(Catalogue.text("periods.as-of.nothing-yet", ["date": .text(asOf.description)]))
            throw ExitCode(64)
        }
        return found
    }
}

/// `--as-of DATE`: the day a command judges the records on, as people write dates.
struct AsOfOption: ParsableArguments {
    @Option(name: .customLong("as-of"), help: ArgumentHelp(Catalogue.text("periods.help.as-of"), valueName: Catalogue.text("help.value.day")))
    var given: String?

    /// The day given, or today.
    func day() throws -> PlanDate {
        guard let given else { return .today() }
        return try Failure.guarded { try PlanInput.date(given, option: "--as-of") }
    }

    /// A day before today: the records and history of that day are read, not today's.
    func isPast() throws -> Bool {
        try given != nil && CalendarDay(first: day()) < CalendarDay(first: .today())
    }
}
