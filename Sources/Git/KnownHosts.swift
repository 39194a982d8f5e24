import Foundation

/// A known_hosts file (OpenSSH format), read by us because libgit2 1.5.1 only looks at
/// $HOME/.ssh/known_hosts. Supports plain and hashed host patterns, `[host]:port`, and the
/// `@revoked` marker; `@cert-authority` lines are ignored (libssh2 gives us no certificate).
struct KnownHosts {
    enum Verdict: Equatable {
        case match
        /// The host is listed, with other keys: possibly a man in the middle.
        case changed
        /// The host is not in the file at all.
        case unknown
        case revoked
    }

    struct Entry {
        var patterns: [String]
        var keyType: String
        var key: [UInt8]
        var revoked: Bool
    }

    let path: String
    let entries: [Entry]

    init(path: String) throws {
        self.path = path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var entries: [Entry] = []
        for raw in text.split(whereSeparator: \.isNewline) {
            var fields = raw.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let first = fields.first, !first.hasPrefix("#") else { continue }
            var revoked = false
            if first.hasPrefix("@") {
                if first == "@revoked" { revoked = true } else { continue }
                fields.removeFirst()
            }
            guard fields.count >= 3, let key = Data(base64Encoded: fields[2]) else { continue }
            entries.append(Entry(patterns: fields[0].split(separator: ",").map(String.init),
                                 keyType: fields[1], key: [UInt8](key), revoked: revoked))
        }
        self.entries = entries
    }

    /// Checks the raw host key (the SSH wire blob) that the server presented.
    func verify(host: String, port: Int, key: [UInt8]) -> Verdict {
        let name = port == 22 ? host : "[\(host)]:\(port)"
        let listed = entries.filter { $0.patterns.contains { Self.matches($0, name) } }
        if listed.contains(where: { $0.revoked && $0.key == key }) { return .revoked }
        if listed.contains(where: { !$0.revoked && $0.key == key }) { return .match }
        return listed.contains(where: { !$0.revoked }) ? .changed : .unknown
    }

    /// One host pattern against a host name: exact, hashed (`|1|salt|hmac`) or a `*`/`?` wildcard.
    /// Negated patterns (`!host`) never grant a match.
    static func matches(_ pattern: String, _ name: String) -> Bool {
        if pattern.hasPrefix("!") { return false }
        if pattern.hasPrefix("|1|") {
            let parts = pattern.split(separator: "|")
            guard parts.count == 3, let salt = Data(base64Encoded: String(parts[1])),
                  let hash = Data(base64Encoded: String(parts[2])) else { return false }
            return HMACSHA1.mac(key: [UInt8](salt), message: Array(name.utf8)) == [UInt8](hash)
        }
        if pattern.contains("*") || pattern.contains("?") { return wildcard(Array(pattern), Array(name)) }
        return pattern == name
    }

    private static func wildcard(_ p: [Character], _ s: [Character]) -> Bool {
        if p.isEmpty { return s.isEmpty }
        if p[0] == "*" { return wildcard(Array(p.dropFirst()), s) || (!s.isEmpty && wildcard(p, Array(s.dropFirst()))) }
        guard let c = s.first, p[0] == "?" || p[0] == c else { return false }
        return wildcard(Array(p.dropFirst()), Array(s.dropFirst()))
    }

    /// The key type name inside an SSH key blob (its first string), for messages.
    static func keyType(of blob: [UInt8]) -> String {
        guard blob.count >= 4 else { return "unknown" }
        let length = Int(blob[0]) << 24 | Int(blob[1]) << 16 | Int(blob[2]) << 8 | Int(blob[3])
        guard length > 0, blob.count >= 4 + length else { return "unknown" }
        return String(decoding: blob[4..<(4 + length)], as: UTF8.self)
    }
}
