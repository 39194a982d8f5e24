import Foundation
import Sync

/// The outcome of the last `carnet sync` of this copy (by hand, by the timer or by the daemon's
/// child), kept in .git/carnet-last-sync.json so `carnet status` can say what the hub said —
/// a refusal's message must reach the ministry, not only the terminal that ran the sync.
struct LastSync: Codable {
    var at: Date
    var result: String
    var exitCode: Int32
    var summary: String

    static func file(_ gitDirectory: String) -> URL {
        URL(fileURLWithPath: gitDirectory).appendingPathComponent("carnet-last-sync.json")
    }

    static func save(_ outcome: SyncOutcome, gitDirectory: String) {
        let record = LastSync(at: Date(), result: outcome.status.rawValue, exitCode: outcome.exitCode, summary: outcome.summary)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        if let data = try? encoder.encode(record) { try? data.write(to: file(gitDirectory), options: .atomic) }
    }

    static func load(_ gitDirectory: String) -> LastSync? {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return (try? Data(contentsOf: file(gitDirectory))).flatMap { try? decoder.decode(LastSync.self, from: $0) }
    }
}
