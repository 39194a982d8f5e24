import CGit2
import Foundation

extension Repository {
    /// Pushes local `branch` to the same branch on the remote, never forcing.
    ///
    /// libgit2 returns 0 from git_remote_push when the *server* refuses a reference (a
    /// pre-receive hook, a non-fast-forward it detects itself): the refusal only shows in
    /// push_update_reference, so every reported status is checked here. A refusal because
    /// the hub moved on is `.nonFastForward` (fetch, merge, push again); any other is
    /// `.rejected` with what the server printed.
    ///
    /// `source`: the local reference to send as the remote's `branch` (default: the same branch);
    /// sync sends its records first that way, from a reference of its own.
    public func push(remote name: String, branch: String = "main", source: String? = nil, settings: TransportSettings) throws {
        let ref = "refs/heads/\(branch)"
        let sourceRef = source ?? ref
        // What is pushed is the branch as it is now: a commit made while the push runs is not
        // on the hub, and must not be recorded as if it were (status would say "all sent").
        let pushed = try referenceTarget(sourceRef)
        let total = pushed.flatMap { try? pushSize(of: $0, over: referenceTarget("refs/remotes/\(name)/\(branch)")) }
        try push(remote: name, refspec: "\(sourceRef):\(ref)", total: total, settings: settings)
        // The hub now has our branch: record that, as git does, so the next sync starts from it.
        if let local = pushed {
            var raw = local.raw
            var updated: OpaquePointer?
            try check("update refs/remotes/\(name)/\(branch)",
                      git_reference_create(&updated, pointer, "refs/remotes/\(name)/\(branch)", &raw, 1, "carnet sync: push"))
            git_reference_free(updated)
        }
    }

    /// One push of `refspec`, never forced; returns what the server printed (side band). Every
    /// reported reference status is checked: a refusal because the hub moved on is
    /// `.nonFastForward`, any other `.rejected` with the server's words.
    @discardableResult
    func push(remote name: String, refspec: String, total: UInt64?, settings: TransportSettings) throws -> String {
        let remote = try lookupRemote(name)
        var options = git_push_options()
        try check("push options", git_push_options_init(&options, UInt32(GIT_PUSH_OPTIONS_VERSION)))
        let box = try CallbackBox(settings: settings, url: remote.url, operation: "push", total: total)
        box.install(into: &options.callbacks)
        let result = withExtendedLifetime(box) {
            withStrArray([refspec]) { specs in git_remote_push(remote.pointer, &specs, &options) }
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

    /// About what a push of `tip` sends when the hub has `base`: the sizes of the files its net
    /// change brings (the pack compresses text, so records weigh less; evidence, already
    /// compressed, about this). For the progress estimate only.
    public func pushSize(of tip: ObjectID, over base: ObjectID?) throws -> UInt64 {
        var total: UInt64 = 0
        for change in try pathChanges(from: base, to: tip) {
            if let blob = change.newBlob { total += UInt64(max(0, (try? blobSize(blob)) ?? 0)) }
        }
        return total
    }

    /// Whether a refused reference means only that the hub moved on meanwhile (fetch, merge, push
    /// again). Besides git's non-fast-forward, a push can lose a race *after* the pre-receive hook
    /// accepted it: git then moves main with compare-and-swap, the winner got there first, and
    /// receive-pack reports "failed to update ref" (side band: "cannot lock ref 'refs/heads/main':
    /// is at X but expected Y"), or "failed to lock" from older git versions. Another failure to
    /// update the ref (a stale main.lock left on the hub, a full disk) stays a refusal with its message.
    static func hubMovedOn(reason: String, serverText: String) -> Bool {
        let reason = reason.lowercased()
        if reason.contains("non-fast-forward") || reason.contains("fetch first") || reason.contains("failed to lock") {
            return true
        }
        let text = (reason + "\n" + serverText).lowercased()
        return (reason.contains("failed to update ref") || reason.contains("cannot lock ref"))
            && text.contains("but expected")
    }

    /// The server's side-band text as lines, without progress noise.
    static func remoteMessage(_ text: String) -> String {
        text.split(whereSeparator: { $0 == "\n" || $0 == "\r" })
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .joined(separator: "\n")
    }
}
