import Messages
import Records

/// A record type the merge knows: how to read it and how to merge its fields (all but `conflicts`,
/// which the driver merges the same way for every record).
protocol MergeableRecord: Equatable {
    var conflicts: [FieldConflict] { get set }
    var canonicalYAML: String { get }
    static func parse(_ source: RecordSource, expectedID: String?) -> Self?
    static func mergeFields(_ m: inout FieldMerge, base: Self?, ours: Self, theirs: Self) -> Self
}

/// Reads the three versions, merges, checks the result, and falls back to theirs when it must.
struct RecordMergeDriver<R: MergeableRecord> {
    let path: String
    let expectedID: String?
    let ours: FieldMerge.Side
    let theirs: FieldMerge.Side

    func merge(base: String?, ours oursText: String, theirs theirsText: String) -> RecordMergeResult {
        let o: R, t: R
        switch read(oursText) {
        case .success(let r): o = r
        case .failure(let why): return RecordMergeResult(text: nil, problem: Catalogue.text("sync.merge-ours-unreadable", ["path": .text(path), "reason": .text(why.why)]))
        }
        switch read(theirsText) {
        case .success(let r): t = r
        case .failure(let why): return RecordMergeResult(text: nil, problem: Catalogue.text("sync.merge-theirs-unreadable", ["path": .text(path), "reason": .text(why.why)]))
        }
        // A base that does not read (a plain git user committed a broken file) gives no common
        // ground: merge as if the file had been added on both sides.
        let b = base.flatMap { try? read($0).get() }

        var three = FieldMerge(mode: .threeWay, ours: ours, theirs: theirs)
        let merged = R.mergeFields(&three, base: b, ours: o, theirs: t)
        let first = finish(merged, three.recorded, b, o, t)
        if check(first.record) == nil { return RecordMergeResult(text: first.record.canonicalYAML, conflicts: first.new) }

        var fallback = FieldMerge(mode: .theirsWins, ours: ours, theirs: theirs)
        let safe = finish(R.mergeFields(&fallback, base: nil, ours: o, theirs: t), fallback.recorded, b, o, t)
        if let why = check(safe.record) {
            return RecordMergeResult(text: nil, problem: Catalogue.text("sync.merge-invalid", ["path": .text(path), "reason": .text(why)]))
        }
        return RecordMergeResult(text: safe.record.canonicalYAML, conflicts: safe.new)
    }

    /// The merged `conflicts` list (always a three-way union, even in the fallback: an entry is
    /// never invalid, and a resolve on one side must stay done), then the new entries not there yet.
    private func finish(_ merged: R, _ recorded: [FieldConflict], _ b: R?, _ o: R, _ t: R) -> (record: R, new: [FieldConflict]) {
        var union = FieldMerge(mode: .threeWay, ours: ours, theirs: theirs)
        var list = union.set("conflicts", base: b?.conflicts, ours: o.conflicts, theirs: t.conflicts, reportOrder: false) { $0.field }
        var new: [FieldConflict] = []
        for c in recorded where !list.contains(c) {
            list.append(c)
            new.append(c)
        }
        var record = merged
        record.conflicts = list
        return (record, new)
    }

    private struct Unreadable: Error { var why: String }

    private func read(_ text: String) -> Result<R, Unreadable> {
        let source = RecordSource(bytes: Array(text.utf8), path: path)
        let record = R.parse(source, expectedID: expectedID)
        let errors = source.diagnostics.filter { $0.severity == .error }
        guard let record, errors.isEmpty else {
            let shown = errors.prefix(3).map(\.description).joined(separator: "; ")
            return .failure(Unreadable(why: shown.isEmpty ? Catalogue.text("sync.not-a-record") : shown + (errors.count > 3 ? "; …" : "")))
        }
        return .success(record)
    }

    /// Nil when the record, written canonically and read back, has no errors and is the same record
    /// (so writing lost nothing); otherwise why not.
    private func check(_ record: R) -> String? {
        switch read(record.canonicalYAML) {
        case .failure(let e): return e.why
        case .success(let back): return back == record ? nil : Catalogue.text("sync.not-read-back")
        }
    }
}
