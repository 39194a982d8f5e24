import Records

/// commitments/<id>/progress.yaml, field by field; milestone progress and evidence match by id.
extension CommitmentProgress: MergeableRecord {
    static func parse(_ source: RecordSource, expectedID: String?) -> CommitmentProgress? {
        CommitmentProgress.read(source, expectedID: expectedID)
    }

    static func mergeFields(_ m: inout FieldMerge, base b: CommitmentProgress?, ours o: CommitmentProgress,
                            theirs t: CommitmentProgress) -> CommitmentProgress {
        var r = t
        r.commitment = m.value("commitment", base: b?.commitment, ours: o.commitment, theirs: t.commitment, render: ConflictText.string)
        r.completion = m.value("completion", base: b?.completion, ours: o.completion, theirs: t.completion) { $0.rawValue }
        r.results = m.text("results", base: b?.results, ours: o.results, theirs: t.results)
        r.nextSteps = m.text("next_steps", base: b?.nextSteps, ours: o.nextSteps, theirs: t.nextSteps)
        r.delayReason = m.text("delay_reason", base: b?.delayReason, ours: o.delayReason, theirs: t.delayReason)
        r.milestones = m.keyed("milestones", base: b?.milestones, ours: o.milestones, theirs: t.milestones,
                               keys: { $0.map(\.id) }, render: ConflictText.milestoneProgress, item: mergeMilestone)
        r.evidence = m.keyed("evidence", base: b?.evidence, ours: o.evidence, theirs: t.evidence,
                             keys: { $0.map(\.id) }, render: ConflictText.evidence, item: mergeEvidence)
        return r
    }

    private static func mergeMilestone(_ m: inout FieldMerge, _ path: String, _ b: MilestoneProgress?, _ o: MilestoneProgress,
                                  _ t: MilestoneProgress) -> MilestoneProgress {
        var r = t
        r.completion = m.value("\(path).completion", base: b?.completion, ours: o.completion, theirs: t.completion) { $0.rawValue }
        r.actualStart = m.optional("\(path).actual_start", base: b?.actualStart, ours: o.actualStart, theirs: t.actualStart,
                                   render: ConflictText.date)
        r.actualEnd = m.optional("\(path).actual_end", base: b?.actualEnd, ours: o.actualEnd, theirs: t.actualEnd,
                                 render: ConflictText.date)
        r.note = m.text("\(path).note", base: b?.note, ours: o.note, theirs: t.note)
        r.delayReason = m.text("\(path).delay_reason", base: b?.delayReason, ours: o.delayReason, theirs: t.delayReason)
        return r
    }

    /// `file` and `url` are one choice (exactly one is allowed): merged as a pair so a switch from
    /// file to url here and a new file on the hub cannot give an entry with both.
    private struct Location: Equatable {
        var file: String?
        var url: String?
        var key: String { file != nil ? "file" : "url" }
        var text: String { file.map { "file: \($0)" } ?? url.map { "url: \($0)" } ?? FieldMerge.absent }
    }

    private static func mergeEvidence(_ m: inout FieldMerge, _ path: String, _ b: Evidence?, _ o: Evidence, _ t: Evidence) -> Evidence {
        var r = t
        r.title = m.requiredText("\(path).title", base: b?.title, ours: o.title, theirs: t.title)
        let ol = Location(file: o.file, url: o.url)
        let where_ = m.value("\(path).\(ol.key)", base: b.map { Location(file: $0.file, url: $0.url) }, ours: ol,
                             theirs: Location(file: t.file, url: t.url), render: \.text)
        (r.file, r.url) = (where_.file, where_.url)
        r.milestone = m.optional("\(path).milestone", base: b?.milestone, ours: o.milestone, theirs: t.milestone,
                                 render: ConflictText.string)
        r.added = m.optional("\(path).added", base: b?.added, ours: o.added, theirs: t.added, render: ConflictText.date)
        return r
    }
}
