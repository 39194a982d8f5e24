import Foundation
import Git
import Messages
import Records
import Workspace

/// `carnet hub status`: per ministry, when it last pushed and last changed its records, its
/// last refused push and whether a later push rescued it, what it leads, which of its
/// milestones are overdue, and whether it has gone silent.
///
/// Changes are read with the one history walker (Repository.walkHistory): a change is credited
/// to the commit that introduced it, so a ministry's merge of the hub's main does not make the
/// ministries whose changes it carried look active, nor make it their changer.
public struct HubStatus: Codable, Sendable {
    public struct MinistryStatus: Codable, Sendable {
        public var id: String
        public var name: String
        public var commitments: [String]
        public var overdueMilestones: [String]
        public var lastPush: String?
        public var lastPushBy: String?
        /// The last refused push: when, by whom, and the first rule it broke.
        public var lastRefusedPush: String?
        public var lastRefusedPushBy: String?
        public var lastRefusedRule: String?
        /// The same rule as a message key and arguments (language-neutral, for scripts).
        public var lastRefusedMessage: StoredMessage?
        /// Whether an accepted push from the same ministry came after the last refused one;
        /// nil when it has no refused push.
        public var rescued: Bool?
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
    /// False when the push log cannot be seen from where the status was made (a copy whose
    /// hub publishes none): pushes then show as unknown, not as "never".
    public var pushLogVisible: Bool
    public var generated: String
    public var staleAfterDays: Int
    public var ministries: [MinistryStatus]
    /// The participation rules at the hub's main (nil: the plan keeps no participation records).
    public var participation: ParticipationSummary? = nil

    /// The status on the hub's own machine: its main and its push log file.
    public static func load(hub path: String, staleDays: Int? = nil, now: Date = Date()) throws -> HubStatus {
        let repository = try HubHooks.openHub(path)
        guard let head = try HubSetup.gitCall({ try repository.referenceTarget(RefUpdate.mainBranch) }) else {
            throw HubError.notAHub(Catalogue.text("hub.status.no-main", ["hub": .text(path)]))
        }
        return try load(repository: repository, head: head, pushLog: PushLog(hubDirectory: repository.gitDirectory).entries(),
                        hub: repository.gitDirectory, staleDays: staleDays, now: now)
    }

    /// The status of the plan at `head` in `repository` (the hub, or a copy holding what it
    /// fetched from the hub), with the push log's entries (nil: the log cannot be seen).
    public static func load(repository: Repository, head: ObjectID, pushLog: [PushLogEntry]?, hub: String,
                            staleDays: Int? = nil, now: Date = Date()) throws -> HubStatus {
        load(try Reading(repository: repository, head: head), pushLog: pushLog, hub: hub, staleDays: staleDays, now: now)
    }

    /// The status from what was read at a commit (Reading: a caller asking again for the same
    /// commit reads it once), the push log's entries and the time now.
    public static func load(_ reading: Reading, pushLog: [PushLogEntry]?, hub: String, staleDays: Int? = nil, now: Date = Date()) -> HubStatus {
        let stale = staleDays ?? reading.plan?.staleAfterDays ?? 60
        let today = PlanDate(date: now)
        var overdue: [String: [String]] = [:]
        for (lead, milestones) in reading.unfinished {
            let late = milestones.filter { $0.lastDay < today.firstDay }.map(\.name)
            if !late.isEmpty { overdue[lead] = late }
        }

        var lastPush: [String: PushLogEntry] = [:]
        var lastRefused: [String: PushLogEntry] = [:]
        var rescued: [String: Bool] = [:]
        for entry in pushLog ?? [] where entry.isAccepted {
            if let m = entry.ministry { lastPush[m] = entry }
        }
        for (entry, saved) in PushLog.refusals(pushLog ?? []) {
            guard let m = entry.ministry else { continue }
            lastRefused[m] = entry
            rescued[m] = saved
        }

        var rows: [MinistryStatus] = []
        let formatter = ISO8601DateFormatter()
        for ministry in reading.ministries {
            let id = ministry.id
            let commitments = reading.led[id] ?? []
            guard !commitments.isEmpty || ministry.hasMembers else { continue }
            let change = reading.lastChange[id]
            let push = lastPush[id]
            let refused = lastRefused[id]
            let latest = [change?.committer.time, push?.date].compactMap { $0 }.max()
            let days = latest.map { Int(now.timeIntervalSince($0) / 86_400) }
            rows.append(MinistryStatus(
                id: id, name: ministry.name,
                commitments: commitments, overdueMilestones: overdue[id] ?? [],
                lastPush: push?.at, lastPushBy: push?.pusher,
                lastRefusedPush: refused?.at, lastRefusedPushBy: refused?.pusher,
                lastRefusedRule: refused.flatMap(Self.firstRule), lastRefusedMessage: refused?.rules?.first?.rule, rescued: rescued[id],
                lastChange: change.map { formatter.string(from: $0.committer.time) },
                lastChangeCommit: change?.id.description, lastChangeSummary: change?.summary,
                silentDays: days, silent: !commitments.isEmpty && (days.map { $0 > stale } ?? true)))
        }
        var status = HubStatus(hub: hub, head: reading.head.description, pushLogVisible: pushLog != nil,
                               generated: formatter.string(from: now), staleAfterDays: stale, ministries: rows)
        if let plan = reading.plan, !reading.participation.isEmpty {
            status.participation = ParticipationSummary(ParticipationRules(plan: plan, records: reading.participation, today: today))
        }
        return status
    }

    /// The first rule a refused push broke, in the reader's language when the log kept it as a
    /// message (a log line from an older hub has only the sentence, in the plan's language).
    static func firstRule(of entry: PushLogEntry) -> String? {
        entry.reasons(in: Catalogue.language).first
    }

    /// The status as lines for a terminal; a name, a pusher or a commit's subject stays on its
    /// line (`TerminalText.oneLine`), and the CLI shows the whole text with `TerminalText.safe`.
    public var text: String {
        let one = TerminalText.oneLine
        var lines = [Catalogue.text("hub.status.header", ["hub": .text(one(hub)), "commit": .text(String(head.prefix(8))), "count": .number(staleAfterDays)])]
        if !pushLogVisible { lines.append(Catalogue.text("hub.status.no-log")) }
        let never = pushLogVisible ? Catalogue.text("hub.status.never") : Catalogue.text("hub.status.unknown")
        func when(_ at: String, by: String?) -> String { by.map { Catalogue.text("hub.status.at-by", ["at": .text(at), "by": .text(one($0))]) } ?? at }
        for m in ministries {
            lines.append("\(one(m.id)) [\(m.silent ? Catalogue.text("hub.status.silent") : Catalogue.text("hub.status.ok"))] \(one(m.name))")
            lines.append("  " + Catalogue.text("hub.status.leads", ["commitments": .text(m.commitments.isEmpty ? Catalogue.text("hub.status.nothing") : one(m.commitments.joined(separator: ", ")))]))
            lines.append("  " + Catalogue.text("hub.status.last-push", ["when": .text(m.lastPush.map { when($0, by: m.lastPushBy) } ?? never)]))
            if let refused = m.lastRefusedPush {
                let refusedAt = MessageArgument.text(when(refused, by: m.lastRefusedPushBy))
                lines.append("  " + (m.rescued == true ? Catalogue.text("hub.status.refused-rescued", ["when": refusedAt])
                                                        : Catalogue.text("hub.status.refused-stuck", ["when": refusedAt])))
                if let rule = m.lastRefusedRule { lines.append("    " + Catalogue.text("hub.status.first-rule", ["rule": .text(one(rule))])) }
            }
            lines.append("  " + Catalogue.text("hub.status.last-change", ["when": .text(m.lastChange.map { "\($0) \(one(m.lastChangeSummary ?? ""))" } ?? Catalogue.text("hub.status.never"))]))
            if !m.overdueMilestones.isEmpty { lines.append("  " + Catalogue.text("hub.status.overdue", ["milestones": .text(m.overdueMilestones.joined(separator: ", "))])) }
        }
        if let participation { lines += participation.lines.map(one) }
        return lines.joined(separator: "\n")
    }
}
