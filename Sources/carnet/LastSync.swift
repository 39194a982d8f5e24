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
    /// The hub itself refused the push (not our key, nor its host key): `carnet rescue` helps.
    var serverRefused: Bool?

    static func file(_ gitDirectory: String) -> URL {
        URL(fileURLWithPath: gitDirectory).appendingPathComponent("carnet-last-sync.json")
    }

    static func save(_ outcome: SyncOutcome, gitDirectory: String) {
        let record = LastSync(at: Date(), result: outcome.status.rawValue, exitCode: outcome.exitCode, summary: outcome.summary,
                              serverRefused: outcome.status == .refused && outcome.serverMessage != nil)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        // A new name, then a rename: a reader sees the old record or the new one. No fsync: this is
        // what status shows, not a record of the plan, and a no-op sync must not wait for the disk.
        guard let data = try? encoder.encode(record) else { return }
        let path = file(gitDirectory).path, temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return }
        let written = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        if written == data.count, rename(temporary, path) == 0 { return }
        unlink(temporary)
    }

    static func load(_ gitDirectory: String) -> LastSync? {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return (try? Data(contentsOf: file(gitDirectory))).flatMap { try? decoder.decode(LastSync.self, from: $0) }
    }
}
