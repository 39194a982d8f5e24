import Foundation
import Git
import Messages
import Records
import Workspace

/// One reason a push is refused: the commit, the file and the rule. The rule is a message (key
/// and arguments), written in words where it is read: the pusher's carnet writes it in its
/// person's language (VerdictWire), the push log keeps it for `carnet hub status`.
public struct Refusal: Sendable, Equatable, CustomStringConvertible {
    public var commit: ObjectID?
    public var summary: String?
    public var path: String?
    public var rule: StoredMessage

    public init(commit: ObjectID? = nil, summary: String? = nil, path: String?, rule: StoredMessage) {
        self.commit = commit
        self.summary = summary
        self.path = path
        self.rule = rule
    }

    public var description: String { text(in: Catalogue.language) }

    public func text(in language: String) -> String {
        Self.line(commit: commit?.short, summary: summary, path: path, rule: rule.text(in: language), in: language)
    }

    /// "commit 1a2b3c4d "summary": path: rule", the one shape of a refusal line.
    static func line(commit: String?, summary: String?, path: String?, rule: String, in language: String) -> String {
        var parts: [String] = []
        if let commit {
            parts.append(summary.map { Catalogue.text("hub.refusal.commit-summary", in: language, ["commit": .text(commit), "summary": .text($0)]) }
                ?? Catalogue.text("hub.refusal.commit", in: language, ["commit": .text(commit)]))
        }
        if let path { parts.append(path) }
        parts.append(rule)
        return parts.joined(separator: ": ")
    }
}

/// What `carnet hub verify` decided.
public struct Verdict: Sendable {
    public var pusher: HubIdentity?
    public var refusals: [Refusal]
    /// The language the hook writes the refusal in (HubHooks.planLanguage).
    public var language = "en"

    public init(pusher: HubIdentity?, refusals: [Refusal]) {
        self.pusher = pusher
        self.refusals = refusals
    }
    public var accepted: Bool { refusals.isEmpty }
}

/// Judges a push before the hub takes it (the pre-receive hook). Refuses when:
/// - a reference other than main is pushed, or main is deleted or rewritten (not a fast-forward);
/// - the pusher is unknown to the plan;
/// - ANY commit brought (every commit of old..new, merges included) touches a file the pusher
///   may not write (AccessRule): a change smuggled in and reverted later is still refused;
/// - the net change from the hub's main to the pushed tip touches a file the pusher may not
///   write (a merge onto an OLD commit of main rolls files back without "introducing" them);
/// - a path breaks PathRules, a file is not a plain file, too big, or the push is past a bound
///   (VerifyLimits); a ministry brings commits authored by someone outside it (PushWrites);
/// - a record is invalid at the new tip, in a file the push touched or newly anywhere.
public final class PushVerifier {
    let repository: Repository
    let reader: RecordReader
    public var limits: VerifyLimits
    public var today: PlanDate = .today()

    public init(repository: Repository) {
        self.repository = repository
        reader = RecordReader(repository: repository)
        limits = VerifyLimits.of(repository)
    }

    public func verify(_ updates: [RefUpdate], claim: PusherClaim?) throws -> Verdict {
        var verdict = Verdict(pusher: nil, refusals: [])
        var mainUpdate: RefUpdate?
        for update in updates {
            if let handOver = try incomingAsMain(update, alone: updates.count == 1) {
                // Judged here as a push of the same commits to main from where they left it; the
                // proc-receive hook judges the merge onto main again before main moves.
                mainUpdate = handOver
            } else if update.ref != RefUpdate.mainBranch {
                verdict.refusals.append(Refusal(path: nil, rule: StoredMessage("hub.refusal.other-branch", ["ref": .text(update.ref)])))
            } else if update.new == nil {
                verdict.refusals.append(Refusal(path: nil, rule: StoredMessage("hub.refusal.main-deleted")))
            } else if let old = update.old, let new = update.new, old != new, try !repository.isDescendant(new, of: old) {
                verdict.refusals.append(Refusal(path: nil, rule: StoredMessage("hub.refusal.main-rewritten")))
            } else {
                mainUpdate = update
            }
        }
        guard let update = mainUpdate, let new = update.new, update.old != new else { return verdict }

        // The plan as the hub holds it decides who may push; a hub without main yet (a new
        // project on GitLab or Gitea) takes its first plan from the point of contact it names.
        let authority = update.old ?? new
        let members = try reader.members(at: authority)
        let pusher: HubIdentity
        switch resolve(claim, members) {
        case .failure(let error):
            verdict.refusals.append(Refusal(path: nil, rule: error.message))
            return verdict
        case .success(let identity): pusher = identity
        }
        verdict.pusher = pusher
        if update.old == nil, pusher.ministryID != nil {
            verdict.refusals.append(Refusal(path: nil, rule: StoredMessage("hub.refusal.first-main")))
            return verdict
        }

        let writes = try judgeWrites(old: update.old, new: new, writer: pusher.writer, authors: AuthorRule(pusher: pusher, members: members))
        verdict.refusals += writes.refusals
        // Past a bound, the push is refused on its size alone: it is not validated for minutes.
        guard !writes.overBound else { return verdict }
        let lastTouch = writes.lastTouch
        verdict.refusals += try invalidRecords(old: update.old, new: new, touched: lastTouch)
        return verdict
    }

    /// A sync's hand-over (IncomingRef), alone in its push, on a hub that merges them: what it
    /// brings is what a push to main from the commit both share (their merge base) would bring.
    /// nil for anything else, which is then judged as any other reference.
    private func incomingAsMain(_ update: RefUpdate, alone: Bool) throws -> RefUpdate? {
        guard alone, IncomingRef.wellFormed(update), IncomingRef.handedToHook(in: repository), let new = update.new,
              let main = try repository.referenceTarget(RefUpdate.mainBranch),
              let base = try repository.mergeBase(new, main) else { return nil }
        return RefUpdate(old: base, new: new, ref: RefUpdate.mainBranch)
    }

    private func resolve(_ claim: PusherClaim?, _ members: PlanMembers) -> Result<HubIdentity, PusherRefused> {
        switch claim {
        case nil:
            return .failure(PusherRefused("hub.refusal.no-pusher"))
        case .token(let token):
            guard let identity = HubIdentity(token: token) else {
                return .failure(PusherRefused("hub.refusal.malformed-pusher", ["token": .text(token)]))
            }
            guard members.contains(identity) else {
                return .failure(PusherRefused("hub.refusal.not-member", ["pusher": identity.argument]))
            }
            return .success(identity)
        case .account(let username, let email, let server):
            return members.identity(forAccount: username, email: email, server: server)
        }
    }

    /// Errors at the new tip that the push is responsible for: in a file it touched, or new
    /// anywhere (removing a milestone breaks the progress that refers to it). Errors that were
    /// already on the hub and that the push leaves alone do not block it.
    ///
    /// The plan is read from the commits' blobs (CommitSource): nothing is written to disk, so a
    /// hostile tree (an entry named `..`, a link) names nothing on the hub's disk.
    func invalidRecords(old: ObjectID?, new: ObjectID, touched: [String: CommitInfo]) throws -> [Refusal] {
        let scope = try validationScope(old: old, new: new, touched: touched)
        let validator = PlanValidator(today: today)
        func errorsAt(_ commit: ObjectID) throws -> [Diagnostic] {
            try PlanSnapshot.of(repository, at: commit, only: scope.commitments, alsoMinistries: scope.ministries,
                                participation: scope.participation)
                .validated(by: validator).filter { $0.severity == .error }
        }
        let errors = try errorsAt(new)
        guard !errors.isEmpty else { return [] }
        var blamed = errors.filter { touched[$0.path] != nil }
        let elsewhere = errors.filter { touched[$0.path] == nil }
        if !elsewhere.isEmpty {
            if let old {
                let known = Set(try errorsAt(old).map { "\($0.path)\u{0}\($0.message)" })
                blamed += elsewhere.filter { !known.contains("\($0.path)\u{0}\($0.message)") }
            } else {
                blamed += elsewhere
            }
        }
        return blamed.map { d in
            let commit = touched[d.path]
            return Refusal(commit: commit?.id, summary: commit?.summary, path: "\(d.path):\(d.line):\(d.column)",
                           rule: StoredMessage("hub.refusal.invalid-record", ["problem": .text(d.message)]))
        }
    }

    /// What must be read, at the new tip and at the old one, to judge a push: work proportional
    /// to what the push changes, not to the plan. A record's errors come from itself and from
    /// the records it refers to: a commitment's folder (its commitment, progress and evidence)
    /// refers to ministries by id only (known from file names, always listed), never to another
    /// commitment. So the commitments whose files the push changed are read, with the ministry
    /// files it changed; every other commitment has the same files and the same ministry ids at
    /// both ends, hence the same errors, which the push is not blamed for.
    ///
    /// The changed paths are the net diff old→new plus every path a commit of the push touched
    /// (a file changed and changed back is still judged, as `touched` blames its errors).
    /// The whole plan is read when the scope cannot be bounded this way:
    /// - a new hub (no old tip);
    /// - plan.yaml changes (dates and settings every commitment is checked against);
    /// - a ministry file is deleted or renamed (a rename is a deletion plus an addition): the
    ///   commitments that refer to that ministry break, and they are not among the changed paths;
    /// - a commitment.yaml changes (numbers are unique across the plan), or a path outside the
    ///   layout changes (WorkingCopy.ValidationScope: the rule hand edits use).
    private func validationScope(old: ObjectID?, new: ObjectID, touched: [String: CommitInfo]) throws -> WorkingCopy.ValidationScope {
        var whole = WorkingCopy.ValidationScope([])
        whole.commitments = nil
        guard let old else { return whole }
        let net = try repository.pathChanges(from: old, to: new)
        for change in net {
            switch PlanLayout.kind(of: change.path) {
            case .plan: return whole
            case .ministry where change.newBlob == nil: return whole
            default: continue
            }
        }
        var paths = Set(net.map(\.path))
        paths.formUnion(touched.keys)
        if paths.contains(PlanLayout.planFile) { return whole }
        return WorkingCopy.ValidationScope(paths.sorted())
    }
}

extension Verdict {
    /// The text the pusher sees (git shows it as `remote: …`; `carnet sync` reports it), in
    /// `language` (the hook writes it in the plan's; the pusher's carnet rewrites it in its own).
    public func report(limit: Int = 25, in language: String = Catalogue.language) -> String {
        VerdictWire(self).report(limit: limit, in: language)
    }

    /// What the pre-receive hook prints: the refusal in the plan's language, then the same as
    /// keys for the pusher's carnet to write in its person's language.
    public var hookReport: String {
        let wire = VerdictWire(self)
        return wire.report(in: language) + "\n" + wire.line
    }
}
