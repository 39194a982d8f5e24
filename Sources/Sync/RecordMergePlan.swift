import Records

/// plan.yaml and ministries/<id>.yaml, field by field. `conflicts` is merged by RecordMerge.
extension Plan: MergeableRecord {
    static func parse(_ source: RecordSource, expectedID: String?) -> Plan? { Plan.read(source) }

    static func mergeFields(_ m: inout FieldMerge, base b: Plan?, ours o: Plan, theirs t: Plan) -> Plan {
        var r = t
        r.country = m.requiredText("country", base: b?.country, ours: o.country, theirs: t.country)
        r.title = m.requiredText("title", base: b?.title, ours: o.title, theirs: t.title)
        r.start = m.value("start", base: b?.start, ours: o.start, theirs: t.start, render: ConflictText.date)
        r.end = m.value("end", base: b?.end, ours: o.end, theirs: t.end, render: ConflictText.date)
        r.yearGroup = m.value("year_group", base: b?.yearGroup, ours: o.yearGroup, theirs: t.yearGroup) { $0.rawValue }
        r.languages = m.set("languages", base: b?.languages, ours: o.languages, theirs: t.languages, render: ConflictText.string)
        r.submitted = m.optional("submitted", base: b?.submitted, ours: o.submitted, theirs: t.submitted, render: ConflictText.date)
        var assessments: [String: PlanDate] = [:]
        for key in Set(o.selfAssessments.keys).union(t.selfAssessments.keys).sorted() {
            assessments[key] = m.optional("self_assessments.\(key)", base: b?.selfAssessments[key], ours: o.selfAssessments[key],
                                          theirs: t.selfAssessments[key], render: ConflictText.date)
        }
        r.selfAssessments = assessments
        r.pointOfContact = m.person("point_of_contact", base: b?.pointOfContact, ours: o.pointOfContact, theirs: t.pointOfContact)
        r.members = m.people("members", base: b?.members, ours: o.members, theirs: t.members)
        r.staleAfterDays = m.optional("stale_after_days", base: b?.staleAfterDays, ours: o.staleAfterDays,
                                      theirs: t.staleAfterDays) { String($0) }
        r.themes = m.keyed("themes", base: b?.themes, ours: o.themes, theirs: t.themes, keys: { $0.map(\.id) },
                           render: { ConflictText.text($0.title) }) { m, path, b, o, t in
            Theme(id: t.id, title: m.requiredText("\(path).title", base: b?.title, ours: o.title, theirs: t.title))
        }
        r.parentsWriteForUnits = m.value("parents_write_for_units", base: b?.parentsWriteForUnits, ours: o.parentsWriteForUnits,
                                         theirs: t.parentsWriteForUnits) { String($0) }
        r.reportingPeriods = m.optional("reporting_periods", base: b?.reportingPeriods, ours: o.reportingPeriods,
                                        theirs: t.reportingPeriods) { $0.conflictText }
        r.closed = m.optional("closed", base: b?.closed, ours: o.closed, theirs: t.closed, render: ConflictText.date)
        r.calendar = m.optional("calendar", base: b?.calendar, ours: o.calendar, theirs: t.calendar) { $0.conflictText }
        r.logo = m.optional("logo", base: b?.logo, ours: o.logo, theirs: t.logo) { $0 }
        return r
    }
}

extension Ministry: MergeableRecord {
    static func parse(_ source: RecordSource, expectedID: String?) -> Ministry? { Ministry.read(source, expectedID: expectedID) }

    static func mergeFields(_ m: inout FieldMerge, base b: Ministry?, ours o: Ministry, theirs t: Ministry) -> Ministry {
        var r = t
        r.id = m.value("id", base: b?.id, ours: o.id, theirs: t.id, render: ConflictText.string)
        r.name = m.requiredText("name", base: b?.name, ours: o.name, theirs: t.name)
        r.kind = m.value("kind", base: b?.kind, ours: o.kind, theirs: t.kind) { $0.rawValue }
        r.parent = m.optional("parent", base: b?.parent, ours: o.parent, theirs: t.parent, render: ConflictText.string)
        r.contacts = m.people("contacts", base: b?.contacts, ours: o.contacts, theirs: t.contacts)
        r.members = m.people("members", base: b?.members, ours: o.members, theirs: t.members)
        return r
    }
}
