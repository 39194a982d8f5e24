import Foundation
import Git
import Records
import Workspace

/// `carnet hub status`: per ministry, when it last pushed and last changed its records, what
/// it leads, which of its milestones are overdue, and whether it has gone silent.
public struct HubStatus: Codable, Sendable {
    public struct MinistryStatus: Codable, Sendable {
        public var id: String
        public var name: String
        public var commitments: [String]
        public var overdueMilestones: [String]
        public var lastPush: String?
        public var lastPushBy: String?
        public var lastChange: String?
        public var lastChangeCommit: String?
        public var lastChangeSummary: String?
        /// Days since the last push or change, whichever is later; nil when never.
        public var silentDays: Int?
        /// Leads commitments and has not been heard of for longer than `staleAfterDays`.
        public var silent: Bool
    }

    public var hub: String
    public var head: String
    public var generated: String
    public var staleAfterDays: Int
    public var ministries: [MinistryStatus]

    public static func load(hub path: String, staleDays: Int? = nil, now: Date = Date()) throws -> HubStatus {
        let repository = try HubHooks.openHub(path)
        guard let head = try HubSetup.gitCall({ try repository.referenceTarget(RefUpdate.mainBranch) }) else {
            throw HubError.notAHub("the hub \(path) has no main branch yet")
        }
        let snapshot = try HubSetup.gitCall { try PlanSnapshot.of(repository, at: head) }
        let stale = staleDays ?? snapshot.plan?.record?.staleAfterDays ?? 60
        let today = PlanDate(date: now)

        // Who leads what, at the hub's main.
        var led: [String: [String]] = [:]
        var overdue: [String: [String]] = [:]
        var leadOf: [String: String] = [:]
        for folder in snapshot.sortedCommitments {
            guard let c = folder.commitment?.record else { continue }
            led[c.leadAgency, default: []].append(c.id)
            leadOf[c.id] = c.leadAgency
            let progress = folder.progress?.record
            for m in c.milestones where m.end.lastDay < today.firstDay {
                if (progress?.milestone(m.id)?.completion ?? .notStarted) != .complete {
                    overdue[c.leadAgency, default: []].append("\(c.id)/\(m.id)")
                }
            }
        }

        // The last change to each ministry's own records, newest history first.
        var lastChange: [String: CommitInfo] = [:]
        let history = try HubSetup.gitCall { try repository.history(pathPrefixes: [PlanLayout.ministriesDir, PlanLayout.commitmentsDir]) }
        for entry in history {
            for path in entry.changedPaths {
                let owner: String?
                switch PlanLayout.kind(of: path) {
                case .ministry(let id): owner = id
                case .progress(let c), .evidence(let c, _): owner = leadOf[c]
                default: owner = nil
                }
                if let owner, lastChange[owner] == nil { lastChange[owner] = entry.commit }
            }
        }

        var lastPush: [String: PushLogEntry] = [:]
        for entry in PushLog(hubDirectory: repository.gitDirectory).entries() {
            if let m = entry.ministry { lastPush[m] = entry }
        }

        var rows: [MinistryStatus] = []
        let formatter = ISO8601DateFormatter()
        for id in snapshot.ministries.keys.sorted() {
            guard let ministry = snapshot.ministries[id]?.record else { continue }
            let commitments = led[id] ?? []
            guard !commitments.isEmpty || !ministry.members.isEmpty else { continue }
            let change = lastChange[id]
            let push = lastPush[id]
            let latest = [change?.committer.time, push?.date].compactMap { $0 }.max()
            let days = latest.map { Int(now.timeIntervalSince($0) / 86_400) }
            rows.append(MinistryStatus(
                id: id, name: ministry.name.anyValue(preferring: snapshot.plan?.record?.language),
                commitments: commitments, overdueMilestones: overdue[id] ?? [],
                lastPush: push?.at, lastPushBy: push?.pusher,
                lastChange: change.map { formatter.string(from: $0.committer.time) },
                lastChangeCommit: change?.id.description, lastChangeSummary: change?.summary,
                silentDays: days, silent: !commitments.isEmpty && (days.map { $0 > stale } ?? true)))
        }
        return HubStatus(hub: repository.gitDirectory, head: head.description,
                         generated: formatter.string(from: now), staleAfterDays: stale, ministries: rows)
    }

    /// The status as lines for a terminal; a name, a pusher or a commit's subject stays on its
    /// line (`TerminalText.oneLine`), and the CLI shows the whole text with `TerminalText.safe`.
    public var text: String {
        let one = TerminalText.oneLine
        var lines = ["Hub \(hub) at \(head.prefix(8)); silent after \(staleAfterDays) days"]
        for m in ministries {
            let flag = m.silent ? "SILENT" : "ok"
            lines.append("\(one(m.id)) [\(flag)] \(one(m.name))")
            lines.append("  leads: \(m.commitments.isEmpty ? "nothing" : one(m.commitments.joined(separator: ", ")))")
            lines.append("  last push: \(m.lastPush ?? "never")\(m.lastPushBy.map { " by \(one($0))" } ?? "")")
            lines.append("  last change: \(m.lastChange.map { "\($0) \(one(m.lastChangeSummary ?? ""))" } ?? "never")")
            if !m.overdueMilestones.isEmpty { lines.append("  overdue milestones: \(m.overdueMilestones.joined(separator: ", "))") }
        }
        return lines.joined(separator: "\n")
    }
}
