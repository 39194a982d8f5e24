import Foundation
import Git
import Messages
import Records
import Workspace

/// `carnet hub init`: a bare repository holding the plan's history on main, guarded by hooks
/// that run this carnet binary.
public enum HubSetup {
    public struct Summary: Sendable {
        public var hub: String
        public var head: String
        public var keys: Int
        public var carnet: String
    }

    /// The absolute path of the running carnet binary: hooks and forced commands name it,
    /// because neither git's hooks nor sshd's forced commands run with the user's PATH.
    public static var currentExecutable: String {
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return resolved }
        let arg0 = CommandLine.arguments.first ?? "carnet"
        return URL(fileURLWithPath: arg0, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            .standardizedFileURL.path
    }

    public static func create(at directory: String, from plan: String, carnet: String = currentExecutable) throws -> Summary {
        let fm = FileManager.default
        let target = URL(fileURLWithPath: directory).standardizedFileURL
        if fm.fileExists(atPath: target.path), !((try? fm.contentsOfDirectory(atPath: target.path)) ?? ["?"]).isEmpty {
            throw HubError.cannotCreate(Catalogue.text("hub.init.not-empty", ["path": .text(target.path)]))
        }
        let source: Repository
        do { source = try Repository.open(plan) } catch let error as GitError {
            throw HubError.notAHub(Catalogue.text("hub.init.not-a-plan", ["path": .text(plan), "reason": .text(error.message)]))
        }
        guard let head = try gitCall({ try source.headCommitID() }) else {
            throw HubError.notAHub(Catalogue.text("hub.init.no-commit", ["path": .text(plan)]))
        }
        // A hub starts valid: every later push is judged against it.
        let errors = try gitCall { try PlanSnapshot.of(source, at: head).validated(by: PlanValidator()) }.filter { $0.severity == .error }
        guard errors.isEmpty else {
            throw HubError.invalid(errors, Catalogue.text("hub.init.invalid", ["path": .text(plan), "commit": .text(head.short)]))
        }
        let hub = try gitCall { try Repository.bareCopy(of: plan, at: target.path) }
        try gitCall {
            // git enforces these too, before our hook runs: two locks on the same door.
            try hub.setConfigString("receive.denyNonFastForwards", "true")
            try hub.setConfigString("receive.denyDeletes", "true")
            try hub.setConfigString("receive.fsckObjects", "true")
            // The pack itself, before the hook sees it: objects no commit refers to are sent
            // too by a hostile client, and only this bound keeps them small.
            try hub.setConfigString("receive.maxInputSize", String(VerifyLimits().maxPushBytes + (16 << 20)))
            // A sync hands its commits over in refs/carnet/incoming/…: git gives those pushes to
            // the proc-receive hook, which merges them onto main (IncomingRef, docs/HUB.md).
            try hub.setConfigString(IncomingRef.configKey, IncomingRef.configValue)
            try hub.moveReference(IncomingRef.marker, to: head, expecting: nil, message: "carnet hub init")
        }
        // The copy leaves a FETCH_HEAD naming the laptop's folder: a hub has no use for it.
        try? FileManager.default.removeItem(atPath: hub.gitDirectory + "/FETCH_HEAD")
        try installHooks(in: hub.gitDirectory, carnet: carnet)
        try? HistorySteps.update(hub)  // a plan that already holds evidence is cut in steps from the start
        let keys = try gitCall { try RecordReader(repository: hub).members(at: head) }.members.reduce(0) { $0 + $1.keys.count }
        return Summary(hub: target.path, head: head.description, keys: keys, carnet: carnet)
    }

    /// Writes hooks/pre-receive (verify), hooks/proc-receive (merge) and hooks/post-receive (record) naming `carnet`.
    public static func installHooks(in gitDirectory: String, carnet: String) throws {
        let hooks = URL(fileURLWithPath: gitDirectory).appendingPathComponent("hooks")
        let quoted = ShellQuote.quote(carnet)
        let scripts = [
            "pre-receive": "# Every push is judged by Carnet before it lands (docs/HUB.md).\nexec \(quoted) hub verify\n",
            "post-receive": "# Every accepted push is appended to carnet-push-log.jsonl (docs/HUB.md).\nexec \(quoted) hub record\n",
            "proc-receive": "# A sync's commits handed over in refs/carnet/incoming/… are merged onto main (docs/HUB.md).\nexec \(quoted) hub merge\n",
        ]
        do {
            try FileManager.default.createDirectory(at: hooks, withIntermediateDirectories: true)
            for (name, body) in scripts {
                let url = hooks.appendingPathComponent(name)
                try Data(("#!/bin/sh\n" + body).utf8).write(to: url, options: .atomic)
                try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
            }
        } catch {
            throw HubError.io(Catalogue.text("hub.init.cannot-install-hooks", ["path": .text(hooks.path), "reason": .text(Catalogue.reason(for: error))]))
        }
    }

    static func gitCall<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as GitError { throw HubError.io("git: \(error.description)") }
    }
}

/// POSIX shell quoting: hooks and forced commands are run by /bin/sh.
enum ShellQuote {
    static func quote(_ text: String) -> String {
        let safe = text.unicodeScalars.allSatisfy {
            CharacterSet.alphanumerics.contains($0) && $0.isASCII || "/._-+=:@,".unicodeScalars.contains($0)
        }
        if safe && !text.isEmpty { return text }
        return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
