import Foundation
import Messages

/// The sync module's messages for people, one case per message with typed parameters; the
/// words are the catalogue's (`sync.*` keys in Sources/Messages/Catalogue).
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
            return Catalogue.text("sync.hub-lock.removed", ["path": .text(path), "age": .duration(age)])
        case .hubLockBusy(let path, let age, let bound):
            return Catalogue.text("sync.hub-lock.busy", ["path": .text(path), "age": .duration(age), "bound": .duration(bound)])
        case .hubLockRecoveryBusy(let hub):
            return Catalogue.text("sync.hub-lock.recovery-busy", ["hub": .text(hub)])
        case .hubLockStuck(let path, let age, let reason):
            return Catalogue.text("sync.hub-lock.stuck", ["path": .text(path), "age": .duration(age), "reason": .text(reason),
                                                          "command": .text("rm " + Self.quoted(path))])
        case .hubLockFromTheFuture(let path, let ahead):
            return Catalogue.text("sync.hub-lock.future", ["path": .text(path), "ahead": .duration(ahead),
                                                           "command": .text("rm " + Self.quoted(path))])
        }
    }

    /// A path as a shell word, quoted when it needs to be.
    static func quoted(_ path: String) -> String {
        let plain = path.allSatisfy { $0.isLetter || $0.isNumber || "/._-+,:@".contains($0) }
        return plain ? path : "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
