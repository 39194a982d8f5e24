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
        // libgit2 pushes from a reference: a short-lived one of ours names the commit.
        let source = "refs/carnet/outgoing"
        try? deleteReference(source)   // left by a sync that was killed
        try moveReference(source, to: tip, expecting: nil, message: "carnet sync: hand over to the hub")
        defer { try? deleteReference(source) }
        let total = try? pushSize(of: tip, over: referenceTarget("refs/remotes/\(name)/main"))
        return try push(remote: name, refspec: "\(source):\(destination)", total: total, settings: settings)
    }
}
