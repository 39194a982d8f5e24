import Foundation
import Git
import Hub
import Messages

/// A sync's one push to a hub that merges (IncomingRef, IncomingMerge): the copy's commits go to
/// `refs/carnet/incoming/<role>/<commit>`, the hub merges them onto main as this sync would
/// have and judges the result as our push, then the copy takes main as the hub left it. No
/// fetch–merge–push race to lose, hence no round after round when many ministries sync at once.
extension SyncEngine {
    /// `carnet.hubMerges = false` in a copy's config: its hub refused a hand-over as an unknown
    /// branch (a hub set up before, or on GitLab/Gitea): the copy syncs by rounds from then on.
    static let handOverSetting = "carnet.hubMerges"

    /// Over SSH only: a hub on a file path or a USB drive runs no hooks, and a push there would
    /// leave a reference that nothing merges.
    func mayHandOver(_ settings: SyncSettings) -> Bool {
        let hub = SyncSettings.normalisedHub(settings.hub)
        let ssh = hub.hasPrefix("ssh://") || (!hub.contains("://") && !hub.hasPrefix("/") && hub.contains(":"))
        return ssh && (try? repository.configString(Self.handOverSetting)) != "false"
            && (try? repository.referenceTarget(IncomingRef.markerSeen)) != nil
    }

    /// Fetches main, in the hub's history steps when much is missing (Repository.fetchInSteps),
    /// and the hub's hand-over marker beside it (IncomingRef.marker) on the same connection;
    /// returns main. A hub without the marker: only main.
    static func fetchMain(_ repository: Repository, _ transport: TransportSettings) throws -> ObjectID? {
        try repository.fetch(remote: SyncSettings.remoteName, also: ["+\(IncomingRef.marker):\(IncomingRef.markerSeen)"],
                             settings: transport)
    }

    /// True when our commits are on the hub's main and this copy is at main as the hub has it.
    /// False when this is not the way to sync now (nothing to send, heavy evidence to send
    /// records first, a hub that does not merge), or the hand-over did not land: the usual
    /// rounds follow. A refusal by the hub's rules is thrown as a push to main would be.
    func handOver(_ local: ObjectID?, _ settings: SyncSettings, _ transport: TransportSettings, _ outcome: inout SyncOutcome) throws -> Bool {
        guard mayHandOver(settings), let local, let seen = try repository.referenceTarget(Self.hubMain),
              local != seen, !(try repository.isDescendant(seen, of: local)) else { return false }
        let ref = IncomingRef.name(role: settings.roleName, commit: local)
        guard IncomingRef.wellFormed(RefUpdate(old: nil, new: local, ref: ref)) else { return false }
        // Heavy evidence is sent records first (RecordsFirst), by the usual rounds.
        if (try? RecordsFirst(repository: repository, copy: copy, settings: settings).plan(local: local, hub: seen)) != nil { return false }
        let said: String
        do {
            said = try repository.push(remote: SyncSettings.remoteName, commit: local, to: ref, settings: transport)
        } catch TransportError.rejected(_, _, let message) where Self.takesNoHandOver(message) {
            try? repository.setConfigString(Self.handOverSetting, "false")
            return false
        } catch TransportError.nonFastForward {
            return false
        }
        if Self.landedMain(in: said) == local {
            // main is our commit itself (the hub had not moved): nothing to fetch.
            try? repository.moveReference(Self.hubMain, to: local, expecting: seen, message: "carnet sync: handed over")
            outcome.pushed = true
            return true
        }
        guard let hub = try Self.fetchMain(repository, transport) else { return false }
        outcome.fetched = true
        try refuseUnsafe(hub, seen: seen)
        guard try hub == local || repository.isDescendant(hub, of: local) else { return false }
        outcome.pushed = true
        if hub != local {
            try update(try repository.headBranch(), from: local, to: hub)
            outcome.fastForwarded = true
            reportHubMerge(of: local, in: hub, settings, &outcome)
        }
        return true
    }

    /// The conflicts the hub's merge of our commit decided (the hub's value kept, ours in the
    /// record's `conflicts`), told as a merge of our own would tell them: the same merge, redone
    /// here from the same two sides. Only the hub's merge commits of our tip, along main's first
    /// parents (a few hundred at most), are looked at.
    private func reportHubMerge(of local: ObjectID, in hub: ObjectID, _ settings: SyncSettings, _ outcome: inout SyncOutcome) {
        var current = hub
        for _ in 0..<500 {
            guard let commit = try? repository.commit(current), let first = commit.parents.first else { return }
            if first == local {
                guard commit.parents.count == 2, commit.summary == Self.mergeSummary,
                      let policy = try? mergedTree(local, commit.parents[1], settings).policy else { return }
                outcome.conflicts += policy.conflicts.filter { !outcome.conflicts.contains($0) }
                outcome.keptBoth += policy.keptBoth.filter { !outcome.keptBoth.contains($0) }
                return
            }
            current = first
        }
    }

    /// A hub whose hook does not know hand-overs refuses them as a branch other than main, and
    /// for nothing else.
    static func takesNoHandOver(_ serverText: String) -> Bool {
        guard let wire = VerdictWire.find(in: serverText), !wire.refusals.isEmpty else { return false }
        return wire.refusals.allSatisfy { $0.rule.key == "hub.refusal.other-branch" }
    }

    /// main as the hub's merge hook left it, from its side-band line (a hint only: a hub that
    /// says our own commit saves us a fetch, anything else and we fetch).
    static func landedMain(in serverText: String) -> ObjectID? {
        for line in serverText.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).reversed() {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.hasPrefix(IncomingRef.landedMarker) {
                return ObjectID(hex: String(text.dropFirst(IncomingRef.landedMarker.count)).trimmingCharacters(in: .whitespaces))
            }
        }
        return nil
    }
}
