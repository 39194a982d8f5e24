import ArgumentParser
import Daemon
import Foundation
import Git
import Records
import Sync
import Workspace

/// `carnet status`: the plan at a glance, the edits waiting, and how this copy keeps in sync
/// (the hub, and the daemon's state when one runs here). Workspace knows nothing of sync or the
/// daemon: this command composes the three.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "The plan at a glance, the edits waiting to be committed, and the sync.")

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var output: JSONOption

    func run() throws {
        let copy = try repository.open()
        let status = try Failure.guarded { try copy.status() }
        let sync = SyncStatus.read(copy)
        let daemon = DaemonState.load(from: DaemonState.file(inGitDirectory: URL(fileURLWithPath: copy.gitDirectory)))
            .map(DaemonStatus.init)
        if output.json { return Console.json(StatusReport(plan: status, sync: sync, daemon: daemon)) }
        printPlan(status, root: copy.root)
        Console.line("")
        printSync(sync)
        if let daemon { printDaemon(daemon) }
    }

    private func printPlan(_ status: PlanStatus, root: URL) {
        Console.line("Plan: \(status.root)")
        Console.line("Author: \(status.author ?? "not configured (carnet whoami --name … --email …)")")
        Console.line("")
        for c in status.commitments {
            var line = "  \(c.id.padding(toLength: 6, withPad: " ", startingAt: 0)) \(c.completion.padding(toLength: 12, withPad: " ", startingAt: 0)) \(c.milestonesComplete)/\(c.milestones) milestones  \(TerminalText.oneLine(c.title))"
            if !c.overdue.isEmpty { line += "  [overdue: \(c.overdue.joined(separator: ", "))]" }
            if c.conflicts > 0 { line += "  [\(c.conflicts) conflict\(c.conflicts == 1 ? "" : "s") to settle]" }
            Console.line(line)
        }
        Console.line("")
        if status.pending.isEmpty {
            Console.line("No edits waiting: everything is committed.")
        } else {
            Console.line("Edits waiting to be committed (carnet commit):")
            for file in status.pending {
                Console.line("  \(file.change.padding(toLength: 9, withPad: " ", startingAt: 0)) \(file.path)\(file.valid ? "" : "  — INVALID, will not be committed until fixed")")
                for d in file.diagnostics { Console.line("      \(Console.display(d, root: root))") }
            }
        }
        if status.errors > 0 || status.warnings > 0 {
            Console.line("\(status.errors) error(s), \(status.warnings) warning(s) in the plan: `carnet validate` lists them.")
        }
    }

    private func printSync(_ sync: SyncStatus?) {
        guard let sync else {
            return Console.line("Sync: not attached to a hub (carnet clone HUB DIR --ministry ID, or carnet sync --hub URL --point-of-contact)")
        }
        let who = sync.ministry.map { "as ministry \($0)" } ?? "as the point of contact"
        Console.line("Sync: hub \(sync.hub), \(who)")
        switch (sync.commitsNotOnHub, sync.sendState) {
        case (0, _): Console.line("  every local commit is on the hub (as of the last sync)")
        case (let n, SyncStatus.refusedState):
            Console.line("  \(n) local commit\(n == 1 ? "" : "s") the hub refused: \(n == 1 ? "it" : "they") will never be sent as \(n == 1 ? "it is" : "they are"), and every later change waits behind; run `carnet rescue` (it keeps what the hub accepts, sets the rest aside, and syncs)")
        case (let n, _): Console.line("  \(n) local commit\(n == 1 ? "" : "s") waiting to be sent: the next sync sends \(n == 1 ? "it" : "them")")
        }
        // A day and more without the hub getting this copy's changes: said in plain words, with
        // what waits and its weight (a link that never completes a transfer must not go unseen).
        if sync.commitsNotOnHub > 0, sync.sendState != SyncStatus.refusedState, let since = sync.waitingSince,
           Date().timeIntervalSince(since) >= 86_400 {
            Console.line("  " + TransferText.waitingLong(commits: sync.commitsNotOnHub, bytes: sync.waitingBytes ?? 0,
                                                         age: Date().timeIntervalSince(since)))
        }
        for folder in sync.setAside {
            Console.line("  changes set aside in \(folder)/: its README.md says why, and how to send them on")
        }
        if let last = sync.lastSync {
            Console.line("  last sync:       \(Self.time(last.at)) — \(last.result) (exit \(last.exitCode))")
            if last.exitCode != 0 {
                for line in last.summary.split(separator: "\n").prefix(12) { Console.line("                   \(line)") }
            }
        }
    }

    private func printDaemon(_ daemon: DaemonStatus) {
        let s = daemon.state
        if daemon.running {
            Console.line("Daemon: running (pid \(s.pid)), \(s.state)")
        } else if s.state == "stopped" {
            Console.line("Daemon: not running (stopped); what it last saw:")
        } else {
            Console.line("Daemon: not running: pid \(s.pid) is gone without stopping (killed or crashed); what it last saw:")
        }
        if daemon.running, s.state == "syncing", let t = s.transfer {
            // What the sync child last reported (about once a second while bytes move).
            let progress = TransferProgress(operation: t.operation, received: t.received, sent: t.sent, total: t.total,
                                            rate: t.rate, elapsed: t.elapsed, secondsLeft: t.secondsLeft, done: t.done)
            Console.line("  transfer:        \(TransferText.progressLine(progress))")
        }
        let when = Self.time
        Console.line("  last attempt:    \(s.lastAttempt.map(when) ?? "never")\(s.lastResult.map { " (\($0.rawValue))" } ?? "")")
        Console.line("  last success:    \(s.lastSuccess.map(when) ?? "never")")
        Console.line("  commits waiting: \(s.commitsWaiting)")
        if daemon.running, let next = s.nextTry {
            var line = "  next try:        \(when(next))"
            if s.consecutiveFailures > 0 {
                line += " (\(s.consecutiveFailures) failed attempt\(s.consecutiveFailures == 1 ? "" : "s") in a row)"
            }
            Console.line(line)
        }
        if let needs = s.needsPerson { Console.line("  \(needs)") }
        if let error = s.lastError {
            let lines = error.split(separator: "\n")
            Console.line("  last error:      \(lines.first ?? "")")
            for more in lines.dropFirst() { Console.line("                   \(more)") }
        }
    }

    private static func time(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withSpaceBetweenDateAndTime]
        formatter.timeZone = .current
        return formatter.string(from: date)
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

    func encode(to encoder: Encoder) throws {
        try plan.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(sync, forKey: .sync)
        try container.encode(daemon, forKey: .daemon)
    }

    private enum Key: String, CodingKey { case sync, daemon }
}
