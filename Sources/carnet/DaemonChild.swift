import ArgumentParser
import Daemon
import Foundation
import Git
import Records
import Sync

/// The daemon's children: what `carnet-daemon` (which has neither libgit2 nor the records) asks
/// of the full binary, through ChildSyncRunner.
enum DaemonChild {
    /// `carnet daemon --repo DIR --sync-once`: what `carnet sync` does (and records for
    /// `carnet status`), then tells the daemon what happened as one SyncAttempt in JSON on stdout.
    /// With `progressFD`, the transfers' progress is written there as JSON lines (ProgressDisplay).
    static func syncOnce(_ repo: String, progressFD: Int32? = nil) throws {
        let engine = try Failure.guarded { try SyncEngine(at: repo) }
        if let progressFD, progressFD > 2, fcntl(progressFD, F_GETFD) >= 0 {
            engine.progress = ProgressDisplay(mode: .json, fd: progressFD).sink
        }
        let outcome = engine.sync()
        LastSync.save(outcome, gitDirectory: engine.copy.gitDirectory)
        let result: SyncAttempt.Result = switch outcome.status {
        case .busy: .busy
        case .hubLocked: .needsPerson
        case .stalled: .stalled
        case .linkLost: .linkLost
        default: SyncAttempt.result(forExitCode: outcome.exitCode)
        }
        // The daemon (which has no Records) logs these to the journal: the hub's words made
        // safe here, once, like everything carnet prints.
        let attempt = SyncAttempt(result: result, summary: TerminalText.safe(outcome.logLine),
                                  details: outcome.status == .inSync ? nil : TerminalText.safe(outcome.summary),
                                  commitsWaiting: (try? LocalWork(engine.copy.root.path).commitsNotOnHub()) ?? 0,
                                  pendingEdits: outcome.refused.count + outcome.editedDuringSync.count,
                                  hubAnswered: outcome.fetched)
        let data = try JSONEncoder().encode(attempt)
        FileHandle.standardOutput.write(data)
        if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
    }

    /// `carnet daemon --repo DIR --local-work`: whether a save left anything to send. When in
    /// doubt (the repository cannot be read), yes: a sync then says what is wrong.
    static func hasLocalWork(_ repo: String) -> Bool {
        (try? LocalWork(repo).exists) ?? true
    }
}

/// What this working copy has that the hub has not (as of the last fetch): edits not committed,
/// commits not pushed. Read from git alone, without validating the plan.
struct LocalWork {
    let repository: Repository

    init(_ directory: String) throws { repository = try Repository.open(directory) }

    var exists: Bool {
        get throws { try !repository.changedFiles().isEmpty || commitsNotOnHub() > 0 }
    }

    /// The oldest local commit the hub has not got (its author's date), and about how much its
    /// sending weighs (the files the unsent change brings): nil when nothing waits.
    func waiting() throws -> (since: Date, bytes: UInt64)? {
        guard let head = try repository.headCommitID() else { return nil }
        let hub = try repository.referenceTarget("refs/remotes/\(SyncSettings.remoteName)/main")
        guard let oldest = try repository.commits(from: head, excluding: hub.map { [$0] } ?? []).first else { return nil }
        return (oldest.author.time, try repository.pushSize(of: head, over: hub))
    }

    func commitsNotOnHub() throws -> Int {
        guard let head = try repository.headCommitID() else { return 0 }
        let hub = try repository.referenceTarget("refs/remotes/\(SyncSettings.remoteName)/main")
        return try repository.commits(from: head, excluding: hub.map { [$0] } ?? []).count
    }
}
