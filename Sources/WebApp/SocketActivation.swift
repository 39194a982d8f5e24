import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import Messages
import NIOCore
import NIOPosix
import Records

/// systemd socket activation (docs/WEB.md, "Part of the desktop"): systemd listens on
/// 127.0.0.1:PORT for the user and starts `carnet web` on the first connection, passing the
/// listening socket as file descriptor 3 (`LISTEN_FDS=1`, `LISTEN_PID` = this process).
///
/// Hummingbird 2.28's server binds only a host and port, a Unix socket path or an NWEndpoint:
/// it cannot take a socket already bound. So this file accepts on the inherited socket with
/// NIO's own `ServerBootstrap.bind(_ socket:)` and hands each connection to Hummingbird's
/// HTTP/1 channel with the same router, guard and pages as `buildApplication` — only the
/// accepting differs.
public enum SocketActivation {
    /// The socket systemd passed, when it passed exactly one to this process (else nil: serve as usual).
    public static func inheritedSocket(environment: [String: String] = ProcessInfo.processInfo.environment) -> Int32? {
        guard environment["LISTEN_FDS"] == "1", let pid = environment["LISTEN_PID"].flatMap(Int32.init), pid == getpid() else { return nil }
        let fd: Int32 = 3  // SD_LISTEN_FDS_START
        // Only a listening stream socket is served; anything else is not systemd's socket unit.
        var type: Int32 = 0, accepting: Int32 = 0
        var size = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &size) == 0, type == Int32(SOCK_STREAM.rawValue) else { return nil }
        size = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &size) == 0, accepting == 1 else { return nil }
        return fd
    }

    /// The address a socket is bound to, read from the socket itself (getsockname), as
    /// "127.0.0.1:8765" or "[::1]:8765", and whether it is loopback: judged before NIO wraps the
    /// socket, since refusing one NIO already wraps can trap as it closes (a NIOAsyncWriter
    /// deinited without finish(): exit 4 instead of 74, seen under load).
    static func boundAddress(_ fd: Int32) -> (text: String, loopback: Bool)? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let status = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard status == 0 else { return nil }
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        switch Int32(storage.ss_family) {
        case AF_INET:
            return withUnsafePointer(to: &storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { sin in
                    var address = sin.pointee.sin_addr
                    guard inet_ntop(AF_INET, &address, &text, socklen_t(text.count)) != nil else { return nil }
                    let ip = String(cString: text)
                    return ("\(ip):\(UInt16(bigEndian: sin.pointee.sin_port))", ip == "127.0.0.1")
                }
            }
        case AF_INET6:
            return withUnsafePointer(to: &storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { sin6 in
                    var address = sin6.pointee.sin6_addr
                    guard inet_ntop(AF_INET6, &address, &text, socklen_t(text.count)) != nil else { return nil }
                    let ip = String(cString: text)
                    return ("[\(ip)]:\(UInt16(bigEndian: sin6.pointee.sin6_port))", ip == "::1")
                }
            }
        default:
            return nil
        }
    }

    /// Whether the socket is bound to the loopback address: the app never serves another.
    static func isLoopback(_ address: SocketAddress?) -> Bool {
        guard let ip = address?.ipAddress else { return false }
        return ip == "127.0.0.1" || ip == "::1"
    }
}

public enum SocketActivationError: Error, CustomStringConvertible {
    case notLoopback(String)
    public var description: String {
        switch self {
        case .notLoopback(let address): return Catalogue.text("wpoc.socket.not-loopback", ["address": .text(address)])
        }
    }
}

/// Serves the copy at `root` on the listening socket `fd` until the socket closes (or the
/// process is stopped): the pages of `buildApplication`, behind the same guard.
public func serveInheritedSocket(
    _ fd: Int32, copy root: String, secret: String, language: String = Catalogue.language,
    sync: SyncPort = .none, today: @escaping @Sendable () -> PlanDate = { .today() },
    onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) async throws {
    // A socket unit could say ListenStream=8765 (every address): the guard's promise is loopback only.
    guard let address = SocketActivation.boundAddress(fd), address.loopback else {
        throw SocketActivationError.notLoopback(SocketActivation.boundAddress(fd)?.text ?? "?")
    }
    let (router, bound) = try makeRouter(copy: root, secret: secret, language: language, sync: sync, today: today)
    let responder = router.buildResponder()
    var logger = Logger(label: "carnet-web")
    logger.logLevel = .error
    let quiet = logger
    let http = HTTP1Channel(responder: { request, writer, channel in
        let context = BasicRequestContext(source: ApplicationRequestContextSource(channel: channel, logger: quiet))
        var response: Response
        do {
            response = try await responder.respond(to: request, context: context)
        } catch {
            response = Response(status: .internalServerError)
        }
        try await writer.write(response: response.head, body: response.body)
    })
    let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .childChannelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
        .bind(NIOBSDSocket.Handle(fd)) { channel in http.setup(channel: channel, logger: quiet) }
    try await server.executeThenClose { inbound in
        // A socket unit could say ListenStream=8765 (every address): the guard's promise is
        // loopback only. Refused inside executeThenClose: an async channel dropped without it
        // traps (NIOAsyncWriter deinited without finish()).
        guard SocketActivation.isLoopback(server.channel.localAddress) else {
            throw SocketActivationError.notLoopback(server.channel.localAddress?.description ?? "?")
        }
        let port = server.channel.localAddress?.port ?? 0
        bound.set(port)
        await onRunning(port)
        try await withThrowingDiscardingTaskGroup { group in
            for try await connection in inbound {
                group.addTask { await http.handle(value: connection, logger: quiet) }
            }
        }
    }
}
