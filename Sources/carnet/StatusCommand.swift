import ArgumentParser
import Daemon
import Foundation
import Git
import Messages
import Records
import Report
import Sync
import Workspace

/// `carnet status`: the plan at a glance, the edits waiting, and how this copy keeps in sync
/// (the hub, and the daemon's state when one runs here). Workspace knows nothing of sync or the
/// daemon: this command composes the three.
struct StatusCommand: ParsableCommand {
    static let configuration: CommandConfiguration = {
        CommandConfiguration(commandName: "status", abstract: Catalogue.text("help.status.abstract"),
                             discussion: Catalogue.text("help.status.discussion"))
    }()

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var output: JSONOption
    @OptionGroup var language: MessagesLanguageOption
    @OptionGroup var asOf: AsOfOption

    func run() throws {
        let copy = try repository.open()
        let day = try asOf.day(), past = try asOf.isPast()
        let status = try Failure.guarded { try copy.status(today: day, past: past, selfAssessmentsDue: ParticipationRules.selfAssessmentsDue) }
        let sync = SyncStatus.read(copy)
        let daemon = DaemonState.load(from: DaemonState.file(inGitDirectory: URL(fileURLWithPath: copy.gitDirectory)))
            .map(DaemonStatus.init)
        let stale = (try? copy.staleTranslations()) ?? []
        if output.json {
            return Console.json(StatusReport(plan: status, sync: sync, daemon: daemon,
                                             staleTranslations: StaleTranslationsText.items(stale)))
        }
        printPlan(status, root: copy.root)
        for line in StaleTranslationsText.lines(stale) { Console.line(line) }
        if let participation = status.participation {
            Console.line("")
            participation.lines.forEach { Console.line(TerminalText.oneLine($0)) }
        }
        Console.line("")
        printSync(sync)
        if let daemon { printDaemon(daemon) }
    }

    private func printPlan(_ status: PlanStatus, root: URL) {
        Console.line(Catalogue.text("cli.status.plan", ["path": .text(status.root)]))
        Console.line(status.author.map { Catalogue.text("cli.status.author", ["name": .text($0)]) } ?? Catalogue.text("cli.status.no-author"))
        Console.line("")
        let width = Wording.completionWidth
        for c in status.commitments {
            var line = "  \(Wording.padded(c.id, 6)) \(Wording.padded(Wording.completion(c.completion), width)) "
                + Catalogue.text("cli.status.milestones", ["done": .number(c.milestonesComplete), "count": .number(c.milestones)])
                + "  \(TerminalText.oneLine(c.title))"
            if !c.overdue.isEmpty { line += "  " + Catalogue.text("cli.status.overdue", ["milestones": .text(c.overdue.joined(separator: ", "))]) }
            if c.conflicts > 0 { line += "  " + Catalogue.text("cli.status.conflicts", ["count": .number(c.conflicts)]) }
            Console.line(line)
        }
        Console.line("")
        if status.pending.isEmpty {
            Console.line(Catalogue.text("cli.status.nothing-waiting"))
        } else {
            Console.line(Catalogue.text("cli.status.waiting"))
            let changes = status.pending.map { Wording.change($0.change) }
            let width = (changes.map(\.count).max() ?? 8) + 2
            for (file, change) in zip(status.pending, changes) {
                Console.line("  \(Wording.padded(change, width))\(file.path)" + (file.valid ? "" : "  " + Catalogue.text("cli.status.invalid-file")))
                for d in file.diagnostics { Console.line("      \(Console.display(d, root: root))") }
            }
        }
        if status.errors > 0 || status.warnings > 0 {
            Console.line(Catalogue.text("cli.status.problems", ["errors": .message(key: "cli.count.errors", arguments: ["count": .number(status.errors)]),
                                                                 "warnings": .message(key: "cli.count.warnings", arguments: ["count": .number(status.warnings)])]))
        }
    }

    private func printSync(_ sync: SyncStatus?) {
        guard let sync else { return Console.line(Catalogue.text("cli.status.no-hub")) }
        Console.line(sync.ministry.map { Catalogue.text("cli.status.hub-ministry", ["hub": .text(sync.hub), "ministry": .text($0)]) }
                     ?? Catalogue.text("cli.status.hub-point-of-contact", ["hub": .text(sync.hub)]))
        switch (sync.commitsNotOnHub, sync.sendState) {
        case (0, _): Console.line("  " + Catalogue.text("cli.status.all-sent"))
        case (let n, SyncStatus.refusedState): Console.line("  " + Catalogue.text("cli.status.refused", ["count": .number(n)]))
        case (let n, _): Console.line("  " + Catalogue.text("cli.status.to-send", ["count": .number(n)]))
        }
        // A day and more without the hub getting this copy's changes: said in plain words, with
        // what waits and its weight (a link that never completes a transfer must not go unseen).
        if sync.commitsNotOnHub > 0, sync.sendState != SyncStatus.refusedState, let since = sync.waitingSince,
           Date().timeIntervalSince(since) >= 86_400 {
            Console.line("  " + TransferText.waitingLong(commits: sync.commitsNotOnHub, bytes: sync.waitingBytes ?? 0,
                                                         age: Date().timeIntervalSince(since)))
        }
        for folder in sync.setAside {
            Console.line("  " + Catalogue.text("cli.status.set-aside", ["folder": .text(folder)]))
        }
        if let last = sync.lastSync {
            let label = Catalogue.text("cli.status.last-sync")
            let result = Catalogue.text("cli.status.last-sync-result", [
                "when": .text(Wording.moment(last.at)), "result": .text(Wording.syncOutcome(last.result)), "code": .text(String(last.exitCode))])
            Wording.aligned([(label, result)]).forEach { Console.line($0) }
            if last.exitCode != 0 {
                let column = Wording.valueColumn([label])
                for line in last.summary.split(separator: "\n").prefix(12) { Console.line(column + line) }
            }
        }
    }

    private func printDaemon(_ daemon: DaemonStatus) {
        let s = daemon.state
        let state = Wording.daemonState(s.state)
        if daemon.running {
            Console.line(Catalogue.text("cli.status.daemon-running", ["pid": .text(String(s.pid)), "state": .text(state)]))
        } else if s.state == "stopped" {
            Console.line(Catalogue.text("cli.status.daemon-stopped"))
        } else {
            Console.line(Catalogue.text("cli.status.daemon-gone", ["pid": .text(String(s.pid))]))
        }
        let never = Catalogue.text("cli.status.never")
        var rows: [(label: String, value: String)] = [
            (Catalogue.text("cli.status.last-attempt"),
             (s.lastAttempt.map { Wording.moment($0) } ?? never) + (s.lastResult.map { " (\(Wording.attempt($0)))" } ?? "")),
            (Catalogue.text("cli.status.last-success"), s.lastSuccess.map { Wording.moment($0) } ?? never),
            (Catalogue.text("cli.status.commits-waiting"), Catalogue.text("cli.number", ["n": .number(s.commitsWaiting)])),
        ]
        if daemon.running, let next = s.nextTry {
            var value = Wording.moment(next)
            if s.lastResult == .unreachable || s.consecutiveFailures > 0 {
                value += " " + Catalogue.text("cli.status.failed-in-a-row", ["count": .number(s.consecutiveFailures)])
            }
            rows.append((Catalogue.text("cli.status.next-try"), value))
        }
        if daemon.running, s.state == "syncing", let t = s.transfer {
            // What the sync child last reported (about once a second while bytes move).
            let progress = TransferProgress(operation: t.operation, received: t.received, sent: t.sent, total: t.total,
                                            rate: t.rate, elapsed: t.elapsed, secondsLeft: t.secondsLeft, done: t.done)
            rows.append((Catalogue.text("links.status.transfer"), TransferText.progressLine(progress)))
        }
        let errorLabel = Catalogue.text("cli.status.last-error")
        let errorLines = s.lastError.map { $0.split(separator: "\n").map(String.init) } ?? []
        let column = Wording.valueColumn(rows.map(\.label) + (errorLines.isEmpty ? [] : [errorLabel]))
        let width = column.count - 2
        rows.forEach { Console.line("  " + Wording.padded($0.label, width) + $0.value) }
        if let needs = s.needsPersonMessage?.text ?? s.needsPerson { Console.line("  \(needs)") }
        if let first = errorLines.first {
            Console.line("  " + Wording.padded(errorLabel, width) + first)
            for more in errorLines.dropFirst() { Console.line(column + more) }
        }
    }
}

/// How this copy reaches its hub, from its .git/config and its refs (no network).
struct SyncStatus: Encodable {
    var hub: String
    /// ministry or point-of-contact.
    var role: String
    var ministry: String?
    /// The hub's main as of the last fetch.
    var hubHead: String?
    /// Local commits the hub has not got (as of the last fetch).
    var commitsNotOnHub: Int
    /// The last sync's outcome, with what the hub said when it refused.
    var lastSync: LastSync?
    /// `in-sync` (nothing to send), `waiting` (the next sync sends it), or `refused` (the hub
    /// refused it: only `carnet rescue` gets it out).
    var sendState: String
    /// Folders of set-aside changes in the copy (carnet-set-aside/…).
    var setAside: [String]
    /// When the oldest commit waiting was made, and about how many bytes the waiting changes
    /// bring (the files they add or change): nil when nothing waits.
    var waitingSince: Date?
    var waitingBytes: UInt64?

    static let refusedState = "refused"

    static func read(_ copy: WorkingCopy) -> SyncStatus? {
        guard let settings = try? SyncEngine(at: copy.root.path).settings() else { return nil }
        let work = try? LocalWork(copy.root.path)
        let hubHead = (try? work?.repository.referenceTarget("refs/remotes/\(SyncSettings.remoteName)/main")) ?? nil
        let waiting = (try? work?.commitsNotOnHub()) ?? 0
        let waitingFor = waiting > 0 ? (try? work?.waiting()) ?? nil : nil
        let last = LastSync.load(copy.gitDirectory)
        let refused = waiting > 0 && last?.exitCode == 77 && last?.serverRefused == true
        let folders = ((try? FileManager.default.contentsOfDirectory(atPath: copy.path(SetAside.folder))) ?? [])
            .filter { !$0.hasPrefix(".") }.sorted().map { "\(SetAside.folder)/\($0)" }
        return SyncStatus(hub: settings.hub, role: settings.ministry == nil ? SyncSettings.pointOfContactRole : "ministry",
                          ministry: settings.ministry, hubHead: hubHead?.description,
                          commitsNotOnHub: waiting, lastSync: last,
                          sendState: waiting == 0 ? "in-sync" : refused ? refusedState : "waiting", setAside: folders,
                          waitingSince: waitingFor?.since, waitingBytes: waitingFor?.bytes)
    }
}

/// The daemon's saved state, and whether its process is still there.
struct DaemonStatus: Encodable {
    var state: DaemonState
    var running: Bool
    var processAlive: Bool

    init(_ state: DaemonState) {
        self.state = state
        processAlive = state.processAlive
        running = state.state != "stopped" && processAlive
    }

    func encode(to encoder: Encoder) throws {
        try state.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(running, forKey: .running)
        try container.encode(processAlive, forKey: .processAlive)
    }

    private enum Key: String, CodingKey { case running, processAlive }
}

/// `carnet status --json`: the plan's keys as before, plus `sync` and `daemon` (null when absent).
struct StatusReport: Encodable {
    var plan: PlanStatus
    var sync: SyncStatus?
    var daemon: DaemonStatus?
    var staleTranslations: [StaleTranslationsText.Item]

    func encode(to encoder: Encoder) throws {
        try plan.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(sync, forKey: .sync)
        try container.encode(daemon, forKey: .daemon)
        try container.encode(staleTranslations, forKey: .staleTranslations)
    }

    private enum Key: String, CodingKey { case sync, daemon, staleTranslations }
}
