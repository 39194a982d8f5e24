import Foundation
import Git
import Hub
import Records
import Workspace

/// A copy's own commits, made again on top of another commit (the hub's main as last seen): the
/// engine of `carnet undo` and `carnet rescue`. Each commit's change (its parent → it) is applied
/// by the field-level merge, as sync merges (HubMerge: on a conflict the hub's value stays and
/// ours goes to the record's conflicts), with its author and message kept.
///
/// When judging, each replayed commit is judged by the hub's rules (HubRules) first: what the
/// hub would refuse is left out of the commit — with every other change of the same commitment,
/// which goes with it — and returned, with its content and reason, to be set aside.
struct Replay {
    let repository: Repository
    let copy: WorkingCopy
    let role: String

    struct Result {
        var tip: ObjectID
        var replayed: [CommitInfo] = []
        var setAside: [SetAside.Item] = []
        var authorReplaced: [CommitInfo] = []
    }

    /// The commits of HEAD that `base` does not have, oldest first, without merges: a sync's merge
    /// commits only brought the hub's changes, which `base` holds.
    func unsent(head: ObjectID, base: ObjectID) throws -> [CommitInfo] {
        try repository.commits(from: head, excluding: [base]).filter { $0.parents.count <= 1 }
    }

    func replay(_ commits: [CommitInfo], onto base: ObjectID, judge writer: Writer?, author fallback: Signature? = nil,
                members: Set<String>? = nil) throws -> Result {
        var result = Result(tip: base)
        for commit in commits {
            guard let parent = commit.parents.first else { continue }
            var tree = try applied(commit, onto: result.tip, from: parent)
            var author = commit.author
            if let members, let fallback, !members.contains(author.email.lowercased()) {
                // The hub takes from a ministry only its own members' commits (a laptop's previous
                // owner, a colleague's address): the change is kept, signed by this copy's author.
                author = Signature(name: fallback.name, email: fallback.email, time: author.time, offsetMinutes: author.offsetMinutes)
                result.authorReplaced.append(commit)
            }
            if let writer {
                let changed = try repository.pathChanges(from: parent, to: commit.id).map(\.path)
                var refusedPaths: Set<String> = []
                var accepted = false
                func setAside(_ paths: [String], _ refusals: [(path: String, reason: String)]) throws {
                    for path in paths where refusedPaths.insert(path).inserted {
                        let own = refusals.filter { PlanLayout.unit(of: $0.path) == PlanLayout.unit(of: path) }
                        let reason = (own.isEmpty ? refusals : own)
                            .map { $0.path == path || $0.path.isEmpty ? $0.reason : "\($0.path): \($0.reason)" }.joined(separator: "; ")
                        result.setAside.append(SetAside.Item(path: path, content: try repository.fileData(path, at: commit.id),
                                                             reason: reason, commit: commit))
                    }
                }
                var refusals: [(path: String, reason: String)] = []
                for _ in 0..<4 {
                    let candidate = try make(tree, on: result.tip, like: commit, author: author)
                    refusals = try HubRules().refusals(in: repository, parent: result.tip, candidate: candidate, writer: writer)
                    if refusals.isEmpty { accepted = true; break }
                    let held = Self.held(changed, by: refusals).filter { !refusedPaths.contains($0) }
                    guard !held.isEmpty else { break }
                    try setAside(held, refusals)
                    tree = try repository.tree(of: candidate, takingPaths: Array(refusedPaths), from: result.tip)
                }
                if !accepted {
                    // What is left still would not pass: the whole commit is set aside.
                    try setAside(changed, refusals)
                    continue
                }
            }
            if tree == (try repository.commit(result.tip)).tree { continue }
            result.tip = try make(tree, on: result.tip, like: commit, author: author)
            result.replayed.append(commit)
        }
        return result
    }

    /// The tree of `tip` with `commit`'s own change applied (field by field where both changed).
    private func applied(_ commit: CommitInfo, onto tip: ObjectID, from parent: ObjectID) throws -> ObjectID {
        var policy = HubMerge(role: role, ours: commit, theirs: try repository.commit(tip))
        return try repository.mergeTrees(ours: commit.id, theirs: tip, base: parent,
                                         decide: { try policy.decide($0) }, amend: { try policy.amend($0) })
    }

    private func make(_ tree: ObjectID, on parent: ObjectID, like commit: CommitInfo, author: Signature) throws -> ObjectID {
        try repository.createCommit(tree: tree, parents: [parent], message: commit.message, author: author, updateRef: nil)
    }

    /// The changed paths the refusals hold back; all of them when a refusal names none of them.
    static func held(_ changed: [String], by refusals: [(path: String, reason: String)]) -> [String] {
        let units = Set(refusals.map { PlanLayout.unit(of: $0.path) })
        let held = changed.filter { units.contains(PlanLayout.unit(of: $0)) }
        return held.isEmpty ? changed : held
    }
}
