import CGit2
import Foundation

extension Repository {
    /// Where a fetch in steps keeps the last step it completed: a reference of its own, so the
    /// step's objects are kept (and offered to the hub as already held at the next try) without
    /// anyone mistaking it for the hub's main.
    public static let fetchedStepReference = "refs/carnet/fetched-step"

    /// The references whose names start with `prefix`, sorted by name.
    public func references(withPrefix prefix: String) throws -> [String] {
        var names = git_strarray()
        try check("list references", git_reference_list(&names, pointer))
        defer { git_strarray_dispose(&names) }
        return (0..<names.count).compactMap { names.strings[$0].map { String(cString: $0) } }
            .filter { $0.hasPrefix(prefix) }.sorted()
    }

    /// Fetches the remote's `branch` into refs/remotes/<remote>/<branch>, taking the hub's
    /// history in the steps it publishes (`refs/carnet/steps/NNNNNN`, see the Hub's HistorySteps)
    /// when more than the last one is missing: each step is a fetch of its own whose pack is
    /// stored, and its reference written, before the next begins, so an interrupted fetch keeps
    /// every completed step and the next try asks only for the rest. The first connection lists
    /// the hub's references and fetches on the same connection (one connection when no step is
    /// missing, as a plain fetch). A hub that publishes no steps is fetched at once. Progress reads
    /// as one transfer (StepTally). `also`: refspecs of small references fetched with main
    /// (the first connection and the last), so that steps cost no extra connection.
    func fetchInSteps(remote name: String, branch: String, also: [String] = [], settings plain: TransportSettings) throws {
        let tally = StepTally(plain.progress)
        let settings = tally.wrap(plain)
        let mainSpec = "+refs/heads/\(branch):refs/remotes/\(name)/\(branch)"
        let remote = try lookupRemote(name)
        var options = try fetchOptions()
        let box = try CallbackBox(settings: settings, url: remote.url, operation: "fetch")
        box.install(into: &options.callbacks)
        var missing: [String] = []
        let result: Int32 = withExtendedLifetime(box) {
            var result = git_remote_connect(remote.pointer, GIT_DIRECTION_FETCH, &options.callbacks, &options.proxy_opts, nil)
            guard result == 0 else { return result }
            defer { git_remote_disconnect(remote.pointer) }
            var heads: UnsafeMutablePointer<UnsafePointer<git_remote_head>?>?
            var count = 0
            result = git_remote_ls(&heads, &count, remote.pointer)
            guard result == 0 else { return result }
            var steps: [(name: String, commit: ObjectID)] = []
            var tip: ObjectID?
            for index in 0..<count {
                guard let head = heads?[index]?.pointee, let cName = head.name else { continue }
                let refName = String(cString: cName)
                let target = ObjectID(head.oid)
                if refName == "refs/heads/\(branch)" { tip = target }
                // Only well-formed step names: the hub chooses them, and they go into a refspec.
                if refName.hasPrefix("refs/carnet/steps/"), refName.dropFirst(18).allSatisfy({ $0.isASCII && $0.isNumber }),
                   refName.count > 18 { steps.append((refName, target)) }
            }
            if let tip, !hasObject(tip) {
                missing = steps.sorted { $0.name < $1.name }.filter { !hasObject($0.commit) }.map(\.name)
            }
            tally.lastStep = missing.isEmpty
            let first = missing.first.map { "+\($0):\(Self.fetchedStepReference)" } ?? mainSpec
            result = withStrArray([first] + also) { specs in git_remote_download(remote.pointer, &specs, &options) }
            guard result == 0 else { return result }
            return git_remote_update_tips(remote.pointer, &options.callbacks, 0, GIT_REMOTE_DOWNLOAD_TAGS_NONE, "carnet: fetch")
        }
        try tally.ending { try box.finish(result, "fetch from \(remote.url)") }
        guard !missing.isEmpty else { return }
        try tally.ending {
            for step in missing.dropFirst() {
                try fetch(remote: name, refspecs: ["+\(step):\(Self.fetchedStepReference)"], settings: settings)
            }
            tally.lastStep = true
            try fetch(remote: name, refspecs: [mainSpec] + also, settings: settings)
        }
        // main now holds every step: the marker has done its work.
        try? deleteReference(Self.fetchedStepReference)
    }
}

/// A fetch made of several steps reads as one transfer to whoever watches its progress: bytes and
/// time add up from step to step, and only the last step's end (or a failure) is its end.
final class StepTally: @unchecked Sendable {
    private let lock = NSLock()
    private let forward: (@Sendable (TransferProgress) -> Void)?
    private var base = TransferProgress(operation: "fetch")
    private var latest: TransferProgress?
    private var ended = false
    /// Set once the step under way is the last one.
    var lastStep: Bool {
        get { lock.withLock { last } }
        set { lock.withLock { last = newValue } }
    }
    private var last = false

    init(_ forward: (@Sendable (TransferProgress) -> Void)?) { self.forward = forward }

    func wrap(_ settings: TransportSettings) -> TransportSettings {
        guard forward != nil else { return settings }
        var wrapped = settings
        wrapped.progress = { [self] event in self.pass(event) }
        return wrapped
    }

    private func pass(_ event: TransferProgress) {
        var total = event
        let send: Bool = lock.withLock {
            total.received += base.received
            total.sent += base.sent
            total.elapsed += base.elapsed
            if event.done {
                base = total
                total.done = last
                ended = last
            }
            latest = total
            return true
        }
        if send { forward?(total) }
    }

    /// Runs `body`; when it fails, the transfer has ended: its last state is said once more, ended.
    func ending(_ body: () throws -> Void) throws {
        do { try body() } catch {
            let final: TransferProgress? = lock.withLock {
                guard !ended, var state = latest else { return nil }
                ended = true
                state.done = true
                return state
            }
            if let final { forward?(final) }
            throw error
        }
    }
}
