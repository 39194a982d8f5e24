import Messages
import Records
import Spreadsheet

extension PlanRecords {
    /// Commitments, then their milestones (the milestones sheet names its commitment by id).
    /// A gap real plans have (no dates, no contact, no OGP values) makes the commitment a draft
    /// "to complete" (DraftGaps): written without the missing fields, listed by `validate`.
    mutating func readCommitments(_ r: inout PlanSheetReading, _ m: inout PlanSheetReading) {
        var milestones: [String: [(Commitment.Milestone, start: Bool, end: Bool)]] = [:]
        var milestoneRows: [String: Int] = [:]
        for row in m.rows {
            guard let c = m.requiredID("commitment", row, names: true) else { continue }
            guard let id = m.uniqueID("id", row, scope: c + " ", seen: &milestoneRows) else { continue }
            var code: String?
            if let s = m.text("code", row) {
                if OfficialCode.isValid(s) { code = s } else { m.problem("code", row, Catalogue.text("pimp.read.code", ["text": .text(s)])) }
            }
            let start = m.date("start", row), end = m.date("end", row)
            let lead = m.id("lead_agency", row)
            let deliverable = m.text("deliverable", row), budget = m.text("budget", row)
            guard let activity = m.text("activity", row) else {
                if m.isBlank("activity", row) { m.problem("activity", row, Catalogue.text("pimp.read.required")) }
                continue
            }
            // A missing date is a gap: the writer leaves it out (the placeholder is never written).
            let placeholder = start ?? end ?? .day(year: 2000, month: 1, day: 1)
            var milestone = Commitment.Milestone(id: id, activity: .plain(activity), start: start ?? placeholder, end: end ?? placeholder)
            milestone.code = code
            milestone.leadAgency = lead
            milestone.deliverable = Self.plain(deliverable)
            milestone.budget = Self.plain(budget)
            milestones[c, default: []].append((milestone, start != nil, end != nil))
        }
        var seen: [String: Int] = [:]
        for row in r.rows {
            guard let id = r.uniqueID("id", row, names: true, seen: &seen) else { continue }
            let number = r.number("number", row) ?? Int(id)
            if number == nil, r.isBlank("number", row) { r.problem("number", row, Catalogue.text("pimp.read.required")) }
            var code: String?
            if let s = r.text("code", row) {
                if OfficialCode.isValid(s) { code = s } else { r.problem("code", row, Catalogue.text("pimp.read.code", ["text": .text(s)])) }
            }
            let title = r.text("title", row), lead = r.id("lead_agency", row)
            let problem = r.text("problem", row), commitment = r.text("commitment_text", row)
            var values: [OGPValue] = []
            for word in r.list("values", row) {
                guard let v = OGPValue.allCases.first(where: { PeopleInput.fold($0.rawValue) == PeopleInput.fold(word) }) else {
                    r.problem("values", row, Catalogue.text("pimp.read.choice", [
                        "text": .text(word), "choices": .text(OGPValue.allCases.map(\.rawValue).joined(separator: ", "))]))
                    continue
                }
                values.append(v)
            }
            let start = r.date("start", row), end = r.date("end", row)
            let contactOrganisation = r.id("contact_organisation", row)
            let contact = Self.person(&r, row, organisation: contactOrganisation)
            let state = r.list("state_actors", row).compactMap { r.checkedID($0, "state_actors", row, names: false) }
            let nonState = r.list("non_state_actors", row).compactMap { r.checkedID($0, "non_state_actors", row, names: false) }
            let info = Commitment.AdditionalInformation.with(
                budget: Self.plain(r.text("budget", row)), programmes: Self.plain(r.text("programmes", row)),
                developmentPlan: Self.plain(r.text("development_plan", row)), sdgs: Self.plain(r.text("sdgs", row)),
                other: Self.plain(r.text("other", row)))
            var draft = r.yesNo("draft", row)
            let themes = r.list("themes", row).map(Text.plain)
            let own = milestones.removeValue(forKey: id) ?? []
            milestoneIDs[id] = own.map(\.0.id)
            guard let number, let title, let lead, let problem, let commitment else {
                for (code, value) in [("title", title), ("lead_agency", lead), ("problem", problem), ("commitment_text", commitment)] where value == nil {
                    if r.isBlank(code, row) { r.problem(code, row, Catalogue.text("pimp.read.required")) }
                }
                continue
            }
            var gaps = DraftGaps.missing(start: start, end: end, contact: contact, values: values)
            for (ms, hasStart, hasEnd) in own {
                if !hasStart { gaps.append("milestones.\(ms.id).start") }
                if !hasEnd { gaps.append("milestones.\(ms.id).end") }
            }
            if !gaps.isEmpty { draft = true }
            let anyDate = start ?? end ?? own.first?.0.start ?? .day(year: 2000, month: 1, day: 1)
            var record = Commitment(id: id, number: number, title: .plain(title), start: start ?? anyDate, end: end ?? anyDate,
                                    leadAgency: lead,
                                    description: .with(problem: .plain(problem), commitment: .plain(commitment),
                                                       solution: Self.plain(r.text("solution", row)),
                                                       relevance: Self.plain(r.text("relevance", row)), values: values),
                                    milestones: own.map(\.0), contact: contact ?? Person(name: ""))
            record.code = code
            record.themes = themes
            record.additionalInformation = info.isEmpty ? nil : info
            record.otherActors = state.isEmpty && nonState.isEmpty ? nil : .with(state: state, nonState: nonState)
            record.draft = draft
            record.toComplete = gaps
            if draft { drafts.append((id, gaps)) }
            let path = PlanLayout.commitmentFile(id)
            commitments[id] = record
            files[path] = record.canonicalYAML
            origin[path] = (r.sheet.name, row)
        }
        // Milestones naming a commitment the sheet does not hold would be lost: refused.
        for (c, items) in milestones.sorted(by: { $0.key < $1.key }) {
            for (ms, _, _) in items {
                m.problem("commitment", milestoneRows["\(c) \(ms.id)"] ?? 0,
                          Catalogue.text("pimp.read.unknown-commitment", ["commitment": .text(c)]))
            }
        }
    }
}
