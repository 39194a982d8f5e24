import Git
import Records

/// How much one push may bring, and how long the hub spends judging it. A push past a bound is
/// refused with a message, never judged for minutes while other ministries wait (2 cores, 20
/// ministries syncing at once). Each bound is a `git config` key of the hub, for a hub that
/// needs more (a point of contact importing a whole plan's history once).
public struct VerifyLimits: Sendable, Equatable {
    /// Commits in one push (`carnet.maxCommits`).
    public var maxCommits = 2_000
    /// Paths changed by one push, net and summed over its commits (`carnet.maxPaths`).
    public var maxPaths = 20_000
    /// Bytes of the files a push brings, each distinct file counted once (`carnet.maxPushBytes`).
    public var maxPushBytes = 200 << 20
    /// Seconds the pre-receive hook may take before it refuses the push (`carnet.verifySeconds`).
    public var seconds = 60

    public init() {}

    public static let keys = (commits: "carnet.maxCommits", paths: "carnet.maxPaths",
                              bytes: "carnet.maxPushBytes", seconds: "carnet.verifySeconds")

    /// The hub's bounds: its configuration over the defaults. A value that is not a positive
    /// whole number is ignored (the default stands): a typo must not open the hub wide.
    public static func of(_ repository: Repository) -> VerifyLimits {
        var limits = VerifyLimits()
        func read(_ key: String) -> Int? {
            guard let text = try? repository.configString(key), let value = Int(text), value > 0 else { return nil }
            return value
        }
        if let v = read(keys.commits) { limits.maxCommits = v }
        if let v = read(keys.paths) { limits.maxPaths = v }
        if let v = read(keys.bytes) { limits.maxPushBytes = v }
        if let v = read(keys.seconds) { limits.seconds = v }
        return limits
    }
}
