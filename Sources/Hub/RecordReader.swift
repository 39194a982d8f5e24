import Foundation
import Git
import Messages
import Records

/// Records read straight from a commit's blobs: a hub has no working tree, and a push is
/// judged before it lands. Each blob is parsed once, however many commits share it.
final class RecordReader {
    let repository: Repository
    private var plans: [ObjectID: Plan?] = [:]
    private var ministries: [ObjectID: Ministry?] = [:]
    private var commitments: [ObjectID: Commitment?] = [:]
    private var processes: [ObjectID: ParticipationProcess?] = [:]

    init(repository: Repository) { self.repository = repository }

    private func source(_ blob: ObjectID, path: String) throws -> RecordSource {
        // A pushed "record" of a gigabyte must not be loaded to learn that it is too big.
        if try repository.blobSize(blob) > YAMLGuard.maxRecordBytes {
            return RecordSource(path: path, failure: Catalogue.text("hub.record-too-large", ["limit": .number(YAMLGuard.maxRecordBytes)]))
        }
        return RecordSource(bytes: [UInt8](try repository.blobData(blob)), path: path)
    }

    /// plan.yaml at a commit; nil when absent or unreadable.
    func plan(at commit: ObjectID) throws -> Plan? {
        guard let blob = try repository.blobID(of: PlanLayout.planFile, at: commit) else { return nil }
        if let cached = plans[blob] { return cached }
        let plan = Plan.read(try source(blob, path: PlanLayout.planFile))
        plans[blob] = plan
        return plan
    }

    func ministry(_ id: String, at commit: ObjectID) throws -> Ministry? {
        let path = PlanLayout.ministryFile(id)
        guard let blob = try repository.blobID(of: path, at: commit) else { return nil }
        if let cached = ministries[blob] { return cached }
        let ministry = Ministry.read(try source(blob, path: path), expectedID: id)
        ministries[blob] = ministry
        return ministry
    }

    /// participation/process.yaml at a commit; nil when absent or unreadable.
    func process(at commit: ObjectID) throws -> ParticipationProcess? {
        let path = PlanLayout.participationProcessFile
        guard let blob = try repository.blobID(of: path, at: commit) else { return nil }
        if let cached = processes[blob] { return cached }
        let process = ParticipationProcess.read(try source(blob, path: path))
        processes[blob] = process
        return process
    }

    func commitment(_ id: String, at commit: ObjectID) throws -> Commitment? {
        let path = PlanLayout.commitmentFile(id)
        guard let blob = try repository.blobID(of: path, at: commit) else { return nil }
        if let cached = commitments[blob] { return cached }
        let commitment = Commitment.read(try source(blob, path: path), expectedID: id)
        commitments[blob] = commitment
        return commitment
    }

    /// progress.yaml at a commit, as a milestone's lead is judged on it (MilestoneShare).
    func progress(_ id: String, at commit: ObjectID) throws -> MilestoneShare.Version {
        let path = PlanLayout.progressFile(id)
        guard let blob = try repository.blobID(of: path, at: commit) else { return .absent }
        let source = try source(blob, path: path)
        guard let progress = CommitmentProgress.read(source, expectedID: id), !source.diagnostics.hasErrors else { return .unreadable }
        return .record(progress)
    }

    /// Ids of the ministries at a commit, from the file names in ministries/.
    func ministryIDs(at commit: ObjectID) throws -> [String] {
        try repository.files(at: commit, under: PlanLayout.ministriesDir).compactMap { file in
            if case .ministry(let id) = PlanLayout.kind(of: file.path) { return id }
            return nil
        }.sorted()
    }

    /// The people allowed to push at a commit: the point of contact and the plan's members,
    /// and every ministry's members.
    func members(at commit: ObjectID) throws -> PlanMembers {
        var out: [PlanMembers.Member] = []
        if let plan = try plan(at: commit) {
            for person in [plan.pointOfContact] + plan.members {
                guard let email = person.email else { continue }
                out.append(.init(identity: .pointOfContact(email: email), name: person.name, keys: person.keys, account: person.account))
            }
        }
        for id in try ministryIDs(at: commit) {
            guard let ministry = try ministry(id, at: commit) else { continue }
            for person in ministry.members {
                guard let email = person.email else { continue }
                out.append(.init(identity: .ministry(id: id, email: email), name: person.name, keys: person.keys, account: person.account))
            }
        }
        return PlanMembers(members: out)
    }
}

/// Everyone who may push, with their keys, as the plan lists them at one commit.
public struct PlanMembers: Sendable {
    public struct Member: Sendable {
        public var identity: HubIdentity
        public var name: String
        public var keys: [String]
        /// The person's `account` (GitLab user name), when recorded.
        public var account: String? = nil
    }

    public var members: [Member]

    /// Whether the plan still lists this identity (a key removed from the plan stops working
    /// at once, even before authorized_keys is written again).
    public func contains(_ identity: HubIdentity) -> Bool {
        members.contains { Self.same($0.identity, identity) }
    }

    /// Whether the plan still lists `key` (its base64 blob, as authorized_keys carries it) for
    /// this identity. `carnet hub serve` asks at every request: sshd checks authorized_keys only
    /// when a session opens, and a client that keeps its SSH session open (OpenSSH multiplexing)
    /// runs many requests on one check, so a key removed from the plan must be refused here.
    public func lists(_ identity: HubIdentity, key: String) -> Bool {
        members.contains { member in
            Self.same(member.identity, identity) && member.keys.contains { raw in
                if case .success(let listed) = SSHPublicKey.parse(raw) { return listed.base64 == key }
                return false
            }
        }
    }

    private static func same(_ a: HubIdentity, _ b: HubIdentity) -> Bool {
        a.ministryID == b.ministryID && a.email.lowercased() == b.email.lowercased()
    }

    /// Maps a git server account to a member, so that one member's name never stands in for
    /// another nor locks them out (docs/HUB.md):
    /// - with an email (Gitea's GITEA_PUSHER_EMAIL): the member with that whole email, compared
    ///   without case; the user name is never used;
    /// - with only a user name (GitLab's GL_USERNAME): the member whose `account` is that name,
    ///   or who has no `account` and whose email's local part is that name. When these are two
    ///   people (two emails), the push is refused and the message says how to fix it.
    /// The same email listed as point of contact and in a ministry is one person, who acts as the
    /// point of contact; an email listed in two ministries is refused rather than guessed.
    public func identity(forAccount username: String?, email: String?, server: String = "GitLab") -> Result<HubIdentity, PusherRefused> {
        let found: [Member]
        let who: String
        let members = self.members.filter { $0.identity.isSafe }   // the identities the hub accepts at all
        if let email {
            who = EmailAddress.isValid(email) ? email : "?"
            found = members.filter { $0.identity.email.lowercased() == email.lowercased() }
        } else if let username, server == "GitLab" {
            who = ServerAccount.isValid(username) ? username : "?"
            let name = username.lowercased()
            found = members.filter { member in
                if let account = member.account { return account.lowercased() == name }
                return EmailAddress.localPart(member.identity.email) == name
            }
        } else {
            return .failure(PusherRefused("hub.refusal.account-no-email", ["server": .text(server)]))
        }
        guard !found.isEmpty else {
            let hint = email == nil
                ? "`carnet member add MINISTRY --name … --email … --key … --account \(who)`"
                : "`carnet member add MINISTRY --name … --email \(who) --key …`"
            return .failure(PusherRefused("hub.refusal.account-not-member", ["server": .text(server), "account": .text(who), "command": .text(hint)]))
        }
        let emails = Set(found.map { $0.identity.email.lowercased() })
        guard emails.count == 1 else {
            let listed = emails.sorted().map { EmailAddress.isValid($0) ? $0 : "?" }.joined(separator: ", ")
            return .failure(PusherRefused("hub.refusal.account-ambiguous", ["server": .text(server), "account": .text(who), "emails": .text(listed)]))
        }
        if let poc = found.first(where: { $0.identity.ministryID == nil }) { return .success(poc.identity) }
        let ministries = Set(found.compactMap { $0.identity.ministryID })
        guard ministries.count == 1, let first = found.first else {
            return .failure(PusherRefused("hub.refusal.account-several", ["server": .text(server), "account": .text(who),
                                                                           "ministries": .text(ministries.sorted().joined(separator: ", "))]))
        }
        return .success(first.identity)
    }
}

/// Why the hub does not take a pusher: a message the pusher's carnet writes in its language.
public struct PusherRefused: Error, CustomStringConvertible {
    public let message: StoredMessage
    init(_ key: String, _ arguments: [String: MessageArgument] = [:]) { message = StoredMessage(key, arguments) }
    public var description: String { message.text }
}
