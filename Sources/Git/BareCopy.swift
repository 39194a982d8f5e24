import CGit2
import Foundation

extension Repository {
    /// Makes a new bare repository at `path` holding the history of `source`'s HEAD as its only
    /// branch, `main`, with HEAD on it: what a hub starts from. Objects are copied, not hard
    /// linked, so the hub never shares files with the working copy it came from.
    public static func bareCopy(of source: String, at path: String) throws -> Repository {
        Libgit2.ensureInitialised()
        let origin = try Repository.open(source)
        guard let head = try origin.headCommitID() else {
            throw GitError(operation: "copy \(source)", code: .unbornBranch, message: "the repository has no commit yet")
        }
        var options = git_clone_options()
        try check("clone options", git_clone_options_init(&options, UInt32(GIT_CLONE_OPTIONS_VERSION)))
        options.bare = 1
        options.local = GIT_CLONE_LOCAL_NO_LINKS
        var out: OpaquePointer?
        try check("copy \(source) to \(path)", git_clone(&out, origin.gitDirectory, path, &options))
        let copy = Repository(pointer: out!)
        // The hub is the origin of everything: it keeps no remote pointing back at a laptop.
        try check("remove the origin remote", git_remote_delete(copy.pointer, "origin"))
        var raw = head.raw
        var ref: OpaquePointer?
        try check("create main", git_reference_create(&ref, copy.pointer, "refs/heads/main", &raw, 1, "carnet hub init"))
        git_reference_free(ref)
        try check("point HEAD at main", git_repository_set_head(copy.pointer, "refs/heads/main"))
        for branch in try copy.localBranches() where branch != "refs/heads/main" {
            var other: OpaquePointer?
            if git_reference_lookup(&other, copy.pointer, branch) == 0 {
                git_reference_delete(other)
                git_reference_free(other)
            }
        }
        return copy
    }

    /// Names of the local branches (`refs/heads/…`).
    public func localBranches() throws -> [String] {
        var names = git_strarray()
        try check("list references", git_reference_list(&names, pointer))
        defer { git_strarray_dispose(&names) }
        return (0..<names.count).compactMap { names.strings[$0].map { String(cString: $0) } }
            .filter { $0.hasPrefix("refs/heads/") }
    }
}
