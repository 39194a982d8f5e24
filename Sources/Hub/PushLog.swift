import Foundation
import Git

/// One accepted push: who, when, what main moved from and to, and the commits it brought.
public struct PushLogEntry: Codable, Sendable, Equatable {
    public struct Commit: Codable, Sendable, Equatable {
        public var id: String
        public var author: String
        public var summary: String
    }

    public var at: String
    /// The identity token (`min-terres:awa@…`, `point-of-contact:…`), or the server account.
    public var pusher: String
    /// The ministry id, nil for the point of contact or an unresolved account.
    public var ministry: String?
    public var ref: String
    public var old: String?
    public var new: String
    public var commits: [Commit]

    public var date: Date? { ISO8601DateFormatter().date(from: at) }
}

/// The hub's push log: `carnet-push-log.jsonl` in the hub's git directory, one JSON object a
/// line, appended by the post-receive hook (after git moved main, so only pushes that landed
/// are logged). Appends hold an exclusive lock, so concurrent pushes never interleave lines.
public struct PushLog {
    public static let fileName = "carnet-push-log.jsonl"
    public let url: URL

    public init(hubDirectory: String) {
        url = URL(fileURLWithPath: hubDirectory).appendingPathComponent(Self.fileName)
    }

    public func append(_ entry: PushLogEntry) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var line = try encoder.encode(entry)
        line.append(0x0A)
        let fd = open(url.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw HubError.io("cannot open \(url.path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        guard flock(fd, LOCK_EX) == 0 else { throw HubError.io("cannot lock \(url.path)") }
        defer { flock(fd, LOCK_UN) }
        let written = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == line.count else { throw HubError.io("cannot write \(url.path)") }
    }

    /// Every entry, oldest first; a damaged line (a crash mid-write) is skipped, not fatal.
    public func entries() -> [PushLogEntry] {
        guard let data = try? Data(contentsOf: url) else { return [] }
        let decoder = JSONDecoder()
        return data.split(separator: 0x0A).compactMap { try? decoder.decode(PushLogEntry.self, from: Data($0)) }
    }

    /// The entry for an accepted update of main, with the commits it brought (oldest first).
    public static func entry(for update: RefUpdate, pusher: HubIdentity?, claim: PusherClaim?,
                             in repository: Repository, at date: Date = Date()) throws -> PushLogEntry? {
        guard let new = update.new else { return nil }
        let commits = try repository.commits(from: new, excluding: update.old.map { [$0] } ?? [])
        let who: String
        switch (pusher, claim) {
        case (let p?, _): who = p.token
        case (nil, .token(let t)?): who = t
        case (nil, .account(let user, let email, let server)?): who = "\(server):\(user ?? email ?? "?")"
        case (nil, nil): who = "unknown"
        }
        return PushLogEntry(at: ISO8601DateFormatter().string(from: date), pusher: who, ministry: pusher?.ministryID,
                            ref: update.ref, old: update.old?.description, new: new.description,
                            commits: commits.map { .init(id: $0.id.description, author: "\($0.author.name) <\($0.author.email)>", summary: $0.summary) })
    }
}
