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
            let snapshot = try HubSetup.gitCall { try PlanSnapshot.of(repository, at: head) }
            plan = snapshot.plan?.record
            participation = snapshot.participation

            // Who leads what, at the hub's main.
            var led: [String: [String]] = [:]
            var unfinished: [String: [(name: String, lastDay: Int)]] = [:]
            var leadOf: [String: String] = [:]
            for folder in snapshot.sortedCommitments {
                guard let c = folder.commitment?.record else { continue }
                led[c.leadAgency, default: []].append(c.id)
                leadOf[c.id] = c.leadAgency
                let progress = folder.progress?.record
                for m in c.milestones where (progress?.milestone(m.id)?.completion ?? .notStarted) != .complete {
                    unfinished[c.leadAgency, default: []].append(("\(c.id)/\(m.id)", m.end.lastDay))
                }
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
