import Foundation
import Git
import Hub

/// Pushes in steps: when the commits a sync sends bring more than one step of files (2 MiB by
/// default, HistorySteps.defaultStepBytes), the hub's main is moved forward one step at a time,
/// each a complete push that the hub verifies and keeps. A link lost in the middle loses at most
/// the step that was travelling: the next sync finds the hub at the last step that landed and
/// sends only the rest. Steps close where the hub's fetch steps would (HistoryStepCutter).
extension SyncEngine {
    static let pushStepReference = "refs/carnet/push-step"

    /// Pushes the branch (after its records, when records first sent them), in steps when heavy.
    /// A step the hub refuses ends the stepping and the branch goes as it is, in one push, as it
    /// would have without steps (the hub then says what it refuses); a hub that moved on, or a
    /// link that fails, ends the sync as usual, with the steps that landed kept on the hub.
    func pushInSteps(_ transport: TransportSettings) throws {
        let branch = try repository.headBranch()
        if let tip = try repository.referenceTarget(branch) {
            for boundary in try pushSteps(to: tip) {
                guard let hub = try repository.referenceTarget(Self.hubMain),
                      try repository.isDescendant(boundary, of: hub) else { continue }
                try? repository.deleteReference(Self.pushStepReference)   // left by a sync that was killed
                try repository.moveReference(Self.pushStepReference, to: boundary, expecting: nil, message: "carnet sync: push step")
                defer { try? repository.deleteReference(Self.pushStepReference) }
                do {
                    try repository.push(remote: SyncSettings.remoteName, source: Self.pushStepReference, settings: transport)
                } catch TransportError.rejected {
                    break
                }
            }
        }
        try repository.push(remote: SyncSettings.remoteName, settings: transport)
    }

    /// Where the unsent commits up to `tip` close a step, oldest first, without `tip` itself (the
    /// last push sends it). None when they weigh less than a step.
    private func pushSteps(to tip: ObjectID) throws -> [ObjectID] {
        let hub = try repository.referenceTarget(Self.hubMain)
        var cutter = HistoryStepCutter(bound: HistorySteps.stepBytes(of: repository))
        var seen = Set<ObjectID>()
        var boundaries: [ObjectID] = []
        for commit in try repository.commits(from: tip, excluding: hub.map { [$0] } ?? []) {
            boundaries += cutter.add(commit.id, weight: try repository.newFileBytes(of: commit.id, seen: &seen))
        }
        return boundaries.filter { $0 != tip }
    }
}
