import Foundation
import Messages

/// What an OpenSSH client's stderr (run with LC_ALL=C and LogLevel=DEBUG1) says went wrong,
/// sorted as the libssh2 path sorts its failures (TransportError).
enum SSHStderr: Equatable {
    case hostUnknown(type: String, fingerprint: String)
    case hostChanged(type: String, fingerprint: String)
    case hostRevoked
    /// "Host key verification failed" with no reason we know.
    case hostOther
    case authentication
    /// ssh ignores a private key that others may read (libssh2 did not): say how to fix it.
    case keyTooOpen
    /// Anything else (refused, no route, name unknown, the hub's own refusal): its lines.
    case other(String)

    /// What the hub's side said, never read as ssh's own verdict: when ssh did not fail itself
    /// (its exit status is not 255), its stderr carries the remote program's words, which a hub
    /// could write to look like a host key or credentials refusal.
    static func remote(_ text: String) -> SSHStderr {
        let said = text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.hasPrefix("debug") }
        return .other(said.suffix(8).joined(separator: "\n"))
    }

    static func classify(_ text: String) -> SSHStderr {
        // ssh ends its lines with "\r\n", one Character in Swift: split on any line break.
        let lines = text.split(whereSeparator: \.isNewline).map(String.init)
        // "debug1: Server host key: ssh-ed25519 SHA256:…"
        var type = "unknown", fingerprint = ""
        // The first: ssh's own, printed before the hub can say anything.
        if let line = lines.first(where: { $0.hasPrefix("debug1: Server host key: ") }) {
            let words = line.dropFirst("debug1: Server host key: ".count).split(separator: " ")
            if words.count >= 2 { type = String(words[0]); fingerprint = String(words[1]) }
        }
        let said = lines.filter { !$0.hasPrefix("debug") }
        let all = said.joined(separator: "\n")
        if all.contains("REVOKED HOST KEY") { return .hostRevoked }
        if all.contains("REMOTE HOST IDENTIFICATION HAS CHANGED") { return .hostChanged(type: type, fingerprint: fingerprint) }
        if all.contains("host key is known for") { return .hostUnknown(type: type, fingerprint: fingerprint) }
        if all.contains("Host key verification failed") { return .hostOther }
        if all.contains("UNPROTECTED PRIVATE KEY FILE") { return .keyTooOpen }
        if all.contains("Permission denied (") || all.contains("Too many authentication failures") { return .authentication }
        // ssh's "Warning: Permanently added" never appears (StrictHostKeyChecking=yes); keep the rest.
        return remote(text)
    }
}
