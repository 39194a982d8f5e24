import Foundation
import Git
import Messages
import Workspace

/// `carnet carry DIR`: an office whose link cannot carry its evidence writes its outgoing
/// commits (records and evidence) to a USB drive as a git bundle; the point of contact lands it
/// on the hub with `carnet hub take` (Hub's CarriedPush), through the same hooks and rules as
/// this copy's own push. The bundle holds only what the hub lacks as this copy last saw it
/// (everything after the hub's main it fetched last), so it is as small as the push would be.
/// Afterwards the hub's main contains our commit (as its parent, or itself), and the next sync
/// over the network only fetches the hub's merge: nothing is sent twice.
extension SyncEngine {
    public struct Carried: Sendable, Equatable {
        /// nil when the hub already has everything this copy has: nothing was written.
        public var file: String?
        public var ministry: String
        public var commits: Int
        public var bytes: Int
    }

    /// The one reference a carried bundle holds.
    public static let carriedRef = "refs/carnet/carried"

    public func carryOut(to folder: String) throws -> Carried {
        guard let settings = try settings() else {
            throw WorkspaceError.usage(Catalogue.text("usb.carry.not-attached"))
        }
        guard let ministry = settings.ministry else {
            throw WorkspaceError.usage(Catalogue.text("usb.carry.point-of-contact"))
        }
        // What is carried is commits: edits still lying in the folder would silently stay behind.
        let pending = try repository.changedFiles()
        guard pending.isEmpty else {
            throw WorkspaceError.invalid([], Catalogue.text("usb.carry.uncommitted", [
                "count": .number(pending.count), "path": .text(pending[0].path)]))
        }
        guard let tip = try repository.headCommitID() else {
            return Carried(file: nil, ministry: ministry, commits: 0, bytes: 0)
        }
        let seen = try repository.referenceTarget(Self.hubMain)
        if let seen, try tip == seen || repository.isDescendant(seen, of: tip) {
            return Carried(file: nil, ministry: ministry, commits: 0, bytes: 0)
        }
        var isFolder: ObjCBool = false
        if !FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) {
            do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false) } catch {
                throw WorkspaceError.io(Catalogue.text("usb.carry.cannot-write", ["path": .text(folder), "reason": .text(Catalogue.reason(for: error))]))
            }
        } else if !isFolder.boolValue {
            throw WorkspaceError.usage(Catalogue.text("usb.carry.not-a-folder", ["path": .text(folder)]))
        }
        let file = URL(fileURLWithPath: folder).appendingPathComponent("carnet-\(ministry)-\(tip.description.prefix(12)).bundle").path
        do {
            let summary = try repository.writeBundle(tip: tip, ref: Self.carriedRef, prerequisites: seen.map { [$0] } ?? [], to: file)
            return Carried(file: file, ministry: ministry, commits: summary.commits, bytes: summary.bytes)
        } catch {
            throw WorkspaceError.io(Catalogue.text("usb.carry.cannot-write", ["path": .text(file), "reason": .text(String(describing: error))]))
        }
    }
}
