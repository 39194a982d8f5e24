import Records

/// What open data says of the plan's shape: themes (the plan's list, and each commitment's),
/// official codes, drafts, the description and other actors of each commitment, milestone
/// leads and organisation parents — so that whoever downloads it can group and filter.
extension OpenData {
    struct JSONTheme: Encodable {
        var id: String
        var title: [String: String]
    }
    struct JSONDescription: Encodable {
        var problem, commitment, solution, relevance: [String: String]?
    }
    struct JSONActors: Encodable {
        var state: [String] = []
        var nonState: [String] = []
    }

    /// The added columns of commitments.csv, after the first ones (kept in place for readers of older files).
    static let shapeHeader = ["code", "draft", "to_complete", "themes", "problem", "commitment_text", "solution", "relevance",
                              "other_actors_state", "other_actors_non_state"]

    func shapeColumns(_ c: CommitmentStatus) -> [String] {
        let m = c.commitment
        let themes = o.themes(of: m).map { l.plain($0.title) }.joined(separator: "; ")
        return [m.code ?? "", m.draft ? "yes" : "no", m.toComplete.joined(separator: "; "), themes,
                l.plain(m.description.problem), l.plain(m.description.commitment), l.plain(m.description.solution),
                l.plain(m.description.relevance), (m.otherActors?.state ?? []).joined(separator: "; "),
                (m.otherActors?.nonState ?? []).joined(separator: "; ")]
    }

    func themeRow(_ t: Theme) -> [String] {
        [t.id, l.plain(t.title), o.commitments.filter { o.themeIDs(of: $0.commitment).contains(t.id) }.map(\.id).joined(separator: "; ")]
    }

    fileprivate func fill(_ j: inout JSONCommitment, _ c: CommitmentStatus) {
        let m = c.commitment
        j.code = m.code
        j.draft = m.draft
        j.toComplete = m.toComplete
        j.themes = o.themeIDs(of: m)
        j.themeTexts = o.themes(of: m).map { map($0.title) ?? [:] }
        let d = m.description
        j.description = JSONDescription(problem: map(d.problem), commitment: map(d.commitment), solution: map(d.solution),
                                        relevance: map(d.relevance))
        j.otherActors = JSONActors(state: m.otherActors?.state ?? [], nonState: m.otherActors?.nonState ?? [])
        for i in j.milestones.indices {
            guard let milestone = m.milestone(j.milestones[i].id) else { continue }
            j.milestones[i].code = milestone.code
            j.milestones[i].leadAgency = m.lead(of: milestone)
        }
    }
}

extension OpenData.JSONRoot {
    func withShapes(_ data: OpenData) -> Self {
        var r = self
        let o = data.site.overview
        r.plan.themes = o.plan.themes.map { OpenData.JSONTheme(id: $0.id, title: data.map($0.title) ?? [:]) }
        let byID = Dictionary(o.commitments.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for i in r.commitments.indices {
            guard let c = byID[r.commitments[i].id] else { continue }
            data.fill(&r.commitments[i], c)
        }
        for i in r.ministries.indices { r.ministries[i].parent = o.ministries[r.ministries[i].id]?.parent }
        return r
    }
}
