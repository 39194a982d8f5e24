import Foundation

/// One SSH public key line (`ssh-ed25519 AAAA… comment`), checked before it is recorded in the
/// plan or written into authorized_keys: a key line that is not exactly a key could smuggle
/// options (`command=…`) into authorized_keys.
public struct SSHPublicKey: Sendable, Equatable, CustomStringConvertible {
    public static let types: Set<String> = [
        "ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
        "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
    ]

    public var type: String
    public var base64: String
    public var comment: String?

    /// Parses one line; nil with the reason when it is not a public key.
    public static func parse(_ line: String) -> Result<SSHPublicKey, KeyProblem> {
        let text = line.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { return .failure(KeyProblem("the key is empty")) }
        if text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return .failure(KeyProblem("a key is one line of printable text (the .pub file)"))
        }
        if text.contains("PRIVATE KEY") {
            return .failure(KeyProblem("this is a private key: give the .pub file, and keep the private key secret"))
        }
        let parts = text.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true).map(String.init)
        guard parts.count >= 2, types.contains(parts[0]) else {
            return .failure(KeyProblem("'\(text.prefix(30))…' is not an SSH public key: expected a .pub line such as `ssh-ed25519 AAAA… name`"))
        }
        // The key's own bytes start with its type (RFC 4253 §6.6): a mismatch is a damaged key.
        guard let blob = Data(base64Encoded: parts[1]), blob.count > 4 else {
            return .failure(KeyProblem("the key's data is not valid base64: copy the whole line of the .pub file"))
        }
        let length = blob.prefix(4).reduce(0) { $0 << 8 | Int($1) }
        guard length == parts[0].utf8.count, blob.count >= 4 + length,
              String(decoding: blob.dropFirst(4).prefix(length), as: UTF8.self) == parts[0] else {
            return .failure(KeyProblem("the key's data does not match its type \(parts[0]): copy the whole line of the .pub file"))
        }
        return .success(SSHPublicKey(type: parts[0], base64: parts[1], comment: parts.count > 2 ? parts[2] : nil))
    }

    /// The key as one line, comment included.
    public var description: String { [type, base64, comment].compactMap { $0 }.joined(separator: " ") }

    /// Two lines name the same key when type and data agree, whatever the comment.
    public func sameKey(as other: SSHPublicKey) -> Bool { type == other.type && base64 == other.base64 }

    public struct KeyProblem: Error, Sendable, CustomStringConvertible {
        public var description: String
        init(_ text: String) { description = text }
    }
}
