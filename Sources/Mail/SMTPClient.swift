import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Delivers messages to an SMTP server (RFC 5321) on this machine.
///
/// A server that offers STARTTLS (RFC 3207) is spoken to inside TLS (TLSSession: OpenSSL, the
/// certificate verified against the system's authorities or a private CA file, and the host's
/// name). Without TLS only a loopback address is used: a message given in clear to another machine
/// could be read or changed on the way (the machine's own MTA relays further). A server on another
/// machine is used only when TLS is required (`Security.requireTLS`), and credentials (AUTH
/// PLAIN) are sent only inside TLS, never in clear, even on loopback.
///
/// Why blocking POSIX sockets rather than SwiftNIO: this is one short conversation of a few
/// lines, in order, from a command that runs once and exits; an event loop, a channel pipeline
/// and a line decoder would be more code than the protocol itself. Every read and write has a
/// time limit (SO_RCVTIMEO, SO_SNDTIMEO), and every reply is bounded in size.
public final class SMTPClient {
    public struct Server: Sendable, Equatable {
        public var host: String
        public var port: Int

        /// `HOST:PORT`, `HOST` (port 25), `[::1]:PORT`; nil for anything else.
        public init?(_ text: String) {
            var host = text, port = 25
            if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
                host = String(text[text.index(after: text.startIndex)..<close])
                let rest = text[text.index(after: close)...]
                if !rest.isEmpty {
                    guard rest.hasPrefix(":"), let p = Int(rest.dropFirst()) else { return nil }
                    port = p
                }
            } else if let colon = text.lastIndex(of: ":") {
                host = String(text[..<colon])
                guard let p = Int(text[text.index(after: colon)...]) else { return nil }
                port = p
            }
            guard !host.isEmpty, (1...65535).contains(port),
                  host.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || ".-:".unicodeScalars.contains($0)) })
            else { return nil }
            self.host = host
            self.port = port
        }
    }

    /// How the conversation is protected (docs/REMINDERS.md, "Sending").
    public struct Security: Sendable, Equatable {
        /// TLS is required: a server that does not offer STARTTLS is refused; a server on another
        /// machine is used only then.
        public var requireTLS = false
        /// The certificate authorities to trust instead of the system's (a PEM file: a private CA).
        public var caFile: String?
        /// AUTH PLAIN, inside TLS only.
        public var user: String?
        public var password: String?
        public init() {}
    }

    public enum Failure: Error, Equatable, Sendable {
        /// The host is not this machine (plain SMTP stays on loopback).
        case notLoopback(String)
        /// No connection could be made: why, in the person's words (MailWords).
        case unreachable(String)
        /// The server answered with an error at a step (MAIL, RCPT, DATA…, or its greeting in words): its code and words.
        case refused(step: String, reply: String)
        /// The server said nothing, or something that is not SMTP, in time: why, in words (MailWords).
        case broken(String)
        /// TLS is required (a server elsewhere, credentials to send) and the server does not offer STARTTLS.
        case noTLS(String)
        /// The TLS handshake failed (an untrusted certificate, another host's…), or the CA file is
        /// unreadable: why, in words (MailWords).
        case tls(String)
    }

    public static let timeoutSeconds = 30
    static let maxReplyBytes = 64 * 1024

    /// The connection's descriptor; -1 once closed. Closed exactly once (hangUp): a second
    /// close(2) of the same number could close a descriptor another thread has opened since.
    private var socket: Int32
    private var buffer: [UInt8] = []
    /// Set once STARTTLS succeeded: every byte then goes through it.
    private var tls: TLSSession?
    /// Whether the conversation is inside TLS.
    public var isEncrypted: Bool { tls != nil }

    /// Connects and greets (EHLO, else HELO); upgrades to TLS when the server offers it; logs in
    /// when `security` has credentials.
    public init(server: Server, security: Security = Security()) throws {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(server.host, String(server.port), &hints, &list)
        guard status == 0, let first = list else { throw Failure.unreachable(MailWords.lookup(status)) }
        defer { freeaddrinfo(list) }
        var addresses: [UnsafeMutablePointer<addrinfo>] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            addresses.append(entry)
            cursor = entry.pointee.ai_next
        }
        guard security.requireTLS || addresses.allSatisfy(Self.isLoopback) else { throw Failure.notLoopback(server.host) }
        var connected: Int32 = -1
        var lastError = MailWords.system(ENETUNREACH)
        for entry in addresses {
            let fd = Glibc.socket(entry.pointee.ai_family, entry.pointee.ai_socktype, entry.pointee.ai_protocol)
            guard fd >= 0 else { continue }
            var limit = timeval(tv_sec: Self.timeoutSeconds, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
            if connect(fd, entry.pointee.ai_addr, entry.pointee.ai_addrlen) == 0 { connected = fd; break }
            lastError = MailWords.system(errno)
            close(fd)
        }
        guard connected >= 0 else { throw Failure.unreachable(lastError) }
        socket = connected
        do {
            _ = try expect(220, step: MailWords.greeting)
            var capabilities: [String] = []
            do { capabilities = try extensions(command("EHLO localhost", expect: 250)) } catch Failure.refused { _ = try command("HELO localhost", expect: 250) }
            if capabilities.contains("STARTTLS") {
                _ = try command("STARTTLS", expect: 220)
                // Anything the server sent after its 220 would be taken as said inside TLS (a
                // known injection, CVE-2011-0411): there must be nothing.
                guard buffer.isEmpty else { throw Failure.broken(MailWords.dataAfterStartTLS) }
                do { tls = try TLSSession(socket: socket, host: server.host, caFile: security.caFile) }
                catch TLSSession.Failure.handshake(let why) { throw Failure.tls(why) }
                catch TLSSession.Failure.caFile(let why) { throw Failure.tls(why) }
                capabilities = try extensions(command("EHLO localhost", expect: 250))
            } else if security.requireTLS || security.user != nil {
                throw Failure.noTLS(server.host)
            }
            if let user = security.user {
                guard tls != nil else { throw Failure.noTLS(server.host) }
                let secret = Data(([0] + Array(user.utf8) + [0] + Array((security.password ?? "").utf8))).base64EncodedString()
                // The credentials never reach an error message: the step is named, not the line.
                try write(Array("AUTH PLAIN \(secret)\r\n".utf8))
                _ = try expect(235, step: "AUTH")
            }
        } catch {
            // deinit runs too (the object was whole when the error came): it finds it closed.
            hangUp()
            throw error
        }
    }

    /// Ends TLS (its close_notify goes out on the socket first), then closes the socket, once.
    private func hangUp() {
        tls = nil
        guard socket >= 0 else { return }
        close(socket)
        socket = -1
    }

    /// The extensions an EHLO reply lists (`250-STARTTLS / 250 AUTH PLAIN` → ["STARTTLS", "AUTH"]), upper-cased.
    private func extensions(_ reply: String) -> [String] {
        reply.components(separatedBy: " / ").dropFirst().map { line in
            String(line.dropFirst(4).prefix { $0 != " " }).uppercased()
        }
    }

    deinit { hangUp() }

    /// Sends one message to one recipient. `message`: lines ended by CRLF (MailMessage).
    public func send(_ message: [UInt8], from: String, to: String) throws {
        _ = try command("MAIL FROM:<\(from)>", expect: 250)
        _ = try command("RCPT TO:<\(to)>", expect: 250, alsoAccept: [251])
        _ = try command("DATA", expect: 354)
        // Dot-stuffing (RFC 5321 §4.5.2): a line starting with "." gets another.
        var data: [UInt8] = []
        data.reserveCapacity(message.count + 64)
        var lineStart = true
        for byte in message {
            if lineStart && byte == UInt8(ascii: ".") { data.append(byte) }
            data.append(byte)
            lineStart = byte == UInt8(ascii: "\n")
        }
        if !lineStart { data += Array("\r\n".utf8) }
        data += Array(".\r\n".utf8)
        try write(data)
        _ = try expect(250, step: "DATA")
    }

    /// Says goodbye; the server's answer does not matter any more.
    public func quit() { _ = try? command("QUIT", expect: 221) }

    // MARK: The conversation

    private func command(_ line: String, expect code: Int, alsoAccept: [Int] = []) throws -> String {
        try write(Array((line + "\r\n").utf8))
        return try expect(code, step: String(line.prefix { $0 != " " && $0 != ":" }), alsoAccept: alsoAccept)
    }

    private func expect(_ code: Int, step: String, alsoAccept: [Int] = []) throws -> String {
        let reply = try readReply()
        guard let got = Int(reply.prefix(3)) else { throw Failure.broken(MailWords.notSMTP(step: step)) }
        guard got == code || alsoAccept.contains(got) else { throw Failure.refused(step: MailWords.step(step), reply: Self.visible(reply)) }
        return reply
    }

    /// One reply, over as many lines as it has (`250-…` continues, `250 …` ends).
    private func readReply() throws -> String {
        var lines: [String] = []
        while true {
            let line = try readLine()
            lines.append(line)
            let bytes = Array(line.utf8)
            if bytes.count < 4 || bytes[3] != UInt8(ascii: "-") { break }
        }
        return lines.joined(separator: " / ")
    }

    private func readLine() throws -> String {
        while true {
            if let end = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                var line = Array(buffer[..<end])
                buffer.removeSubrange(...end)
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                return String(decoding: line, as: UTF8.self)
            }
            guard buffer.count < Self.maxReplyBytes else { throw Failure.broken(MailWords.replyTooLong) }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let n = tls.map { $0.read(&chunk, count: chunk.count) } ?? read(socket, &chunk, chunk.count)
            guard n > 0 else { throw Failure.broken(n == 0 ? MailWords.closed : MailWords.system(errno)) }
            buffer += chunk[..<n]
        }
    }

    private func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = tls.map { $0.write(bytes[offset...]) } ?? bytes[offset...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw Failure.broken(MailWords.system(errno)) }
            offset += n
        }
    }

    /// A server's words as one safe line (they end up in a terminal).
    static func visible(_ text: String) -> String {
        String(text.unicodeScalars.map { $0.value >= 0x20 && $0.value < 0x7F ? Character($0) : "?" }.prefix(300))
    }

    static func isLoopback(_ entry: UnsafeMutablePointer<addrinfo>) -> Bool {
        guard let address = entry.pointee.ai_addr else { return false }
        switch Int32(address.pointee.sa_family) {
        case AF_INET:
            return address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt32(bigEndian: $0.pointee.sin_addr.s_addr) >> 24 == 127 }
        case AF_INET6:
            return address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                withUnsafeBytes(of: pointer.pointee.sin6_addr) { bytes in bytes.prefix(15).allSatisfy { $0 == 0 } && bytes[15] == 1 }
            }
        default:
            return false
        }
    }
}
