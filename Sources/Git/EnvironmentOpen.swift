import CGit2

extension Repository {
    /// Opens a repository the way git's own programs see it, honouring GIT_DIR,
    /// GIT_OBJECT_DIRECTORY and GIT_ALTERNATE_OBJECT_DIRECTORIES.
    ///
    /// Why: a pre-receive hook runs while the pushed objects are still in git's quarantine
    /// directory (GIT_OBJECT_DIRECTORY), with the repository's own objects as an alternate.
    /// A plain open would not see the commits being pushed. With `path` nil, GIT_DIR (or the
    /// current folder) names the repository, as it does for git in a hook.
    public static func openFromEnvironment(_ path: String? = nil) throws -> Repository {
        Libgit2.ensureInitialised()
        var repo: OpaquePointer?
        let flags = GIT_REPOSITORY_OPEN_FROM_ENV.rawValue
        try check("open repository \(path ?? "from GIT_DIR")", git_repository_open_ext(&repo, path, flags, nil))
        return Repository(pointer: repo!)
    }
}
