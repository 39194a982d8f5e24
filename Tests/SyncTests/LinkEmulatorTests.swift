import Foundation
import LocalSSH
import TestSupport
import XCTest

/// The packet-level link emulator the benchmarks use for loss (Tests/link-emulator.py, two
/// network namespaces joined through TUN devices): what it is told is what the link does. A TCP
/// stream crosses it whole while the kernel's TCP recovers the packets it loses; the share lost is
/// the share asked for; the round trip and the rate are at least the link's; a lossless link
/// loses and resends nothing; a link that goes down drops packets and the stream still completes.
/// Needs root and /dev/net/tun (skipped otherwise); a few seconds in all.
final class LinkEmulatorTests: XCTestCase {
    private var temp: TemporaryDirectory!

    override func setUpWithError() throws {
        guard getuid() == 0, FileManager.default.fileExists(atPath: "/dev/net/tun"),
              FileManager.default.isExecutableFile(atPath: "/usr/sbin/ip") || FileManager.default.isExecutableFile(atPath: "/sbin/ip"),
              FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") else {
            throw XCTSkip("the packet-level link needs root, /dev/net/tun, ip (iproute2) and python3")
        }
        temp = TemporaryDirectory("carnet-link-emulator")
    }

    override func tearDown() { temp = nil }

    /// The emulator, running until `body` returns; its final stats.
    private func withLink(_ options: [String], _ body: (_ office: String, _ hub: String, _ control: String) throws -> Void) throws -> [String: Any] {
        let tag = "\(getpid())-\(UUID().uuidString.prefix(4))"
        let office = "carnet-t-office-\(tag)", hub = "carnet-t-hub-\(tag)"
        let stats = temp.path + "/stats-\(tag).json", ready = temp.path + "/ready-\(tag)", control = temp.path + "/control-\(tag)"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [RepositoryPaths.root().appendingPathComponent("Tests/link-emulator.py").path,
                             "--office", office, "--hub", hub, "--office-ip", "10.231.7.1", "--hub-ip", "10.231.7.2",
                             "--stats", stats, "--ready", ready, "--control", control, "--seed", "19"] + options
        let log = Pipe()
        process.standardError = log
        process.standardOutput = log
        try process.run()
        defer {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }
        for _ in 0..<100 where !FileManager.default.fileExists(atPath: ready) && process.isRunning { usleep(50_000) }
        guard FileManager.default.fileExists(atPath: ready) else {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
            throw SetupFailure("the link emulator did not start: " + String(decoding: log.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
        }
        try body(office, hub, control)
        usleep(300_000)  // the emulator rewrites its stats every 0.1 s
        process.terminate()
        process.waitUntilExit()
        XCTAssertFalse(try Shell.run(["ip", "netns", "list"]).stdout.contains(tag), "the namespaces are removed on exit")
        let data = try XCTUnwrap(FileManager.default.contents(atPath: stats))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Sends `bytes` random bytes from the office to a listener in the hub's namespace, which
    /// answers their SHA-256; prints "sha-matches connect-seconds total-seconds".
    private func stream(_ bytes: Int, office: String, hub: String, during: String = "") throws -> [String] {
        let server = """
        import hashlib, socket
        s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("10.231.7.2", 7019)); s.listen(1)
        c, _ = s.accept(); h = hashlib.sha256()
        while True:
            d = c.recv(65536)
            if not d: break
            h.update(d)
        c.sendall(h.hexdigest().encode()); c.close()
        """
        let client = """
        import hashlib, os, socket, time
        data = os.urandom(\(bytes))
        for _ in range(100):
            try:
                start = time.time(); c = socket.create_connection(("10.231.7.2", 7019), timeout=60); connected = time.time(); break
            except OSError:
                time.sleep(0.05)
        c.sendall(data); c.shutdown(socket.SHUT_WR)
        answer = b""
        while True:
            d = c.recv(100)
            if not d: break
            answer += d
        print(answer.decode() == hashlib.sha256(data).hexdigest(), round(connected - start, 3), round(time.time() - start, 3))
        """
        let script = """
        ip netns exec \(hub) python3 -c '\(server)' & server=$!
        \(during)
        ip netns exec \(office) python3 -c '\(client)'
        wait $server
        """
        let result = try Shell.run(["bash", "-c", script])
        XCTAssertEqual(result.status, 0, result.stderr)
        return result.stdout.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    func testLossIsTheShareAskedForAndTCPRecoversIt() throws {
        var outcome: [String] = []
        let stats = try withLink(["--rate", "250000", "--delay", "0.05", "--loss", "5", "--queue-ms", "5000"]) { office, hub, _ in
            outcome = try stream(400_000, office: office, hub: hub)
        }
        XCTAssertEqual(outcome.first, "True", "the stream crossed whole: \(outcome)")
        let packets = try XCTUnwrap(stats["packets"] as? Int), lost = try XCTUnwrap(stats["lost_random"] as? Int)
        // About 400 data packets and their ACKs: 5 % of them, within a wide binomial margin.
        XCTAssertGreaterThan(packets, 300)
        let share = Double(lost) / Double(packets)
        XCTAssertTrue((0.02...0.09).contains(share), "lost \(lost) of \(packets)")
        XCTAssertGreaterThan(stats["resent"] as? Int ?? 0, 0, "lost data segments were sent again by TCP")
        let connect = try XCTUnwrap(Double(outcome[1])), total = try XCTUnwrap(Double(outcome[2]))
        XCTAssertGreaterThanOrEqual(connect, 0.1, "a TCP handshake takes at least the round trip (2 × 50 ms)")
        XCTAssertGreaterThanOrEqual(total, 400_000 / 250_000, "no faster than the rate")
        XCTAssertGreaterThanOrEqual(stats["connections"] as? Int ?? 0, 1, "the connection was seen opening")
    }

    func testALosslessLinkLosesAndResendsNothing() throws {
        var outcome: [String] = []
        let stats = try withLink(["--rate", "0", "--delay", "0.01", "--loss", "0", "--queue-ms", "5000"]) { office, hub, _ in
            outcome = try stream(200_000, office: office, hub: hub)
        }
        XCTAssertEqual(outcome.first, "True")
        XCTAssertEqual(stats["lost_random"] as? Int, 0)
        XCTAssertEqual(stats["lost_queue"] as? Int, 0)
        XCTAssertEqual(stats["resent"] as? Int, 0)
        XCTAssertGreaterThan((stats["up"] as? Int ?? 0), 200_000, "the link counts what crossed, headers included")
    }

    /// The link goes down for a second in the middle: packets are dropped, the connection is not
    /// closed, and the stream completes once the link carries again.
    func testALinkThatGoesDownDropsPacketsAndTheStreamStillCompletes() throws {
        var outcome: [String] = []
        let stats = try withLink(["--rate", "100000", "--delay", "0.02"]) { office, hub, control in
            outcome = try stream(300_000, office: office, hub: hub,
                                 during: "(sleep 1; echo down >\(control); sleep 1; echo up >\(control)) &")
        }
        XCTAssertEqual(outcome.first, "True")
        XCTAssertGreaterThan(stats["lost_cut"] as? Int ?? 0, 0, "packets were dropped while the link was down")
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(Double(outcome[2])), 3.9, "3 s at the rate, and the second the link was down")
    }
}
