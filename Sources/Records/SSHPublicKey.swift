import Foundation
import Messages

/// The one definition of an SSH public key line (`ssh-ed25519 AAAA… comment`), used by
/// validation (`keys:` of every person), `carnet member add` and `carnet hub authorized-keys`:
/// a key line that is not exactly a key could smuggle options (`command=…`) or a second line
/// into authorized_keys.
///
/// A key is: a known type, one space, the key's data in canonical base64, then an optional
/// comment; the whole line is one line of text (TextRule.line). The decoded data must be the
/// type's wire format (RFC 4253 §6.6, RFC 5656 §3.1, RFC 8709 §4, OpenSSH PROTOCOL.u2f): the
/// same type string, then exactly the type's fields, each a 4-byte length and that many bytes,
/// with nothing left over.
public struct SSHPublicKey: Sendable, Equatable, CustomStringConvertible {
    public static let types: Set<String> = [
        "ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
        "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
    ]

    /// At most this many bytes of key data (a 16384-bit RSA key is about 2 KiB).
    public static let maxBlobBytes = 8192

    public var type: String
    public var base64: String
    public var comment: String?

    /// Parses one line; the reason when it is not a public key.
    public static func parse(_ line: String) -> Result<SSHPublicKey, KeyProblem> {
        let text = line.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { return .failure(KeyProblem(Catalogue.text("records.key.empty"))) }
        if let c = TextRule.line.forbidden(in: text) {
            return .failure(KeyProblem(Catalogue.text("records.key.character", ["character": .text(TextRule.name(c))])))
        }
        if text.contains("PRIVATE KEY") {
            return .failure(KeyProblem(Catalogue.text("records.key.private")))
        }
        let parts = text.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true).map(String.init)
        guard parts.count >= 2, types.contains(parts[0]) else {
            return .failure(KeyProblem(Catalogue.text("records.key.unknown-type", ["types": .text(types.sorted().joined(separator: ", "))])))
        }
        guard parts[1].utf8.count <= (maxBlobBytes + 2) / 3 * 4, let blob = Data(base64Encoded: parts[1]),
              blob.base64EncodedString() == parts[1] else {
            return .failure(KeyProblem(Catalogue.text("records.key.base64")))
        }
        if let problem = wireFormatProblem([UInt8](blob), type: parts[0]) {
            return .failure(KeyProblem(Catalogue.text("records.key.wire", ["type": .text(parts[0]), "problem": .text(problem)])))
        }
        return .success(SSHPublicKey(type: parts[0], base64: parts[1], comment: parts.count > 2 ? parts[2] : nil))
    }

    /// What is wrong with the decoded key data for its type; nil when it is that type's format.
    static func wireFormatProblem(_ blob: [UInt8], type: String) -> String? {
        var reader = WireReader(bytes: blob)
        guard let name = reader.string() else { return Catalogue.text("records.key.wire.no-type") }
        guard name.elementsEqual(type.utf8) else { return Catalogue.text("records.key.wire.other-type") }
        switch type {
        case "ssh-ed25519":
            guard let key = reader.string(), key.count == 32 else { return Catalogue.text("records.key.wire.no-key") }
        case "sk-ssh-ed25519@openssh.com":
            guard let key = reader.string(), key.count == 32 else { return Catalogue.text("records.key.wire.no-key") }
            guard let application = reader.string(), !application.isEmpty else { return Catalogue.text("records.key.wire.no-application") }
        case "ssh-rsa":
            guard let e = reader.string(), !e.isEmpty else { return Catalogue.text("records.key.wire.no-exponent") }
            guard let n = reader.string(), n.count >= 64 else { return Catalogue.text("records.key.wire.no-modulus") }
        case let ecdsa where ecdsa.hasPrefix("ecdsa-sha2-") || ecdsa.hasPrefix("sk-ecdsa-sha2-"):
            let curve = ecdsa.hasPrefix("sk-") ? "nistp256" : String(ecdsa.dropFirst("ecdsa-sha2-".count))
            guard let named = reader.string(), named.elementsEqual(curve.utf8) else { return Catalogue.text("records.key.wire.curve", ["curve": .text(curve)]) }
            let size = ["nistp256": 65, "nistp384": 97, "nistp521": 133][curve] ?? 0
            guard let point = reader.string(), point.count == size, point.first == 0x04 else { return Catalogue.text("records.key.wire.no-point") }
            if ecdsa.hasPrefix("sk-") {
                guard let application = reader.string(), !application.isEmpty else { return Catalogue.text("records.key.wire.no-application") }
            }
        default:
            return Catalogue.text("records.key.wire.unknown")
        }
        return reader.atEnd ? nil : Catalogue.text("records.key.wire.left-over")
    }

    /// The fields of SSH's wire format: a 4-byte big-endian length, then that many bytes.
    struct WireReader {
        let bytes: [UInt8]
        var offset = 0
        var atEnd: Bool { offset == bytes.count }

        mutating func string() -> ArraySlice<UInt8>? {
            guard bytes.count - offset >= 4 else { return nil }
            let length = bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            guard length <= bytes.count - offset - 4 else { return nil }
            defer { offset += 4 + length }
            return bytes[(offset + 4)..<(offset + 4 + length)]
        }
    }

    /// The key as one line, comment included.
    public var description: String { [type, base64, comment].compactMap { $0 }.joined(separator: " ") }

    /// The key without its comment: what identifies it (`type base64`).
    public var material: String { "\(type) \(base64)" }

    /// Two lines name the same key when type and data agree, whatever the comment.
    public func sameKey(as other: SSHPublicKey) -> Bool { type == other.type && base64 == other.base64 }

    public struct KeyProblem: Error, Sendable, CustomStringConvertible {
        public var description: String
        init(_ text: String) { description = text }
    }
}
