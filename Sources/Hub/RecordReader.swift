import Foundation
import Git
import Records

/// Records read straight from a commit's blobs: a hub has no working tree, and a push is
/// judged before it lands. Each blob is parsed once, however many commits share it.
final class RecordReader {
    let repository: Repository
    private var plans: [ObjectID: Plan?] = [:]
    private var ministries: [ObjectID: Ministry?] = [:]
    private var commitments: [ObjectID: Commitment?] = [:]

    init(repository: Repository) { self.repository = repository }

    private func source(_ blob: ObjectID, path: String) throws -> RecordSource {
        // A pushed "record" of a gigabyte must not be loaded to learn that it is too big.
        if try repository.blobSize(blob) > YAMLGuard.maxRecordBytes {
            return RecordSource(path: path, failure: "file is larger than the \(YAMLGuard.maxRecordBytes)-byte limit for a record")
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

    func commitment(_ id: String, at commit: ObjectID) throws -> Commitment? {
        let path = PlanLayout.commitmentFile(id)
        guard let blob = try repository.blobID(of: path, at: commit) else { return nil }
        if let cached = commitments[blob] { return cached }
        let commitment = Commitment.read(try source(blob, path: path), expectedID: id)
        commitments[blob] = commitment
        return commitment
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
                out.append(.init(identity: .pointOfContact(email: email), name: person.name, keys: person.keys))
            }
        }
        for id in try ministryIDs(at: commit) {
            guard let ministry = try ministry(id, at: commit) else { continue }
            for person in ministry.members {
                guard let email = person.email else { continue }
                out.append(.init(identity: .ministry(id: id, email: email), name: person.name, keys: person.keys))
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
    }

    public var members: [Member]

    /// Whether the plan still lists this identity (a key removed from the plan stops working
    /// at once, even before authorized_keys is written again).
    public func contains(_ identity: HubIdentity) -> Bool {
        members.contains { Self.same($0.identity, identity) }
    }

    private static func same(_ a: HubIdentity, _ b: HubIdentity) -> Bool {
        a.ministryID == b.ministryID && a.email.lowercased() == b.email.lowercased()
    }

    /// Maps a git server account (GitLab, Gitea) to a member: by exact email when the server
    /// gives one, otherwise by the email's local part (`awa.diallo` for awa.diallo@…). A person
    /// listed both as point of contact and in a ministry acts as the point of contact; a name
    /// that matches people of two ministries is refused rather than guessed.
    public func identity(forAccount username: String?, email: String?) -> Result<HubIdentity, HubError> {
        var found: [HubIdentity] = []
        for member in members {
            let address = member.identity.email.lowercased()
            let local = address.split(separator: "@").first.map(String.init) ?? address
            if let email, address == email.lowercased() { found.append(member.identity) }
            else if email == nil, let username, local == username.lowercased() { found.append(member.identity) }
        }
        let who = email ?? username ?? "?"
        if let poc = found.first(where: { $0.ministryID == nil }) { return .success(poc) }
        let distinct = Set(found.map { $0.ministryID ?? "" })
        guard let first = found.first else {
            return .failure(.refused("the account '\(who)' is not a member of this plan: the point of contact adds it with `carnet member add MINISTRY --name … --email \(email ?? "\(username ?? "user")@…") --key …`"))
        }
        guard distinct.count == 1 else {
            return .failure(.refused("the account '\(who)' matches members of several ministries (\(distinct.sorted().joined(separator: ", "))): give them distinct email addresses"))
        }
        return .success(first)
    }
}
