import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The kernel's byte counters of TCP connections this process does not hold: OpenSSH's master
/// connection lives in another process (ssh, forked to the background), so TransferWatch cannot
/// read its TCP_INFO through a descriptor of ours. The kernel's socket diagnostics (netlink
/// NETLINK_SOCK_DIAG, what `ss -ti` reads; no privilege needed) give the same tcp_info for every
/// TCP socket. We keep the established ones of our own user to the hub's addresses and port.
///
/// Why link counters and not only the bytes crossing the child's pipes: ssh takes up to its
/// channel window (2 MiB) of a push from the pipe at once, then nothing crosses the pipe while
/// the link drains it — at 64 kbit/s that is minutes of a push that moves steadily. The link's
/// acknowledged bytes keep moving all along.
///
/// Another session of the same user to the same hub (another copy syncing at the same moment)
/// is counted too: its movement can only delay a stall's detection, never end a moving transfer.
struct LinkSockets {
    let port: UInt16
    /// The hub's addresses, as 16 bytes (IPv4 as the first 4).
    let addresses: [[UInt8]]

    /// Whether this process may ask the kernel (a sandbox such as systemd's RestrictAddressFamilies
    /// can forbid netlink): without it the watchdog could not tell a slow push from a stalled one
    /// over ssh, and libssh2's transport is used instead.
    static let available: Bool = {
        let fd = socket(AF_NETLINK, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 4)
        guard fd >= 0 else { return false }
        close(fd)
        return true
    }()

    init?(host: String, port: Int) {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0 else { return nil }
        defer { freeaddrinfo(list) }
        var found: [[UInt8]] = []
        var next = list
        while let info = next?.pointee {
            if info.ai_family == AF_INET, let address = info.ai_addr {
                address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                    var a = $0.pointee.sin_addr
                    found.append(withUnsafeBytes(of: &a) { [UInt8]($0) } + [UInt8](repeating: 0, count: 12))
                }
            } else if info.ai_family == AF_INET6, let address = info.ai_addr {
                address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                    var a = $0.pointee.sin6_addr
                    found.append(withUnsafeBytes(of: &a) { [UInt8]($0) })
                }
            }
            next = info.ai_next
        }
        guard !found.isEmpty, let port = UInt16(exactly: port) else { return nil }
        self.port = port
        self.addresses = found
    }

    /// Per socket inode: bytes received and bytes sent and acknowledged (the SYN left out).
    func counts() -> [UInt32: (received: UInt64, sent: UInt64)] {
        var result: [UInt32: (UInt64, UInt64)] = [:]
        for family in [AF_INET, AF_INET6] { dump(family: UInt8(family), into: &result) }
        return result
    }

    private func dump(family: UInt8, into result: inout [UInt32: (UInt64, UInt64)]) {
        let fd = socket(AF_NETLINK, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 4 /* NETLINK_SOCK_DIAG */)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        // nlmsghdr (16 bytes) + inet_diag_req_v2 (56 bytes).
        var request = [UInt8](repeating: 0, count: 72)
        func put32(_ value: UInt32, _ at: Int) { withUnsafeBytes(of: value) { request.replaceSubrange(at..<at + 4, with: $0) } }
        func put16(_ value: UInt16, _ at: Int) { withUnsafeBytes(of: value) { request.replaceSubrange(at..<at + 2, with: $0) } }
        put32(72, 0)
        put16(20, 4)                        // SOCK_DIAG_BY_FAMILY
        put16(0x1 | 0x300, 6)               // NLM_F_REQUEST | NLM_F_DUMP
        put32(1, 8)
        request[16] = family
        request[17] = UInt8(IPPROTO_TCP)
        request[18] = 1 << (2 - 1)          // INET_DIAG_INFO: tcp_info
        put32(1 << 1, 20)                   // TCP_ESTABLISHED only
        // No address: a netlink socket sends to the kernel by default.
        let sent = request.withUnsafeBytes { raw in Glibc.send(fd, raw.baseAddress, raw.count, 0) }
        guard sent == request.count else { return }
        let uid = getuid()
        var buffer = [UInt8](repeating: 0, count: 32 * 1024)
        while true {
            let length = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard length > 0 else { return }
            var offset = 0
            while offset + 16 <= length {
                let messageLength = Int(read32(buffer, offset))
                let type = read16(buffer, offset + 4)
                guard messageLength >= 16, offset + messageLength <= length else { return }
                if type == 3 /* NLMSG_DONE */ || type == 2 /* NLMSG_ERROR */ { return }
                parse(buffer, body: offset + 16, end: offset + messageLength, uid: uid, into: &result)
                offset += (messageLength + 3) & ~3
            }
        }
    }

    /// One inet_diag_msg (72 bytes) and its attributes.
    private func parse(_ b: [UInt8], body: Int, end: Int, uid: uid_t, into result: inout [UInt32: (UInt64, UInt64)]) {
        guard end - body >= 72 else { return }
        let dport = UInt16(b[body + 6]) << 8 | UInt16(b[body + 7])
        let destination = Array(b[(body + 24)..<(body + 40)])
        let family = b[body]
        let compared = family == UInt8(AF_INET) ? Array(destination.prefix(4)) + [UInt8](repeating: 0, count: 12) : destination
        guard dport == port, read32(b, body + 64) == uid, addresses.contains(compared) else { return }
        let inode = read32(b, body + 68)
        var at = body + 72
        while at + 4 <= end {
            let attributeLength = Int(read16(b, at)), attributeType = read16(b, at + 2)
            guard attributeLength >= 4, at + attributeLength <= end else { return }
            if attributeType == 2 /* INET_DIAG_INFO */, attributeLength - 4 >= 136 {
                let info = at + 4
                let acked = read64(b, info + 120)
                result[inode] = (read64(b, info + 128), acked > 0 ? acked - 1 : 0)
            }
            at += (attributeLength + 3) & ~3
        }
    }

    private func read16(_ b: [UInt8], _ at: Int) -> UInt16 { b.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: at, as: UInt16.self) } }
    private func read32(_ b: [UInt8], _ at: Int) -> UInt32 { b.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: at, as: UInt32.self) } }
    private func read64(_ b: [UInt8], _ at: Int) -> UInt64 { b.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: at, as: UInt64.self) } }
}
