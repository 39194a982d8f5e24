import Foundation
import Messages
import Records

/// The point of contact's record of the invitations it issued, in its copy's `.git` (never
/// committed, never pushed): one file per invitation, `.git/carnet/invitations/ID.json`, mode
/// 0600 in a 0700 folder, holding the invitation's secret and fields and, once accepted, when
/// and which key. Only this copy can recompute a seal, so only this copy can accept.
extension WorkingCopy {
    public static let invitationSecretBytes = 32
    public static let defaultInvitationDays = 14
    public static let maxInvitationDays = 90

    struct InvitationRecord: Codable {
        var id: String
        var secret: String
        var hub: String
        var hostKeys: [String]
        var ministry: String
        var name: String
        var email: String
        var expires: String
        var issued: String
        var accepted: String?
        var acceptedKey: String?
    }

    /// Why an answer (or invitation) is refused: exit 77 (docs/JOINING.md).
    public enum InvitationRefusal: Error, CustomStringConvertible {
        case unknown, altered, used(String), expired(String)
        public var description: String {
            switch self {
            case .unknown: return Catalogue.text("workspace.invitation.unknown")
            case .altered: return Catalogue.text("workspace.invitation.altered")
            case .used(let when): return Catalogue.text("workspace.invitation.used", ["date": .text(when)])
            case .expired(let when): return Catalogue.text("workspace.invitation.expired", ["date": .text(when)])
            }
        }
    }

    var invitationsFolder: URL {
        URL(fileURLWithPath: gitDirectory).appendingPathComponent("carnet/invitations")
    }

    /// Only the point of contact grants access: the rule that keeps plan.yaml (and every
    /// ministry's members, MembershipRule on the hub) the point of contact's.
    func requireGrantingAccess() throws {
        guard let writer = try writer(), let rule = try AccessRule.violation(writer, path: PlanLayout.planFile, lead: { _ in nil }) else { return }
        throw WorkspaceError.refused(Catalogue.text("workspace.invitation.poc-only", ["rule": rule.argument]))
    }

    /// `carnet member invite`: issues an invitation for a new member of `ministry` and records
    /// its secret in this copy. `hostKeys` are public key lines (or known_hosts lines).
    public func invite(ministry: String, name rawName: String, email rawEmail: String, hub: String,
                       hostKeys keyLines: [String], days: Int, now: Date = Date()) throws -> Invitation {
        try requireGrantingAccess()
        let name = rawName.trimmingCharacters(in: .whitespaces)
        let email = rawEmail.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= Invitation.maxNameLength else {
            throw WorkspaceError.usage(Catalogue.text("workspace.invitation.bad-name"))
        }
        if let problem = TextRule.line.problem(in: name, field: "--name") { throw WorkspaceError.usage(problem) }
        if let problem = EmailAddress.problem(email) { throw WorkspaceError.usage("--email: \(problem)") }
        guard snapshot(only: []).ministryIDs.contains(ministry), RecordID.isValid(ministry) else {
            throw WorkspaceError.usage(Catalogue.text("workspace.invitation.no-ministry", ["ministry": .text(ministry)]))
        }
        if let problem = Invitation.hubProblem(hub) { throw WorkspaceError.usage("--hub: \(problem)") }
        guard (1...Self.maxInvitationDays).contains(days) else {
            throw WorkspaceError.usage(Catalogue.text("workspace.invitation.days", ["max": .number(Self.maxInvitationDays)]))
        }
        var keys: [SSHPublicKey] = []
        for line in keyLines {
            guard let key = Self.hostKey(inLine: line) else { continue }
            if !keys.contains(where: { $0.sameKey(as: key) }) { keys.append(key) }
        }
        guard !keys.isEmpty, keys.count <= Invitation.maxHostKeys else {
            throw WorkspaceError.usage(Catalogue.text("workspace.invitation.no-host-key", ["max": .number(Invitation.maxHostKeys)]))
        }
        let secret = HMACSHA256.randomBytes(Self.invitationSecretBytes)
        var invitation = Invitation(id: HMACSHA256.hex(HMACSHA256.randomBytes(16)), hub: hub, hostKeys: keys,
                                    ministry: ministry, name: name, email: email,
                                    expires: Date(timeIntervalSince1970: (now.timeIntervalSince1970 + Double(days) * 86_400).rounded(.down)),
                                    seal: "")
        invitation.seal = HMACSHA256.hex(HMACSHA256.mac(key: secret, message: Invitation.sealText(invitation.fieldLines)))
        let record = InvitationRecord(id: invitation.id, secret: HMACSHA256.hex(secret), hub: hub, hostKeys: keys.map { "\($0.type) \($0.base64)" },
                                      ministry: ministry, name: name, email: email, expires: Invitation.format(invitation.expires),
                                      issued: Invitation.format(now))
        try save(record)
        return invitation
    }

    /// A host key from a `.pub` line (`type base64 [comment]`) or a known_hosts line
    /// (`[marker] hosts type base64 [comment]`), without its comment; nil if there is none.
    static func hostKey(inLine line: String) -> SSHPublicKey? {
        let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let first = fields.first, !first.hasPrefix("#"), !fields.contains("@revoked") else { return nil }
        for i in fields.indices.dropLast() where SSHPublicKey.types.contains(fields[i]) {
            if case .success(let key) = SSHPublicKey.parse(fields[i] + " " + fields[i + 1]) { return key }
        }
        return nil
    }

    /// `carnet member accept`: checks that `answer` answers a live invitation of this copy,
    /// unaltered, then adds its key with `addMember` (one commit) and marks the invitation used.
    /// Returns the commit message.
    public func accept(_ answer: InvitationAnswer, now: Date = Date()) throws -> String {
        try requireGrantingAccess()
        let invitation = answer.invitation
        // The id is 32 lowercase hex digits (Invitation.build): a safe file name.
        guard var record = try load(invitation.id) else { throw InvitationRefusal.unknown }
        var ours = Invitation(id: record.id, hub: record.hub, hostKeys: record.hostKeys.compactMap { try? SSHPublicKey.parse($0).get() },
                              ministry: record.ministry, name: record.name, email: record.email,
                              expires: (try? Date.ISO8601FormatStyle().parse(record.expires)) ?? .distantPast, seal: "")
        guard let secret = HMACSHA256.bytes(hex: record.secret) else { throw InvitationRefusal.unknown }
        ours.seal = HMACSHA256.hex(HMACSHA256.mac(key: secret, message: Invitation.sealText(ours.fieldLines)))
        // Every field as issued, and the MAC under the seal only this copy can compute.
        var asIssued = invitation
        asIssued.seal = ours.seal
        let expected = InvitationAnswer(answering: ours, key: answer.key)
        guard asIssued.fieldLines == ours.fieldLines,
              HMACSHA256.same(HMACSHA256.bytes(hex: answer.mac) ?? [], HMACSHA256.bytes(hex: expected.mac) ?? [1]) else {
            throw InvitationRefusal.altered
        }
        if let accepted = record.accepted { throw InvitationRefusal.used(accepted) }
        if ours.expires <= now { throw InvitationRefusal.expired(record.expires) }
        let message = try addMember(.ministry(record.ministry), name: record.name, email: record.email, key: answer.key.description)
        record.accepted = Invitation.format(now)
        record.acceptedKey = "\(answer.key.type) \(answer.key.base64)"
        try save(record)
        return message
    }

    /// The invitations this copy issued (newest first), for `carnet member invitations`.
    func invitationRecords() -> [InvitationRecord] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: invitationsFolder.path)) ?? []
        return names.compactMap { name in
            guard name.hasSuffix(".json") else { return nil }
            return try? load(String(name.dropLast(5)))
        }.sorted { $0.issued > $1.issued }
    }

    private func load(_ id: String) throws -> InvitationRecord? {
        guard id.utf8.count == 32, HMACSHA256.bytes(hex: id) != nil else { return nil }
        let url = invitationsFolder.appendingPathComponent(id + ".json")
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        do { return try JSONDecoder().decode(InvitationRecord.self, from: data) } catch {
            throw WorkspaceError.io(Catalogue.text("workspace.invitation.ledger-unreadable", ["path": .text(url.path)]))
        }
    }

    private func save(_ record: InvitationRecord) throws {
        let fm = FileManager.default
        let folder = invitationsFolder
        do {
            try fm.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try fm.setAttributes([.posixPermissions: 0o700], ofItemAtPath: folder.path)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            let url = folder.appendingPathComponent(record.id + ".json")
            let temporary = folder.appendingPathComponent("." + record.id + ".tmp")
            try? fm.removeItem(at: temporary)
            // Made 0600 before the secret is written into it, then renamed over the old record.
            guard fm.createFile(atPath: temporary.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw CocoaError(.fileWriteUnknown)
            }
            try encoder.encode(record).write(to: temporary)
            guard rename(temporary.path, url.path) == 0 else { throw CocoaError(.fileWriteUnknown) }
        } catch {
            throw WorkspaceError.io(Catalogue.text("workspace.invitation.ledger-unwritable", ["path": .text(folder.path), "reason": .text(Catalogue.reason(for: error))]))
        }
    }

    /// The hub address and known_hosts file this copy syncs with (its `carnet.*` settings).
    public func hubSettings() throws -> (hub: String?, knownHosts: String?) {
        try git { (try repository.configString("carnet.hub"), try repository.configString("carnet.knownHostsFile")) }
    }
}
