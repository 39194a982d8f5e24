import Foundation
import Git
import Messages
import Records

/// The records as they stood at the end of a day: what `--as-of` reports and `carnet period
/// close` read. A change belongs to the day of its commit's author date (the day it was made,
/// or the day `--date` says, for updates imported afterwards), in UTC like every date Carnet shows.
///
/// The records of that day are the tree of the newest commit (in history order, newest first)
/// whose author date is on or before it. Imported past updates are therefore read right when
/// they are recorded oldest first, before any later update (docs/RECORDS.md, "Dated changes").
public enum AsOf {
    /// The newest commit dated on or before `day`; nil when nothing was recorded by then.
    public static func commit(in repository: Repository, onOrBefore day: PlanDate) throws -> CommitInfo? {
        try commits(in: repository, onOrBefore: [day])[0]
    }

    /// The same for several days in ONE walk of history (a period page per reporting period):
    /// the commit found for a later day never comes after an earlier day's in the walk, since
    /// any commit dated on or before the earlier day is dated on or before the later one too.
    public static func commits(in repository: Repository, onOrBefore days: [PlanDate]) throws -> [CommitInfo?] {
        guard !days.isEmpty else { return Array(repeating: nil, count: days.count) }
        return try commits(in: HistoryWalk(repository: repository), onOrBefore: days)
    }

    /// The same, read from a walk other readers of the run share (the dashboard's history):
    /// only as far as the oldest day needs, whoever reads further.
    public static func commits(in walk: HistoryWalk, onOrBefore days: [PlanDate]) throws -> [CommitInfo?] {
        let latestFirst = days.indices.sorted { days[$0].endInstant > days[$1].endInstant }
        var found: [CommitInfo?] = Array(repeating: nil, count: days.count)
        var index = 0
        // Commits before the one found for a later day are dated after it, so after every
        // earlier day too: each day's search starts where the later day's stopped.
        for day in latestFirst {
            let limit = days[day].endInstant
            while let commit = try walk.commit(index) {
                if commit.author.time < limit {
                    found[day] = commit
                    break
                }
                index += 1
            }
        }
        return found
    }

    /// The plan in `folder` as it stood at the end of `day`, read from that commit; nil when
    /// nothing was recorded by then. Throws `WorkspaceError.notAPlan` outside a git repository.
    /// `walk`: the run's shared walk of history (HistoryWalk), read instead of walking again.
    public static func snapshot(planAt folder: URL, day: PlanDate, records: ParsedRecords? = nil,
                                walk: HistoryWalk? = nil) throws -> (snapshot: PlanSnapshot, commit: CommitInfo)? {
        // The plan's own repository: a plan folder inside another repository (the sample in
        // Carnet's sources) has no history of its own.
        guard let repository = try? Repository.open(folder.path, searchParents: false),
              let workdir = repository.workdir,
              URL(fileURLWithPath: workdir).standardizedFileURL.path == folder.standardizedFileURL.path else {
            throw WorkspaceError.notAPlan(folder.path)
        }
        do {
            let found: CommitInfo?
            if let walk, walk.isWalk(of: repository) {
                found = try commits(in: walk, onOrBefore: [day])[0]
            } else {
                found = try commit(in: repository, onOrBefore: day)
            }
            guard let commit = found else { return nil }
            return (try PlanSnapshot.of(repository, at: commit.id, records: records), commit)
        } catch let error as GitError {
            throw WorkspaceError.io("git: \(error.description)")
        }
    }
}

extension WorkingCopy {
    /// The records as they stood at the end of `day` (AsOf); a usage error when nothing was
    /// recorded by then.
    public func snapshot(asOf day: PlanDate, only: Set<String>? = nil) throws -> PlanSnapshot {
        guard let commit = try git({ try AsOf.commit(in: repository, onOrBefore: day) }) else {
            throw WorkspaceError.usage(Catalogue.text("periods.as-of.nothing-yet", ["date": .text(day.description)]))
        }
        return try git { try PlanSnapshot.of(repository, at: commit.id, only: only) }
    }
}
