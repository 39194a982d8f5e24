import Messages
import Records

/// What the reports know of the plan's shape beyond the manual's template: themes, milestone
/// leads, units inside organisations, official codes and drafts. The dashboard's pages read
/// these rather than the records (one place to group by theme or by top-level organisation).
extension PlanOverview {
    var themes: [Theme] { plan.themes }

    /// The plan's themes a commitment names (by id), in the plan's order.
    func themeIDs(of c: Commitment) -> [String] {
        let named = Set(c.themes.compactMap { t -> String? in if case .plain(let id) = t { return id }; return nil })
        return plan.themes.map(\.id).filter { named.contains($0) }
    }

    /// A commitment's themes as words: the plan's themes it names, and any theme written out
    /// in full in the commitment (plans from before plan-level themes).
    func themes(of c: Commitment) -> [Theme] {
        c.themes.map { t in
            if case .plain(let id) = t, let theme = plan.theme(id) { return theme }
            return Theme(id: "", title: t)
        }
    }

    func commitments(inTheme id: String) -> [CommitmentStatus] {
        commitments.filter { themeIDs(of: $0.commitment).contains(id) }
    }

    /// The milestones a ministry leads in commitments it does not lead.
    func milestonesLed(by ministry: String) -> [(CommitmentStatus, [MilestoneStatus])] {
        commitments.compactMap { c in
            guard c.commitment.leadAgency != ministry else { return nil }
            let mine = c.milestones.filter { $0.milestone.leadAgency == ministry }
            return mine.isEmpty ? nil : (c, mine)
        }
    }

    /// The organisation a unit belongs to at the top (itself when it has no parent).
    func topOrganisation(of id: String) -> String {
        var parents: [String: String] = [:]
        for (id, m) in ministries { if let p = m.parent { parents[id] = p } }
        return OrganisationTree(parents: parents).top(of: id) ?? id
    }
}

extension Localizer {
    /// "5. " before a commitment's title, with its official code when it has one ("5. US0113 — "):
    /// the one place a title's prefix is made.
    func titlePrefix(_ c: Commitment) -> String {
        guard let official = c.code else { return "\(c.number). " }
        return Catalogue.text("shapes.report.coded-prefix", in: code, ["number": .number(c.number), "code": .text(official)]) + " "
    }

    /// " (draft)" after a draft commitment's title; empty otherwise.
    func draftMark(_ c: Commitment) -> String {
        c.draft ? " " + Catalogue.text("shapes.report.draft", in: code) : ""
    }

    /// A milestone as people name it: its official code when it has one, else its id.
    func milestoneName(_ m: Commitment.Milestone) -> String { m.spokenName }
}
