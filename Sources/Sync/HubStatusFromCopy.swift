import Foundation
import Messages
import Git
import Hub

/// `carnet hub status` where it is run: on the hub's machine (a bare repository: its main and
/// its push log file), or in a working copy attached to a hub (`carnet clone`, `sync --hub`),
/// which fetches, over the transport it syncs with, the hub's main and the push log the hub's
/// hooks publish as `refs/carnet/push-log`. Both land under `refs/carnet/hub-status/`, so the
/// copy's own branches and what sync last fetched are left as they are.
public enum HubStatusFromCopy {
    public static let mainRef = "refs/carnet/hub-status/main"
    public static let pushLogRef = "refs/carnet/hub-status/push-log"

    public static func load(at path: String, staleDays: Int? = nil, now: Date = Date()) throws -> HubStatus {
        let repository: Repository
        do { repository = try Repository.open(path) } catch let error as GitError {
            throw HubError.notAHub(Catalogue.text("hub.status.nothing-here", ["path": .text(path), "reason": .text(error.message)]))
        }
        if repository.isBare { return try HubStatus.load(hub: path, staleDays: staleDays, now: now) }
        guard let settings = try gitCall({ try SyncSettings.read(from: repository) }) else {
            throw HubError.notAHub(Catalogue.text("hub.status.copy-without-hub", ["path": .text(path)]))
        }
        do {
            try repository.fetch(remote: SyncSettings.remoteName,
                                 refspecs: ["+\(RefUpdate.mainBranch):\(mainRef)", "+\(PushLog.reference):\(pushLogRef)"],
                                 settings: settings.transport)
        } catch let error as TransportError {
            throw HubError.io(Catalogue.text("hub.status.unreachable", ["hub": .text(settings.hub), "reason": .text(error.description)]))
        }
        var kept: HubStatus.Reading?
        guard let status = try fetched(repository, hub: settings.hub, staleDays: staleDays, now: now, kept: &kept) else {
            throw HubError.notAHub(Catalogue.text("hub.status.no-main", ["hub": .text(settings.hub)]))
        }
        return status
    }

    /// The status as the copy's last fetch for it left it (`carnet hub status` here, or the web
    /// app's "ask the hub"), without the network; nil when the copy never fetched it.
    public static func lastFetched(at path: String, staleDays: Int? = nil, now: Date = Date()) throws -> HubStatus? {
        var kept: HubStatus.Reading?
        return try lastFetched(at: path, staleDays: staleDays, now: now, kept: &kept)
    }

    /// The same, reading the plan at the fetched commit only when `kept` was read at another
    /// (the web app asks again at every page; the fetched commit changes only when fetched again).
    public static func lastFetched(at path: String, staleDays: Int? = nil, now: Date = Date(), kept: inout HubStatus.Reading?) throws -> HubStatus? {
        let repository = try gitCall { try Repository.open(path) }
        guard let settings = try gitCall({ try SyncSettings.read(from: repository) }) else { return nil }
        return try fetched(repository, hub: settings.hub, staleDays: staleDays, now: now, kept: &kept)
    }

    /// The hub's push log as the copy's last `carnet hub status` fetched it, without the
    /// network, for the internal dashboard: nil when the copy is not attached to a hub;
    /// `published` nil when it never fetched a log (or the hub publishes none).
    public static func lastFetchedPushLog(at path: String) throws -> (published: Date?, entries: [PushLogEntry])? {
        try gitCall {
            let repository = try Repository.open(path)
            guard try SyncSettings.read(from: repository) != nil else { return nil }
            guard let commit = try repository.referenceTarget(pushLogRef),
                  let log = try repository.publishedFile(name: PushLog.fileName, reference: pushLogRef, limit: PushLog.maxPublishedBytes)
            else { return (nil, []) }
            return (try repository.commit(commit).committer.time, PushLog.entries(of: log))
        }
    }

    private static func fetched(_ repository: Repository, hub: String, staleDays: Int?, now: Date, kept: inout HubStatus.Reading?) throws -> HubStatus? {
        try gitCall {
            guard let head = try repository.referenceTarget(mainRef) else { return nil }
            let log = try repository.publishedFile(name: PushLog.fileName, reference: pushLogRef, limit: PushLog.maxPublishedBytes)
            let reading = try kept.flatMap { $0.head == head ? $0 : nil } ?? HubStatus.Reading(repository: repository, head: head)
            kept = reading
            return HubStatus.load(reading, pushLog: log.map(PushLog.entries(of:)), hub: hub, staleDays: staleDays, now: now)
        }
    }

    private static func gitCall<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as GitError { throw HubError.io("git: \(error.description)") }
    }
}
