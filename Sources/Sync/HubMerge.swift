import Foundation
import Messages
import Git
import Records

/// Decides, path by path, what the merge of our commits and the hub's keeps: the policy half of
/// a merge (Git.mergeTrees does the mechanics).
/// - Record files changed on both sides: RecordMerge, field by field (the hub's value wins a
///   conflict, ours is kept in the record's `conflicts`).
/// - A record deleted on one side and changed on the other: the changed one (no edit lost).
/// - Other files (evidence) follow git: its clean merge stands; a real conflict keeps both files,
///   the hub's at the path and ours beside it as `name~<ministry>.ext`.
struct HubMerge {
    struct Failure: Error, CustomStringConvertible {
        var path: String
        var problem: String
        var description: String { Catalogue.text("sync.cannot-merge", ["path": .text(path), "problem": .text(problem)]) }
    }

    let role: String
    let ours: (author: String?, time: String?)
    let theirs: (author: String?, time: String?)
    var conflicts: [SyncOutcome.Conflict] = []
    var keptBoth: [String] = []

    init(role: String, ours: CommitInfo, theirs: CommitInfo) {
        self.role = role
        self.ours = (Self.who(ours.author), Self.when(ours.author))
        self.theirs = (Self.who(theirs.author), Self.when(theirs.author))
    }

    mutating func decide(_ entry: MergeEntry) throws -> MergeResolution {
        PlanLayout.isRecord(entry.path) ? try record(entry) : other(entry)
    }

    private mutating func record(_ e: MergeEntry) throws -> MergeResolution {
        switch (e.ours, e.theirs) {
        case (nil, nil): return .write([(e.path, nil)])
        case (let o?, nil): return .write([(e.path, o)])
        case (nil, let t?): return .write([(e.path, t)])
        case (let o?, let t?):
            let result = RecordMerge.merge(
                path: e.path, base: e.base.map { String(decoding: $0, as: UTF8.self) },
                ours: String(decoding: o, as: UTF8.self), theirs: String(decoding: t, as: UTF8.self),
                ourAuthor: ours.author, ourTime: ours.time, theirAuthor: theirs.author, theirTime: theirs.time)
            guard let text = result.text else {
                throw Failure(path: e.path, problem: result.problem ?? Catalogue.text("sync.merge-no-result"))
            }
            conflicts += result.conflicts.map {
                SyncOutcome.Conflict(path: e.path, field: $0.field, kept: $0.kept, lost: $0.lost, lostBy: $0.lostBy, lostAt: $0.lostAt)
            }
            return .write([(e.path, Data(text.utf8))])
        }
    }

    private mutating func other(_ e: MergeEntry) -> MergeResolution {
        guard e.conflicted else { return .useMerged }
        switch (e.ours, e.theirs) {
        case (let o?, let t?):
            let renamed = Self.renamed(e.path, role: role)
            keptBoth.append(renamed)
            return .write([(e.path, t), (renamed, o)])
        case (let o?, nil): return .write([(e.path, o)])
        case (nil, let t?): return .write([(e.path, t)])
        case (nil, nil): return .write([(e.path, nil)])
        }
    }

    /// `evidence/report.pdf` → `evidence/report~min-terres.pdf`.
    static func renamed(_ path: String, role: String) -> String {
        let url = URL(fileURLWithPath: path)
        let ext = url.pathExtension
        let stem = url.deletingPathExtension().lastPathComponent
        let dir = (path as NSString).deletingLastPathComponent
        let name = ext.isEmpty ? "\(stem)~\(role)" : "\(stem)~\(role).\(ext)"
        return dir.isEmpty ? name : "\(dir)/\(name)"
    }

    static func who(_ s: Signature) -> String { "\(s.name) <\(s.email)>" }

    static func when(_ s: Signature) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(secondsFromGMT: s.offsetMinutes * 60)
        return formatter.string(from: s.time)
    }
}
