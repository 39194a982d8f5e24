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
        let latestFirst = days.indices.sorted { days[$0].endInstant > days[$1].endInstant }
        let limits = latestFirst.map { days[$0].endInstant }
        var found: [CommitInfo?] = Array(repeating: nil, count: days.count)
        var next = 0
        guard !days.isEmpty else { return found }
        // No folder is compared (topLevel empty): only dates are read.
        try repository.walkHistory(topLevel: []) { entry in
            while next < limits.count, entry.commit.author.time < limits[next] {
                found[latestFirst[next]] = entry.commit
                next += 1
            }
            return next < limits.count
        }
        return found
    }

    /// The plan in `folder` as it stood at the end of `day`, read from that commit; nil when
    /// nothing was recorded by then. Throws `WorkspaceError.notAPlan` outside a git repository.
    public static func snapshot(planAt folder: URL, day: PlanDate, records: ParsedRecords? = nil) throws -> (snapshot: PlanSnapshot, commit: CommitInfo)? {
        // The plan's own repository: a plan folder inside another repository (the sample in
        // Carnet's sources) has no history of its own.
        guard let repository = try? Repository.open(folder.path, searchParents: false),
              let workdir = repository.workdir,
              URL(fileURLWithPath: workdir).standardizedFileURL.path == folder.standardizedFileURL.path else {
            throw WorkspaceError.notAPlan(folder.path)
        }
        do {
            guard let commit = try commit(in: repository, onOrBefore: day) else { return nil }
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
