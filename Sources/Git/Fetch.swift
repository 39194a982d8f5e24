import CGit2
import Foundation

extension Repository {
    /// Fetches `branch` from the remote into refs/remotes/<remote>/<branch> and returns where
    /// it now points; nil when the hub has no such branch yet (an empty hub).
    /// Errors are TransportError: unreachable, timed out, host key, authentication.
    @discardableResult
    public func fetch(remote name: String, branch: String = "main", also: [String] = [], settings: TransportSettings) throws -> ObjectID? {
        // Only main (taken in the hub's steps when much is missing), and what `also` names: the
        // hub holds nothing else that a working copy needs to sync.
        try fetchInSteps(remote: name, branch: branch, also: also, settings: settings)
        return try referenceTarget("refs/remotes/\(name)/\(branch)")
    }

    /// Fetches with explicit refspecs (`+refs/carnet/push-log:refs/carnet/…`, for `carnet hub
    /// status` from a copy). A source reference the remote does not have is left out, not an
    /// error: the destination is then not written.
    public func fetch(remote name: String, refspecs: [String], settings: TransportSettings) throws {
        let remote = try lookupRemote(name)
        var options = try fetchOptions()
        let box = try CallbackBox(settings: settings, url: remote.url, operation: "fetch")
        box.install(into: &options.callbacks)
        let result = withExtendedLifetime(box) {
            withStrArray(refspecs) { specs in
                git_remote_fetch(remote.pointer, &specs, &options, "carnet: fetch")
            }
        }
        try box.finish(result, "fetch from \(remote.url)")
    }

    /// Carnet's fetch: no tags, nothing pruned, no FETCH_HEAD (only the references asked for move).
    func fetchOptions() throws -> git_fetch_options {
        var options = git_fetch_options()
        try check("fetch options", git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION)))
        options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE
        options.prune = GIT_FETCH_NO_PRUNE
        options.update_fetchhead = 0
        return options
    }
}
