import Foundation
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
                throw SyncFailure.cannotCreate("\(root.path) exists and is not empty: choose a new folder")
            }
            let repository = try Repository.create(root.path)
            try settings.write(to: repository)
            try checkOut(repository, settings: settings, root: root, outcome: &outcome)
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

    /// Fetches the hub's main into a new repository (settings written) and checks it out:
    /// the tree is judged before the first file is written. Shared by clone and join.
    static func checkOut(_ repository: Repository, settings: SyncSettings, root: URL, outcome: inout SyncOutcome) throws {
        do {
            guard let hub = try repository.fetch(remote: SyncSettings.remoteName, settings: settings.transport) else {
                throw SyncFailure.notConfigured(
                    "the hub \(settings.hub) is empty: the point of contact publishes the plan first (carnet sync --hub URL --point-of-contact, in the plan's folder)")
            }
            outcome.fetched = true
            try repository.refuseUnsafeTree(hub)  // before the first file is written
            try repository.updateWorkingTree(from: nil, to: hub)
            try repository.moveReference(try repository.headBranch(), to: hub, expecting: nil, message: "carnet clone")
            outcome.fastForwarded = true
            outcome.head = hub.description
            outcome.hubHead = hub.description
            if !FileManager.default.fileExists(atPath: root.appendingPathComponent(PlanLayout.planFile).path) {
                outcome.status = .invalidRecords
                outcome.message = "cloned, but the hub's main has no plan.yaml: is it a Carnet hub?"
            }
        }
    }
}
