/// Each record as the ordered tree that CanonicalYAML writes. Key order follows docs/RECORDS.md.
/// The one writer of each part: a merge conflict's value (Sources/Sync/FieldMergeRender) writes
/// a person, a milestone, a milestone's progress or an evidence entry with these same entries.
extension Text {
    public var yaml: YAMLValue {
        switch self {
        case .plain(let s): return .text(s)
        case .translated(let items): return .map(items.flatMap(\.yamlEntries))
        }
    }
}

extension Text.Translation {
    /// `en: "Land registry"`, then its fingerprint `en_from: 3f2a9c1d` (TranslationStamp) when known.
    public var yamlEntries: [(String, YAMLValue)] {
        [(language, .text(value))] + (from.map { [(language + TranslationStamp.suffix, YAMLValue.text($0))] } ?? [])
    }
}

private func optional(_ key: String, _ value: YAMLValue?) -> [(String, YAMLValue)] {
    value.map { [(key, $0)] } ?? []
}

extension Person {
    var yaml: YAMLValue { .map(yamlEntries) }

    public var yamlEntries: [(String, YAMLValue)] {
        var e: [(String, YAMLValue)] = [("name", .text(name))]
        e += optional("title", title?.yaml)
        e += optional("organisation", organisation.map(CanonicalYAML.id))
        e += optional("email", email.map(YAMLValue.text))
        e += optional("phone", phone.map(YAMLValue.text))
        e += [("keys", .list(keys.map(YAMLValue.text)))]
        e += optional("account", account.map(YAMLValue.text))
        e += isPublic ? [("public", .token("true"))] : []
        e += optional("language", language.map(YAMLValue.token))
        return e
    }
}

extension Plan {
    public var canonicalYAML: String {
        var e: [(String, YAMLValue)] = [
            ("country", country.yaml), ("title", title.yaml),
            ("start", .token(start.description)), ("end", .token(end.description)),
            ("year_group", .token(yearGroup.rawValue)),
            ("languages", .list(languages.map(YAMLValue.token))),
        ]
        e += optional("submitted", submitted.map { .token($0.description) })
        var sa: [(String, YAMLValue)] = []
        for key in ["mid_term", "end_term"] { if let d = selfAssessments[key] { sa.append((key, .token(d.description))) } }
        e += [("self_assessments", .map(sa))]
        e += [("point_of_contact", pointOfContact.yaml), ("members", .list(members.map(\.yaml)))]
        e += optional("stale_after_days", staleAfterDays.map { .token(String($0)) })
        e += [("themes", .list(themes.map { .map([("id", CanonicalYAML.id($0.id)), ("title", $0.title.yaml)]) }))]
        if parentsWriteForUnits { e.append(("parents_write_for_units", .token("true"))) }
        e += optional("reporting_periods", reportingPeriods?.yaml)
        e += optional("calendar", calendar?.yaml)
        e += optional("logo", logo.map { .text($0) })
        e += optional("closed", closed.map { .token($0.description) })
        e.append(("conflicts", conflicts.yaml))
        return CanonicalYAML.write(e)
    }
}

extension Ministry {
    public var canonicalYAML: String {
        CanonicalYAML.write([
            ("id", CanonicalYAML.id(id)), ("name", name.yaml), ("kind", .token(kind.rawValue)),
        ] + optional("parent", parent.map(CanonicalYAML.id)) + [
            ("contacts", .list(contacts.map(\.yaml))), ("members", .list(members.map(\.yaml))),
            ("conflicts", conflicts.yaml),
        ])
    }
}

extension Commitment {
    public var canonicalYAML: String {
        // A draft's gaps stay gaps: what the reader filled in is not written (DraftGaps).
        let gap = Set(toComplete)
        var e: [(String, YAMLValue)] = [("id", CanonicalYAML.id(id)), ("number", .token(String(number)))]
        e += optional("code", code.map(YAMLValue.text))
        e.append(("title", title.yaml))
        if draft { e.append(("draft", .token("true"))) }
        e += optional("start", gap.contains("start") ? nil : .token(start.description))
        e += optional("end", gap.contains("end") ? nil : .token(end.description))
        e += [("lead_agency", CanonicalYAML.id(leadAgency)), ("themes", .list(themes.map(\.yaml)))]
        var d: [(String, YAMLValue)] = [("problem", description.problem.yaml), ("commitment", description.commitment.yaml)]
        d += optional("solution", description.solution?.yaml)
        d += optional("relevance", description.relevance?.yaml)
        d += [("values", .list(description.values.map { .token($0.rawValue) }))]
        e.append(("description", .map(d)))
        if let info = additionalInformation {
            var a: [(String, YAMLValue)] = []
            a += optional("budget", info.budget?.yaml)
            a += optional("programmes", info.programmes?.yaml)
            a += optional("development_plan", info.developmentPlan?.yaml)
            a += optional("sdgs", info.sdgs?.yaml)
            a += optional("other", info.other?.yaml)
            e.append(("additional_information", .map(a)))
        }
        e.append(("milestones", .list(milestones.map { m in
            .map(m.yamlEntries(leavingOut: Set(["start", "end"].filter { gap.contains("milestones.\(m.id).\($0)") })))
        })))
        if !gap.contains("contact") { e.append(("contact", contact.yaml)) }
        if let actors = otherActors {
            e.append(("other_actors", .map([
                ("state", .list(actors.state.map(CanonicalYAML.id))),
                ("non_state", .list(actors.nonState.map(CanonicalYAML.id))),
            ])))
        }
        e.append(("conflicts", conflicts.yaml))
        return CanonicalYAML.write(e)
    }
}

extension Commitment.Milestone {
    /// The milestone as commitment.yaml writes it: the one writer for the file and for a
    /// conflict's kept and lost values (Sync's ConflictText), so neither drops a field.
    /// `gaps`: "start" and/or "end" when a draft leaves them to complete (DraftGaps).
    public func yamlEntries(leavingOut gaps: Set<String> = []) -> [(String, YAMLValue)] {
        var me: [(String, YAMLValue)] = [("id", CanonicalYAML.id(id))]
        if let code { me.append(("code", .text(code))) }
        me.append(("activity", activity.yaml))
        if let leadAgency { me.append(("lead_agency", CanonicalYAML.id(leadAgency))) }
        if let deliverable { me.append(("deliverable", deliverable.yaml)) }
        if let budget { me.append(("budget", budget.yaml)) }
        if !gaps.contains("start") { me.append(("start", .token(start.description))) }
        if !gaps.contains("end") { me.append(("end", .token(end.description))) }
        return me
    }
}

extension CommitmentProgress {
    public var canonicalYAML: String {
        var e: [(String, YAMLValue)] = [("commitment", CanonicalYAML.id(commitment)), ("completion", .token(completion.rawValue))]
        e += optional("results", results?.yaml)
        e += optional("next_steps", nextSteps?.yaml)
        e += optional("delay_reason", delayReason?.yaml)
        e.append(("milestones", .list(milestones.map { .map($0.yamlEntries) })))
        e.append(("evidence", .list(evidence.map { .map($0.yamlEntries) })))
        e.append(("conflicts", conflicts.yaml))
        return CanonicalYAML.write(e)
    }
}

extension CommitmentProgress.MilestoneProgress {
    public var yamlEntries: [(String, YAMLValue)] {
        var me: [(String, YAMLValue)] = [("id", CanonicalYAML.id(id)), ("completion", .token(completion.rawValue))]
        me += optional("actual_start", actualStart.map { .token($0.description) })
        me += optional("actual_end", actualEnd.map { .token($0.description) })
        me += optional("note", note?.yaml)
        me += optional("delay_reason", delayReason?.yaml)
        return me
    }
}

extension CommitmentProgress.Evidence {
    public var yamlEntries: [(String, YAMLValue)] {
        var ve: [(String, YAMLValue)] = [("id", CanonicalYAML.id(id)), ("title", title.yaml)]
        ve += optional("file", file.map(YAMLValue.text))
        ve += optional("url", url.map(YAMLValue.text))
        ve += optional("milestone", milestone.map(CanonicalYAML.id))
        ve += optional("added", added.map { .token($0.description) })
        return ve
    }
}

extension Array where Element == FieldConflict {
    var yaml: YAMLValue {
        .list(map { c in
            var ce: [(String, YAMLValue)] = [("field", .text(c.field)), ("kept", .text(c.kept)), ("lost", .text(c.lost))]
            ce += optional("lost_by", c.lostBy.map(YAMLValue.text))
            ce += optional("lost_at", c.lostAt.map(YAMLValue.text))
            return .map(ce)
        })
    }
}
