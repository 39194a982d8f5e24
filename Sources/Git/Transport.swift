import Foundation

/// How to reach a hub: the credentials and checks a network operation uses.
/// Local paths and file:// URLs need none of it.
public struct TransportSettings: Sendable {
    /// Private key file for SSH (the public key is derived from it by libssh2).
    public var identityFile: String?
    /// known_hosts file against which the hub's SSH host key is verified. libgit2 1.5.1 only reads
    /// $HOME/.ssh/known_hosts; we check the named file ourselves in certificate_check.
    public var knownHostsFile: String?
    /// Token for HTTPS hubs (sent as the password of basic authentication).
    public var token: String?
    /// User name for SSH when the URL has none, or for HTTPS with a token.
    public var username: String?
    /// PEM file of the certificate authorities an HTTPS hub's certificate must chain to (nil: the system's).
    public var caFile: String?
    /// Whole-operation deadline: libgit2 1.5 has no network timeout of its own.
    public var timeout: TimeInterval
    /// libgit2 calls the credential callback again after every refusal; past this many we give up.
    public var maxCredentialAttempts: Int

    public init(identityFile: String? = nil, knownHostsFile: String? = nil, token: String? = nil,
                username: String? = nil, caFile: String? = nil, timeout: TimeInterval = 60, maxCredentialAttempts: Int = 3) {
        self.caFile = caFile
        self.identityFile = identityFile
        self.knownHostsFile = knownHostsFile
        self.token = token
        self.username = username
        self.timeout = timeout
        self.maxCredentialAttempts = maxCredentialAttempts
    }
}

/// Why talking to a hub failed, sorted by what the user can do about it.
public enum TransportError: Error, CustomStringConvertible, Sendable {
    /// Network down, host unknown, connection refused, transport error: try again later.
    case unreachable(String)
    /// The deadline passed with the hub silent (a stalled connection or a slow hook).
    case timedOut(seconds: Int, during: String)
    /// The SSH host key is not in the known_hosts file, or differs from the one there.
    case hostKey(String)
    /// The hub refused our credentials (after a bounded number of attempts), or we had none.
    case authentication(String)
    /// The hub refused a reference update (a hook, permissions); its own words are in `message`.
    case rejected(ref: String, reason: String, message: String)
    /// The hub has commits we have not merged yet: fetch, merge and push again.
    case nonFastForward(ref: String)
    /// The hub sent a tree libgit2 cannot even parse (an empty name, say): only a hub someone
    /// tampered with does that. Nothing of it was written.
    case malformed(String)

    public var description: String {
        switch self {
        case .unreachable(let m): return "hub unreachable: \(m)"
        case .timedOut(let s, let op): return "the hub did not answer within \(s) s during \(op); the connection was closed"
        case .hostKey(let m), .authentication(let m): return m
        case .rejected(let ref, let reason, let message):
            return "the hub refused \(ref): \(reason)" + (message.isEmpty ? "" : "\n\(message)")
        case .nonFastForward(let ref): return "the hub's \(ref) has moved on: fetch and merge first"
        case .malformed(let m):
            return "the hub served a tree that cannot be read, refused (\(m)). Nothing was changed in this copy. "
                + "This hub is not trustworthy: tell the point of contact (or whoever keeps the hub)."
        }
    }
}

/// Where a remote URL points, as far as host-key checking needs to know.
struct Endpoint: Equatable {
    enum Scheme: Equatable { case local, ssh, https, http, other(String) }
    var scheme: Scheme
    var user: String?
    var host: String?
    var port: Int?

    /// Accepts ssh://user@host:port/path, scp-like user@host:path, https://…, file://… and plain paths.
    init(url: String) {
        if url.hasPrefix("/") || url.hasPrefix("file://") || url.hasPrefix(".") {
            self.init(scheme: .local, user: nil, host: nil, port: nil)
            return
        }
        if let range = url.range(of: "://") {
            let schemeName = String(url[..<range.lowerBound]).lowercased()
            let scheme: Scheme
            switch schemeName {
            case "ssh", "ssh+git", "git+ssh": scheme = .ssh
            case "https": scheme = .https
            case "http": scheme = .http
            default: scheme = .other(schemeName)
            }
            var authority = String(url[range.upperBound...].prefix { $0 != "/" })
            var user: String?
            if let at = authority.lastIndex(of: "@") {
                user = String(authority[..<at])
                authority = String(authority[authority.index(after: at)...])
            }
            var host = authority
            var port: Int?
            if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
                host = String(authority[authority.index(after: authority.startIndex)..<close])
                let rest = authority[authority.index(after: close)...]
                if rest.hasPrefix(":") { port = Int(rest.dropFirst()) }
            } else if let colon = authority.lastIndex(of: ":") {
                host = String(authority[..<colon])
                port = Int(authority[authority.index(after: colon)...])
            }
            self.init(scheme: scheme, user: user, host: host, port: port)
            return
        }
        // scp-like: [user@]host:path (a colon before any slash).
        if let colon = url.firstIndex(of: ":"), !url[..<colon].contains("/") {
            let authority = url[..<colon]
            if let at = authority.lastIndex(of: "@") {
                self.init(scheme: .ssh, user: String(authority[..<at]),
                          host: String(authority[authority.index(after: at)...]), port: nil)
            } else {
                self.init(scheme: .ssh, user: nil, host: String(authority), port: nil)
            }
            return
        }
        self.init(scheme: .local, user: nil, host: nil, port: nil)
    }

    init(scheme: Scheme, user: String?, host: String?, port: Int?) {
        self.scheme = scheme
        self.user = user
        self.host = host
        self.port = port
    }
}
