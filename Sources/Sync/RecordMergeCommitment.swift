import Records

/// commitments/<id>/commitment.yaml, field by field; milestones match by id.
extension Commitment: MergeableRecord {
    static func parse(_ source: RecordSource, expectedID: String?) -> Commitment? { Commitment.read(source, expectedID: expectedID) }

    static func mergeFields(_ m: inout FieldMerge, base b: Commitment?, ours o: Commitment, theirs t: Commitment) -> Commitment {
        var r = t
        r.id = m.value("id", base: b?.id, ours: o.id, theirs: t.id, render: ConflictText.string)
        r.number = m.value("number", base: b?.number, ours: o.number, theirs: t.number) { String($0) }
        r.title = m.requiredText("title", base: b?.title, ours: o.title, theirs: t.title)
        r.start = m.value("start", base: b?.start, ours: o.start, theirs: t.start, render: ConflictText.date)
        r.end = m.value("end", base: b?.end, ours: o.end, theirs: t.end, render: ConflictText.date)
        r.leadAgency = m.value("lead_agency", base: b?.leadAgency, ours: o.leadAgency, theirs: t.leadAgency, render: ConflictText.string)
        r.themes = m.set("themes", base: b?.themes, ours: o.themes, theirs: t.themes, render: ConflictText.text)

        let (bd, od, td) = (b?.description, o.description, t.description)
        r.description.problem = m.requiredText("description.problem", base: bd?.problem, ours: od.problem, theirs: td.problem)
        r.description.commitment = m.requiredText("description.commitment", base: bd?.commitment, ours: od.commitment, theirs: td.commitment)
        r.description.solution = m.text("description.solution", base: bd?.solution, ours: od.solution, theirs: td.solution)
        r.description.relevance = m.text("description.relevance", base: bd?.relevance, ours: od.relevance, theirs: td.relevance)
        r.description.values = m.set("description.values", base: bd?.values, ours: od.values, theirs: td.values) { $0.rawValue }

        r.additionalInformation = additionalInformation(&m, b?.additionalInformation, o.additionalInformation, t.additionalInformation)
        r.milestones = m.keyed("milestones", base: b?.milestones, ours: o.milestones, theirs: t.milestones,
                               keys: { $0.map(\.id) }, render: ConflictText.milestone, item: mergeMilestone)
        r.contact = m.person("contact", base: b?.contact, ours: o.contact, theirs: t.contact)
        r.otherActors = otherActors(&m, b?.otherActors, o.otherActors, t.otherActors)
        r.code = m.optional("code", base: b?.code, ours: o.code, theirs: t.code, render: ConflictText.string)
        r.draft = m.value("draft", base: b?.draft, ours: o.draft, theirs: t.draft) { String($0) }
        // A gap stays one while neither side filled it in (a filled value merged above wins).
        r.toComplete = r.draft ? o.toComplete.filter { t.toComplete.contains($0) } : []
        return r
    }

    private static func mergeMilestone(_ m: inout FieldMerge, _ path: String, _ b: Milestone?, _ o: Milestone, _ t: Milestone) -> Milestone {
        var r = t
        r.activity = m.requiredText("\(path).activity", base: b?.activity, ours: o.activity, theirs: t.activity)
        r.deliverable = m.text("\(path).deliverable", base: b?.deliverable, ours: o.deliverable, theirs: t.deliverable)
        r.budget = m.text("\(path).budget", base: b?.budget, ours: o.budget, theirs: t.budget)
        r.start = m.value("\(path).start", base: b?.start, ours: o.start, theirs: t.start, render: ConflictText.date)
        r.end = m.value("\(path).end", base: b?.end, ours: o.end, theirs: t.end, render: ConflictText.date)
        r.code = m.optional("\(path).code", base: b?.code, ours: o.code, theirs: t.code, render: ConflictText.string)
        r.leadAgency = m.optional("\(path).lead_agency", base: b?.leadAgency, ours: o.leadAgency, theirs: t.leadAgency,
                                  render: ConflictText.string)
        return r
    }

    /// Each part is an optional text; the block disappears when every part does (as the writer
    /// leaves an empty block out, so re-reading gives the same model).
    private static func additionalInformation(_ m: inout FieldMerge, _ b: AdditionalInformation?, _ o: AdditionalInformation?,
                                              _ t: AdditionalInformation?) -> AdditionalInformation? {
        guard var r = t ?? o ?? b else { return nil }
        let f = "additional_information"
        r.budget = m.text("\(f).budget", base: b?.budget, ours: o?.budget, theirs: t?.budget)
        r.programmes = m.text("\(f).programmes", base: b?.programmes, ours: o?.programmes, theirs: t?.programmes)
        r.developmentPlan = m.text("\(f).development_plan", base: b?.developmentPlan, ours: o?.developmentPlan,
                                   theirs: t?.developmentPlan)
        r.sdgs = m.text("\(f).sdgs", base: b?.sdgs, ours: o?.sdgs, theirs: t?.sdgs)
        r.other = m.text("\(f).other", base: b?.other, ours: o?.other, theirs: t?.other)
        return r.isEmpty ? nil : r
    }

    private static func otherActors(_ m: inout FieldMerge, _ b: OtherActors?, _ o: OtherActors?, _ t: OtherActors?) -> OtherActors? {
        guard var r = t ?? o ?? b else { return nil }
        r.state = m.set("other_actors.state", base: b?.state, ours: o?.state ?? [], theirs: t?.state ?? [], render: ConflictText.string)
        r.nonState = m.set("other_actors.non_state", base: b?.nonState, ours: o?.nonState ?? [], theirs: t?.nonState ?? [],
                           render: ConflictText.string)
        return r.state.isEmpty && r.nonState.isEmpty ? nil : r
    }
}
