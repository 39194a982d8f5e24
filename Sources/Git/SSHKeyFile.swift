import CGit2
import Foundation
import Messages
#if canImport(Glibc)
import Glibc
#endif

/// What a private key file says about itself, read without its passphrase: whether it is
/// protected by one (OpenSSH's `openssh-key-v1` format names its cipher in clear; old PEM keys
/// say `ENCRYPTED`). libgit2 cannot tell "needs a passphrase" from "refused by the hub".
enum SSHKeyFile {
    static func isEncrypted(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: 64 * 1024)) ?? nil
        let text = String(decoding: data ?? Data(), as: UTF8.self)
        if text.contains("-----BEGIN OPENSSH PRIVATE KEY-----") {
            let body = text.components(separatedBy: "\n").filter { !$0.hasPrefix("-----") }.joined()
            guard let blob = Data(base64Encoded: body.trimmingCharacters(in: .whitespacesAndNewlines)) else { return false }
            let bytes = [UInt8](blob)
            let magic = Array("openssh-key-v1\0".utf8)
            guard bytes.count > magic.count + 4, Array(bytes[0..<magic.count]) == magic else { return false }
            let at = magic.count
            let length = Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
            guard length > 0, bytes.count >= at + 4 + length else { return false }
            return bytes[(at + 4)..<(at + 4 + length)].elementsEqual("none".utf8) == false
        }
        return text.contains("ENCRYPTED")
    }

    /// The ssh-agent of this session, when there is one (SSH_AUTH_SOCK names a socket).
    static var agentSocket: String? {
        guard let socket = ProcessInfo.processInfo.environment["SSH_AUTH_SOCK"], !socket.isEmpty,
              FileManager.default.fileExists(atPath: socket) else { return nil }
        return socket
    }

    /// Passphrases typed in this process, by key file: asked once per run.
    nonisolated(unsafe) private static var typed: [String: String] = [:]
    private static let lock = NSLock()

    /// Asks for the key's passphrase on the terminal (no echo), once per run; nil when no
    /// person is at a terminal (the daemon, a timer): then the agent is the way.
    static func passphrase(for path: String) -> String? {
        lock.lock()
        defer { lock.unlock() }
        if let known = typed[path] { return known }
        guard isatty(STDIN_FILENO) == 1, ProcessInfo.processInfo.environment["CARNET_NO_PROMPT"] == nil,
              let raw = getpass(Catalogue.text("git.key.passphrase-prompt", ["path": .text(path)]) + " ") else { return nil }
        let value = String(cString: raw)
        typed[path] = value
        return value
    }
}
