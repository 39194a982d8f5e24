import Messages
extension Commitment {
    /// Reads commitments/<id>/commitment.yaml; `expectedID` is the folder name.
    public static func read(_ source: RecordSource, expectedID: String?) -> Commitment? {
        guard let map = source.rootMap() else { return nil }
        let id = map.id("id", required: true)
        if let id, let expectedID, id != expectedID {
            source.report(map.value("id"), Said("records.id-differs-folder", ["id": .text(id), "folder": .text(expectedID)]))
        }
        let number = map.integer("number", required: true)
        let title = map.text("title", required: true)
        let draft = map.flag("draft") ?? false
        let code = map.officialCode("code")
        let givenStart = map.date("start", required: !draft)
        let givenEnd = map.date("end", required: !draft)
        let (start, end) = draft ? DraftGaps.commitmentDates(givenStart, givenEnd, map) : (givenStart, givenEnd)
        if let start, let end, end.lastDay < start.firstDay {
            source.report(at: source.location(of: "end"), Said("records.commitment-ends-before-start", ["end": .text(end.description), "start": .text(start.description)]))
        }
        let lead = map.id("lead_agency", required: true)
        var themes: [Text] = []
        for (i, node) in (map.list("themes") ?? []).enumerated() {
            if let t = TextReader.read(node, field: "themes[\(i)]", source: source) { themes.append(t) }
        }
        let description = map.map("description", required: true).flatMap { readDescription($0, draft: draft) }
        let info = map.map("additional_information").map(readAdditionalInformation)
        var gaps: [String] = []
        let milestones = readMilestones(map, start: start, end: end, draft: draft, gaps: &gaps)
        let givenContact = map.map("contact", required: !draft)?.person()
        let contact = givenContact ?? (draft ? Person(name: "") : nil)
        let actors = map.map("other_actors").map(readActors)
        let conflicts = map.conflicts()
        map.finish("commitment.yaml")
        guard let id, let number, let title, let start, let end, let lead, let description, let contact else { return nil }
        var c = Commitment(id: id, number: number, title: title, start: start, end: end, leadAgency: lead, themes: themes,
                           description: description, additionalInformation: info, milestones: milestones,
                           contact: contact, otherActors: actors, conflicts: conflicts)
        c.code = code
        c.draft = draft
        if draft {
            c.toComplete = DraftGaps.missing(start: givenStart, end: givenEnd, contact: givenContact,
                                             values: description.values) + gaps
        }
        return c
    }

    private static func readDescription(_ map: MapNode, draft: Bool) -> Description? {
        let problem = map.text("problem", required: true, rule: .prose)
        let commitment = map.text("commitment", required: true, rule: .prose)
        let solution = map.text("solution", rule: .prose)
        let relevance = map.text("relevance", rule: .prose)
        var values: [OGPValue] = []
        let valueList = map.scalarList("values", required: !draft)
        for (raw, node) in valueList ?? [] {
            if let v = OGPValue(rawValue: raw) { values.append(v) }
            else { map.source.report(node, ogpValueProblem(raw)) }
        }
        if valueList != nil && valueList!.isEmpty && !draft {
            map.source.report(map.value("values"), Said("records.ogp-value-none"))
        }
        map.finish(Catalogue.text("records.place.description"))
        guard let problem, let commitment else { return nil }
        return Description(problem: problem, commitment: commitment, solution: solution, relevance: relevance, values: values)
    }

    private static func readAdditionalInformation(_ map: MapNode) -> AdditionalInformation {
        let info = AdditionalInformation(budget: map.text("budget", rule: .prose), programmes: map.text("programmes", rule: .prose),
                                         developmentPlan: map.text("development_plan", rule: .prose),
                                         sdgs: map.text("sdgs", rule: .prose), other: map.text("other", rule: .prose))
        map.finish("additional_information")
        return info
    }

    private static func readActors(_ map: MapNode) -> OtherActors {
        let state = map.scalarList("state")?.map(\.0) ?? []
        let nonState = map.scalarList("non_state")?.map(\.0) ?? []
        map.finish("other_actors")
        return OtherActors(state: state, nonState: nonState)
    }

    private static func readMilestones(_ map: MapNode, start: PlanDate?, end: PlanDate?, draft: Bool, gaps: inout [String]) -> [Milestone] {
        let items = map.identifiedItems("milestones", required: true, itemName: Catalogue.text("records.item.milestone"))
        if map.value("milestones") != nil && items.isEmpty {
            map.source.report(map.value("milestones"), Said("records.milestones-none"))
        }
        var result: [Milestone] = []
        for (id, m) in items {
            let activity = m.text("activity", required: true, rule: .prose)
            let deliverable = m.text("deliverable", rule: .prose)
            let budget = m.text("budget", rule: .prose)
            // A draft's milestone without dates takes the commitment's, "to complete" (DraftGaps).
            let givenStart = m.date("start", required: !draft), givenEnd = m.date("end", required: !draft)
            if draft, let id, !m.has("start") { gaps.append("milestones.\(id).start") }
            if draft, let id, !m.has("end") { gaps.append("milestones.\(id).end") }
            let mStart = givenStart ?? (draft && !m.has("start") ? start : nil)
            let mEnd = givenEnd ?? (draft && !m.has("end") ? end : nil)
            let code = m.officialCode("code")
            let lead = m.id("lead_agency")
            m.finish(Catalogue.text("records.place.milestone"))
            let source = m.source
            if let mStart, let mEnd, mEnd.lastDay < mStart.firstDay {
                source.report(at: source.location(of: m.path("end")), Said("records.milestone-ends-before-start", ["id": .text(id ?? "?"), "end": .text(mEnd.description), "start": .text(mStart.description)]))
            }
            if let start, let mStart, mStart.firstDay < start.firstDay {
                source.report(at: source.location(of: m.path("start")),
                              Said("records.milestone-starts-before-commitment", ["id": .text(id ?? "?"), "start": .text(mStart.description), "commitment": .text(start.description)]))
            }
            if let end, let mEnd, mEnd.lastDay > end.lastDay {
                source.report(at: source.location(of: m.path("end")),
                              Said("records.milestone-ends-after-commitment", ["id": .text(id ?? "?"), "end": .text(mEnd.description), "commitment": .text(end.description)]))
            }
            if let id, let activity, let mStart, let mEnd {
                result.append(Milestone(id: id, activity: activity, deliverable: deliverable, budget: budget, start: mStart, end: mEnd,
                                        code: code, leadAgency: lead))
            }
        }
        return result
    }
}

extension Commitment {
    /// An OGP value that is not one: the canonical spelling it most likely means, if any (PeopleInput).
    static func ogpValueProblem(_ raw: String) -> Said {
        let choices = MessageArgument.text(OGPValue.allCases.map(\.rawValue).joined(separator: ", "))
        if let meant = PeopleInput.suggestion(for: raw, OGPValue.self, language: Catalogue.language) {
            return Said("records.ogp-value-invalid-suggest", ["value": .text(raw), "suggestion": .text(meant.rawValue), "choices": choices])
        }
        return Said("records.ogp-value-invalid", ["value": .text(raw), "choices": choices])
    }
}
