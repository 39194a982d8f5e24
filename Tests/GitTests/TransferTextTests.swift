import Foundation
@testable import Git
import Messages
import XCTest

/// What people read about a transfer: sizes, durations, the progress line.
final class TransferTextTests: XCTestCase {
    func testSizesAndDurations() {
        XCTAssertEqual(TransferText.bytes(812), "812 B")
        XCTAssertEqual(TransferText.bytes(14_541), "14.2 KiB")
        XCTAssertEqual(TransferText.bytes(2_621_440), "2.5 MiB")
        XCTAssertEqual(TransferText.bytes(1_288_490_189), "1.2 GiB")
    }

    func testInFrench() {
        let before = Catalogue.language
        Catalogue.language = "fr"
        defer { Catalogue.language = before }
        XCTAssertEqual(TransferText.bytes(2_621_440), "2,5 Mio")
        XCTAssertEqual(TransferText.bytes(14_541), "14,2 Kio")
        XCTAssertEqual(TransferText.bytes(1_048_474), "1\u{202F}023,9 Kio", "the catalogue's digit groups too")
        XCTAssertEqual(TransferText.bytes(1_288_490_189), "1,2 Gio")
        let push = TransferProgress(operation: "push", sent: 1_258_291, total: 2_621_440, rate: 31_948, elapsed: 40, secondsLeft: 42.6)
        let line = TransferText.progressLine(push)
        XCTAssertTrue(line.hasPrefix("envoi de 1,2 Mio sur environ 2,5 Mio"), line)
        XCTAssertTrue(TransferText.stalled(seconds: 120, during: "push", moved: 4096).contains("l'envoi"))
    }

    /// Figures read back from a state file someone else may have written: never a trap.
    func testFiguresFromElsewhereNeverTrap() {
        for bad in [Double.nan, -.infinity, .infinity, -5, 1e300] {
            let p = TransferProgress(operation: "push", sent: 10, rate: bad, elapsed: bad, idle: bad, secondsLeft: bad, done: false)
            XCTAssertFalse(TransferText.progressLine(p).isEmpty)
            var done = p
            done.done = true
            XCTAssertFalse(TransferText.progressLine(done).isEmpty)
        }
    }

    func testProgressLines() {
        var push = TransferProgress(operation: "push", received: 900, sent: 1_258_291, total: 2_621_440, objects: 3,
                                    totalObjects: 5, rate: 31_948, elapsed: 40, idle: 0, secondsLeft: 42.6)
        XCTAssertEqual(TransferText.progressLine(push), "sending 1.2 MiB of about 2.5 MiB (3/5 objects), 31.2 KiB/s, about 43 s left")
        push.idle = 12
        push.rate = 0
        XCTAssertEqual(TransferText.progressLine(push), "sending 1.2 MiB of about 2.5 MiB (3/5 objects), 0 B/s, nothing moved for 12 s")
        let fetch = TransferProgress(operation: "fetch", received: 204_800, sent: 3000, elapsed: 8, done: true)
        XCTAssertEqual(TransferText.progressLine(fetch), "receiving 200.0 KiB, done in 8 s (25.0 KiB/s)")
    }

    /// The kernel's counters of a socket: a TCP connection on loopback counts what crossed it;
    /// anything that is not a TCP socket gives nil, never garbage.
    func testTCPCountersOfALoopbackConnection() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) == 0 && getsockname(listener, $0, &length) == 0 }
        }
        XCTAssertTrue(bound)
        XCTAssertEqual(listen(listener, 1), 0)
        let client = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(client) }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(client, $0, length) == 0 }
        }
        XCTAssertTrue(connected)
        let server = accept(listener, nil, nil)
        defer { close(server) }
        let payload = [UInt8](repeating: 7, count: 5000)
        XCTAssertEqual(payload.withUnsafeBytes { write(client, $0.baseAddress, $0.count) }, 5000)
        var buffer = [UInt8](repeating: 0, count: 8192)
        var got = 0
        while got < 5000 {
            let n = buffer.withUnsafeMutableBytes { read(server, $0.baseAddress, $0.count) }
            XCTAssertGreaterThan(n, 0)
            if n <= 0 { break }
            got += n
        }
        usleep(50_000)
        let sender = try XCTUnwrap(TransferWatch.tcpCounts(client))
        let receiver = try XCTUnwrap(TransferWatch.tcpCounts(server))
        XCTAssertEqual(sender.sent, 5000, "acknowledged by the other side")
        XCTAssertEqual(receiver.received, 5000)
        var fds: [Int32] = [-1, -1]
        XCTAssertEqual(pipe(&fds), 0)
        XCTAssertNil(TransferWatch.tcpCounts(fds[0]), "a pipe is not a TCP socket")
        close(fds[0]); close(fds[1])
        XCTAssertNil(TransferWatch.tcpCounts(-1))
    }
}
