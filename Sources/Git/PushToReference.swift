import CGit2
import Foundation

extension Repository {
    /// Pushes the commit `tip` to the remote's reference `destination` (which need not exist and
    /// is never forced), with no remote-tracking reference recorded: sync hands its commits to
    /// the hub this way (refs/carnet/incoming/…), and the hub merges them onto main itself
    /// (docs/HUB.md, "One push per sync"). Refusals are reported as `push` reports them.
    /// Returns what the hub printed (side band), for the caller to read its own markers in.
    @discardableResult
    public func push(remote name: String, commit tip: ObjectID, to destination: String, settings: TransportSettings) throws -> String {
        let remote = try lookupRemote(name)
        var options = git_push_options()
        try check("push options", git_push_options_init(&options, UInt32(GIT_PUSH_OPTIONS_VERSION)))
        // libgit2 pushes from a reference: a short-lived one of ours names the commit.
        let source = "refs/carnet/outgoing"
        try? deleteReference(source)   // left by a sync that was killed
        try moveReference(source, to: tip, expecting: nil, message: "carnet sync: hand over to the hub")
        defer { try? deleteReference(source) }
        let total = try? pushSize(of: tip, over: referenceTarget("refs/remotes/\(name)/main"))
        let box = try CallbackBox(settings: settings, url: remote.url, operation: "push", total: total)
        box.install(into: &options.callbacks)
        let result = withExtendedLifetime(box) {
            withStrArray(["\(source):\(destination)"]) { specs in git_remote_push(remote.pointer, &specs, &options) }
        }
        try box.finish(result, "push to \(remote.url)")
        if let rejection = box.rejections.first {
            if Self.hubMovedOn(reason: rejection.reason, serverText: box.serverText) {
                throw TransportError.nonFastForward(ref: rejection.ref)
            }
            throw TransportError.rejected(ref: rejection.ref, reason: rejection.reason,
                                          message: Self.remoteMessage(box.serverText))
        }
        return box.serverText
    }
}
