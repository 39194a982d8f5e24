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

    /// Budget, programmes, plans, goals and other information, each labelled (only those the
    /// record has); the placeholder only when the record has none of them.
    private func additional() -> [DocLine] {
        let info = c.additionalInformation
        let items: [(Phrase, RecordText?)] = [(.infoBudget, info?.budget), (.infoProgrammes, info?.programmes),
                                        (.infoDevelopmentPlan, info?.developmentPlan), (.infoSDGs, info?.sdgs),
                                        (.infoOther, info?.other)]
        let lines = items.flatMap { phrase, t -> [DocLine] in
            guard let found = l.text(t) else { return [] }
            var paragraphs = l.paragraphs(found, missing: "")
            paragraphs[0] = [DocSpan(l.label(phrase), .strong)] + paragraphs[0]
            return paragraphs
        }
        return lines.isEmpty ? [[DocSpan(l[.saOptionalInfo], .placeholder)]] : lines
    }

    /// One evidence item: its title and where to find it (an address, or the file's path in the plan).
    private func evidenceLine(_ e: ProgressRecord.Evidence) -> DocLine {
        var line: DocLine = l.text(e.title).map(l.spans) ?? [DocSpan(e.id)]
        if let target = e.url ?? e.file.map({ "commitments/\(c.id)/\($0)" }) { line.append(DocSpan(" — " + target)) }
        return line
    }

    /// The template's last row: the evidence published (§1 L), each with where to find it.
    private func closing() -> [DocLine] {
        let lines = status.evidence.map { [DocSpan(l.label(.evidenceItem), .strong)] + evidenceLine($0) }
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
            // The milestone's note and the evidence filed for it, where the records have them.
            if let note = l.text(m.progress?.note) {
                var lines = l.paragraphs(note, missing: "")
                lines[0] = [DocSpan(l.label(.note), .emphasis)] + lines[0]
                activity += lines
            }
            for e in status.evidence where e.milestone == m.milestone.id {
                activity.append([DocSpan(l.label(.evidenceItem), .emphasis)] + evidenceLine(e))
            }
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
                DocField(label: l[.contactEmailPhone], value: [[DocSpan([contact.email, contact.phone].compactMap { $0 }.joined(separator: " — ").nonEmpty ?? "—")]]),
                DocField(label: l[.saStateActors], value: names(c.otherActors?.state ?? [])),
                DocField(label: l[.nonStateActors], value: names(c.otherActors?.nonState ?? [])),
                DocField(label: l[.evidenceHeading], value: closing()),
            ]),
        ]
    }
}

private extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
