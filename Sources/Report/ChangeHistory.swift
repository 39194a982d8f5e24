import Foundation
import Git
import Records

/// One change to a plan's records, from git history.
public struct Change: Sendable, Equatable {
    public var date: Date
    public var author: String
    public var summary: String
    /// Repository paths the change touched.
    public var paths: [String]
    /// Commitment id → what the change did to its progress.yaml, read from the records
    /// (ProgressFact); absent where it was not read or did not parse.
    public var progressFacts: [String: [ProgressFact]] = [:]

    public init(date: Date, author: String, summary: String, paths: [String], progressFacts: [String: [ProgressFact]] = [:]) {
        self.date = date
        self.author = author
        self.summary = summary
        self.paths = paths
        self.progressFacts = progressFacts
    }
}

/// Recent history grouped by commitment: what the dashboard shows per commitment, and when each
/// commitment's progress and each ministry's record last changed (for freshness).
///
/// Built from ONE walk of history (Repository.walkHistory, the walker `carnet log` and
/// `carnet hub status` use too: a change is credited to the commit that introduced it, and a
/// merge only with what it wrote itself, not with what it took from either side), newest first, which stops once every commitment has its
/// `perCommitment` latest changes and the walk is older than the freshness horizon, or after
/// `maxCommits`: the dashboard's cost follows the number of commitments, not the length of
/// history. A commitment untouched within the walk shows "no change since <oldest read>".
public struct ChangeHistory: Sendable {
    /// Latest changes per commitment id, newest first, at most `perCommitment`.
    public private(set) var byCommitment: [String: [Change]] = [:]
    /// Last change of progress.yaml or evidence per commitment id (what the lead ministry writes).
    public private(set) var lastProgress: [String: Date] = [:]
    /// Last change of ministries/<id>.yaml per ministry id.
    public private(set) var lastMinistryRecord: [String: Date] = [:]
    /// The date of the oldest commit read; nil when none was.
    public private(set) var oldestRead: Date?
    /// True when the walk reached the first commit: what is absent really never happened.
    public private(set) var complete: Bool
    /// False for a plan directory that is not a git repository (history unknown).
    public let available: Bool

    public static let defaultPerCommitment = 20

    /// The walk's default bound: a few commits per commitment, so the dashboard's cost follows
    /// the plan's size. A commitment untouched in that many commits shows the date the walk
    /// reached; its ministry is flagged stale when that date is already older than the threshold.
    public static func defaultMaxCommits(commitments: Int) -> Int { 500 + 5 * commitments }

    /// No history: a plan directory outside git. Freshness then shows as unknown.
    public static let unavailable = ChangeHistory(changes: [], complete: false, available: false)

    /// Groups changes given newest first (for callers that walked history themselves, and tests).
    public init(changes: [Change], perCommitment: Int = ChangeHistory.defaultPerCommitment,
                complete: Bool = true, available: Bool = true) {
        self.complete = complete
        self.available = available
        for change in changes { _ = add(change, perCommitment: perCommitment) }
    }

    /// Adds one change (older than those added before). Returns the commitments it touched.
    @discardableResult
    mutating func add(_ change: Change, perCommitment: Int) -> Set<String> {
        oldestRead = change.date
        var touched: Set<String> = []
        for path in change.paths {
            switch PlanLayout.kind(of: path) {
            case .commitment(let id):
                touched.insert(id)
            case .progress(let id), .evidence(let id, _):
                touched.insert(id)
                if lastProgress[id] == nil { lastProgress[id] = change.date }
            case .ministry(let id):
                if lastMinistryRecord[id] == nil { lastMinistryRecord[id] = change.date }
            default:
                break
            }
        }
        for id in touched where byCommitment[id, default: []].count < perCommitment {
            byCommitment[id, default: []].append(change)
        }
        return touched
    }

    /// Reads the history of the repository holding `path` in one walk (see the type's comment).
    /// `commitments`: the plan's commitment ids; `horizon`: freshness needs every change after it;
    /// `until`: a report as of a past day sees no change dated at or after this instant (AsOf.end).
    public static func read(repositoryAt path: String, commitments: Set<String>, horizon: Date?,
                            perCommitment: Int = defaultPerCommitment, maxCommits: Int? = nil,
                            until: Date? = nil) throws -> ChangeHistory {
        let repository: Repository
        do { repository = try Repository.open(path) } catch { return .unavailable }
        let limit = maxCommits ?? defaultMaxCommits(commitments: commitments.count)
        var history = ChangeHistory(changes: [], complete: false)
        var unfilled = commitments
        var stoppedEarly = false
        var versions = ProgressVersions()
        let read = try repository.walkHistory(topLevel: [PlanLayout.commitmentsDir, PlanLayout.ministriesDir],
                                              maxCommits: limit) { entry in
            if entry.changedPaths.isEmpty { return true }
            if let until, entry.commit.author.time >= until { return true }
            var change = Change(date: entry.commit.author.time, author: entry.commit.author.name,
                                summary: entry.commit.summary, paths: entry.changedPaths)
            // What the change did to each progress.yaml it touched, for the changes shown only.
            for path in entry.changedPaths {
                guard case .progress(let id) = PlanLayout.kind(of: path),
                      history.byCommitment[id, default: []].count < perCommitment else { continue }
                change.progressFacts[id] = versions.facts(repository, path: path, commitment: id, commit: entry.commit)
            }
            for id in history.add(change, perCommitment: perCommitment)
            where history.byCommitment[id, default: []].count >= perCommitment {
                unfilled.remove(id)
            }
            if unfilled.isEmpty, let horizon, change.date < horizon {
                stoppedEarly = true
                return false
            }
            return true
        }
        history.complete = !stoppedEarly && read < limit
        return history
    }
}

/// Reads the versions of progress files as the walk goes newest first: a file's version before
/// one change is, most often, its version after the next (older) one, so each version is parsed
/// once, not twice.
struct ProgressVersions {
    private var parsedBefore: [String: (bytes: Data, record: CommitmentProgress?)] = [:]

    mutating func facts(_ repository: Repository, path: String, commitment id: String, commit: CommitInfo) -> [ProgressFact]? {
        guard let afterBytes = try? repository.fileData(path, at: commit.id) else { return nil }
        let after: CommitmentProgress?
        if let cached = parsedBefore[path], cached.bytes == afterBytes { after = cached.record } else {
            after = ProgressFact.parse(afterBytes, commitment: id)
        }
        let beforeBytes = commit.parents.first.flatMap { try? repository.fileData(path, at: $0) }
        let before = beforeBytes.flatMap { ProgressFact.parse($0, commitment: id) }
        if let beforeBytes { parsedBefore[path] = (beforeBytes, before) } else { parsedBefore[path] = nil }
        guard let after else { return nil }
        // A version that did not parse says nothing reliable: fall back to "progress updated".
        if beforeBytes != nil, before == nil { return nil }
        return ProgressFact.between(before, after)
    }
}
