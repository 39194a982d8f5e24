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
        _ = carnet_git_set_cache_max_size(16 << 20)
        return true
    }()

    static func ensureInitialised() {
        _ = initialised
    }
}
