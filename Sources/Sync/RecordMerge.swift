import Messages
import Records

/// The outcome of merging one record file.
public struct RecordMergeResult: Sendable, Equatable {
    /// The merged record in canonical YAML; nil when the file cannot be merged (see `problem`).
    public var text: String?
    /// Conflicts newly recorded by this merge (they are also in the text's `conflicts` list).
    public var conflicts: [FieldConflict]
    /// Why `text` is nil.
    public var problem: String?

    public init(text: String?, conflicts: [FieldConflict] = [], problem: String? = nil) {
        self.text = text
        self.conflicts = conflicts
        self.problem = problem
    }
}

/// Field-level three-way merge of one record file (plan, ministry, commitment, progress,
/// participation records). Pure: no
/// git, no files. The sync engine calls it for every record file changed on both sides.
///
/// Rules (docs/MERGE.md has them in full, with examples):
/// - The three versions are read with the Records module and merged on the model, field by field;
///   the result is written with the record's `canonicalYAML`. Never line by line: a textual merge
///   of YAML can give a file that parses but means something else.
/// - A field changed on one side only: that change. Changed on both sides to the same value: that
///   value. Changed on both sides to different values: a conflict, settled by one deterministic
///   rule so that every replica computes the same record: THE HUB'S VALUE (theirs) WINS, because
///   it may already be published; our value goes into the record's `conflicts` list
///   (`field`, `kept`, `lost`, `lost_by`, `lost_at`), where status and the dashboard show it until
///   `carnet resolve` settles it. An identical entry is never added twice.
/// - Text fields merge per language (`title.fr` and `title.en` are separate fields).
/// - Lists with ids (milestones, milestone progress, evidence) match by id; persons match by name.
///   Items added on either side are kept (theirs' order, then ours' additions). An item deleted on
///   one side and unchanged on the other is deleted; deleted on one side and modified on the other,
///   the modified item is kept and the lost deletion is recorded as a conflict (`lost: ~`).
/// - Lists of plain values (languages, keys, OGP values, themes, other actors) merge as sets:
///   additions and removals of both sides relative to the base.
/// - `conflicts` lists merge as a union, minus entries removed on one side (a resolve removes one).
/// - No base (added on both sides, or the base does not read): every field that differs is a
///   conflict, and items and values present on either side are kept.
/// - The result is re-read and must have no errors. If it had (fields that are each fine but
///   disagree, like a milestone now ending after its commitment), the result is theirs, with every
///   field where ours differs recorded as a conflict: valid, and nothing lost.
/// - When ours or theirs does not read without errors, there is no text and `problem` says why.
public enum RecordMerge {
    /// - Parameters:
    ///   - path: repository-relative path; `PlanLayout.kind(of:)` tells the record kind.
    ///   - base: the common ancestor's text; nil when the file was added on both sides.
    ///   - ours: this working copy's version; `theirs`: the hub's version.
    ///   - ourAuthor, ourTime: who wrote ours and when (`lost_by` / `lost_at` of values we lose).
    ///   - theirAuthor, theirTime: the same for theirs (used when a hub deletion loses to our edit).
    public static func merge(path: String, base: String?, ours: String, theirs: String,
                             ourAuthor: String?, ourTime: String?, theirAuthor: String?, theirTime: String?) -> RecordMergeResult {
        let sides = (ours: FieldMerge.Side(author: ourAuthor, time: ourTime),
                     theirs: FieldMerge.Side(author: theirAuthor, time: theirTime))
        func run<R: MergeableRecord>(_ type: R.Type, _ expectedID: String?) -> RecordMergeResult {
            RecordMergeDriver<R>(path: path, expectedID: expectedID, ours: sides.ours, theirs: sides.theirs)
                .merge(base: base, ours: ours, theirs: theirs)
        }
        switch PlanLayout.kind(of: path) {
        case .plan: return run(Plan.self, nil)
        case .ministry(let id): return run(Ministry.self, id)
        case .commitment(let id): return run(Commitment.self, id)
        case .progress(let id): return run(CommitmentProgress.self, id)
        case .participation(.process): return run(ParticipationProcess.self, nil)
        case .participation(.meeting(let id)): return run(ForumMeeting.self, id)
        case .participation(.consultation(let id)): return run(Consultation.self, id)
        case .participation(.communication(let id)): return run(Communication.self, id)
        case .participation(.document(let id)): return run(ProcessDocument.self, id)
        // The review's organisation and commitment are its path, passed as "organisation/commitment".
        case .participation(.review(let o, let c)): return run(CivilSocietyReview.self, o + "/" + c)
        case .evidence, .period, .participation(.file), .other:
            return RecordMergeResult(text: nil, problem: Catalogue.text("sync.merge-not-record", ["path": .text(path)]))
        }
    }
}
