import Foundation
import Git
import Records
import Workspace

extension HubStatus {
    /// What a status reads from the plan at one commit: the whole plan parsed and its history
    /// walked, nearly all of the cost of `hub status` on a 1,000-commitment plan. It depends on
    /// the commit alone (the day, the push log and the time now are applied by `load`), so a
    /// caller asking again for the same commit (the web app's Ministries page) keeps it; it holds
    /// only what the status needs, not the parsed plan.
    public struct Reading: @unchecked Sendable {
        public let head: ObjectID
        let plan: Plan?
        let participation: ParticipationRecords
        /// Commitments led, by ministry, in the plan's order.
        let led: [String: [String]]
        /// Milestones not complete, by the ministry that leads their commitment (`05/m3`), with
        /// the last day of their planned end: overdue once it is past.
        let unfinished: [String: [(name: String, lastDay: Int)]]
        /// Every ministry record of the plan, by id, with its name and whether it has members.
        let ministries: [(id: String, name: String, hasMembers: Bool)]
        /// The last change to each ministry's own records, as history credits changes.
        let lastChange: [String: CommitInfo]

        public init(repository: Repository, head: ObjectID) throws {
            self.head = head
            // The plan, its ministries and participation records first; then the commitments a
            // few dozen at a time, each kept as the little the status needs, so that a thousand
            // commitments' parsed records never stand in memory at once (parsed all together they
            // were most of the web app's resident memory, which the allocator does not give back).
            let names = try HubSetup.gitCall { try PlanSnapshot.of(repository, at: head, only: []) }
            let snapshot = try HubSetup.gitCall {
                try PlanSnapshot.of(repository, at: head, only: [], alsoMinistries: names.ministryIDs, participation: true)
            }
            plan = snapshot.plan?.record
            participation = snapshot.participation

            // Who leads what, at the hub's main, in the plan's order (PlanSnapshot.sortedCommitments').
            var read: [(order: Int, id: String, lead: String, unfinished: [(name: String, lastDay: Int)])] = []
            let folders = try HubSetup.gitCall {
                try TreeReader(repository: repository, commit: head).entries(in: PlanLayout.commitmentsDir) ?? []
            }.filter { $0.kind == .folder && $0.nameIsUTF8 }.map(\.name).sorted()
            for start in stride(from: 0, to: folders.count, by: 64) {
                let chunk = Set(folders[start..<min(start + 64, folders.count)])
                let part = try HubSetup.gitCall { try PlanSnapshot.of(repository, at: head, only: chunk) }
                for folder in part.commitments.values {
                    guard let c = folder.commitment?.record else { continue }
                    let progress = folder.progress?.record
                    read.append((c.number, c.id, c.leadAgency,
                                 c.milestones.filter { (progress?.milestone($0.id)?.completion ?? .notStarted) != .complete }
                                     .map { ("\(c.id)/\($0.id)", $0.end.lastDay) }))
                }
            }
            read.sort { ($0.order, $0.id) < ($1.order, $1.id) }
            var led: [String: [String]] = [:]
            var unfinished: [String: [(name: String, lastDay: Int)]] = [:]
            var leadOf: [String: String] = [:]
            for c in read {
                led[c.lead, default: []].append(c.id)
                leadOf[c.id] = c.lead
                unfinished[c.lead, default: []] += c.unfinished
            }
            self.led = led
            self.unfinished = unfinished
            ministries = snapshot.ministries.keys.sorted().compactMap { id in
                snapshot.ministries[id]?.record.map { (id, $0.name.anyValue(preferring: snapshot.plan?.record?.language), !$0.members.isEmpty) }
            }

            // The last change to each ministry's own records, newest history first.
            var lastChange: [String: CommitInfo] = [:]
            _ = try HubSetup.gitCall {
                try repository.walkHistory(from: head, topLevel: [PlanLayout.ministriesDir, PlanLayout.commitmentsDir]) { entry in
                    for path in entry.changedPaths {
                        let owner: String?
                        switch PlanLayout.kind(of: path) {
                        case .ministry(let id): owner = id
                        case .progress(let c), .evidence(let c, _): owner = leadOf[c]
                        default: owner = nil
                        }
                        if let owner, lastChange[owner] == nil { lastChange[owner] = entry.commit }
                    }
                    return true
                }
            }
            self.lastChange = lastChange
        }
    }
}
