import Messages
import Foundation
import Records

/// Who is pushing: the point of contact, or a member of one ministry, known by email.
///
/// Written as a token `<ministry-id>:<email>` or `point-of-contact:<email>` into the forced
/// command of each key (authorized_keys), then handed to the hook in CARNET_PUSHER.
public enum HubIdentity: Equatable, Hashable, Sendable, CustomStringConvertible {
    case pointOfContact(email: String)
    case ministry(id: String, email: String)

    /// The role word of the point of contact in a token. A ministry with this id cannot have
    /// members on a hub (authorized-keys skips it and says so).
    public static let pointOfContactRole = "point-of-contact"

    /// Parses a token; nil unless it is safe (`isSafe`).
    public init?(token: String) {
        guard let colon = token.firstIndex(of: ":") else { return nil }
        let role = String(token[..<colon]), email = String(token[token.index(after: colon)...])
        if role == Self.pointOfContactRole { self = .pointOfContact(email: email) }
        else { self = .ministry(id: role, email: email) }
        guard isSafe else { return nil }
    }

    /// Whether the token is made only of a record id (Records' RecordID) or the point of
    /// contact's role, `:`, and an email of Records' grammar (EmailAddress): nothing that can end
    /// a line, a quoted option or a shell word in authorized_keys, or forge a line of a message.
    /// The hub writes and accepts no other token.
    public var isSafe: Bool {
        switch self {
        case .pointOfContact(let email): return EmailAddress.isValid(email)
        case .ministry(let id, let email): return id != Self.pointOfContactRole && RecordID.isValid(id) && EmailAddress.isValid(email)
        }
    }

    public var token: String {
        switch self {
        case .pointOfContact(let email): return "\(Self.pointOfContactRole):\(email)"
        case .ministry(let id, let email): return "\(id):\(email)"
        }
    }

    public var email: String {
        switch self { case .pointOfContact(let e), .ministry(_, let e): return e }
    }

    /// What the access rules know of this person: their role.
    public var writer: Writer {
        switch self {
        case .pointOfContact: return .pointOfContact
        case .ministry(let id, _): return .ministry(id)
        }
    }

    /// The ministry, nil for the point of contact.
    public var ministryID: String? {
        if case .ministry(let id, _) = self { return id }
        return nil
    }

    public var description: String {
        guard case let .message(key, arguments) = argument else { return token }
        return Catalogue.text(key, arguments)
    }

    /// Who pushed, inside a message: written in the reader's language.
    public var argument: MessageArgument {
        switch self {
        case .pointOfContact(let email): return .message(key: "hub.identity.point-of-contact", arguments: ["email": .text(email)])
        case .ministry(let id, let email): return .message(key: "hub.identity.ministry", arguments: ["email": .text(email), "ministry": .text(id)])
        }
    }
}

/// Where the pusher's identity comes from, read from the hook's environment.
///
/// - `CARNET_PUSHER`: set by `carnet hub serve` from the key's forced command (a token).
/// - `GL_USERNAME` (GitLab) or `GITEA_PUSHER_EMAIL` / `GITEA_PUSHER_NAME` (Gitea): the server's
///   account, mapped to a member of the plan (see `PlanMembers.identity(forAccount:)`).
public enum PusherClaim: Equatable, Sendable {
    case token(String)
    case account(username: String?, email: String?, server: String)

    public static func from(environment env: [String: String]) -> PusherClaim? {
        if let token = env["CARNET_PUSHER"], !token.isEmpty { return .token(token) }
        if let user = env["GL_USERNAME"], !user.isEmpty { return .account(username: user, email: nil, server: "GitLab") }
        let giteaName = env["GITEA_PUSHER_NAME"].flatMap { $0.isEmpty ? nil : $0 }
        let giteaEmail = env["GITEA_PUSHER_EMAIL"].flatMap { $0.isEmpty ? nil : $0 }
        if giteaName != nil || giteaEmail != nil { return .account(username: giteaName, email: giteaEmail, server: "Gitea") }
        return nil
    }

    public var description: String {
        switch self {
        case .token(let t): return "CARNET_PUSHER=\(t)"
        case .account(let user, let email, let server): return "\(server) account \(user ?? email ?? "?")"
        }
    }
}
