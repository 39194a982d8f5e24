import ArgumentParser
import Daemon
import Foundation
import Logging
import Messages
import Sync

struct DaemonCommand: AsyncParsableCommand {
    static let configuration: CommandConfiguration = {
        CommandConfiguration(commandName: "daemon", abstract: Catalogue.text("help.daemon.abstract"),
                             discussion: Catalogue.text("help.daemon.discussion"))
    }()

    // Optional, so ArgumentParser adds no English "(default: …)": the help says the default.
    @Option(name: .customLong("repo"), help: ArgumentHelp(Catalogue.text("help.daemon.repo"), valueName: Catalogue.text("help.value.folder")))
    var repoPath: String?
    @Option(name: .customLong("interval"), help: ArgumentHelp(Catalogue.text("help.daemon.interval"), valueName: Catalogue.text("help.value.duration")))
    var intervalText: String?
    @Option(name: .customLong("debounce"), help: ArgumentHelp(Catalogue.text("help.daemon.debounce"), valueName: Catalogue.text("help.value.duration")))
    var debounceText: String?
    @Option(name: .customLong("retry"), help: ArgumentHelp(Catalogue.text("help.daemon.retry"), valueName: Catalogue.text("help.value.duration")))
    var retryText: String?
    @OptionGroup var language: MessagesLanguageOption
    var repo: String { repoPath ?? "." }
    var interval: String { intervalText ?? "15m" }
    var debounce: String { debounceText ?? "2s" }
    var retry: String { retryText ?? "30s" }
    // The daemon's children (ChildSyncRunner), not for people: one sync, whose outcome is printed
    // as JSON for the daemon; and whether there is anything to send (exit 0 yes, 1 no).
    @Flag(name: .customLong("sync-once"), help: .private) var syncOnce = false
    @Flag(name: .customLong("local-work"), help: .private) var localWork = false
    @Option(name: .customLong("progress-fd"), help: .private) var progressFD: Int32?

    func run() async throws {
        if syncOnce { return try DaemonChild.syncOnce(repo, progressFD: progressFD) }
        if localWork { throw ExitCode(DaemonChild.hasLocalWork(repo) ? 0 : ChildSyncRunner.noLocalWorkExitCode) }

        guard let every = DurationParser.parse(interval), let quiet = DurationParser.parse(debounce),
              let firstRetry = DurationParser.parse(retry) else {
            throw ValidationError(Catalogue.text("cli.daemon.bad-duration"))
        }
        var settings = SyncDaemon.Settings()
        settings.interval = every
        settings.debounce = quiet
        settings.backoffBase = firstRetry.components.seconds > 0 ? Double(firstRetry.components.seconds) : 1
        // The engine (and libgit2's open files) is gone before the exec below.
        let (root, gitDirectory) = try {
            let engine = try Failure.guarded { try SyncEngine(at: repo) }
            guard try Failure.guarded({ try engine.settings() }) != nil else {
                Console.error(Catalogue.text("cli.daemon.no-hub", ["folder": .text(repo)]))
                throw ExitCode(66)
            }
            return (engine.copy.root.path, engine.copy.gitDirectory)
        }()
        let carnet = DaemonLaunch.ownExecutable()
        let launch = DaemonLaunch(carnet: carnet, root: root, gitDirectory: gitDirectory, settings: settings)

        // Becomes carnet-daemon (same pid): the resident daemon without libgit2, YAML and ICU.
        // Should it be missing, the same daemon runs here, in the full binary, with a warning.
        let problem: String
        if let slim = DaemonLaunch.locate(besides: carnet) {
            problem = Catalogue.text("cli.daemon.cannot-start", ["program": .text(slim), "reason": .text(launch.exec(slim))])
        } else {
            problem = Catalogue.text("cli.daemon.not-installed", ["program": .text(DaemonLaunch.executableName), "carnet": .text(carnet)])
        }
        DaemonLaunch.bootstrapLogging()
        let logger = Logger(label: DaemonLaunch.logLabel)
        let folder = URL(fileURLWithPath: carnet).deletingLastPathComponent().path
        logger.warning("\(Catalogue.text("cli.daemon.runs-inside", ["problem": .text(problem), "folder": .text(folder)]))")
        try await launch.run(logger: logger)
    }
}

enum DurationParser {
    /// "90s", "15m", "1h", "500ms", or plain seconds.
    static func parse(_ text: String) -> Duration? {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            if let n = Double(text.dropLast(suffix.count)), n >= 0 { return .milliseconds(Int64(n * factor * 1000)) }
        }
        return Double(text).map { .milliseconds(Int64($0 * 1000)) }
    }
}
