import Foundation
import Messages
import Git
import Records
import Workspace

extension SyncEngine {
    /// `carnet clone`: a new working copy of the hub's plan in `directory` (new or empty), with
    /// the settings every later sync uses. On failure nothing is left behind but what was there.
    public static func clone(_ settings: SyncSettings, into directory: String) -> SyncOutcome {
        var outcome = SyncOutcome(status: .inSync)
        let fm = FileManager.default
        let root = URL(fileURLWithPath: directory).standardizedFileURL
        let existed = fm.fileExists(atPath: root.path)
        do {
            if existed, !((try? fm.contentsOfDirectory(atPath: root.path)) ?? ["?"]).isEmpty {
                throw SyncFailure.cannotCreate(Catalogue.text("sync.clone-not-empty", ["path": .text(root.path)]))
            }
            let repository = try Repository.create(root.path)
            try settings.write(to: repository)
            guard let hub = try repository.fetch(remote: SyncSettings.remoteName, settings: settings.transport) else {
                throw SyncFailure.notConfigured(
                    Catalogue.text("sync.clone-empty-hub", ["hub": .text(settings.hub)]))
            }
            outcome.fetched = true
            try repository.refuseUnsafeTree(hub)  // before the first file is written
            try repository.updateWorkingTree(from: nil, to: hub)
            try repository.moveReference(try repository.headBranch(), to: hub, expecting: nil, message: "carnet clone")
            outcome.fastForwarded = true
            outcome.head = hub.description
            outcome.hubHead = hub.description
            if !fm.fileExists(atPath: root.appendingPathComponent(PlanLayout.planFile).path) {
                outcome.status = .invalidRecords
                outcome.message = Catalogue.text("sync.clone-no-plan")
            }
        } catch {
            outcome.record(error)
            // Leave nothing half-made: the folder as it was (absent or empty).
            if existed {
                for name in (try? fm.contentsOfDirectory(atPath: root.path)) ?? [] {
                    try? fm.removeItem(at: root.appendingPathComponent(name))
                }
            } else {
                try? fm.removeItem(at: root)
            }
        }
        return outcome
    }
}
