import Foundation
import Git

/// `refs/carnet/incoming/<role>/<commit>`: where `carnet sync` hands its commits to a hub that
/// merges them onto main itself (docs/HUB.md, "One push per sync"). Such a reference is never
/// created: git hands the push to the proc-receive hook (`carnet hub merge`), which merges the
/// commit onto main as the pusher's own sync would have, judges the result as the pusher's push
/// to main, and moves main or refuses. A sync is then one push (and one fetch when the hub had
/// moved), with no race to lose.
public enum IncomingRef {
    public static let prefix = "refs/carnet/incoming/"
    /// git's `receive.procReceiveRefs`: the hub hands these pushes to the proc-receive hook.
    public static let configKey = "receive.procReceiveRefs"
    public static let configValue = "refs/carnet/incoming"
    /// What the proc-receive hook prints for the pusher's carnet: main as it left it.
    public static let landedMarker = "carnet-main: "

    /// Advertised by a hub that merges hand-overs (`hub init` makes it, pointing at main as it
    /// was then; only its presence counts): a copy fetches it beside main and hands over only to
    /// such a hub, never leaving a reference nothing merges on a plain git server.
    public static let marker = "refs/carnet/hand-over"
    /// Where a copy keeps the marker it fetched.
    public static let markerSeen = "refs/carnet/hub-status/hand-over"

    public static func name(role: String, commit: ObjectID) -> String { prefix + role + "/" + commit.description }

    public static func isIncoming(_ ref: String) -> Bool { ref.hasPrefix(prefix) }

    /// The one accepted shape: created (never moved or deleted), `<role>` a short lowercase id,
    /// `<commit>` the pushed commit itself.
    public static func wellFormed(_ update: RefUpdate) -> Bool {
        guard update.old == nil, let new = update.new, isIncoming(update.ref) else { return false }
        let parts = update.ref.dropFirst(prefix.count).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...64).contains(parts[0].count),
              parts[0].unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }) else { return false }
        return String(parts[1]) == new.description
    }

    /// The role part of a well-formed name (it only names a file kept beside another in a merge).
    public static func role(of ref: String) -> String {
        String(ref.dropFirst(prefix.count).split(separator: "/").first ?? "")
    }

    /// Whether git hands these pushes to the proc-receive hook on this hub: without that
    /// setting a push there would only create a reference, so the pre-receive hook refuses it.
    public static func handedToHook(in repository: Repository) -> Bool {
        (try? repository.configString(configKey)) == configValue
    }
}
