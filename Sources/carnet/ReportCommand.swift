import ArgumentParser
import Foundation
import Git
import Hub
import Messages
import Records
import Report
import Sync
import Workspace

struct ReportCommand: ParsableCommand {
    static let configuration: CommandConfiguration = {
        CommandConfiguration(
            commandName: "report", abstract: Catalogue.text("help.report.abstract"),
            discussion: HelpText.discussion(example: Catalogue.text("help.report.dashboard.example")),
            subcommands: [DashboardReport.self, SelfAssessmentReport.self, CommunicationsReport.self])
    }()
}

extension ReportLanguage: ExpressibleByArgument {}
extension SelfAssessment.Format: ExpressibleByArgument {}
extension SelfAssessmentTerm: ExpressibleByArgument {
    /// The words the help shows: what people type, not plan.yaml's keys (both are accepted).
    public static var allValueStrings: [String] { ["mid", "end"] }
}

/// The plan folder a report reads: the nearest folder with plan.yaml at or above `--repo`.
struct PlanFolderOption: ParsableArguments {
    @Option(name: [.customShort("C"), .customLong("repo")], help: ArgumentHelp(Catalogue.text("help.report.repo")))
    var folder: String?
    /// Optional, so that the help says the default in words, not as "(default: .)".
    private var repository: String { folder ?? "." }

    @Option(name: .customLong("as-of"), help: ArgumentHelp(Catalogue.text("help.report.as-of"))) var asOfGiven: String?

    /// The day the report is as of: the one given, as people write it, or today.
    func asOf() throws -> PlanDate {
        guard let asOfGiven else { return .today() }
        return try Failure.guarded { try PlanInput.date(asOfGiven, option: "--as-of") }
    }

    /// The plan folder: the nearest with plan.yaml at or above `--repo`.
    func root() throws -> URL {
        guard let root = ValidateCommand.planRoot(above: URL(fileURLWithPath: repository).standardizedFileURL) else {
            Console.error(Catalogue.text("cli.no-plan-here", ["path": .text(repository)]))
            throw ExitCode(66)
        }
        return root
    }

    func load() throws -> PlanSnapshot { try load(root()) }

    /// Whether the report is about a past day: then the records and history are those of that
    /// day (AsOf), not today's.
    func isPast() throws -> Bool {
        try asOfGiven != nil && CalendarDay(first: asOf()) < CalendarDay(first: .today())
    }

    func load(_ root: URL, records: ParsedRecords? = nil, walk: HistoryWalk? = nil) throws -> PlanSnapshot {
        try load(root, day: asOf(), past: isPast(), records: records, walk: walk)
    }

    /// The records as of `day` (the end of a reporting period, for a self-assessment).
    /// `walk`: the run's one walk of history, where the day's commit is looked for.
    func load(_ root: URL, day: PlanDate, past: Bool, records: ParsedRecords? = nil, walk: HistoryWalk? = nil) throws -> PlanSnapshot {
        let snapshot = try PastRecords.snapshot(root: root, asOf: day, past: past, records: records, walk: walk)
        let errors = PlanValidator(today: day).validate(snapshot).filter { $0.severity == .error }
        if !errors.isEmpty {
            Console.line(Catalogue.text("cli.warning", ["text": .message(key: "cli.report.invalid-records", arguments: ["count": .number(errors.count)])]),
                         toError: true)
        }
        return snapshot
    }
}

struct DashboardReport: ParsableCommand {
    static let configuration: CommandConfiguration = {
        CommandConfiguration(
            commandName: "dashboard", abstract: Catalogue.text("help.report.dashboard.abstract"),
            usage: "carnet report dashboard --out <out> [<options>]",
            discussion: HelpText.discussion(Catalogue.text("help.report.dashboard.discussion"),
                                            example: Catalogue.text("help.report.dashboard.example")))
    }()

    @OptionGroup var plan: PlanFolderOption
    @Option(help: ArgumentHelp(Catalogue.text("help.report.dashboard.out"), discussion: Catalogue.text("help.report.dashboard.out-more")))
    var out: String
    @Option(name: .customLong("lang"), help: ArgumentHelp(Catalogue.text("help.report.lang"))) var language: ReportLanguage?
    @Flag(name: .customLong("internal"), help: ArgumentHelp(Catalogue.text("dash2.help-internal"))) var isInternal = false

    func run() throws {
        // Read-only over this copy's own objects: no second hash of each (ObjectReading).
        ObjectReading.trustOwnObjects()
        let root = try plan.root()
        let asOf = try plan.asOf()
        let folder = URL(fileURLWithPath: out)
        do {
            try Dashboard.checkFolder(folder)  // before the work, not after
        } catch let error as DashboardFolderError {
            Console.error(error.description)
            throw ExitCode(73)
        }
        // Today's records, those at each past period's end and the progress versions history
        // reads share their parsed files: most are the same blob from one to the next, parsed once.
        let records = ParsedRecords.forOneRun()
        // The history walk (one core) runs while the records load (every core). It is the run's
        // only walk: the commit of an --as-of day and of each past period's end are looked for
        // in the same, read on by whichever thread gets there first (HistoryWalk).
        let past = try plan.isPast()
        let walk = HistoryWalk.open(root.path)
        let history = InBackground { (try? ChangeHistory.read(planAt: root, asOf: asOf, cut: past, records: records, walk: walk)) ?? .unavailable }
        let snapshot = try plan.load(root, records: records, walk: walk)
        let result: Dashboard.Result
        // The six-monthly update of a period ended but not closed yet reads its end from history.
        let periodStates = AsOf.periodStates(planAt: root, snapshot: snapshot, before: asOf, records: records, walk: walk)
        let changes = history.value
        walk?.close()  // every reader is done: its memory is not held while the pages are written
        let dashboard = Dashboard(snapshot: snapshot, history: changes, language: language, asOf: asOf, documents: root,
                                  audience: isInternal ? .internal : .public, periodHistory: periodStates,
                                  refusedPushes: isInternal ? Self.refusedPushes(root) : nil)
        do {
            result = try dashboard.write(to: folder)
        } catch let error as DashboardFolderError {
            Console.error(error.description)
            throw ExitCode(73)
        } catch {
            Console.error(Catalogue.text("cli.cannot-write", ["path": .text(out), "reason": .text(Catalogue.reason(for: error))]))
            throw ExitCode(74)
        }
        for warning in result.warnings { Console.line(Catalogue.text("cli.warning", ["text": .text(warning)]), toError: true) }
        Console.line(Catalogue.text("cli.report.dashboard-written", ["path": .text(result.index.path)]))
        // Done: the records, the history and the parsed files are left for the kernel to take
        // back at exit. Freeing a quarter-gigabyte of small objects one by one, on one core,
        // after the site was written, was a twentieth of a large plan's run.
        withExtendedLifetime((snapshot, dashboard, records)) { Foundation.exit(EXIT_SUCCESS) }
    }

    /// The hub's refused pushes as this copy last fetched its push log (`carnet hub status`):
    /// the report reads no network. nil for a folder not attached to a hub, or one git cannot
    /// read (the site is still made, without the section).
    static func refusedPushes(_ root: URL) -> RefusedPushes? {
        guard let log = try? HubStatusFromCopy.lastFetchedPushLog(at: root.path) else { return nil }
        return RefusedPushes(published: log.published, pushes: PushLog.refusals(log.entries).compactMap { entry, rescued in
            guard let at = entry.date else { return nil }
            return RefusedPushes.Push(at: at, ministry: entry.ministry, pusher: entry.pusher, rescued: rescued,
                                      reasons: { entry.reasons(in: $0) })
        })
    }
}

struct SelfAssessmentReport: ParsableCommand {
    static let configuration: CommandConfiguration = {
        CommandConfiguration(
            commandName: "self-assessment", abstract: Catalogue.text("help.report.self-assessment.abstract"),
            usage: "carnet report self-assessment [--term <term>] --out <out> [<options>]",
            discussion: HelpText.discussion(Catalogue.text("help.report.self-assessment.discussion"),
                                            example: Catalogue.text("help.report.self-assessment.example")))
    }()

    @OptionGroup var plan: PlanFolderOption
    /// Optional: a finished plan (past its end, or closed) is offered its end-of-term report.
    @Option(help: ArgumentHelp(Catalogue.text("help.report.self-assessment.term"), discussion: Catalogue.text("periods.help.term-default")))
    var term: SelfAssessmentTerm?
    @Option(name: .customLong("lang"), help: ArgumentHelp(Catalogue.text("help.report.lang"))) var language: ReportLanguage?
    @Option(help: ArgumentHelp(Catalogue.text("help.report.self-assessment.format"))) var format: SelfAssessment.Format?
    @Option(help: ArgumentHelp(Catalogue.text("help.report.self-assessment.out"))) var out: String
    @Option(name: .customLong("period"), help: ArgumentHelp(Catalogue.text("pp.help.period"), valueName: "id")) var period: String?

    func run() throws {
        // Read-only over this copy's own objects: no second hash of each (ObjectReading).
        ObjectReading.trustOwnObjects()
        let root = try plan.root()
        // The figures are those at the end of the period reported on (issue 14): --period, or
        // the last closed one; a plan with no period closed is reported as of the day.
        let reported = try reportedPeriod(root)
        let asOf = try reported.map { $0.end.planDate } ?? plan.asOf()
        let snapshot = try reported == nil ? plan.load(root) : plan.load(root, day: asOf, past: asOf.lastDay < PlanDate.today().lastDay)
        let term = term ?? (snapshot.plan?.record?.isClosed(on: asOf) == true ? .endTerm : .midTerm)
        let ext = URL(fileURLWithPath: out).pathExtension.lowercased()
        guard let format = format ?? SelfAssessment.Format(rawValue: ext == "markdown" ? "md" : ext) else {
            // Known only once the file name is read: a usage error said plainly (the parser
            // would print the root command's usage for an error thrown from run).
            Console.error(Catalogue.text("cli.report.format"))
            throw ExitCode(64)
        }
        do {
            // The cover says which periods are closed as the records stand today, not as they
            // stood at the reported period's end (the period itself was closed after it).
            let closedNow = reported == nil ? nil : Set(PlanSnapshot(root: root, only: []).closedPeriods().keys)
            let report = SelfAssessment(snapshot: snapshot, term: term, language: language, asOf: asOf, reportedPeriod: reported,
                                        closedPeriodIDs: closedNow)
            if let problem = report.logoProblem() { Console.line(Catalogue.text("cli.warning", ["text": .text(problem)]), toError: true) }
            let data = try report.render(format: format)
            try data.write(to: URL(fileURLWithPath: out), options: .atomic)
        } catch {
            Console.error(Catalogue.text("cli.cannot-write", ["path": .text(out), "reason": .text(Catalogue.reason(for: error))]))
            throw ExitCode(74)
        }
        Console.line(Catalogue.text("cli.report.self-assessment-written", ["path": .text(out)]))
    }

    /// The period `--period` names (it must have ended by the report's day), else the last
    /// period closed by then; nil when none is.
    func reportedPeriod(_ root: URL) throws -> ReportingPeriod? {
        let day = CalendarDay(first: try plan.asOf())
        let current = PlanSnapshot(root: root, only: [])
        guard let record = current.plan?.record else { return nil }  // load() reports it
        let periods = ReportingPeriods.of(record)
        guard let period else {
            let closed = current.closedPeriods()
            return periods.periods.last { closed[$0.id] != nil && $0.end < day }
        }
        guard let chosen = periods.named(period) else {
            Console.error(Catalogue.text("dash3.sa.unknown-period", ["period": .text(period), "periods": .text(periods.choices)]))
            throw ExitCode(64)
        }
        guard chosen.end < day else {
            Console.error(Catalogue.text("dash3.sa.not-ended", ["name": chosen.spoken, "period": .text(chosen.id), "end": chosen.end.spoken]))
            throw ExitCode(64)
        }
        return chosen
    }
}

/// A value computed on another thread; `value` waits for it.
final class InBackground<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Value?

    init(_ work: @escaping @Sendable () -> Value) {
        Thread.detachNewThread { [self] in
            result = work()
            done.signal()
        }
    }

    /// The value, once computed.
    var value: Value {
        done.wait()
        defer { done.signal() }
        return result!
    }
}
