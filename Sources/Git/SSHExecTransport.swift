import CGit2
import Foundation
import Messages
#if canImport(Glibc)
import Glibc
#endif

/// libgit2's smart protocol over OpenSSH's own client (`/usr/bin/ssh`) with connection
/// multiplexing, instead of libssh2's new session per operation (11 round trips on a 300 ms link
/// before git says a word; a warm master costs a channel on it: about 2). The design of libgit2
/// 1.7's exec-based transport: a custom smart subtransport (rpc = 0) whose `action` runs `ssh …
/// git-upload-pack '<path>'` for the ref listing and keeps the same child for the pack that
/// follows. Written in Swift with C function pointers that do not capture: each callback finds
/// this object through the `owner` pointer of the structs declared in the CGit2 shim.
///
/// What the libssh2 path guarantees is kept, and sorted the same way (SSHStderr → TransportError):
/// the host key checked against TransportSettings.knownHostsFile only, never a prompt, the named
/// key only (or the agent), no user configuration file. Used for ssh:// and scp-like URLs when
/// /usr/bin/ssh exists and the kernel's socket diagnostics answer (LinkSockets), unless
/// CARNET_SSH_TRANSPORT=libssh2 (docs/SYNC.md).
final class SSHExecTransport {
    unowned let box: CallbackBox
    let command: SSHCommand
    private var child: SSHChild?
    private var program = ""
    private var stream: UnsafeMutablePointer<carnet_subtransport_stream>?
    private var failed = false

    init(box: CallbackBox, command: SSHCommand) {
        self.box = box
        self.command = command
    }

    /// The command for `url` when this transport serves it; nil: libgit2's own (https, paths, no
    /// ssh binary, an encrypted key with no agent to hold it, or asked for by the environment).
    /// Throws the refusal of a hostile URL.
    static func command(for url: String, settings: TransportSettings, endpoint: Endpoint,
                        environment: [String: String] = ProcessInfo.processInfo.environment) throws -> SSHCommand? {
        guard endpoint.scheme == .ssh, environment["CARNET_SSH_TRANSPORT"] != "libssh2",
              FileManager.default.isExecutableFile(atPath: SSHCommand.program), LinkSockets.available else { return nil }
        if let key = settings.identityFile, SSHKeyFile.isEncrypted(key), SSHKeyFile.agentSocket == nil {
            // BatchMode never asks for a passphrase; libssh2's path asks once at a terminal.
            return nil
        }
        var command: SSHCommand
        do {
            command = try SSHCommand(url: url, defaultUser: settings.username ?? "git",
                                     identityFile: settings.identityFile, knownHostsFile: settings.knownHostsFile)
        } catch SSHCommand.Refusal.optionLike(let word) {
            throw TransportError.hostKey(Catalogue.text("mux.url.option-like", ["word": .text(word), "url": .text(url)]))
        } catch SSHCommand.Refusal.controlCharacter {
            throw TransportError.hostKey(Catalogue.text("mux.url.control", ["url": .text(url)]))
        } catch {
            return nil
        }
        if let directory = SSHControl.directory(environment: environment) {
            let name = SSHControl.name(user: command.user, host: command.host, port: command.port,
                                       identityFile: command.identityFile, knownHosts: command.knownHosts,
                                       agentSocket: command.identityFile == nil ? SSHKeyFile.agentSocket : nil)
            command.controlPath = directory + "/" + name
        }
        return command
    }

    /// The environment of the child: ours, with ssh's words in English (they are sorted by text).
    static var childEnvironment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["LC_ALL"] = "C"
        environment["LANG"] = "C"
        environment.removeValue(forKey: "SSH_ASKPASS")
        environment.removeValue(forKey: "DISPLAY")
        return environment
    }

    // MARK: libgit2's entry points

    /// git_remote_callbacks.transport: a smart transport whose subtransport is this one.
    static let transportCallback: git_transport_cb = { out, owner, payload in
        var definition = git_smart_subtransport_definition()
        definition.rpc = 0
        definition.param = payload
        definition.callback = { out, owner, param in
            guard let out, let param else { return -1 }
            let box = Unmanaged<CallbackBox>.fromOpaque(param).takeUnretainedValue()
            guard let transport = box.sshTransport else { return -1 }
            let sub = UnsafeMutablePointer<carnet_subtransport>.allocate(capacity: 1)
            sub.initialize(to: carnet_subtransport())
            sub.pointee.owner = Unmanaged.passRetained(transport).toOpaque()
            sub.pointee.parent.action = { streamOut, sub, _, action in
                guard let streamOut, let sub else { return -1 }
                return SSHExecTransport.from(sub).action(streamOut, sub, action)
            }
            sub.pointee.parent.close = { sub in
                guard let sub else { return 0 }
                SSHExecTransport.from(sub).close()
                return 0
            }
            sub.pointee.parent.free = { sub in
                guard let sub else { return }
                let typed = UnsafeMutableRawPointer(sub).assumingMemoryBound(to: carnet_subtransport.self)
                Unmanaged<SSHExecTransport>.fromOpaque(typed.pointee.owner).release()
                typed.deinitialize(count: 1)
                typed.deallocate()
            }
            out.pointee = UnsafeMutableRawPointer(sub).assumingMemoryBound(to: git_smart_subtransport.self)
            return 0
        }
        return git_transport_smart(out, owner, &definition)
    }

    private static func from(_ sub: UnsafeMutablePointer<git_smart_subtransport>) -> SSHExecTransport {
        let typed = UnsafeMutableRawPointer(sub).assumingMemoryBound(to: carnet_subtransport.self)
        return Unmanaged<SSHExecTransport>.fromOpaque(typed.pointee.owner).takeUnretainedValue()
    }

    private static func from(stream: UnsafeMutablePointer<git_smart_subtransport_stream>) -> SSHExecTransport {
        let typed = UnsafeMutableRawPointer(stream).assumingMemoryBound(to: carnet_subtransport_stream.self)
        return Unmanaged<SSHExecTransport>.fromOpaque(typed.pointee.owner).takeUnretainedValue()
    }

    private func action(_ out: UnsafeMutablePointer<UnsafeMutablePointer<git_smart_subtransport_stream>?>,
                        _ sub: UnsafeMutablePointer<git_smart_subtransport>, _ action: git_smart_service_t) -> Int32 {
        switch action {
        case GIT_SERVICE_UPLOADPACK, GIT_SERVICE_RECEIVEPACK:
            // The pack goes over the child that listed the references (rpc = 0).
            guard let stream else {
                git_error_set_str(Int32(GIT_ERROR_NET.rawValue), "no ssh connection for the pack")
                return -1
            }
            out.pointee = UnsafeMutableRawPointer(stream).assumingMemoryBound(to: git_smart_subtransport_stream.self)
            return 0
        default:
            close()
            program = action == GIT_SERVICE_RECEIVEPACK_LS ? "git-receive-pack" : "git-upload-pack"
            do {
                try start()
            } catch {
                git_error_set_str(Int32(GIT_ERROR_OS.rawValue), "cannot run \(SSHCommand.program): \(error.localizedDescription)")
                return -1
            }
            let stream = UnsafeMutablePointer<carnet_subtransport_stream>.allocate(capacity: 1)
            stream.initialize(to: carnet_subtransport_stream())
            stream.pointee.owner = Unmanaged.passUnretained(self).toOpaque()
            stream.pointee.parent.subtransport = sub
            stream.pointee.parent.read = { stream, buffer, size, read in
                guard let stream, let buffer, let read else { return -1 }
                return SSHExecTransport.from(stream: stream).read(buffer, size, read)
            }
            stream.pointee.parent.write = { stream, buffer, length in
                guard let stream, let buffer else { return -1 }
                return SSHExecTransport.from(stream: stream).write(buffer, length)
            }
            stream.pointee.parent.free = { stream in
                guard let stream else { return }
                SSHExecTransport.from(stream: stream).endStream()
            }
            self.stream = stream
            out.pointee = UnsafeMutableRawPointer(stream).assumingMemoryBound(to: git_smart_subtransport_stream.self)
            return 0
        }
    }

    private func start() throws {
        failed = false
        // Fetches and pushes alike ride the master. sshd checks the key against authorized_keys
        // only when the master opens; `carnet hub serve` checks at every request that the plan
        // still lists the key (`--key` in each authorized_keys line), so a key removed from the
        // plan (a stolen laptop's, rotated) stops at once (JoinTests). A hub whose lines predate
        // `--key` does not check: the master's age bound limits what such a key can still do.
        Self.retireOldMaster(command)
        let child = try SSHChild(arguments: command.arguments(program), environment: Self.childEnvironment)
        self.child = child
        let watch = box.watch
        // The connection is the master's (another process): watch its counters on the link.
        if let sockets = LinkSockets(host: command.host, port: command.port ?? 22) { watch.watchLink(sockets) }
        let exitArguments = command.controlPath == nil ? nil : command.exitArguments()
        watch.onStall {
            child.kill()
            // A master stuck on a dead link would hold the next sync too: ask it to go.
            if let exitArguments, let stop = try? SSHChild(arguments: exitArguments, environment: Self.childEnvironment) {
                Thread.detachNewThread { stop.wait() }
            }
        }
    }

    /// A master reads with the key it was opened with for as long as it lives, whatever the hub's
    /// authorized_keys says since: one older than `SSHCommand.maxMasterAge` is asked to exit, so
    /// a removed key stops reading within that time even under a daemon that keeps it busy.
    private static func retireOldMaster(_ command: SSHCommand) {
        guard let path = command.controlPath else { return }
        var info = stat()
        guard lstat(path, &info) == 0,
              Date().timeIntervalSince1970 - TimeInterval(info.st_mtim.tv_sec) > SSHCommand.maxMasterAge,
              let stop = try? SSHChild(arguments: command.exitArguments(), environment: childEnvironment) else { return }
        stop.wait()
    }

    private func read(_ buffer: UnsafeMutablePointer<CChar>, _ size: Int, _ read: UnsafeMutablePointer<Int>) -> Int32 {
        read.pointee = 0
        guard let child else { return -1 }
        let n = child.receive(buffer, size)
        if n > 0 {
            box.watch.piped(received: n)
            read.pointee = n
            return 0
        }
        return childEnded(child)
    }

    private func write(_ buffer: UnsafePointer<CChar>, _ length: Int) -> Int32 {
        guard let child else { return -1 }
        let watch = box.watch
        if child.send(buffer, length, counted: { watch.piped(sent: $0) }) { return 0 }
        return childEnded(child)
    }

    /// The child closed its output or its input: a normal end (0 bytes, libgit2 decides whether
    /// it came early), or a failure sorted from what ssh said.
    private func childEnded(_ child: SSHChild) -> Int32 {
        child.closeInput()
        if child.succeeded || box.watch.stalled { return box.watch.stalled ? -1 : 0 }
        failed = true
        let text = child.stderrText
        let file = command.knownHostsFile
        let port = command.port ?? 22
        let name = port == 22 ? command.host : "[\(command.host)]:\(port)"
        let status = child.wait()
        // 255: ssh failed itself (host key, credentials, network); anything else is the hub's.
        let sshFailed = status & 0x7f == 0 && (status >> 8) & 0xff == 255
        switch sshFailed ? SSHStderr.classify(text) : SSHStderr.remote(text) {
        case .hostUnknown(let type, let fingerprint):
            guard let file else {
                return box.fail(TransportError.hostKey(Catalogue.text("git.host.not-in-home", ["name": .text(name)])))
            }
            return box.fail(TransportError.hostKey(Catalogue.text("git.host.unknown", [
                "name": .text(name), "type": .text(type), "fingerprint": .text(fingerprint), "file": .text(file),
                "command": .text("ssh-keyscan -p \(port) \(command.host) >> \(file)")])))
        case .hostChanged(let type, let fingerprint):
            return box.fail(TransportError.hostKey(Catalogue.text("git.host.changed", [
                "name": .text(name), "type": .text(type), "fingerprint": .text(fingerprint), "file": .text(command.knownHosts)])))
        case .hostRevoked:
            return box.fail(TransportError.hostKey(Catalogue.text("git.host.revoked", ["name": .text(name), "file": .text(command.knownHosts)])))
        case .hostOther:
            return box.fail(TransportError.hostKey(Catalogue.text("mux.host.failed", ["name": .text(name), "file": .text(command.knownHosts)])))
        case .keyTooOpen:
            let key = command.identityFile ?? "?"
            return box.fail(TransportError.authentication(Catalogue.text("mux.auth.key-open", ["path": .text(key)])))
        case .authentication:
            let what = command.identityFile.map { Catalogue.text("git.auth.the-key", ["path": .text($0)]) }
                ?? Catalogue.text("mux.auth.the-agent")
            return box.fail(TransportError.authentication(Catalogue.text("mux.auth.refused", [
                "what": .text(what), "user": .text(command.user)])))
        case .other(let said) where status & 0x7f == 0 && (status >> 8) & 0xff == 77:
            // `carnet hub serve` refused the request (exit 77, ssh passes the remote status on):
            // a key the plan no longer lists, a command it does not run. Its own words follow.
            let what = command.identityFile.map { Catalogue.text("git.auth.the-key", ["path": .text($0)]) }
                ?? Catalogue.text("mux.auth.the-agent")
            return box.fail(TransportError.authentication(Catalogue.text("mux.auth.refused", [
                "what": .text(what), "user": .text(command.user)]) + (said.isEmpty ? "" : "\n" + said)))
        case .other(let said):
            // Unreachable, or a lost link once the transfer had begun: CallbackBox.finish decides.
            git_error_set_str(Int32(GIT_ERROR_SSH.rawValue), said.isEmpty ? "ssh ended (status \(child.wait()))" : said)
            return -1
        }
    }

    /// libgit2 is done with the stream: the remote program's stdin ends. After a push we wait for
    /// ssh to end: the hub's post-receive (push log, authorized_keys) runs before it closes the
    /// channel, and leaving early could cut it. After a fetch libgit2 already holds all it asked
    /// for, and waiting would only buy the hub's exit status: one more round trip (0.3 s on an
    /// office link, issue 19). That child is reaped on a thread of its own. On a stall the child
    /// was killed and this returns at once.
    private func endStream() {
        if let child {
            child.closeInput()
            if program == "git-upload-pack", !failed, !box.watch.stalled {
                // Nothing watches it any more: a hub that never closes the channel would keep
                // the child (and this thread) for the life of the process. Ten seconds is many
                // round trips on the slowest link.
                DispatchQueue.global().asyncAfter(deadline: .now() + 10) { child.kill() }
                Thread.detachNewThread { child.wait() }
            } else {
                child.wait()
            }
        }
        child = nil
        if let stream {
            stream.deinitialize(count: 1)
            stream.deallocate()
        }
        stream = nil
    }

    private func close() {
        // The stream is freed by libgit2 before close, between actions; nothing else is held.
    }
}
