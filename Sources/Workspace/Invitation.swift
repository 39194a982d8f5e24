import Foundation
import Messages
import Records

/// An invitation to join the plan (docs/JOINING.md): what a new member's laptop needs to reach
/// the hub — its address and pinned host key(s) — and who is invited (ministry, name, email),
/// until when, under a random id. It opens nothing by itself: the hub lets in only keys the
/// point of contact has added to the plan.
///
/// The file travels by email or USB stick and comes back inside an answer: both are read as
/// hostile (size bound, one strict grammar, every value checked with the plan's own rules).
/// The `seal` is HMAC-SHA-256 of the invitation's fields under a secret that never leaves the
/// point of contact's copy (`.git/carnet/invitations/ID`); the answer's `mac` is HMAC-SHA-256
/// of the answer's fields (the invitation's and the new public key) under the seal. The point
/// of contact recomputes both from its own record: an altered invitation or answer is refused.
public struct Invitation: Sendable, Equatable {
    public static let maxFileBytes = 16 * 1024
    public static let maxHostKeys = 8
    public static let maxNameLength = 200
    public static let maxHubLength = 512

    public var id: String
    public var hub: String
    public var hostKeys: [SSHPublicKey]
    public var ministry: String
    public var name: String
    public var email: String
    public var expires: Date
    /// HMAC-SHA-256(secret, fields), lowercase hex.
    public var seal: String

    static let header = "carnet-invitation: 1"
    static let answerHeader = "carnet-answer: 1"

    /// The fields the seal covers, one per line, in a fixed order.
    var fieldLines: [String] {
        ["id: \(id)", "hub: \(hub)"] + hostKeys.map { "host-key: \($0.type) \($0.base64)" }
            + ["ministry: \(ministry)", "name: \(name)", "email: \(email)", "expires: \(Self.format(expires))"]
    }

    static func sealText(_ lines: [String]) -> [UInt8] { Array((lines.joined(separator: "\n") + "\n").utf8) }

    /// The invitation file's text.
    public var text: String {
        let comment = "# " + Catalogue.text("workspace.invitation.file-comment")
        return ([comment, Self.header] + fieldLines + ["seal: \(seal)"]).joined(separator: "\n") + "\n"
    }

    public static func format(_ date: Date) -> String {
        var formatter = Date.ISO8601FormatStyle()
        formatter.timeZone = TimeZone(identifier: "UTC")!
        return formatter.format(date)
    }

    public var isExpired: Bool { expires <= Date() }

    /// The host name as known_hosts names it: `host`, or `[host]:port` off port 22.
    public var knownHostsName: String {
        let (host, port) = Self.endpoint(of: hub) ?? ("", 22)
        return port == 22 ? host : "[\(host)]:\(port)"
    }

    /// known_hosts lines pinning the invitation's host keys.
    public var knownHostsText: String {
        hostKeys.map { "\(knownHostsName) \($0.type) \($0.base64)\n" }.joined()
    }

    /// Host and port of an SSH hub address: `ssh://[user@]host[:port]/path` or `user@host:path`.
    public static func endpoint(of hub: String) -> (host: String, port: Int)? {
        if hub.hasPrefix("ssh://") {
            let rest = hub.dropFirst("ssh://".count)
            guard let slash = rest.firstIndex(of: "/") else { return nil }
            var authority = rest[..<slash]
            if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
            var host = String(authority)
            var port = 22
            if host.hasPrefix("[") {
                guard let close = host.firstIndex(of: "]") else { return nil }
                let after = host[host.index(after: close)...]
                let inner = String(host[host.index(after: host.startIndex)..<close])
                if after.hasPrefix(":") { guard let p = Int(after.dropFirst()), (1...65535).contains(p) else { return nil }; port = p }
                else if !after.isEmpty { return nil }
                host = inner
            } else if let colon = host.lastIndex(of: ":") {
                guard let p = Int(host[host.index(after: colon)...]), (1...65535).contains(p) else { return nil }
                port = p
                host = String(host[..<colon])
            }
            return host.isEmpty ? nil : (host, port)
        }
        // scp-like: user@host:path
        guard let at = hub.firstIndex(of: "@"), let colon = hub[at...].firstIndex(of: ":") else { return nil }
        let host = String(hub[hub.index(after: at)..<colon])
        return host.isEmpty || hub[hub.index(after: colon)...].isEmpty ? nil : (host, 22)
    }

    /// Nil when `hub` is an SSH address Carnet will write into a copy's settings; the reason otherwise.
    public static func hubProblem(_ hub: String) -> String? {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._~/@:+-[]%".unicodeScalars)
        guard !hub.isEmpty, hub.utf8.count <= maxHubLength, hub.unicodeScalars.allSatisfy(allowed.contains),
              !hub.hasPrefix("-"), endpoint(of: hub) != nil else {
            return Catalogue.text("workspace.invitation.bad-hub")
        }
        return nil
    }

    // MARK: reading

    /// A parse failure: the file is not an invitation (or answer) Carnet wrote. Exit 65.
    public struct Malformed: Error, CustomStringConvertible {
        public var description: String
    }

    /// Reads an invitation file's bytes (strict: what `carnet member invite` writes, nothing else).
    public static func parse(_ bytes: [UInt8]) throws -> Invitation {
        let fields = try lines(bytes, header: header, keys: ["id", "hub", "host-key", "ministry", "name", "email", "expires", "seal"])
        return try build(fields, sealKey: "seal")
    }

    /// `key: value` lines after the header line, comments (#) and blank lines aside; every key
    /// known, each once but host-key (1…maxHostKeys), in the fixed order.
    static func lines(_ bytes: [UInt8], header: String, keys: [String]) throws -> [(String, String)] {
        func bad(_ why: String) -> Malformed { Malformed(description: why) }
        guard bytes.count <= maxFileBytes else {
            throw bad(Catalogue.text("workspace.invitation.too-big", ["bytes": .number(maxFileBytes)]))
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw bad(Catalogue.text("workspace.invitation.not-text")) }
        var body = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
        body.removeAll { $0.isEmpty || $0.hasPrefix("#") }
        guard body.first == header else { throw bad(Catalogue.text("workspace.invitation.not-one")) }
        var fields: [(String, String)] = []
        for line in body.dropFirst() {
            guard let colon = line.firstIndex(of: ":"), line[line.index(after: colon)...].hasPrefix(" ") else {
                throw bad(Catalogue.text("workspace.invitation.bad-line"))
            }
            let key = String(line[..<colon])
            let value = String(line[line.index(colon, offsetBy: 2)...])
            guard keys.contains(key) else { throw bad(Catalogue.text("workspace.invitation.unknown-field", ["field": .text(key)])) }
            if let c = TextRule.line.forbidden(in: value) {
                throw bad(Catalogue.text("workspace.invitation.character", ["field": .text(key), "character": .text(TextRule.name(c))]))
            }
            fields.append((key, value))
        }
        // The fixed order, each key once (host-key: one or more, together).
        var order: [String] = []
        for (key, _) in fields where order.last != key { order.append(key) }
        guard order == keys else { throw bad(Catalogue.text("workspace.invitation.fields")) }
        let hostKeys = fields.filter { $0.0 == "host-key" }.count
        guard fields.count == keys.count - 1 + hostKeys, (1...maxHostKeys).contains(hostKeys) else {
            throw bad(Catalogue.text("workspace.invitation.fields"))
        }
        return fields
    }

    static func build(_ fields: [(String, String)], sealKey: String) throws -> Invitation {
        func value(_ key: String) -> String { fields.first { $0.0 == key }?.1 ?? "" }
        func bad(_ field: String, _ why: String) -> Malformed {
            Malformed(description: Catalogue.text("workspace.invitation.bad-field", ["field": .text(field), "problem": .text(why)]))
        }
        let id = value("id")
        guard id.utf8.count == 32, HMACSHA256.bytes(hex: id) != nil else { throw bad("id", Catalogue.text("workspace.invitation.bad-id")) }
        let hub = value("hub")
        if let problem = hubProblem(hub) { throw bad("hub", problem) }
        var hostKeys: [SSHPublicKey] = []
        for (key, line) in fields where key == "host-key" {
            switch SSHPublicKey.parse(line) {
            case .success(let k) where k.comment == nil: hostKeys.append(k)
            case .success: throw bad("host-key", Catalogue.text("workspace.invitation.bad-host-key"))
            case .failure(let problem): throw bad("host-key", problem.description)
            }
        }
        let ministry = value("ministry")
        guard RecordID.isValid(ministry) else { throw bad("ministry", Catalogue.text("workspace.invitation.bad-ministry")) }
        let name = value("name")
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty, name.count <= maxNameLength,
              name == name.trimmingCharacters(in: .whitespaces) else {
            throw bad("name", Catalogue.text("workspace.invitation.bad-name"))
        }
        let email = value("email")
        if let problem = EmailAddress.problem(email) { throw bad("email", problem) }
        guard let expires = try? Date.ISO8601FormatStyle().parse(value("expires")), format(expires) == value("expires") else {
            throw bad("expires", Catalogue.text("workspace.invitation.bad-date"))
        }
        let seal = value(sealKey)
        guard seal.utf8.count == 64, HMACSHA256.bytes(hex: seal) != nil else {
            throw bad(sealKey, Catalogue.text("workspace.invitation.bad-seal"))
        }
        return Invitation(id: id, hub: hub, hostKeys: hostKeys, ministry: ministry, name: name, email: email, expires: expires, seal: seal)
    }
}

/// The new member's answer: the invitation's fields, her public key, and a MAC under the
/// invitation's seal. It holds no secret: a private key never leaves her laptop.
public struct InvitationAnswer: Sendable, Equatable {
    /// The invitation as the answer names it (its `seal` field holds the answer's `mac`).
    public var invitation: Invitation
    public var key: SSHPublicKey

    static let keys = ["id", "hub", "host-key", "ministry", "name", "email", "expires", "key", "mac"]

    /// The answer to `invitation` with `key`, its MAC computed under the invitation's seal.
    public init(answering invitation: Invitation, key: SSHPublicKey) {
        var named = invitation
        named.seal = ""
        self.invitation = named
        self.key = key
        self.invitation.seal = HMACSHA256.hex(macBytes(seal: invitation.seal))
    }

    init(invitation: Invitation, key: SSHPublicKey) {
        self.invitation = invitation
        self.key = key
    }

    var fieldLines: [String] { invitation.fieldLines + ["key: \(key.description)"] }

    /// HMAC-SHA-256 under the invitation's seal (hex) of the answer's fields.
    func macBytes(seal: String) -> [UInt8] {
        HMACSHA256.mac(key: HMACSHA256.bytes(hex: seal) ?? [], message: Invitation.sealText(fieldLines))
    }

    public var mac: String { invitation.seal }

    public var text: String {
        let comment = "# " + Catalogue.text("workspace.answer.file-comment")
        return ([comment, Invitation.answerHeader] + fieldLines + ["mac: \(mac)"]).joined(separator: "\n") + "\n"
    }

    public static func parse(_ bytes: [UInt8]) throws -> InvitationAnswer {
        let fields = try Invitation.lines(bytes, header: Invitation.answerHeader, keys: keys)
        let invitation = try Invitation.build(fields, sealKey: "mac")
        let line = fields.first { $0.0 == "key" }?.1 ?? ""
        switch SSHPublicKey.parse(line) {
        case .success(let key): return InvitationAnswer(invitation: invitation, key: key)
        case .failure(let problem):
            throw Invitation.Malformed(description: Catalogue.text("workspace.invitation.bad-field", ["field": .text("key"), "problem": .text(problem.description)]))
        }
    }
}
