import CGit2

/// libgit2 must be initialised once per process and never shut down (DESIGN.md).
enum Libgit2 {
    private static let initialised: Bool = {
        git_libgit2_init()
        return true
    }()

    static func ensureInitialised() {
        _ = initialised
    }
}
