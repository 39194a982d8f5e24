import CGit2
import Foundation

/// The Swift side of one network operation's libgit2 callbacks. libgit2 takes C function
/// pointers, which cannot capture: every callback finds this box through the `payload` pointer,
/// passed unretained (the caller keeps the box alive across the C call). A Swift error cannot
/// cross C frames, so callbacks store it here and return GIT_EUSER; `finish` rethrows it.
final class CallbackBox {
    let settings: TransportSettings
    let endpoint: Endpoint
    let operation: String
    let watch: TransferWatch
    var error: Error?
    var credentialAttempts = 0
    /// The ssh-agent is offered once per operation (libgit2 asks again after a refusal).
    var triedAgent = false
    /// Set when the request goes through OpenSSH's client (SSHExecTransport), not libssh2.
    private(set) var sshTransport: SSHExecTransport?
    /// References the server refused, with its reason (push_update_reference).
    var rejections: [(ref: String, reason: String)] = []
    /// What the server printed on the side band ("remote: …"): hooks explain refusals there.
    var serverText = ""

    /// `total`: the bytes this operation is expected to move, when known (a push's new objects).
    init(settings: TransportSettings, url: String, operation: String, total: UInt64? = nil) throws {
        // Process-wide in libgit2, set before each connection: one process talks to one hub.
        // Refused like an unreadable known_hosts file: it is what the hub is checked against.
        if let caFile = settings.caFile, carnet_git_set_ssl_cert_file(caFile) < 0 {
            let reason = GitError.last("load \(caFile)", -1).message
            throw TransportError.hostKey("cannot read the certificate authorities in \(caFile) (\(reason)): give --ca-file a PEM file of the authority that certified the hub")
        }
        self.settings = settings
        self.endpoint = Endpoint(url: url)
        self.operation = operation
        // Before the watch starts its thread: a hostile URL is refused here.
        let command = try SSHExecTransport.command(for: url, settings: settings, endpoint: endpoint)
        self.watch = TransferWatch(bound: settings.timeout, operation: operation, total: total, progress: settings.progress)
        if let command { sshTransport = SSHExecTransport(box: self, command: command) }
    }

    /// Records the first error and tells libgit2 to stop.
    func fail(_ error: Error) -> Int32 {
        if self.error == nil { self.error = error }
        return GIT_EUSER.rawValue
    }

    /// Progress callbacks come here: the only place libgit2 lets us abort a stalled transfer.
    func checkDeadline() -> Int32 {
        watch.stalled ? fail(stallError) : 0
    }

    /// What the watchdog ending the operation means: the hub never answered, or the transfer stalled.
    var stallError: TransportError {
        watch.heardFromPeer || watch.transferStarted
            ? .stalled(seconds: Int(settings.timeout), during: operation, moved: watch.moved)
            : .timedOut(seconds: Int(settings.timeout), during: operation)
    }

    static func from(_ payload: UnsafeMutableRawPointer?) -> CallbackBox {
        Unmanaged<CallbackBox>.fromOpaque(payload!).takeUnretainedValue()
    }

    func install(into callbacks: inout git_remote_callbacks) {
        callbacks.payload = Unmanaged.passUnretained(self).toOpaque()
        if sshTransport != nil { callbacks.transport = SSHExecTransport.transportCallback }
        callbacks.credentials = { out, _, userFromURL, allowed, payload in
            CallbackBox.from(payload).credential(out, userFromURL.map { String(cString: $0) }, allowed)
        }
        callbacks.certificate_check = { cert, valid, host, payload in
            CallbackBox.from(payload).certificate(cert, valid != 0, host.map { String(cString: $0) } ?? "")
        }
        callbacks.transfer_progress = { stats, payload in
            let box = CallbackBox.from(payload)
            if let stats = stats?.pointee {
                box.watch.fetched(bytes: UInt64(stats.received_bytes), objects: Int(stats.received_objects) + Int(stats.indexed_deltas),
                                  of: Int(stats.total_objects) + Int(stats.total_deltas))
            }
            return box.checkDeadline()
        }
        callbacks.push_transfer_progress = { current, total, bytes, payload in
            let box = CallbackBox.from(payload)
            box.watch.pushed(bytes: UInt64(bytes), objects: Int(current), of: Int(total))
            return box.checkDeadline()
        }
        callbacks.pack_progress = { _, _, _, payload in
            let box = CallbackBox.from(payload)
            box.watch.active()
            return box.checkDeadline()
        }
        callbacks.sideband_progress = { text, length, payload in
            let box = CallbackBox.from(payload)
            if let text, length > 0 {
                let bytes = UnsafeRawBufferPointer(start: text, count: Int(length))
                box.serverText += String(decoding: bytes, as: UTF8.self)
                box.watch.active()
            }
            return box.checkDeadline()
        }
        callbacks.push_update_reference = { ref, status, payload in
            let box = CallbackBox.from(payload)
            if let status {
                box.rejections.append((ref.map { String(cString: $0) } ?? "?", String(cString: status)))
            }
            return 0
        }
    }

    /// Turns the C call's result into a Swift outcome. Reads libgit2's error first (it is per
    /// thread and the next call may overwrite it), then prefers the stall and our own stored
    /// error: when the watchdog closed the socket, libgit2's message ("early EOF") only confuses.
    /// A connection that fails once the transfer had begun is a lost link, not an unreachable hub.
    func finish(_ result: Int32, _ what: String) throws {
        let gitError = result < 0 ? GitError.last(what, result) : nil
        watch.finish()
        if watch.stalled && (result < 0 || error != nil) {
            throw stallError
        }
        if let error { throw error }
        guard let gitError else { return }
        switch gitError.code {
        case .auth: throw TransportError.authentication("\(what): the hub refused the credentials (\(gitError.message))")
        case .certificate where endpoint.scheme == .https:
            throw TransportError.hostKey("\(what): the hub's HTTPS certificate is not trusted (\(gitError.message)): if it comes from your administration's own authority, give its certificate with --ca-file FILE")
        case .certificate: throw TransportError.hostKey("\(what): \(gitError.message)")
        case .nonFastForward: throw TransportError.nonFastForward(ref: "main")
        case _ where gitError.errorClass == Int32(GIT_ERROR_TREE.rawValue):
            throw TransportError.malformed("\(what): \(gitError.message)")
        default:
            if watch.transferStarted && endpoint.scheme != .local {
                throw TransportError.linkLost(during: operation, moved: watch.moved, detail: gitError.message)
            }
            throw TransportError.unreachable("\(what): \(gitError.message)")
        }
    }
}

/// Runs `body` with C copies of `strings` as a git_strarray.
func withStrArray(_ strings: [String], _ body: (inout git_strarray) -> Int32) -> Int32 {
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    defer { pointers.forEach { free($0) } }
    return pointers.withUnsafeMutableBufferPointer { buffer in
        var array = git_strarray(strings: buffer.baseAddress, count: buffer.count)
        return body(&array)
    }
}
