import Foundation
import Git
import HTTPTypes
import Hummingbird
import Logging
import Messages
import NIOCore
import Records
import Report
import Sync
import Workspace

/// How the Sync page reads and runs the sync: given by `carnet web`, which owns the last-sync
/// record and the daemon's state (`carnet sync --help`).
public struct SyncPort: Sendable {
    public var read: @Sendable () -> SyncView
    public var syncNow: @Sendable () -> SyncView
    /// `carnet rescue`: for a copy whose changes the hub refused.
    public var rescue: @Sendable () -> SyncView
    /// `carnet hub status`: fetches what the hub knows of every ministry into the copy (read
    /// then by HubStatusFromCopy.lastFetched); nil when it did, else what went wrong.
    public var askHub: @Sendable () -> String?

    public init(read: @escaping @Sendable () -> SyncView, syncNow: @escaping @Sendable () -> SyncView,
                rescue: @escaping @Sendable () -> SyncView, askHub: @escaping @Sendable () -> String? = { nil }) {
        self.read = read
        self.syncNow = syncNow
        self.rescue = rescue
        self.askHub = askHub
    }

    /// A copy with no hub: nothing to read, nothing to run.
    public static let none = SyncPort(
        read: { SyncView(hub: nil, commitsWaiting: 0, lastAt: nil, lastExitCode: nil, lastSummary: nil, refused: false, daemonRunning: false) },
        syncNow: { SyncView(hub: nil, commitsWaiting: 0, lastAt: nil, lastExitCode: 78, lastSummary: nil, refused: false, daemonRunning: false) },
        rescue: { SyncView(hub: nil, commitsWaiting: 0, lastAt: nil, lastExitCode: 78, lastSummary: nil, refused: false, daemonRunning: false) },
        askHub: { Catalogue.text("web.sync.no-hub") })
}

/// The app that `carnet web` runs, and tests run on a free port: the copy at `root` served on
/// 127.0.0.1 only, to whoever holds `secret` (docs/WEB.md). `onRunning` gets the port once bound.
public func buildApplication(
    copy root: String, secret: String, port: Int = 0, language: String = Catalogue.language,
    sync: SyncPort = .none, today: @escaping @Sendable () -> PlanDate = { .today() },
    onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) throws -> some ApplicationProtocol {
    let (router, bound) = try makeRouter(copy: root, secret: secret, language: language, sync: sync, today: today)
    let configuration = ApplicationConfiguration(address: .hostname("127.0.0.1", port: port), serverName: nil)
    var logger = Logger(label: "carnet-web")
    logger.logLevel = .error
    return Application(router: router, configuration: configuration, onServerRunning: { channel in
        let port = channel.localAddress?.port ?? 0
        bound.set(port)
        await onRunning(port)
    }, logger: logger)
}

/// Every page and its guard, for the copy at `root`: served by Hummingbird's own server
/// (buildApplication) or on a socket systemd passes (serveInheritedSocket); `BoundPort` is told
/// the port once known (the guard checks the Host against it).
func makeRouter(copy root: String, secret: String, language: String, sync: SyncPort,
                today: @escaping @Sendable () -> PlanDate) throws -> (Router<BasicRequestContext>, BoundPort) {
    let copy = try WorkingCopy(at: root)
    let desk = Desk(root: copy.root.path, language: language, csrf: WebSecret.fresh(), sync: sync, today: today)
    let bound = BoundPort()
    let router = Router(context: BasicRequestContext.self)
    router.add(middleware: WebGuard(secret: secret, session: WebSecret.fresh(), csrf: desk.csrf, port: bound, language: language))
    router.get("/style.css") { _, _ in
        var response = Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: WebStyle.css)))
        response.headers[.contentType] = "text/css; charset=utf-8"
        return response
    }
    router.add(middleware: ContactMenu(forContact: desk.isContactCopy))
    StaffRoutes.add(to: router, desk)
    ContactRoutes.add(to: router, desk)
    DefinitionRoutes.add(to: router, desk)
    return (router, bound)
}
