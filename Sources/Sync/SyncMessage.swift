import Foundation

/// The sync module's messages for people, one case per message with typed parameters, so they
/// can move to the message catalogue (DESIGN.md) as they are. For now it holds the messages about
/// lock files on a hub reached by a file path (HubLocks); the others still sit where they are
/// thrown and should come here.
enum SyncMessage {
    /// A lock file left by a killed process was removed from the hub.
    case hubLockRemoved(path: String, age: TimeInterval)
    /// A lock file younger than the bound: some process may be writing the hub right now.
    case hubLockBusy(path: String, age: TimeInterval, bound: TimeInterval)
    /// Another carnet is removing the hub's stale lock files at this very moment.
    case hubLockRecoveryBusy(hub: String)
    /// A stale lock file that cannot be removed from here (read-only drive, no permission).
    case hubLockStuck(path: String, age: TimeInterval, reason: String)
    /// A lock file dated further in the future than the bound: it would never age.
    case hubLockFromTheFuture(path: String, ahead: TimeInterval)

    var text: String {
        switch self {
        case .hubLockRemoved(let path, let age):
            return "removed \(path), a lock file left on the hub \(Self.duration(age)) ago by a sync or git command that was killed"
        case .hubLockBusy(let path, let age, let bound):
            return "the hub is busy: \(path) was made \(Self.duration(age)) ago, a git or carnet process may be writing the hub "
                + "(local commits are kept; the next sync retries, and removes this lock file once it is \(Self.duration(bound)) old "
                + "and still there)"
        case .hubLockRecoveryBusy(let hub):
            return "the hub is busy: another carnet is removing stale lock files in \(hub) (local commits are kept; the next sync retries)"
        case .hubLockStuck(let path, let age, let reason):
            return "the hub is locked: \(path) was left \(Self.duration(age)) ago by a git or carnet process that was stopped, "
                + "and it cannot be removed from here (\(reason)). Nothing was sent to the hub; local commits are kept. "
                + "A person must remove it where the hub is writable (the drive or share mounted read-write), "
                + "once sure that nothing is writing the hub: rm \(Self.quoted(path))"
        case .hubLockFromTheFuture(let path, let ahead):
            return "the hub is locked: \(path) is dated \(Self.duration(ahead)) in the future (a computer with a wrong clock wrote it), "
                + "so it cannot be judged stale. Nothing was sent to the hub; local commits are kept. "
                + "Check the clocks; once sure that nothing is writing the hub: rm \(Self.quoted(path))"
        }
    }

    /// "45 s", "12 min", "3 h", "2 days".
    static func duration(_ seconds: TimeInterval) -> String {
        let s = max(0, seconds)
        if s < 120 { return "\(Int(s.rounded())) s" }
        if s < 7200 { return "\(Int((s / 60).rounded())) min" }
        if s < 172_800 { return "\(Int((s / 3600).rounded())) h" }
        return "\(Int((s / 86400).rounded())) days"
    }

    /// A path as a shell word, quoted when it needs to be.
    static func quoted(_ path: String) -> String {
        let plain = path.allSatisfy { $0.isLetter || $0.isNumber || "/._-+,:@".contains($0) }
        return plain ? path : "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
