import Foundation
import Git

/// How a working copy reaches its hub, kept in the working copy's own .git/config (`carnet.*`)
/// so that every later `carnet sync` (by hand, by timer) finds it without arguments.
public struct SyncSettings: Codable, Sendable, Equatable {
    /// URL or path of the hub: /media/usb/plan.git, file:///…, ssh://user@host:port/path, user@host:path, https://…
    public var hub: String
    /// The ministry this copy writes for; nil for the point of contact.
    public var ministry: String?
    /// SSH private key file.
    public var identityFile: String?
    /// known_hosts file that must hold the hub's SSH host key.
    public var knownHostsFile: String?
    /// A file holding an HTTPS token (a file, not the token itself, so it stays out of .git/config).
    public var tokenFile: String?
    /// PEM file of the certificate authorities that an HTTPS hub's certificate must chain to.
    public var caFile: String?
    /// The no-progress bound of each network operation, in seconds: a transfer during which no
    /// byte moves for this long is ended as stalled. A slow transfer that moves always finishes.
    public var timeoutSeconds: Int

    /// The default bound (TransportSettings.defaultTimeout: suits 64 kbit/s links).
    public static let defaultTimeoutSeconds = Int(TransportSettings.defaultTimeout)
    /// What a stored or given bound is held to: a second to a day.
    public static func bounded(timeout: Int) -> Int { min(max(timeout, 1), 86_400) }

    public static let remoteName = "hub"
    public static let pointOfContactRole = "point-of-contact"

    public init(hub: String, ministry: String?, identityFile: String? = nil, knownHostsFile: String? = nil,
                tokenFile: String? = nil, caFile: String? = nil, timeoutSeconds: Int = SyncSettings.defaultTimeoutSeconds) {
        self.caFile = caFile
        self.hub = hub
        self.ministry = ministry
        self.identityFile = identityFile
        self.knownHostsFile = knownHostsFile
        self.tokenFile = tokenFile
        self.timeoutSeconds = Self.bounded(timeout: timeoutSeconds)
    }

    /// Who this copy is, as a file-name-safe word (used to rename a clashing evidence file).
    public var roleName: String { ministry ?? "poc" }

    /// Reads the settings; nil when this working copy was never attached to a hub.
    public static func read(from repository: Repository) throws -> SyncSettings? {
        guard let hub = try repository.configString("carnet.hub") else { return nil }
        let role = try repository.configString("carnet.role")
        return SyncSettings(
            hub: hub,
            ministry: role == pointOfContactRole ? nil : try repository.configString("carnet.ministry"),
            identityFile: try repository.configString("carnet.identityFile"),
            knownHostsFile: try repository.configString("carnet.knownHostsFile"),
            tokenFile: try repository.configString("carnet.tokenFile"),
            caFile: try repository.configString("carnet.caFile"),
            timeoutSeconds: Int(try repository.configString("carnet.timeout") ?? "") ?? defaultTimeoutSeconds)
    }

    /// Writes the settings and points the `hub` remote at the hub (a plain `git fetch hub` works too).
    public func write(to repository: Repository) throws {
        try repository.setConfigString("carnet.hub", Self.normalisedHub(hub))
        if let ministry {
            try repository.setConfigString("carnet.role", "ministry")
            try repository.setConfigString("carnet.ministry", ministry)
        } else {
            try repository.setConfigString("carnet.role", Self.pointOfContactRole)
        }
        if let identityFile { try repository.setConfigString("carnet.identityFile", Self.absolute(identityFile)) }
        if let knownHostsFile { try repository.setConfigString("carnet.knownHostsFile", Self.absolute(knownHostsFile)) }
        if let tokenFile { try repository.setConfigString("carnet.tokenFile", Self.absolute(tokenFile)) }
        if let caFile { try repository.setConfigString("carnet.caFile", Self.absolute(caFile)) }
        // Kept only when chosen: a copy on the default follows the default as it improves (a copy
        // made before issue 19 keeps the 60 it was given; `carnet sync --timeout N` changes it).
        if try timeoutSeconds != Self.defaultTimeoutSeconds || repository.configString("carnet.timeout") != nil {
            try repository.setConfigString("carnet.timeout", String(Self.bounded(timeout: timeoutSeconds)))
        }
        try repository.setRemote(Self.remoteName, url: Self.normalisedHub(hub))
    }

    /// What libgit2 gets. A relative local path would depend on the directory sync runs from.
    static func normalisedHub(_ hub: String) -> String {
        if hub.hasPrefix("/") || hub.contains("://") { return hub }
        if hub.hasPrefix(".") || FileManager.default.fileExists(atPath: hub) { return absolute(hub) }
        return hub
    }

    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// The transport settings for libgit2. The token comes from the token file, or from the
    /// CARNET_HUB_TOKEN environment variable (for a daemon whose secrets come from its unit).
    public var transport: TransportSettings {
        var token = ProcessInfo.processInfo.environment["CARNET_HUB_TOKEN"]
        if let tokenFile, let text = try? String(contentsOfFile: tokenFile, encoding: .utf8) {
            token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return TransportSettings(identityFile: identityFile, knownHostsFile: knownHostsFile, token: token,
                                 caFile: caFile, timeout: TimeInterval(timeoutSeconds))
    }
}
