import Foundation
@testable import Git
import TestSupport
import XCTest

/// The one HMAC construction (Git's HMAC.swift) under HMACSHA1: RFC 2202's vectors, and a
/// known_hosts line hashed by OpenSSH's own ssh-keygen -H, matched for its host and no other.
/// (HMACSHA256 over the same construction is checked against RFC 4231 in HubTests' JoinTests.)
final class HMACTests: XCTestCase {
    private func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    func testHMACSHA1MatchesRFC2202() {
        XCTAssertEqual(hex(HMACSHA1.sha1(Array("abc".utf8))), "a9993e364706816aba3e25717850c26c9cd0d89d")
        XCTAssertEqual(hex(HMACSHA1.mac(key: [UInt8](repeating: 0x0b, count: 20), message: Array("Hi There".utf8))),
                       "b617318655057264e28bc0b6fb378c8ef146be00")
        XCTAssertEqual(hex(HMACSHA1.mac(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))),
                       "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79")
        // A key longer than the 64-byte block is hashed first.
        XCTAssertEqual(hex(HMACSHA1.mac(key: [UInt8](repeating: 0xaa, count: 80),
                                        message: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8))),
                       "aa4ae5e15272d00e95705637ce8a3b55ed402112")
    }

    func testAHostHashedBySSHKeygenMatchesItsHostOnly() throws {
        let dir = TemporaryDirectory("carnet-hmac")
        let key = dir.path + "/host"
        XCTAssertEqual(try Shell.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key]).status, 0)
        let publicKey = try String(contentsOfFile: key + ".pub", encoding: .utf8).split(separator: " ").prefix(2).joined(separator: " ")
        let file = dir.path + "/known_hosts"
        try "[127.0.0.1]:2222 \(publicKey)\n".write(toFile: file, atomically: true, encoding: .utf8)
        let hashing = try Shell.run(["ssh-keygen", "-H", "-f", file])
        XCTAssertEqual(hashing.status, 0, hashing.stderr)
        let pattern = try String(contentsOfFile: file, encoding: .utf8).split(separator: " ").first.map(String.init) ?? ""
        XCTAssertTrue(pattern.hasPrefix("|1|"), "ssh-keygen -H wrote: \(pattern)")
        XCTAssertTrue(KnownHosts.matches(pattern, "[127.0.0.1]:2222"))
        XCTAssertFalse(KnownHosts.matches(pattern, "[127.0.0.1]:2223"))
        XCTAssertFalse(KnownHosts.matches(pattern, "127.0.0.1"))
    }
}
