import Git
import Messages
import Records
import Workspace

/// What a push writes, judged against the pusher's rights: every commit it brings, and its net
/// change from the hub's main to the pushed tip.
///
/// Both are needed. Per commit, a change smuggled in and reverted later is still refused. Net,
/// a merge whose other parent is an OLD commit of main rolls files back (plan.yaml, another
/// ministry's members, a lead agency) without any commit "introducing" them: a merge is judged
/// per commit only on what differs from every parent. A push only adds on top of main, so the
/// net change holds exactly what the pusher brings, and every path of it must be theirs.
///
/// Who leads a commitment is what the hub's main says, and what every parent of a commit says:
/// a ministry cannot borrow a lead from an old commit, nor from the other side of a merge.
struct PushWrites {
    var refusals: [Refusal] = []
    /// The last commit of the push that touched each path (to blame invalid records).
    var lastTouch: [String: CommitInfo] = [:]
    /// A bound of VerifyLimits was passed: the push is refused without further judging.
    var overBound = false
}

extension PushVerifier {
    func judgeWrites(old: ObjectID?, new: ObjectID, writer: Writer, authors: AuthorRule?) throws -> PushWrites {
        var writes = PushWrites()
        let net = try repository.pathChanges(from: old, to: new)
        if net.count > limits.maxPaths {
            writes.refuse(bound: StoredMessage("hub.refusal.too-many-files", ["count": .number(net.count), "limit": .number(limits.maxPaths),
                                                                            "setting": .text(VerifyLimits.keys.paths)]))
            return writes
        }
        let commits = try repository.commits(from: new, excluding: old.map { [$0] } ?? [])
        if commits.count > limits.maxCommits {
            writes.refuse(bound: StoredMessage("hub.refusal.too-many-commits", ["count": .number(commits.count), "limit": .number(limits.maxCommits),
                                                                              "setting": .text(VerifyLimits.keys.commits)]))
            return writes
        }
        // Who may write for a unit, as the hub's main says (a push cannot grant itself a parent).
        let over = try unitsOver(at: old)
        var seenBlobs: Set<ObjectID> = []
        var seenTrees: Set<ObjectID> = []
        var pushBytes = 0
        var judgedPaths = 0
        for commit in commits {
            if let rule = authors?.violation(commit.author) {
                writes.refusals.append(Refusal(commit: commit.id, summary: commit.summary, path: nil, rule: rule))
            }
            // The raw entries of every new folder: what a joined diff path hides (a name holding a
            // '/', bytes that are not UTF-8) when the server does not fsck, judged as sync judges it.
            for entry in try repository.treeEntries(ofCommit: commit.id, skipping: &seenTrees) {
                if let problem = TreeEntryRule.problem(entry) {
                    writes.refusals.append(Refusal(commit: commit.id, summary: commit.summary, path: entry.path,
                                                   rule: StoredMessage("hub.refusal.tree-entry", ["problem": .text(problem)])))
                }
            }
            let changes = try repository.changesIntroduced(by: commit.id)
            judgedPaths += changes.count
            if judgedPaths > limits.maxPaths {
                writes.refuse(bound: StoredMessage("hub.refusal.too-many-changes", ["limit": .number(limits.maxPaths), "setting": .text(VerifyLimits.keys.paths)]))
                return writes
            }
            for change in changes {
                writes.lastTouch[change.path] = commit
                var rule = try shapeViolation(change)
                if rule == nil, let blob = change.newBlob, seenBlobs.insert(blob).inserted {
                    let size = try repository.blobSize(blob)
                    pushBytes += size
                    rule = sizeViolation(change.path, size: size)
                }
                if rule == nil {
                    rule = try AccessRule.violation(writer, path: change.path, lead: { try lead($0, parents: commit.parents, main: old, for: writer) },
                                                    over: over,
                                                    share: { try share($0, parents: commit.parents, main: old, for: writer, new: commit.id,
                                                                       bases: commit.parents, over: over) },
                                                    forum: { try forum(parents: commit.parents, main: old, for: writer) })
                }
                if rule == nil {
                    rule = try ClosedPeriodRule.violation(change, before: commit.parents, in: repository)
                }
                if rule == nil {
                    // Only the point of contact changes a ministry's members.
                    rule = try MembershipRule.violation(writer: writer, path: change.path, commit: commit, reader: reader)
                }
                if let rule {
                    writes.refusals.append(Refusal(commit: commit.id, summary: commit.summary, path: change.path, rule: rule))
                }
            }
        }
        if pushBytes > limits.maxPushBytes {
            writes.refuse(bound: StoredMessage("hub.refusal.too-large", ["size": .number(pushBytes >> 20), "limit": .number(limits.maxPushBytes >> 20),
                                                                       "setting": .text(VerifyLimits.keys.bytes)]))
        }
        // …nor by a merge that keeps an older members list than the hub's.
        if let tip = try MembershipRule.tipViolation(writer: writer, old: old, new: new, reader: reader),
           !writes.refusals.contains(where: { $0.path == tip.path }) {
            writes.refusals.append(Refusal(path: tip.path, rule: tip.rule))
        }
        // The net change, judged against the hub's main alone. A path already refused in a
        // commit is not named twice.
        let refused = Set(writes.refusals.compactMap(\.path))
        for change in net where !refused.contains(change.path) {
            let rule = try shapeViolation(change)
                ?? AccessRule.violation(writer, path: change.path, lead: { try lead($0, parents: [], main: old, for: writer) }, over: over,
                                        share: { try share($0, parents: [], main: old, for: writer, new: new, bases: old.map { [$0] } ?? [],
                                                           over: over) },
                                        forum: { try forum(parents: [], main: old, for: writer) })
                ?? ClosedPeriodRule.violation(change, before: old.map { [$0] } ?? [], in: repository)
            if let rule {
                writes.refusals.append(Refusal(commit: nil, summary: nil, path: change.path,
                                               rule: StoredMessage("hub.refusal.net", ["rule": rule.argument])))
            }
        }
        return writes
    }

    /// A path a plan never holds, or an entry that is not a plain file: refused for everyone,
    /// the point of contact included (a `.gitattributes` changes how every copy reads files).
    private func shapeViolation(_ change: PathChange) throws -> StoredMessage? {
        if let problem = PathRules.problem(in: change.path) {
            return StoredMessage("hub.refusal.path", ["problem": .text(problem)])
        }
        switch change.newKind {
        case .symbolicLink?: return StoredMessage("hub.refusal.symbolic-link")
        case .submodule?: return StoredMessage("hub.refusal.submodule")
        case .file?, .executable?, nil: return nil
        }
    }

    /// Every file a push brings is size-checked, referenced by a record or not: one copy's
    /// 2 GiB "evidence" would cost every other laptop its next clone.
    private func sizeViolation(_ path: String, size: Int) -> StoredMessage? {
        let limit = PlanLayout.isRecord(path) ? YAMLGuard.maxRecordBytes : PlanLayout.maxEvidenceBytes
        guard size > limit else { return nil }
        if PlanLayout.isRecord(path) {
            return StoredMessage("hub.refusal.record-size", ["size": .number(size), "limit": .number(limit)])
        }
        return StoredMessage("hub.refusal.evidence-size", ["size": .number(size >> 20), "limit": .number(limit >> 20)])
    }

    /// The organisations that may write for each unit, as `main` says (none on a new hub).
    private func unitsOver(at main: ObjectID?) throws -> (String) -> [String] {
        guard let main, let plan = try reader.plan(at: main), plan.parentsWriteForUnits else { return { _ in [] } }
        var parents: [String: String] = [:]
        for id in try reader.ministryIDs(at: main) { if let p = try reader.ministry(id, at: main)?.parent { parents[id] = p } }
        return AccessRule.over(plan, OrganisationTree(parents: parents))
    }

    /// The lead agency of a commitment for `pusher`: what the hub's main says and what every
    /// parent says. Returns the pusher's own ministry only when all of them agree on it.
    private func lead(_ commitment: String, parents: [ObjectID], main: ObjectID?, for writer: Writer) throws -> String? {
        var last: String?
        for at in (main.map { [$0] } ?? []) + parents {
            let leader = try reader.commitment(commitment, at: at)?.leadAgency
            if leader != writer.ministryID { return leader }
            last = leader
        }
        return last
    }

    /// The milestones of a commitment `writer` leads without leading the commitment, as the hub's
    /// main and every parent all say, with what the change does to its progress (`new` against
    /// `bases`). nil when it leads none.
    private func share(_ commitment: String, parents: [ObjectID], main: ObjectID?, for writer: Writer,
                       new: ObjectID, bases: [ObjectID], over: (String) -> [String]) throws -> MilestoneShare? {
        guard let own = writer.ministryID else { return nil }
        var mine: Set<String>?
        for at in (main.map { [$0] } ?? []) + parents {
            guard let c = try reader.commitment(commitment, at: at) else { return nil }
            let led = Set(c.milestones.filter { AccessRule.speaks(own, for: c.lead(of: $0), over: over) }.map(\.id))
            mine = mine.map { $0.intersection(led) } ?? led
        }
        guard let mine, !mine.isEmpty else { return nil }
        return MilestoneShare(own: mine, new: try reader.progress(commitment, at: new),
                              bases: bases.isEmpty ? [.absent] : try bases.map { try reader.progress(commitment, at: $0) })
    }

    /// The forum's organisation for `pusher`, as `lead` reads a lead agency: the pusher's own
    /// only when the hub's main and every parent name it (a ministry cannot name itself the
    /// forum in the same push, nor borrow it from an old commit).
    private func forum(parents: [ObjectID], main: ObjectID?, for writer: Writer) throws -> String? {
        var last: String?
        for at in (main.map { [$0] } ?? []) + parents {
            let forum = try reader.process(at: at)?.forum
            if forum != writer.ministryID { return forum }
            last = forum
        }
        return last
    }
}

extension PushWrites {
    mutating func refuse(bound rule: StoredMessage) {
        refusals.append(Refusal(commit: nil, summary: nil, path: nil, rule: rule))
        overBound = true
    }
}

/// A ministry's push brings only commits authored by that ministry's members (as the hub's main
/// lists them): `carnet log` and the dashboard show authors, and a commit signed as the point
/// of contact would put words in her mouth. Commits of others that the ministry merged are
/// already on main, so they are not part of the push. The point of contact may push anyone's.
struct AuthorRule {
    private let ministry: String?
    private let emails: Set<String>

    init(pusher: HubIdentity, members: PlanMembers) {
        ministry = pusher.ministryID
        emails = Set(members.members.filter { $0.identity.ministryID == pusher.ministryID && pusher.ministryID != nil }
            .map { $0.identity.email.lowercased() })
    }

    func violation(_ author: Signature) -> StoredMessage? {
        // git reads an author line's first <…> as the address, libgit2 its last: a name holding
        // '<' or '>' shows one person to git and another to Carnet.
        if author.name.contains(where: { $0 == "<" || $0 == ">" }) || author.email.contains(where: { $0 == "<" || $0 == ">" }) {
            return StoredMessage("hub.refusal.author-malformed")
        }
        guard let ministry, !emails.contains(author.email.lowercased()) else { return nil }
        return StoredMessage("hub.refusal.author-outside", ["name": .text(author.name), "email": .text(author.email), "ministry": .text(ministry)])
    }
}
