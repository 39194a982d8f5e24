import Foundation
import Git
import Messages
import Records

/// What the hub's two hooks do, for the thin CLI commands `carnet hub verify` (pre-receive)
/// and `carnet hub record` (post-receive).
public enum HubHooks {
    /// Opens the hub as git's hook sees it: with the quarantined objects of the push being
    /// judged (GIT_OBJECT_DIRECTORY), from GIT_DIR when no path is given.
    public static func openHub(_ path: String?) throws -> Repository {
        do { return try Repository.openFromEnvironment(path) } catch let error as GitError {
            throw HubError.notAHub(Catalogue.text("hub.cannot-open-hub", ["path": .text(path ?? ProcessInfo.processInfo.environment["GIT_DIR"] ?? "."),
                                                                           "reason": .text(error.message)]))
        }
    }

    /// pre-receive: judges the push described by `input` (git's `old new ref` lines). A refused
    /// push is appended to the push log (the post-receive hook never runs for it).
    public static func verify(input: String, environment: [String: String], hub: String?, at date: Date = Date()) throws -> Verdict {
        let repository = try openHub(hub)
        let updates = try RefUpdate.parse(input)
        let claim = PusherClaim.from(environment: environment)
        var verdict: Verdict
        let language = hookLanguage(of: repository, updates: updates, environment: environment)
        do {
            let verifier = PushVerifier(repository: repository)
            let limit = TimeLimit.refusingPush(after: verifier.limits.seconds, language: language)
            defer { limit.cancel() }
            verdict = try verifier.verify(updates, claim: claim)
        } catch let error as GitError {
            // Fail closed: a push the hub cannot judge is not taken.
            verdict = Verdict(pusher: nil, refusals: [Refusal(path: nil, rule: StoredMessage("hub.refusal.cannot-check", ["reason": .text(error.description)]))])
        }
        verdict.language = language
        logRefusal(verdict, of: updates, claim: claim, in: repository, at: date)
        return verdict
    }

    /// Appends a refused push to the push log (no post-receive runs for it); accepted: nothing.
    public static func logRefusal(_ verdict: Verdict, of updates: [RefUpdate], claim: PusherClaim?, in repository: Repository, at date: Date = Date()) {
        if !verdict.accepted, let entry = PushLog.refusal(of: updates, refusals: verdict.refusals.map { $0.text(in: verdict.language) },
                                                          messages: verdict.refusals,
                                                          pusher: verdict.pusher, claim: claim, at: date, language: verdict.language) {
            // The refusal stands whether or not it could be logged.
            try? PushLog(hubDirectory: repository.gitDirectory).append(entry, publishIn: repository.gitDirectory)
        }
    }

    /// The language the hook writes in for any git client: the hook's CARNET_LANG, the hub's
    /// own setting (`carnet.language` in the hub's git config), the locale the hook runs with
    /// (git's local transport passes the pusher's; sshd passes LANG and LC_* when it accepts
    /// them), else the plan's first language as the hub's main holds it (a new hub: as pushed).
    /// The pusher's carnet rewrites the refusal in its own person's language (VerdictWire).
    public static func hookLanguage(of repository: Repository, updates: [RefUpdate], environment: [String: String]) -> String {
        let main = updates.first { $0.ref == RefUpdate.mainBranch }
        let plan = (main?.old ?? main?.new).flatMap { try? RecordReader(repository: repository).plan(at: $0) }
        let choice = LanguageChoice(environment: environment, copySetting: try? repository.configString(languageKey),
                                    planLanguages: plan?.languages ?? [])
        return choice.resolve()
    }

    /// The hub's language setting, as a copy's (`carnet language` writes the same key there).
    public static let languageKey = "carnet.language"

    /// Judges, without pushing, what a push of `new` over the hub's `old` main would get, in a
    /// repository holding both (a working copy after a fetch). For a demo or a pre-flight check:
    /// pushing to a hub by a file path through libgit2 runs no hooks, so only SSH (or GitLab,
    /// Gitea) puts the real guard in the way.
    public static func preview(repository path: String, old: ObjectID?, new: ObjectID, as identity: HubIdentity) throws -> Verdict {
        let repository: Repository
        do { repository = try Repository.open(path) } catch let error as GitError {
            throw HubError.notAHub(Catalogue.text("hub.cannot-open", ["path": .text(path), "reason": .text(error.message)]))
        }
        return try HubSetup.gitCall {
            try PushVerifier(repository: repository).verify([RefUpdate(old: old, new: new, ref: RefUpdate.mainBranch)],
                                                            claim: .token(identity.token))
        }
    }

    /// post-receive: appends the pushes that landed to the push log, and publishes it.
    @discardableResult
    public static func record(input: String, environment: [String: String], hub: String?, at date: Date = Date()) throws -> [PushLogEntry] {
        let repository = try openHub(hub)
        let claim = PusherClaim.from(environment: environment)
        let log = PushLog(hubDirectory: repository.gitDirectory)
        var written: [PushLogEntry] = []
        for update in try RefUpdate.parse(input) {
            // A hand-over already there on main (IncomingRef): nothing landed, main is as it was.
            guard let new = update.new, !IncomingRef.isIncoming(update.ref) else { continue }
            var pusher: HubIdentity?
            switch claim {
            case .token(let token)?: pusher = HubIdentity(token: token)
            case .account(let user, let email, _)?:
                pusher = try? RecordReader(repository: repository).members(at: update.old ?? new).identity(forAccount: user, email: email).get()
            case nil: pusher = nil
            }
            do {
                if let entry = try PushLog.entry(for: update, pusher: pusher, claim: claim, in: repository, at: date) {
                    try log.append(entry, publishIn: repository.gitDirectory)
                    written.append(entry)
                }
            } catch let error as GitError {
                throw HubError.io(Catalogue.text("hub.cannot-log", ["reason": .text(error.description)]))
            }
        }
        // The history's steps for fetches over poor links; a push that landed stays landed.
        try? HistorySteps.update(repository)
        return written
    }
}
