import Git
import Records
import Workspace

/// The hub's rules run in a working copy, before a commit is taken (`carnet commit`, the commit
/// step of `carnet sync`, `carnet rescue`): the same verify the hub runs on a push — access,
/// paths, sizes, validity at the tip — so a copy never takes a commit its hub would refuse.
/// The pusher's identity and authorship are the hub's business (they need the plan's members as
/// the hub holds them); everything a commit's content decides is judged here.
public struct HubRules: CommitJudge {
    public init() {}

    public func refusals(in repository: Repository, parent: ObjectID?, candidate: ObjectID, writer: Writer) throws -> [(path: String, reason: String)] {
        try PushVerifier(repository: repository).judge(old: parent, new: candidate, writer: writer).map { refusal in
            (Self.file(of: refusal.path ?? ""), refusal.rule.text)
        }
    }

    /// "commitments/05/progress.yaml:12:3" → "commitments/05/progress.yaml".
    static func file(of location: String) -> String {
        var parts = location.split(separator: ":", omittingEmptySubsequences: false)
        while parts.count > 1, let last = parts.last, !last.isEmpty, last.allSatisfy(\.isNumber) { parts.removeLast() }
        return parts.joined(separator: ":")
    }
}

extension PushVerifier {
    /// What the hub would refuse in `old..new` written by `writer`, identity and authors aside.
    func judge(old: ObjectID?, new: ObjectID, writer: Writer) throws -> [Refusal] {
        let writes = try judgeWrites(old: old, new: new, writer: writer, authors: nil)
        if writes.overBound { return writes.refusals }
        return writes.refusals + (try invalidRecords(old: old, new: new, touched: writes.lastTouch))
    }
}
