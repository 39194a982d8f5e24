import Foundation
import Git
import Messages
import Records

/// `carnet hub take FILE --ministry ID`: the point of contact lands an office's commits carried
/// on a USB drive (a git bundle written by `carnet carry`) as that office's own push would land.
///
/// It is a push: the bundle is opened by git in a scratch repository that borrows the hub's
/// objects (alternates, so nothing is written into the hub before it is judged), then pushed to
/// the hub with git's local transport as a hand-over (IncomingRef), which runs the hub's own
/// hooks exactly as over SSH: `hub verify` (pre-receive), `hub merge` (proc-receive: the field
/// merge onto main, judged by PushVerifier as the pusher's push), the push log (post-receive),
/// and git's own limits (receive.maxInputSize, fsck). Like `hub serve`, this runs the git
/// binary: receiving a push and running its hooks is git's server side, which libgit2 lacks.
///
/// Who pushed (docs/SECURITY.md, "Changes carried on a USB drive"): there is no key on a drive.
/// The ministry is the point of contact's word (`--ministry`: whom they took the drive from);
/// the person is the author of the carried commit, who must be a member of that ministry, as
/// must the author of every carried commit. Authors can be written by anyone holding the
/// office's copy, so the ministry is the bound: a drive can write nothing its ministry could not.
public enum CarriedPush {
    public struct Landed: Sendable, Equatable {
        public var pusher: HubIdentity
        public var commits: Int
        /// main after the merge; equal to the main before when the hub already had everything.
        public var main: ObjectID
        public var alreadyThere: Bool
    }

    /// The reference a bundle from `carnet carry` holds, and the only one taken.
    public static let carriedRef = "refs/carnet/carried"

    public static func take(bundle given: String, ministry: String, hub: String?, environment: [String: String]) throws -> Landed {
        // An absolute path: git never reads a file name as a transport (`host:path`, `ext::…`) or an option.
        let bundle = URL(fileURLWithPath: given).standardizedFileURL.path
        let anyCommit = ObjectID(hex: String(repeating: "0", count: 40))!
        guard ministry != HubIdentity.pointOfContactRole, RecordID.isValid(ministry),
              IncomingRef.wellFormed(RefUpdate(old: nil, new: anyCommit, ref: IncomingRef.name(role: ministry, commit: anyCommit))) else {
            throw HubError.usage(Catalogue.text("usb.take.bad-ministry", ["ministry": .text(String(ministry.prefix(80)))]))
        }
        let repository = try HubHooks.openHub(hub)
        guard IncomingRef.handedToHook(in: repository) else {
            throw HubError.refused(Catalogue.text("usb.take.hub-does-not-merge", ["hub": .text(repository.gitDirectory)]))
        }
        let limits = VerifyLimits.of(repository)
        let size: Int
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: bundle)
            guard attributes[.type] as? FileAttributeType == .typeRegular else {
                throw HubError.usage(Catalogue.text("usb.take.not-a-file", ["path": .text(given)]))
            }
            size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        } catch let error as HubError { throw error } catch {
            throw HubError.notAHub(Catalogue.text("usb.take.no-file", ["path": .text(given)]))
        }
        guard size <= limits.maxPushBytes else {
            throw HubError.refused(Catalogue.text("usb.take.too-big", ["path": .text(given), "size": .number(size >> 20),
                                                                       "limit": .number(limits.maxPushBytes >> 20)]))
        }
        guard let main = try repository.referenceTarget(RefUpdate.mainBranch) else {
            throw HubError.refused(Catalogue.text("usb.take.no-main"))
        }
        let git = try GitRunner(environment: environment)
        let scratch = try Scratch(borrowing: repository, git: git)
        defer { scratch.remove() }

        // Exactly one reference, ours: a bundle naming anything else is not one `carnet carry` wrote.
        let heads = try git.run(["bundle", "list-heads", bundle], in: scratch.path)
        let lines = heads.stdout.split(separator: "\n").map { $0.split(separator: " ") }
        guard heads.status == 0, lines.count == 1, lines[0].count == 2, lines[0][1] == carriedRef,
              let tip = ObjectID(hex: String(lines[0][0])) else {
            throw HubError.refused(Catalogue.text("usb.take.not-a-bundle", ["path": .text(given)]))
        }
        // git checks the pack and that the hub has every commit the bundle builds on.
        let fetched = try git.run(["-c", "transfer.fsckObjects=true", "fetch", "-q", "--no-tags", "--no-write-fetch-head",
                                   bundle, "\(carriedRef):\(carriedRef)"], in: scratch.path)
        guard fetched.status == 0 else {
            throw HubError.refused(Catalogue.text("usb.take.unreadable", ["path": .text(given), "reason": .text(lastLine(fetched.stderr))]))
        }
        let commits = try authors(of: tip, after: main, in: scratch.path, git: git)
        guard commits.count <= limits.maxCommits else {
            throw HubError.refused(Catalogue.text("usb.take.too-many", ["count": .number(commits.count), "limit": .number(limits.maxCommits)]))
        }
        let members = try RecordReader(repository: repository).members(at: main)
        let tipLog = try git.run(["log", "-1", "--format=%ae", tip.description], in: scratch.path)
        let tipAuthor = tipLog.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        guard tipLog.status == 0, let pusher = HubIdentity(token: "\(ministry):\(tipAuthor)") else {
            throw HubError.refused(Catalogue.text("usb.take.not-a-member", ["email": .text("?"), "ministry": .text(ministry)]))
        }
        for email in Set(commits.map(\.email) + [tipAuthor]) {
            guard let identity = HubIdentity(token: "\(ministry):\(email)"), members.contains(identity) else {
                throw HubError.refused(Catalogue.text("usb.take.not-a-member", ["email": .text(String(email.prefix(120))), "ministry": .text(ministry)]))
            }
        }

        var pushEnvironment = ["CARNET_PUSHER": pusher.token]
        // The hub's hooks write in the point of contact's language, as `carnet hub verify` would.
        pushEnvironment["CARNET_LANG"] = Catalogue.language
        let pushed = try git.run(["push", "--porcelain", repository.gitDirectory,
                                  "\(tip):\(IncomingRef.name(role: ministry, commit: tip))"], in: scratch.path, extra: pushEnvironment)
        let said = pushed.stderr.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("remote: ") ? String($0.dropFirst(8)) : String($0) }.joined(separator: "\n")
        guard pushed.status == 0 else {
            if let wire = VerdictWire.find(in: said) {
                throw HubError.refused(wire.report(in: Catalogue.language))
            }
            throw HubError.refused(Catalogue.text("usb.take.refused", ["reason": .text(VerdictWire.withoutLine(said).trimmingCharacters(in: .whitespacesAndNewlines))]))
        }
        let now = try repository.referenceTarget(RefUpdate.mainBranch) ?? main
        return Landed(pusher: pusher, commits: commits.count, main: now, alreadyThere: commits.isEmpty)
    }

    /// The carried commits the hub lacks, oldest first, with their authors' emails.
    private static func authors(of tip: ObjectID, after main: ObjectID, in path: String, git: GitRunner) throws -> [(id: String, email: String)] {
        let log = try git.run(["log", "--reverse", "--format=%H %ae", tip.description, "^" + main.description], in: path)
        guard log.status == 0 else { throw HubError.io(lastLine(log.stderr)) }
        return log.stdout.split(separator: "\n").map {
            let parts = $0.split(separator: " ", maxSplits: 1)
            return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
        }
    }

    private static func lastLine(_ text: String) -> String {
        String(text.split(separator: "\n").last ?? "").trimmingCharacters(in: .whitespaces)
    }

    /// A bare repository that borrows the hub's objects and holds the bundle's: removed afterwards.
    struct Scratch {
        let path: String

        init(borrowing hub: Repository, git: GitRunner) throws {
            let base = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("carnet-take-\(UUID().uuidString)").path
            path = base
            let made = try git.run(["init", "-q", "--bare", base], in: NSTemporaryDirectory())
            guard made.status == 0 else { throw HubError.io(made.stderr) }
            let objects = URL(fileURLWithPath: hub.gitDirectory).appendingPathComponent("objects").standardizedFileURL.path
            try (objects + "\n").write(toFile: base + "/objects/info/alternates", atomically: true, encoding: .utf8)
        }

        func remove() { try? FileManager.default.removeItem(atPath: path) }
    }

    /// The git binary, with nothing from this session's GIT_* variables steering it elsewhere.
    struct GitRunner {
        let git: String
        let environment: [String: String]

        init(environment: [String: String]) throws {
            guard let git = GitServe.findGit(environment["PATH"]) else { throw HubError.io(Catalogue.text("hub.serve.no-git")) }
            self.git = git
            self.environment = environment.filter { !$0.key.hasPrefix("GIT_") && $0.key != "CARNET_PUSHER" }
        }

        func run(_ arguments: [String], in directory: String, extra: [String: String] = [:]) throws -> (status: Int32, stdout: String, stderr: String) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: git)
            process.arguments = arguments
            process.currentDirectoryURL = URL(fileURLWithPath: directory)
            process.environment = environment.merging(extra) { $1 }
            // stderr to a file, stdout to a pipe: a full stderr never blocks git while we read stdout.
            let errPath = NSTemporaryDirectory() + "carnet-take-\(UUID().uuidString).err"
            FileManager.default.createFile(atPath: errPath, contents: nil)
            defer { try? FileManager.default.removeItem(atPath: errPath) }
            guard let err = FileHandle(forWritingAtPath: errPath) else { throw HubError.io(errPath) }
            defer { try? err.close() }
            let out = Pipe()
            process.standardOutput = out
            process.standardError = err
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let outData = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let errData = FileManager.default.contents(atPath: errPath) ?? Data()
            return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
        }
    }
}
