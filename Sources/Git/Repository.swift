import CGit2
import Foundation

/// A git repository opened through libgit2. Owns its handle; not Sendable: confine it to one
/// thread or actor. Objects read from it keep it alive.
public final class Repository {
    let pointer: OpaquePointer

    init(pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit { git_repository_free(pointer) }

    /// Opens the repository that holds `path` (searching upwards, as git does).
    public static func open(_ path: String, searchParents: Bool = true) throws -> Repository {
        Libgit2.ensureInitialised()
        var repo: OpaquePointer?
        let flags: UInt32 = searchParents ? 0 : GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue
        try check("open repository at \(path)", git_repository_open_ext(&repo, path, flags, nil))
        return Repository(pointer: repo!)
    }

    /// Creates a repository whose only branch is `main` (bare for a hub).
    public static func create(_ path: String, bare: Bool = false) throws -> Repository {
        Libgit2.ensureInitialised()
        var options = git_repository_init_options()
        try check("init options", git_repository_init_options_init(&options, UInt32(GIT_REPOSITORY_INIT_OPTIONS_VERSION)))
        options.flags = GIT_REPOSITORY_INIT_MKPATH.rawValue | (bare ? GIT_REPOSITORY_INIT_BARE.rawValue : 0)
        var repo: OpaquePointer?
        let result: Int32 = "main".withCString { head in
            options.initial_head = head
            return git_repository_init_ext(&repo, path, &options)
        }
        try check("create repository at \(path)", result)
        return Repository(pointer: repo!)
    }

    /// The working directory, with a trailing slash; nil for a bare repository.
    public var workdir: String? {
        git_repository_workdir(pointer).map { String(cString: $0) }
    }

    /// The `.git` directory (or the bare repository itself).
    public var gitDirectory: String {
        String(cString: git_repository_path(pointer))
    }

    public var isBare: Bool { git_repository_is_bare(pointer) != 0 }

    /// The commit HEAD points to, or nil on an unborn branch (a new repository).
    public func headCommitID() throws -> ObjectID? {
        var oid = git_oid()
        let result = git_reference_name_to_id(&oid, pointer, "HEAD")
        if result == GIT_ENOTFOUND.rawValue || result == GIT_EUNBORNBRANCH.rawValue { return nil }
        try check("resolve HEAD", result)
        return ObjectID(oid)
    }

    /// The id a reference points to (`refs/heads/main`, `refs/remotes/hub/main`), nil when absent.
    public func referenceTarget(_ name: String) throws -> ObjectID? {
        var oid = git_oid()
        let result = git_reference_name_to_id(&oid, pointer, name)
        if result == GIT_ENOTFOUND.rawValue { return nil }
        try check("resolve \(name)", result)
        return ObjectID(oid)
    }

    func lookupCommit(_ id: ObjectID) throws -> Commit {
        var raw = id.raw
        var commit: OpaquePointer?
        try check("look up commit \(id.short)", git_commit_lookup(&commit, pointer, &raw))
        return Commit(pointer: commit!, repository: self)
    }

    /// The commit with this id: its message, author, parents and tree.
    public func commit(_ id: ObjectID) throws -> CommitInfo {
        try lookupCommit(id).info
    }
}
