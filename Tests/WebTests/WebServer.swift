import Foundation
import TestSupport
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// `carnet web --no-open` running for real on a free port of 127.0.0.1, in temporary folders
/// (its secret under a temporary XDG_CONFIG_HOME), stopped at the end of the test.
final class WebServer {
    let process = Process()
    let port: Int
    let secret: String
    let address: String
    let config: String
    /// The session cookie (`carnet-web-PORT=…`) the server gave for the secret.
    private(set) var cookie = ""

    /// `arguments`: another command that ends serving the app (`carnet demo --web`).
    init(plan: String, home: String, language: String = "en", today: String = "2026-11-27", arguments: [String]? = nil) throws {
        config = home + "/config"
        process.executableURL = URL(fileURLWithPath: RepositoryPaths.carnetBinary)
        process.arguments = arguments ?? ["web", "-C", plan, "--no-open"]
        process.environment = [
            "HOME": home, "XDG_CONFIG_HOME": config, "GIT_CONFIG_NOSYSTEM": "1", "CARNET_LANG": language,
            "CARNET_TODAY": today, "PATH": "/usr/bin:/bin",
            "CARNET_SAMPLES": RepositoryPaths.root().appendingPathComponent("Samples").path,
        ]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The address line: "  http://127.0.0.1:PORT/?secret=HEX".
        var text = ""
        let deadline = Date().addingTimeInterval(arguments == nil ? 60 : 600)
        while !text.contains("secret=") || !text.hasSuffix("\n") {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty || Date() > deadline { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard let line = text.split(separator: "\n").first(where: { $0.contains("http://127.0.0.1:") }),
              let range = line.range(of: "http://127.0.0.1:") else {
            process.terminate()
            throw WebTestError("carnet web printed no address: \(text)")
        }
        address = line[range.lowerBound...].trimmingCharacters(in: .whitespaces)
        let rest = address.dropFirst("http://127.0.0.1:".count)
        port = Int(rest.prefix { $0.isNumber })!
        secret = String(address[address.range(of: "secret=")!.upperBound...])
        let exchange = try HTTPAnswer.send(port: port, "GET /?secret=\(secret) HTTP/1.1", headers: ["Host": "127.0.0.1:\(port)"])
        guard let set = exchange.header("Set-Cookie") else { throw WebTestError("no cookie for the secret: \(exchange.status)") }
        cookie = String(set.prefix { $0 != ";" })
    }

    func stop() {
        if process.isRunning {
            process.interrupt()
            process.waitUntilExit()
        }
    }

    deinit { stop() }

    var host: String { "127.0.0.1:\(port)" }
    var origin: String { "http://127.0.0.1:\(port)" }
    var cookieName: String { "carnet-web-\(port)" }

    /// A GET with the cookie, from this server's own host.
    func get(_ path: String, headers: [String: String] = [:]) throws -> HTTPAnswer {
        var all = ["Host": host, "Cookie": cookie]
        for (k, v) in headers { all[k] = v }
        return try HTTPAnswer.send(port: port, "GET \(path) HTTP/1.1", headers: all)
    }

    /// A form POST as a page of this server sends it: cookie, Origin, the form's CSRF token.
    func post(_ path: String, _ fields: [(String, String)], headers: [String: String] = [:]) throws -> HTTPAnswer {
        let body = fields.map { "\(WebServer.encode($0.0))=\(WebServer.encode($0.1))" }.joined(separator: "&")
        var all = ["Host": host, "Cookie": cookie, "Origin": origin, "Content-Type": "application/x-www-form-urlencoded"]
        for (k, v) in headers { all[k] = v }
        return try HTTPAnswer.send(port: port, "POST \(path) HTTP/1.1", headers: all, body: Array(body.utf8))
    }

    /// A multipart form POST (a document upload) as a page of this server sends it.
    func postMultipart(_ path: String, _ fields: [(String, String)], file: (filename: String, bytes: [UInt8])?,
                       headers: [String: String] = [:]) throws -> HTTPAnswer {
        let boundary = "----carnettest7d1f"
        var body: [UInt8] = []
        for (name, value) in fields {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        if let file {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(file.filename)\"\r\nContent-Type: application/pdf\r\n\r\n".utf8)
            body += file.bytes + Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        var all = ["Host": host, "Cookie": cookie, "Origin": origin, "Content-Type": "multipart/form-data; boundary=\(boundary)"]
        for (k, v) in headers { all[k] = v }
        return try HTTPAnswer.send(port: port, "POST \(path) HTTP/1.1", headers: all, body: body)
    }

    static func encode(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed)!
    }
}

struct WebTestError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// An HTTP/1.1 exchange over a raw socket: the test writes every header itself (a browser or
/// URLSession would fix Host and Origin), and reads the answer until the server closes.
struct HTTPAnswer {
    var status: Int
    var headers: [(String, String)]
    var body: String

    func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
    func headers(_ name: String) -> [String] { headers.filter { $0.0.lowercased() == name.lowercased() }.map(\.1) }

    static func send(port: Int, address: String = "127.0.0.1", _ requestLine: String, headers: [String: String], body: [UInt8] = []) throws -> HTTPAnswer {
        var text = requestLine + "\r\n"
        for (k, v) in headers.sorted(by: { $0.key < $1.key }) { text += "\(k): \(v)\r\n" }
        text += "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        let raw = try exchange(port: port, address: address, Array(text.utf8) + body)
        return try parse(raw)
    }

    static func exchange(port: Int, address: String = "127.0.0.1", _ bytes: [UInt8]) throws -> [UInt8] {
        let fd = try connectTo(address, port)
        defer { close(fd) }
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { break }  // the server may answer and close before reading everything
            sent += n
        }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            out += buffer[0..<n]
        }
        return out
    }

    /// A TCP connection to `address` (IPv4 or IPv6), or an error with errno's name.
    static func connectTo(_ address: String, _ port: Int) throws -> Int32 {
        if address.contains(":") {
            var sa = sockaddr_in6()
            sa.sin6_family = sa_family_t(AF_INET6)
            sa.sin6_port = in_port_t(UInt16(port).bigEndian)
            inet_pton(AF_INET6, address, &sa.sin6_addr)
            let fd = socket(AF_INET6, Int32(SOCK_STREAM.rawValue), 0)
            let r = withUnsafePointer(to: &sa) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) } }
            guard r == 0 else { let e = errno; close(fd); throw ConnectError(code: e) }
            return fd
        }
        var sa = sockaddr_in()
        sa.sin_family = sa_family_t(AF_INET)
        sa.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, address, &sa.sin_addr)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let r = withUnsafePointer(to: &sa) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard r == 0 else { let e = errno; close(fd); throw ConnectError(code: e) }
        return fd
    }

    static func parse(_ raw: [UInt8]) throws -> HTTPAnswer {
        let text = String(decoding: raw, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { throw WebTestError("no HTTP answer: \(text)") }
        let head = text[..<split.lowerBound].components(separatedBy: "\r\n")
        let status = Int(head[0].split(separator: " ")[1])!
        let headers = head.dropFirst().map { line -> (String, String) in
            let parts = line.split(separator: ":", maxSplits: 1)
            return (String(parts[0]), parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : "")
        }
        var body = String(text[split.upperBound...])
        if headers.contains(where: { $0.0.lowercased() == "transfer-encoding" && $0.1.lowercased() == "chunked" }) {
            body = dechunk(body)
        }
        return HTTPAnswer(status: status, headers: headers, body: body)
    }

    static func dechunk(_ s: String) -> String {
        var bytes = Array(s.utf8)[...]
        var out: [UInt8] = []
        while let lineEnd = bytes.firstIndex(of: 0x0D) {
            let size = Int(String(decoding: bytes[bytes.startIndex..<lineEnd], as: UTF8.self), radix: 16) ?? 0
            if size == 0 { break }
            let start = lineEnd + 2
            out += bytes[start..<min(start + size, bytes.endIndex)]
            bytes = bytes[min(start + size + 2, bytes.endIndex)...]
        }
        return String(decoding: out, as: UTF8.self)
    }
}

struct ConnectError: Error { var code: Int32 }

/// A hidden field's value in a page: `<input type="hidden" name="NAME" value="…"/>`.
func hiddenValue(_ name: String, in page: String, after marker: String? = nil) -> String? {
    var text = Substring(page)
    if let marker, let r = page.range(of: marker) { text = page[r.upperBound...] }
    guard let r = text.range(of: "name=\"\(name)\" value=\"") else { return nil }
    return String(text[r.upperBound...].prefix { $0 != "\"" })
}
