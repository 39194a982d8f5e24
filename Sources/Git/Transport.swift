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
    /// The no-progress bound, in seconds: an operation during which no byte moves for this long
    /// is ended (`TransportError.stalled`, or `.timedOut` when the hub never answered at all).
    /// Not a limit on the whole operation: a slow transfer that keeps moving always finishes.
    public var timeout: TimeInterval
    /// Told where each transfer stands, about twice a second while it runs, and once at its end
    /// (from another thread than the caller's).
    public var progress: (@Sendable (TransferProgress) -> Void)?
    /// libgit2 calls the credential callback again after every refusal; past this many we give up.
    public var maxCredentialAttempts: Int

    public init(identityFile: String? = nil, knownHostsFile: String? = nil, token: String? = nil,
                username: String? = nil, caFile: String? = nil, timeout: TimeInterval = TransportSettings.defaultTimeout,
                maxCredentialAttempts: Int = 3, progress: (@Sendable (TransferProgress) -> Void)? = nil) {
        self.progress = progress
        self.caFile = caFile
        self.identityFile = identityFile
        self.knownHostsFile = knownHostsFile
        self.token = token
        self.username = username
        self.timeout = timeout
        self.maxCredentialAttempts = maxCredentialAttempts
    }
}

extension TransportSettings {
    /// The default no-progress bound. On a 64 kbit/s link with 800 ms round trips and a few
    /// percent loss, TCP's retransmission timer backs off to tens of seconds after consecutive
    /// losses, and a link that drops for 20 s adds its silence on top; the hub's own check of a
    /// large push also runs without a byte moving. Two minutes rides through all of that and
    /// still tells a dead link within a couple of minutes.
    public static let defaultTimeout: TimeInterval = 120
}

/// Why talking to a hub failed, sorted by what the user can do about it.
public enum TransportError: Error, CustomStringConvertible, Sendable {
    /// Network down, host unknown, connection refused, transport error: try again later.
    case unreachable(String)
    /// The hub never answered: nothing came back for the no-progress bound from the start (a
    /// connection that hangs, a host that swallows packets). Like `unreachable`: try later.
    case timedOut(seconds: Int, during: String)
    /// The transfer had begun, then no byte moved for the bound (`seconds`): the link went quiet
    /// or the hub stopped answering (a hook that hangs). Carnet closed the connection. `moved` is
    /// what had crossed the link by then.
    case stalled(seconds: Int, during: String, moved: UInt64)
    /// The transfer had begun, then the connection broke (reset, closed by a router or the link
    /// dropping): `moved` bytes had crossed by then.
    case linkLost(during: String, moved: UInt64, detail: String)
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
        case .timedOut(let s, let op): return TransferText.silent(seconds: s, during: op)
        case .stalled(let s, let op, let moved): return TransferText.stalled(seconds: s, during: op, moved: moved)
        case .linkLost(let op, let moved, let detail): return TransferText.linkLost(during: op, moved: moved, detail: detail)
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
