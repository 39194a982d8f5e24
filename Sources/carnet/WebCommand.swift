import ArgumentParser
import Daemon
import Foundation
import Git
import Hub
import Messages
import Sync
import WebApp
import Workspace

/// `carnet web [-C PLAN] [--port N] [--no-open]`: the copy in the browser, served on 127.0.0.1
/// only, to whoever holds this installation's secret (docs/WEB.md).
struct WebCommand: AsyncParsableCommand {
    static let configuration: CommandConfiguration = {
        CommandConfiguration(commandName: "web", abstract: Catalogue.text("help.web.abstract"),
                             discussion: Catalogue.text("help.web.discussion"))
    }()

    @OptionGroup var repository: RepositoryOptions
    @Option(help: ArgumentHelp(Catalogue.text("help.web.port"), valueName: Catalogue.text("help.value.port"))) var port: Int = 0
    @Flag(name: .customLong("no-open"), help: ArgumentHelp(Catalogue.text("help.web.no-open"))) var noOpen = false
    @Flag(name: .customLong("open-only"), help: ArgumentHelp(Catalogue.text("wpoc.help.open-only"))) var openOnly = false
    @OptionGroup var language: MessagesLanguageOption

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError(Catalogue.text("web.cli.port-range")) }
        if openOnly && port == 0 { throw ValidationError(Catalogue.text("wpoc.cli.open-only-port")) }
    }

    func run() async throws {
        // Its history pages read this copy's own objects: no second hash of each (ObjectReading).
        ObjectReading.trustOwnObjects()
        let copy = try repository.open()
        let secret: String
        do { secret = try WebSecret.loadOrCreate() } catch {
            Console.error(Catalogue.text("web.cli.secret-failed", ["reason": .text("\(error)")]))
            throw ExitCode(74)
        }
        let root = copy.root.path
        let noOpen = noOpen
        if openOnly {
            // The desktop launcher: the app listens (or systemd does, for it) on --port; only the
            // browser is opened, through the private page, so the key is on no command line.
            let address = "http://127.0.0.1:\(port)/?secret=\(secret)"
            if !WebSync.openBrowser(address) {
                Console.line(Catalogue.text("web.cli.open"))
                Console.line("  " + address)
            }
            return
        }
        if let socket = SocketActivation.inheritedSocket() {
            // Started by systemd's socket unit (docs/WEB.md): serve on its socket, open nothing.
            do {
                try await serveInheritedSocket(socket, copy: root, secret: secret, sync: WebSync.port(root: root), onRunning: { port in
                    Console.line(Catalogue.text("wpoc.socket.serving", ["port": .text(String(port))]))
                    fflush(nil)
                })
            } catch {
                Console.error(Catalogue.text("web.cli.cannot-serve", ["port": .text("LISTEN_FDS"), "reason": .text("\(error)")]))
                throw ExitCode(74)
            }
            return
        }
        let app = try Failure.guarded(root: copy.root) {
            try buildApplication(copy: root, secret: secret, port: port, sync: WebSync.port(root: root), onRunning: { port in
                let address = "http://127.0.0.1:\(port)/?secret=\(secret)"
                if noOpen || !WebSync.openBrowser(address) {
                    Console.line(Catalogue.text("web.cli.open"))
                } else {
                    Console.line(Catalogue.text("web.cli.opening"))
                }
                Console.line("  " + address)
                Console.line(Catalogue.text("web.cli.stop"))
                fflush(nil)
            })
        }
        do {
            try await app.runService()
        } catch {
            // The port taken by another program is the usual reason.
            Console.error(Catalogue.text(port == 0 ? "web.cli.cannot-serve" : "web.cli.port-taken",
                                         ["port": .text(String(port)), "reason": .text("\(error)")]))
            throw ExitCode(74)
        }
    }
}

/// The Sync page's view of this copy, and its "sync now": the same records and engine as
/// `carnet status` and `carnet sync` (the last-sync record is written the same way).
enum WebSync {
    static func port(root: String) -> SyncPort {
        SyncPort(read: { view(root) }, syncNow: {
            runChild(["sync", "-C", root])
            return view(root)
        }, rescue: {
            runChild(["rescue", "-C", root])
            return view(root)
        }, askHub: {
            askHub(root)
        })
    }

    /// `carnet hub status` in the copy, as its own process for the same reason as a sync: it
    /// fetches what the hub knows into the copy. nil when it did; else what it said was wrong.
    static func askHub(_ root: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: HubSetup.currentExecutable)
        process.arguments = ["hub", "status", "--json"]
        process.currentDirectoryURL = URL(fileURLWithPath: root)
        var environment = ProcessInfo.processInfo.environment
        environment["CARNET_LANG"] = Catalogue.language
        process.environment = environment
        let errors = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        do {
            try process.run()
        } catch {
            return Catalogue.text("web.problem.unexpected")
        }
        // At most what a message needs: a hostile hub's words are not kept whole.
        let said = errors.fileHandleForReading.readDataToEndOfFile().prefix(4096)
        process.waitUntilExit()
        guard process.terminationStatus != 0 else { return nil }
        let text = String(decoding: said, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? Catalogue.text("web.problem.unexpected") : text
    }

    /// A sync runs as its own carnet process (it saves its outcome for `view`, as from the
    /// terminal): the transfer watch shuts down the sockets its process opened when a transfer
    /// stalls, and in this process those would include the browser's connections.
    static func runChild(_ arguments: [String]) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: HubSetup.currentExecutable)
        process.arguments = arguments + ["--json"]
        var environment = ProcessInfo.processInfo.environment
        environment["CARNET_LANG"] = Catalogue.language
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
            process.waitUntilExit()
        } catch {
            // Nothing ran: the sync page shows the last outcome, unchanged.
        }
    }

    static func view(_ root: String) -> SyncView {
        guard let copy = try? WorkingCopy(at: root) else {
            return SyncView(hub: nil, commitsWaiting: 0, lastAt: nil, lastExitCode: nil, lastSummary: nil, refused: false, daemonRunning: false)
        }
        let status = SyncStatus.read(copy)
        let last = LastSync.load(copy.gitDirectory)
        let daemon = DaemonState.load(from: DaemonState.file(inGitDirectory: URL(fileURLWithPath: copy.gitDirectory))).map(DaemonStatus.init)
        return SyncView(hub: status?.hub, commitsWaiting: status?.commitsNotOnHub ?? 0, lastAt: last?.at, lastExitCode: last?.exitCode,
                        lastSummary: last?.summary, refused: status?.sendState == SyncStatus.refusedState,
                        daemonRunning: daemon?.running ?? false)
    }

    /// Opens the address with xdg-open when there is one; false when there is none. The address
    /// holds the secret, and a command line is visible to every user of the machine (`ps`): the
    /// browser is given a page only we can read (0600, beside the secret) that sends it on.
    static func openBrowser(_ address: String) -> Bool {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .map { "\($0)/xdg-open" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let path else { return false }
        let page = (WebSecret.defaultPath() as NSString).deletingLastPathComponent + "/open.html"
        let html = "<!DOCTYPE html><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"0;url=\(address)\"><title>Carnet</title><a href=\"\(address)\">Carnet</a>\n"
        unlink(page)
        let fd = open(page, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { return false }
        let bytes = Array(html.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        guard written == bytes.count else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = [page]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return false }
        return true
    }
}
