import Foundation
import Git
import Messages
import Records

/// One push: who, when, what main moved from and to, and the commits it brought; for a refused
/// push, the rules it broke (`outcome` "refused", `refusals`). A line written before refusals
/// were logged has no `outcome`: it was accepted.
public struct PushLogEntry: Codable, Sendable, Equatable {
    public static let accepted = "accepted"
    public static let refused = "refused"
    /// At most this many refusals are kept per refused push, each at most `maxRefusalLength`
    /// characters, on one line with its control characters replaced (TerminalText.oneLine).
    public static let maxRefusals = 5
    public static let maxRefusalLength = 300

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
    /// nil only for a refused deletion of the ref.
    public var new: String?
    public var commits: [Commit]
    /// "accepted" or "refused"; nil (a line from before refusals were logged) reads as accepted.
    public var outcome: String?
    /// Why a refused push was refused, first rule first (bounded, see `maxRefusals`); the last
    /// line says how many more there were.
    public var refusals: [String]?
    /// The same refusals as message keys and arguments (bounded alike), so that `carnet hub
    /// status` writes them in its reader's language; `refusals` keeps them in the plan's
    /// language for scripts and for carnets older than this field.
    public var rules: [VerdictWire.Line]?

    public var date: Date? { ISO8601DateFormatter().date(from: at) }
    public var isAccepted: Bool { outcome != Self.refused }

    /// Why a refused push was refused, first rule first, in `language` where the log kept the
    /// rule as a message the catalogue knows (`hub.`, `records.`: the log is the hub's, not
    /// ours to trust); otherwise the sentence as the hub wrote it, in the plan's language.
    /// `carnet hub status` shows the first; the internal dashboard shows them all.
    public func reasons(in language: String) -> [String] {
        let texts = refusals ?? []
        let lines = rules ?? []
        var out: [String] = []
        for i in 0..<max(texts.count, lines.count) {
            if i < lines.count, lines[i].rule.isKnown(prefixes: ["hub.", "records."]) {
                let line = lines[i]
                out.append(Refusal.line(commit: line.commit, summary: line.summary, path: line.path, rule: line.rule.text(in: language), in: language))
            } else if i < texts.count {
                out.append(texts[i])
            }
        }
        return out
    }
}

/// The hub's push log: `carnet-push-log.jsonl` in the hub's git directory, one JSON object a
/// line, appended by the post-receive hook for the pushes that landed (after git moved main)
/// and by the pre-receive hook (`carnet hub verify`) for the pushes it refused. Appends hold an
/// exclusive lock, so concurrent pushes never interleave lines.
///
/// Under the same lock, the log is published in the hub as the reference `refs/carnet/push-log`
/// (a commit with no parent whose tree holds `carnet-push-log.jsonl`), so that the point of
/// contact's copy can fetch it over the transport it syncs with (`carnet hub status` from a
/// copy). What is published is bounded: the last `publishedTail` entries, plus each ministry's
/// last accepted and last refused push when they are older.
public struct PushLog {
    public static let fileName = "carnet-push-log.jsonl"
    public static let reference = "refs/carnet/push-log"
    public static let publishedTail = 1000
    /// What a copy reads of the published log at most.
    public static let maxPublishedBytes = 64 << 20
    public let url: URL

    public init(hubDirectory: String) {
        url = URL(fileURLWithPath: hubDirectory).appendingPathComponent(Self.fileName)
    }

    /// Appends `entry`; with `publishIn` (the hub's git directory, opened WITHOUT the hook's
    /// quarantine environment, so what is written stays), publishes the log there too.
    public func append(_ entry: PushLogEntry, publishIn hub: String? = nil) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var line = try encoder.encode(entry)
        line.append(0x0A)
        let fd = open(url.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw HubError.io(Catalogue.text("hub.log.cannot-open", ["path": .text(url.path), "reason": .text(String(cString: strerror(errno)))])) }
        defer { close(fd) }
        guard flock(fd, LOCK_EX) == 0 else { throw HubError.io(Catalogue.text("hub.log.cannot-lock", ["path": .text(url.path)])) }
        defer { flock(fd, LOCK_UN) }
        let written = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == line.count else { throw HubError.io(Catalogue.text("hub.log.cannot-write", ["path": .text(url.path)])) }
        if let hub { try publish(in: hub) }
    }

    /// Writes the published view of the log into `refs/carnet/push-log` (the caller holds the lock).
    func publish(in hub: String) throws {
        let data = (try? Data(contentsOf: url)) ?? Data()
        let lines = data.split(separator: 0x0A)
        let decoder = JSONDecoder()
        var keep = Set(max(0, lines.count - Self.publishedTail)..<lines.count)
        var lastOf: [String: Int] = [:]
        for (index, line) in lines.enumerated() {
            guard let entry = try? decoder.decode(PushLogEntry.self, from: Data(line)), let ministry = entry.ministry else { continue }
            lastOf["\(ministry) \(entry.isAccepted)"] = index
        }
        keep.formUnion(lastOf.values)
        var published = Data()
        for index in keep.sorted() {
            published.append(contentsOf: lines[index])
            published.append(0x0A)
        }
        do {
            let repository = try Repository.open(hub, searchParents: false)
            try repository.publishFile(published, name: Self.fileName, reference: Self.reference,
                                       message: "carnet push log", author: Signature(name: "carnet hub", email: "hub@carnet.invalid"))
        } catch let error as GitError {
            throw HubError.io(Catalogue.text("hub.log.cannot-publish", ["hub": .text(hub), "reason": .text(error.description)]))
        }
    }

    /// The entries of a log's text (a file's, or what a copy fetched), oldest first.
    public static func entries(of data: Data) -> [PushLogEntry] {
        let decoder = JSONDecoder()
        return data.split(separator: 0x0A).compactMap { try? decoder.decode(PushLogEntry.self, from: Data($0)) }
    }

    /// The refused pushes of a log (oldest first), each with whether it was **rescued**: a later
    /// push by the same ministry was accepted (by anyone of that ministry, whatever it carried).
    /// A push with no ministry (the point of contact, an unresolved account) is rescued by a
    /// later accepted push of the same pusher.
    public static func refusals(_ entries: [PushLogEntry]) -> [(entry: PushLogEntry, rescued: Bool)] {
        var acceptedLater: Set<String> = []
        var out: [(entry: PushLogEntry, rescued: Bool)] = []
        for entry in entries.reversed() {
            let who = entry.ministry ?? "pusher:" + entry.pusher
            if entry.isAccepted { acceptedLater.insert(who) } else { out.append((entry, acceptedLater.contains(who))) }
        }
        return out.reversed()
    }

    /// Every entry, oldest first; a damaged line (a crash mid-write) is skipped, not fatal.
    public func entries() -> [PushLogEntry] {
        guard let data = try? Data(contentsOf: url) else { return [] }
        return Self.entries(of: data)
    }

    /// The entry for an accepted update of main, with the commits it brought (oldest first).
    public static func entry(for update: RefUpdate, pusher: HubIdentity?, claim: PusherClaim?,
                             in repository: Repository, at date: Date = Date()) throws -> PushLogEntry? {
        guard let new = update.new else { return nil }
        let commits = try repository.commits(from: new, excluding: update.old.map { [$0] } ?? [])
        return PushLogEntry(at: ISO8601DateFormatter().string(from: date), pusher: who(pusher, claim), ministry: pusher?.ministryID,
                            ref: update.ref, old: update.old?.description, new: new.description,
                            commits: commits.map { .init(id: $0.id.description, author: "\($0.author.name) <\($0.author.email)>", summary: $0.summary) },
                            outcome: PushLogEntry.accepted)
    }

    /// The entry for a refused push: one per push (its first update of main, or its first
    /// update), with the refusals' text, bounded and on one line each. No commits: they were
    /// not taken.
    public static func refusal(of updates: [RefUpdate], refusals: [String], messages: [Refusal] = [], pusher: HubIdentity?, claim: PusherClaim?,
                               at date: Date = Date(), language: String = Catalogue.language) -> PushLogEntry? {
        guard let update = updates.first(where: { $0.ref == RefUpdate.mainBranch }) ?? updates.first else { return nil }
        func bounded(_ text: String) -> String {
            let line = TerminalText.oneLine(text)
            return line.count > PushLogEntry.maxRefusalLength ? String(line.prefix(PushLogEntry.maxRefusalLength - 1)) + "…" : line
        }
        var kept = refusals.prefix(PushLogEntry.maxRefusals).map(bounded)
        if refusals.count > PushLogEntry.maxRefusals {
            kept.append(Catalogue.text("hub.verdict.more", in: language, ["count": .number(refusals.count - PushLogEntry.maxRefusals)]))
        }
        // Text arguments (a commit's subject, a path) are bounded as the sentences are.
        let rules = messages.prefix(PushLogEntry.maxRefusals).map {
            VerdictWire.Line(commit: $0.commit?.short, summary: $0.summary.map(bounded), path: $0.path.map(bounded), rule: $0.rule.mapTexts(bounded))
        }
        return PushLogEntry(at: ISO8601DateFormatter().string(from: date), pusher: TerminalText.oneLine(who(pusher, claim)),
                            ministry: pusher?.ministryID, ref: TerminalText.oneLine(update.ref), old: update.old?.description,
                            new: update.new?.description, commits: [], outcome: PushLogEntry.refused, refusals: kept,
                            rules: rules.isEmpty ? nil : rules)
    }

    /// Who pushed, as the log writes it: the identity token, else the server account.
    static func who(_ pusher: HubIdentity?, _ claim: PusherClaim?) -> String {
        switch (pusher, claim) {
        case (let p?, _): return p.token
        case (nil, .token(let t)?): return t
        case (nil, .account(let user, let email, let server)?): return "\(server):\(user ?? email ?? "?")"
        case (nil, nil): return "unknown"
        }
    }
}
