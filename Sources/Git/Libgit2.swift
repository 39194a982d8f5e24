import CGit2

/// libgit2 must be initialised once per process and never shut down (DESIGN.md).
enum Libgit2 {
    private static let initialised: Bool = {
        git_libgit2_init()
        // Trees up to 1 MiB stay parsed in the cache: a plan's commitments/ tree is looked up
        // once per file read from a commit (CommitSource, fileData), 2,000 times when a workbook
        // import reads a 1,000-commitment plan. The cache's total is cut to 16 MiB: with
        // libgit2's 256 MiB, a dashboard's walk of 20,000 commits kept every commitments/ tree
        // it passed (peak memory 276 → 636 MB, Benchmarks/report.sh); the import needs one.
        _ = carnet_git_set_cache_object_limit(GIT_OBJECT_TREE, 1 << 20)
        // (32 and 64 MiB were tried on the same benchmark: peak 310–319 and 388–400 MB, for no
        // measurable gain in CPU time.)
        _ = carnet_git_set_cache_max_size(16 << 20)
        return true
    }()

    static func ensureInitialised() {
        _ = initialised
    }
}

/// How libgit2 reads objects from the repository's own object database.
public enum ObjectReading {
    /// Tells libgit2 not to hash every object again as it reads it (GIT_OPT_ENABLE_STRICT_HASH_
    /// VERIFICATION, on by default: SHA-1 with collision detection over every tree and blob
    /// read, some 8 % of a large plan's dashboard and some 40 % of a history walk).
    ///
    /// Why it is safe: the objects come from this copy's own object database, where each got
    /// its id from its own bytes when it was written — by Carnet, by git, or by the indexer
    /// that hashed every object of a fetched pack before storing it. Hashing them again on
    /// every read only guards against the disk being altered afterwards, and whoever can alter
    /// `.git/objects` can rewrite the references too. zlib still checks what it inflates, and
    /// `git log` does not verify either. What arrives from elsewhere (a push, a fetch, a
    /// bundle) is hashed by the indexer regardless of this setting.
    ///
    /// One decision for the whole process, made by the command before it starts any thread:
    /// the setting is a process-wide global in libgit2, so switching it around one walk while
    /// other threads read would change their reads too.
    public static func trustOwnObjects() {
        Libgit2.ensureInitialised()
        _ = carnet_git_set_strict_hash_verification(0)
    }
}
