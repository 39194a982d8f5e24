import CGit2
import Foundation

/// A `git_remote` handle.
final class Remote {
    let pointer: OpaquePointer
    let repository: Repository

    init(pointer: OpaquePointer, repository: Repository) {
        self.pointer = pointer
        self.repository = repository
    }

    deinit { git_remote_free(pointer) }

    var url: String { git_remote_url(pointer).map { String(cString: $0) } ?? "" }
}

extension Repository {
    /// Creates the named remote, or points it at `url` when it exists. Kept in .git/config as
    /// git keeps it, so a plain `git fetch hub` works in a Carnet working copy too.
    public func setRemote(_ name: String, url: String) throws {
        var remote: OpaquePointer?
        let result = git_remote_lookup(&remote, pointer, name)
        if result == GIT_ENOTFOUND.rawValue {
            try check("create remote \(name)", git_remote_create(&remote, pointer, name, url))
            git_remote_free(remote)
            return
        }
        try check("look up remote \(name)", result)
        defer { git_remote_free(remote) }
        if String(cString: git_remote_url(remote)) != url {
            try check("set the URL of remote \(name)", git_remote_set_url(pointer, name, url))
        }
    }

    /// The URL of a remote, nil when there is no such remote.
    public func remoteURL(_ name: String) throws -> String? {
        var remote: OpaquePointer?
        let result = git_remote_lookup(&remote, pointer, name)
        if result == GIT_ENOTFOUND.rawValue { return nil }
        try check("look up remote \(name)", result)
        defer { git_remote_free(remote) }
        return git_remote_url(remote).map { String(cString: $0) }
    }

    func lookupRemote(_ name: String) throws -> Remote {
        var remote: OpaquePointer?
        try check("look up remote \(name)", git_remote_lookup(&remote, pointer, name))
        return Remote(pointer: remote!, repository: self)
    }
}
