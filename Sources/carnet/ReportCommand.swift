import ArgumentParser
import Foundation
import Records
import Report

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Build what the point of contact publishes: the completion dashboard and the self-assessment draft.",
        subcommands: [DashboardReport.self, SelfAssessmentReport.self])
}

extension ReportLanguage: ExpressibleByArgument {}
extension SelfAssessment.Format: ExpressibleByArgument {}
extension SelfAssessmentTerm: ExpressibleByArgument {}

/// The plan folder a report reads: the nearest folder with plan.yaml at or above `--repo`.
struct PlanFolderOption: ParsableArguments {
    @Option(name: [.customShort("C"), .customLong("repo")], help: "The plan folder (default: the current folder).")
    var repository: String = "."

    @Option(help: "The date the report is as of (default: today).") var asOf: PlanDate?

    /// The plan folder: the nearest with plan.yaml at or above `--repo`.
    func root() throws -> URL {
        guard let root = ValidateCommand.planRoot(above: URL(fileURLWithPath: repository).standardizedFileURL) else {
            Console.error("no plan.yaml in \(repository) or above: run this in a plan repository")
            throw ExitCode(66)
        }
        return root
    }

    func load() throws -> PlanSnapshot { try load(root()) }

    func load(_ root: URL) throws -> PlanSnapshot {
        let snapshot = PlanSnapshot(root: root)
        let errors = PlanValidator(today: asOf ?? .today()).validate(snapshot).filter { $0.severity == .error }
        if !errors.isEmpty {
            Console.line("warning: \(errors.count) error(s) in the records (`carnet validate`): the report leaves out what cannot be read", toError: true)
        }
        return snapshot
    }
}

struct DashboardReport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Write the commitment completion dashboard: a static site (no script, no CDN) with data.json and CSV.")

    @OptionGroup var plan: PlanFolderOption
    @Option(help: ArgumentHelp("The folder to write the site into: new, empty, or written by an earlier run.",
                               discussion: "An earlier run's folder holds a .carnet-dashboard file: its pages are replaced and those no longer written removed; other files are left alone. A folder that is not empty and has no such file is refused (exit 73)."))
    var out: String
    @Option(name: .customLong("lang"), help: "fr or en (default: the plan's first language).") var language: ReportLanguage?

    func run() throws {
        let root = try plan.root()
        let asOf = plan.asOf ?? .today()
        let folder = URL(fileURLWithPath: out)
        do {
            try Dashboard.checkFolder(folder)  // before the work, not after
        } catch let error as DashboardFolderError {
            Console.error(error.description)
            throw ExitCode(73)
        }
        // The history walk (one core) runs while the records load (every core).
        let history = InBackground { (try? ChangeHistory.read(planAt: root, asOf: asOf)) ?? .unavailable }
        let snapshot = try plan.load(root)
        let result: Dashboard.Result
        let dashboard = Dashboard(snapshot: snapshot, history: history.value, language: language, asOf: asOf)
        do {
            result = try dashboard.write(to: folder)
        } catch let error as DashboardFolderError {
            Console.error(error.description)
            throw ExitCode(73)
        } catch {
            Console.error("cannot write the dashboard into \(out): \(error.localizedDescription)")
            throw ExitCode(74)
        }
        for warning in result.warnings { Console.line("warning: \(warning)", toError: true) }
        Console.line("Dashboard written: open \(result.index.path)")
    }
}

struct SelfAssessmentReport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "self-assessment",
        abstract: "Write the draft self-assessment report (the manual's section 7 II template) as md, html or docx.")

    @OptionGroup var plan: PlanFolderOption
    @Option(help: "mid (after year one) or end (after the plan).") var term: SelfAssessmentTerm
    @Option(name: .customLong("lang"), help: "fr or en (the English translation OGP requires; default: the plan's first language).") var language: ReportLanguage?
    @Option(help: "md, html or docx (default: from the file name).") var format: SelfAssessment.Format?
    @Option(help: "The file to write.") var out: String

    func run() throws {
        let snapshot = try plan.load()
        let ext = URL(fileURLWithPath: out).pathExtension.lowercased()
        guard let format = format ?? SelfAssessment.Format(rawValue: ext == "markdown" ? "md" : ext) else {
            throw ValidationError("give --format md, html or docx (or an --out file ending in one of them)")
        }
        do {
            let data = try SelfAssessment(snapshot: snapshot, term: term, language: language, asOf: plan.asOf ?? .today())
                .render(format: format)
            try data.write(to: URL(fileURLWithPath: out), options: .atomic)
        } catch {
            Console.error("cannot write \(out): \(error.localizedDescription)")
            throw ExitCode(74)
        }
        Console.line("Self-assessment draft written: \(out)")
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
