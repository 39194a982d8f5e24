import Foundation

/// Cuts a line of commits (oldest first) into steps of at most `bound` bytes of new files, for
/// transfers that keep what has arrived: the hub's published fetch steps (HistorySteps) and a
/// sync's pushes in steps. A step closes before the commit that would take it over the bound,
/// so a step weighs at most the bound, or one commit when that commit alone is heavier (a single
/// scan cannot be cut). One rule for both directions.
public struct HistoryStepCutter: Sendable {
    public let bound: UInt64
    /// Bytes counted since the last step closed, and the last commit counted.
    public private(set) var pending: UInt64
    public private(set) var last: ObjectID?

    public init(bound: UInt64, pending: UInt64 = 0, last: ObjectID? = nil) {
        self.bound = max(bound, 1)
        self.pending = pending
        self.last = last
    }

    /// Counts the next commit; returns the commits that close a step (none, one or two).
    public mutating func add(_ commit: ObjectID, weight: UInt64) -> [ObjectID] {
        var closed: [ObjectID] = []
        if pending > 0, pending + weight > bound, let last {
            closed.append(last)
            pending = 0
        }
        pending += weight
        last = commit
        if pending >= bound {
            closed.append(commit)
            pending = 0
        }
        return closed
    }
}

extension Repository {
    /// The bytes of the files a commit brings that `seen` does not hold yet (a file brought twice
    /// travels once); adds them to `seen`. What a step of a transfer weighs, about: evidence does
    /// not compress, records weigh less once packed.
    public func newFileBytes(of commit: ObjectID, seen: inout Set<ObjectID>) throws -> UInt64 {
        var weight: UInt64 = 0
        for change in try changesIntroduced(by: commit) {
            guard let blob = change.newBlob, seen.insert(blob).inserted else { continue }
            weight += UInt64(max(0, (try? blobSize(blob)) ?? 0))
        }
        return weight
    }
}
