import Messages
import Records

/// One commitment's completion template (manual §7 II, "Modèle d'achèvement de l'engagement"),
/// its rows in the manual's order, filled from commitment.yaml and progress.yaml.
struct CompletionTemplate {
    let status: CommitmentStatus
    let overview: PlanOverview
    let l: Localizer

    private var c: Commitment { status.commitment }

    private func text(_ t: RecordText?, _ missing: Phrase = .saNotInRecords) -> [DocLine] {
        l.paragraphs(l.text(t), missing: l[missing])
    }

    private func names(_ ids: [String]) -> [DocLine] {
        ids.isEmpty ? [[DocSpan("—")]] : ids.map { [DocSpan(overview.ministryName($0, l))] }
    }

    /// The four levels side by side, the current one ticked and bold (the manual's row of four boxes).
    private func levels() -> [DocLine] {
        guard let progress = status.progress else { return [[DocSpan(l[.saNoProgress], .placeholder)]] }
        let line = CompletionLevel.allCases.flatMap { level -> [DocSpan] in
            level == progress.completion
                ? [DocSpan("☒ " + l.completion(level), .strong), DocSpan("   ")]
                : [DocSpan("☐ " + l.completion(level)), DocSpan("   ")]
        }
        return [Array(line.dropLast())]
    }

    /// Budget, programmes, plans and goals, each labelled (only those the record has).
    private func additional() -> [DocLine] {
        let info = c.additionalInformation
        let items: [(Phrase, RecordText?)] = [(.infoBudget, info?.budget), (.infoProgrammes, info?.programmes),
                                        (.infoDevelopmentPlan, info?.developmentPlan), (.infoSDGs, info?.sdgs)]
        let lines = items.compactMap { phrase, t in l.text(t).map { [DocSpan(l.label(phrase), .strong)] + l.spans($0) } }
        return lines.isEmpty ? [[DocSpan(l[.saOptionalInfo], .placeholder)]] : lines
    }

    /// The template's last row: other information, and the evidence published (§1 L).
    private func closing() -> [DocLine] {
        var lines = l.text(c.additionalInformation?.other).map { l.paragraphs($0, missing: "") } ?? []
        for e in status.evidence {
            var line: DocLine = [DocSpan(l.label(.evidenceItem), .strong)]
            if let title = l.text(e.title) { line += l.spans(title) }
            if let target = e.url ?? e.file { line.append(DocSpan(" — " + target)) }
            lines.append(line)
        }
        return lines.isEmpty ? [[DocSpan("—")]] : lines
    }

    func blocks() -> [DocBlock] {
        let p = status.progress
        let contact = c.contact
        let org = contact.organisation.map { overview.ministryName($0, l) }
        // Titles often name the ministry already ("Director General, Ministry of …"): not twice.
        let title = l.text(contact.title)
        let orgPart = org.flatMap { name in title?.value.contains(name) == true ? nil : [DocSpan((title == nil ? "" : ", ") + name)] }
        let titleLine: DocLine = (title.map(l.spans) ?? []) + (orgPart ?? [])
        let milestoneRows: [[[DocLine]]] = status.milestones.map { m in
            var activity = l.paragraphs(l.text(m.milestone.activity), missing: "—")
            if let deliverable = l.text(m.milestone.deliverable) { activity.append([DocSpan(l.label(.deliverable), .emphasis)] + l.spans(deliverable)) }
            return [
                activity,
                [[DocSpan(l.date(m.milestone.start))]] + (m.progress?.actualStart.map { [[DocSpan(l.format(.saActual, ["date": .text(l.date($0))]))]] } ?? []),
                [[DocSpan(l.date(m.milestone.end))]] + (m.progress?.actualEnd.map { [[DocSpan(l.format(.saActual, ["date": .text(l.date($0))]))]] } ?? []),
                [[DocSpan(l.completion(m.completion))]],
            ]
        }
        return [
            .heading(level: 2, text: l.labelled("\(l[.commitment]) \(c.number)", l.plain(c.title))),
            .fields([
                DocField(label: l[.numberAndName], value: [[DocSpan(l.titlePrefix(c))] + (l.text(c.title).map(l.spans) ?? []) + [DocSpan(l.draftMark(c))]]),
                DocField(label: l[.startEnd], value: [[DocSpan("\(l.date(c.start)) – \(l.date(c.end))")]]),
                DocField(label: l[.leadAgency], value: [[DocSpan(overview.ministryName(c.leadAgency, l))]]),
                DocField(label: l[.qProblem], value: text(c.description.problem)),
                DocField(label: l[.qCommitment], value: text(c.description.commitment)),
                DocField(label: l[.qSolution], value: text(c.description.solution, .saSolutionMissing)),
                DocField(label: l[.qRelevance], value: text(c.description.relevance, .saRelevanceMissing)
                    + [[DocSpan(l.label(.ogpValues), .strong), DocSpan(c.description.values.map { l.value($0) }.joined(separator: ", "))]]),
                DocField(label: l[.additionalInformation], value: additional()),
                DocField(label: l[.completionLevel], value: levels()),
                DocField(label: l[.resultsDescription], value: p == nil ? [[DocSpan(l[.saNoProgress], .placeholder)]] : text(p?.results, .saResultsMissing)),
                DocField(label: l[.nextSteps], value: p == nil ? [[DocSpan(l[.saNoProgress], .placeholder)]] : text(p?.nextSteps, .saNextStepsMissing)),
            ]),
            .table(header: [l[.milestoneStatus], l[.startDate], l[.endDate], l[.completionLevel]], rows: milestoneRows,
                   weights: [5, 2, 2, 2]),
            .fields([
                DocField(label: l[.leadAgency], value: [[DocSpan(overview.ministryName(c.leadAgency, l))]]),
                DocField(label: l[.responsiblePerson], value: [[DocSpan(contact.name)]]),
                DocField(label: l[.titleMinistry], value: [titleLine.isEmpty ? [DocSpan("—")] : titleLine]),
                DocField(label: l[.contactEmailPhone], value: [[DocSpan([contact.email, contact.phone].compactMap { $0 }.joined(separator: " — "))]]),
                DocField(label: l[.saStateActors], value: names(c.otherActors?.state ?? [])),
                DocField(label: l[.nonStateActors], value: names(c.otherActors?.nonState ?? [])),
                DocField(label: l[.additionalInformation], value: closing()),
            ]),
        ]
    }
}
