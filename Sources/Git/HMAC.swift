/// HMAC (RFC 2104) over a 64-byte-block hash, and the message padding those hashes share
/// (SHA-1 and SHA-256, FIPS 180-4 §5.1.1). One construction for Git's HMACSHA1 (hashed
/// known_hosts) and Workspace's HMACSHA256 (invitation seals), both written out rather than
/// adding a crypto package (see HMACSHA256 for why): it lives here, the lower module.
public enum HMAC {
    /// HMAC of `message` under `key`, with `hash` a 64-byte-block digest.
    public static func mac(key: [UInt8], message: [UInt8], hash: ([UInt8]) -> [UInt8]) -> [UInt8] {
        var k = key.count > 64 ? hash(key) : key
        k += [UInt8](repeating: 0, count: 64 - k.count)
        let inner = hash(k.map { $0 ^ 0x36 } + message)
        return hash(k.map { $0 ^ 0x5c } + inner)
    }

    /// The message, a 1 bit, zeros, and its length in bits as 64 bits big-endian: whole 64-byte blocks.
    public static func padded(_ message: [UInt8]) -> [UInt8] {
        var data = message
        let bitLength = UInt64(message.count) * 8
        data.append(0x80)
        while data.count % 64 != 56 { data.append(0) }
        for i in (0..<8).reversed() { data.append(UInt8(truncatingIfNeeded: bitLength >> (UInt64(i) * 8))) }
        return data
    }

    /// The 32-bit big-endian word at `offset`.
    public static func word(_ data: [UInt8], _ offset: Int) -> UInt32 {
        UInt32(data[offset]) << 24 | UInt32(data[offset + 1]) << 16 | UInt32(data[offset + 2]) << 8 | UInt32(data[offset + 3])
    }

    /// The digest's words, big-endian.
    public static func bytes(_ words: [UInt32]) -> [UInt8] {
        words.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: v >> (24 - $0 * 8)) } }
    }
}
