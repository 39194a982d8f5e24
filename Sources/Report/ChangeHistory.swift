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

extension Change {
    /// The paths the change touched inside commitment `id`'s folder (`commitments/<id>/…`),
    /// picked by their first bytes: a change can touch thousands of files (the plan's first
    /// commit touches them all, and a history read to its start shows it on every commitment's
    /// page), and reading every path's kind for each of a thousand pages was quadratic (3 s).
    func paths(inCommitment id: String) -> [String] {
        let prefix = Array("\(PlanLayout.commitmentsDir)/\(id)/".utf8)
        return paths.filter { $0.utf8.starts(with: prefix) }
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
    /// `walk`: history already being read for other readers of the run (HistoryWalk), read
    /// from rather than walked again; it must be the walk of the repository holding `path`.
    public static func read(repositoryAt path: String, commitments: Set<String>, horizon: Date?,
                            perCommitment: Int = defaultPerCommitment, maxCommits: Int? = nil,
                            until: Date? = nil, records: ParsedRecords? = nil, walk: HistoryWalk? = nil) throws -> ChangeHistory {
        let repository: Repository
        do {
            repository = try walk.map { try Repository.open($0.gitDirectory, searchParents: false) } ?? Repository.open(path)
        } catch { return .unavailable }
        let limit = maxCommits ?? defaultMaxCommits(commitments: commitments.count)
        var history = ChangeHistory(changes: [], complete: false)
        var unfilled = commitments
        var stoppedEarly = false
        var versions = ProgressVersions()
        // Every change read, newest first: given their progress facts once the walk is over.
        var walked: [Change] = []
        let visit: (HistoryEntry) throws -> Bool = { entry in
            if entry.changedPaths.isEmpty { return true }
            if let until, entry.commit.author.time >= until { return true }
            let change = Change(date: entry.commit.author.time, author: entry.commit.author.name,
                                summary: entry.commit.summary, paths: entry.changedPaths)
            // What the change did to each progress.yaml it touched, for the changes shown only.
            for (path, blob) in zip(entry.changedPaths, entry.blobs) {
                guard case .progress(let id) = PlanLayout.kind(of: path),
                      history.byCommitment[id, default: []].count < perCommitment else { continue }
                versions.note(repository, blob, commitment: id, change: walked.count)
            }
            walked.append(change)
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
        let topLevel: Set<String> = [PlanLayout.commitmentsDir, PlanLayout.ministriesDir]
        let read = try walk.map {
            // A change dated after `until` is not shown: its trees need not be read.
            try $0.changes(topLevel: topLevel, maxCommits: limit, comparing: { commit in until.map { commit.author.time < $0 } ?? true }, visit)
        } ?? repository.walkHistory(topLevel: topLevel, maxCommits: limit, visit)
        // The same changes again, in the same order, now with what each did to progress.yaml.
        let facts = versions.facts(records: records)
        if !facts.isEmpty {
            history = ChangeHistory(changes: [], complete: false)
            for (i, var change) in walked.enumerated() {
                if let found = facts[i] { change.progressFacts = found }
                history.add(change, perCommitment: perCommitment)
            }
        }
        history.complete = !stoppedEarly && read < limit
        return history
    }
}

/// The versions of progress files that the changes shown need: read as the walk goes (git's
/// objects, on the walk's thread), then parsed on every core, each distinct version once (a
/// file's version before one change is, most often, its version after the next older one).
/// Parsing them one by one inside the walk was most of a large plan's history time, and the
/// dashboard's pages wait for the history.
struct ProgressVersions {
    private struct Version: Sendable {
        let commitment: String
        let blob: ObjectID
        let bytes: Data
    }
    /// A version is known by its blob id (the same bytes, the same id), so each is read from
    /// git's objects once and never hashed whole as a dictionary key.
    private struct Key: Hashable {
        let commitment: String
        let blob: ObjectID
    }
    private struct Pending {
        let change: Int
        let commitment: String
        let after: Int
        let before: Int?
    }
    private var versions: [Version] = []
    private var index: [Key: Int] = [:]
    private var pending: [Pending] = []

    /// The number of the file's version `blob`; nil when the file is absent or unreadable.
    private mutating func number(_ repository: Repository, _ blob: ObjectID?, commitment: String) -> Int? {
        guard let blob else { return nil }
        let key = Key(commitment: commitment, blob: blob)
        if let known = index[key] { return known }
        guard let bytes = try? repository.blobData(blob) else { return nil }
        versions.append(Version(commitment: commitment, blob: blob, bytes: bytes))
        index[key] = versions.count - 1
        return versions.count - 1
    }

    /// Keeps the file's version at the commit and at its first parent (`blob`, as the walk
    /// compared them), for change number `change`.
    mutating func note(_ repository: Repository, _ blob: BlobIDs, commitment id: String, change: Int) {
        guard let after = number(repository, blob.new, commitment: id) else { return }
        let before = number(repository, blob.old, commitment: id)
        pending.append(Pending(change: change, commitment: id, after: after, before: before))
    }

    /// Change number → commitment id → what the change did; a change whose version after, or
    /// whose version before, does not parse says nothing reliable and has no facts ("progress
    /// updated" is shown). `records`: files the run parsed already, by blob id (today's, a
    /// period's end), shared with these versions: the newest is most often today's file.
    func facts(records: ParsedRecords? = nil) -> [Int: [String: [ProgressFact]]] {
        guard !pending.isEmpty else { return [:] }
        let parsed = concurrentMap(versions) { v in
            records.map { $0.progress(v.commitment, bytes: Array(v.bytes), blobID: v.blob.description, keep: false) }
                ?? ProgressFact.parse(v.bytes, commitment: v.commitment)
        }
        var out: [Int: [String: [ProgressFact]]] = [:]
        for p in pending {
            guard let after = parsed[p.after] else { continue }
            let before = p.before.map { parsed[$0] }
            if case .some(.none) = before { continue }
            out[p.change, default: [:]][p.commitment] = ProgressFact.between(before ?? nil, after)
        }
        return out
    }
}
