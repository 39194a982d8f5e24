import Foundation
import Git

/// The hub's history cut into steps of about `carnet.stepBytes` of new files each, published as
/// `refs/carnet/steps/000001`, `…/000002`… (each naming the last commit of its step), so that a
/// clone or fetch over a poor link can take the history one step at a time: each step's pack is
/// stored once complete, and an interrupted transfer loses at most the step it was in
/// (docs/SYNC.md). Kept by the post-receive hook after every accepted push, and by `hub init`.
/// Where steps close: HistoryStepCutter (shared with a sync's pushes in steps).
public enum HistorySteps {
    public static let prefix = "refs/carnet/steps/"
    /// 2 MiB: about 4 minutes at 64 kbit/s, 1 minute at 256 kbit/s — what a cut may cost —
    /// while a step's extra connection (a few round trips) stays a few percent of its time.
    public static let defaultStepBytes: UInt64 = 2 << 20
    /// The hub's git config key for another bound (tests use small steps).
    public static let stepBytesKey = "carnet.stepBytes"

    /// The step's bound in `repository` (a hub, or a copy for its pushes): `carnet.stepBytes`, at
    /// least 1 KiB, else the default.
    public static func stepBytes(of repository: Repository) -> UInt64 {
        guard let text = try? repository.configString(stepBytesKey), let value = UInt64(text) else { return defaultStepBytes }
        return max(value, 1024)
    }

    /// Where counting stopped, so each push only counts its own commits.
    struct State: Codable {
        var counted: String
        var pending: UInt64
        var next: Int
    }

    /// The reference of step `number`: zero-padded, so names sort as numbers.
    public static func reference(_ number: Int) -> String {
        prefix + String(format: "%06d", number)
    }

    /// Counts the commits main gained since the last count and publishes the steps they close.
    /// Returns the step references written. Concurrent hooks take turns (an exclusive lock on
    /// the state file); one that finds the lock taken leaves the counting to the holder and to
    /// the next push. Never fails a push: the caller ignores errors (steps only speed transfers).
    @discardableResult
    public static func update(_ repository: Repository) throws -> [String] {
        guard let main = try repository.referenceTarget("refs/heads/main") else { return [] }
        let directory = repository.gitDirectory
        let statePath = directory + "/carnet-steps.json"
        let lock = open(directory + "/carnet-steps.lock", O_CREAT | O_WRONLY | O_CLOEXEC, 0o644)
        guard lock >= 0 else { return [] }
        defer { close(lock) }
        guard flock(lock, LOCK_EX | LOCK_NB) == 0 else { return [] }
        let bound = stepBytes(of: repository)

        var state = (try? Data(contentsOf: URL(fileURLWithPath: statePath)))
            .flatMap { try? JSONDecoder().decode(State.self, from: $0) }
        var excluded: [ObjectID] = []
        if let known = state, let counted = ObjectID(hex: known.counted), repository.hasObject(counted),
           counted == main || (try? repository.isDescendant(main, of: counted)) == true {
            if counted == main { return [] }
            excluded = [counted]
        } else {
            // No count yet, or one that no longer fits main: count the whole history again.
            for old in try repository.references(withPrefix: prefix) { try repository.deleteReference(old) }
            state = nil
        }
        var next = state?.next ?? 1
        var cutter = HistoryStepCutter(bound: bound, pending: state?.pending ?? 0,
                                       last: state.flatMap { ObjectID(hex: $0.counted) })
        var written: [String] = []
        var seen = Set<ObjectID>()
        for commit in try repository.commits(from: main, excluding: excluded) {
            for boundary in cutter.add(commit.id, weight: try repository.newFileBytes(of: commit.id, seen: &seen)) {
                let name = reference(next)
                try? repository.deleteReference(name)   // left by a count that stopped before saving
                try repository.moveReference(name, to: boundary, expecting: nil, message: "carnet: history step")
                written.append(name)
                next += 1
            }
        }
        let saved = State(counted: main.description, pending: cutter.pending, next: next)
        try JSONEncoder().encode(saved).write(to: URL(fileURLWithPath: statePath), options: .atomic)
        return written
    }
}
