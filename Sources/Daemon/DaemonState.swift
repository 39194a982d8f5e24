import Foundation

/// What the daemon is doing, kept in the repository (.git/carnet-daemon.json) where
/// `carnet status` reads it.
public struct DaemonState: Codable, Sendable, Equatable {
    public var pid: Int32
    public var state: String
    public var lastAttempt: Date?
    public var lastSuccess: Date?
    public var lastResult: SyncAttempt.Result?
    public var lastError: String?
    public var commitsWaiting: Int
    public var nextTry: Date?
    public var consecutiveFailures: Int
    public var syncs: Int

    public init(pid: Int32 = getpid()) {
        self.pid = pid
        state = "starting"
        commitsWaiting = 0
        consecutiveFailures = 0
        syncs = 0
    }

    public static func file(inGitDirectory gitDirectory: URL) -> URL {
        gitDirectory.appendingPathComponent("carnet-daemon.json")
    }

    public func save(to url: URL) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        if let data = try? encoder.encode(self) { try? data.write(to: url, options: .atomic) }
    }

    public static func load(from url: URL) -> DaemonState? {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return (try? Data(contentsOf: url)).flatMap { try? decoder.decode(DaemonState.self, from: $0) }
    }
}
