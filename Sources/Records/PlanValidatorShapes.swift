import Messages

/// The checks of what real plans add to the manual's template: a lead per milestone, units
/// inside an organisation, official codes, the plan's themes, draft commitments.
extension PlanValidator {
    func checkShapes(_ snapshot: PlanSnapshot) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let plan = snapshot.plan?.record
        var commitmentCodes: [String: String] = [:]
        for folder in snapshot.sortedCommitments {
            guard let entry = folder.commitment, let c = entry.record else { continue }
            let source = entry.source
            for m in c.milestones {
                if let lead = m.leadAgency, !snapshot.ministryIDs.contains(lead) {
                    out.append(Diagnostic(source.location(of: "milestones.\(m.id).lead_agency"), .error,
                                          Said("shapes.milestone-lead-missing", ["id": .text(lead), "milestone": .text(m.id)])))
                }
            }
            if let code = c.code {
                if let other = commitmentCodes[code.lowercased()] {
                    out.append(Diagnostic(source.location(of: "code"), .error,
                                          Said("shapes.code-duplicate", ["code": .text(code), "other": .text(other)])))
                } else {
                    commitmentCodes[code.lowercased()] = c.id
                }
            }
            var milestoneCodes: [String: String] = [:]
            for m in c.milestones {
                guard let code = m.code else { continue }
                if let other = milestoneCodes[code.lowercased()] {
                    out.append(Diagnostic(source.location(of: "milestones.\(m.id).code"), .error,
                                          Said("shapes.code-duplicate", ["code": .text(code), "other": .text(other)])))
                } else {
                    milestoneCodes[code.lowercased()] = m.id
                }
            }
            if let plan, !plan.themes.isEmpty {
                for theme in c.themes {
                    guard case .plain(let id) = theme, plan.theme(id) == nil else { continue }
                    out.append(Diagnostic(source.location(of: "themes"), .warning,
                                          Said("shapes.theme-unknown", ["theme": .text(id), "themes": .text(plan.themes.map(\.id).joined(separator: ", "))])))
                }
            }
            for field in c.toComplete {
                out.append(Diagnostic(source.location(of: field),
                                      .warning, Said("shapes.to-complete", ["field": .text(field), "commitment": .text(c.id)])))
            }
        }
        for id in snapshot.ministries.keys.sorted() {
            guard let entry = snapshot.ministries[id], let ministry = entry.record, let parent = ministry.parent else { continue }
            if !snapshot.ministryIDs.contains(parent) {
                out.append(Diagnostic(entry.source.location(of: "parent"), .error,
                                      Said("shapes.parent-missing", ["id": .text(parent)])))
            } else if OrganisationTree(snapshot).top(of: id) == nil {
                out.append(Diagnostic(entry.source.location(of: "parent"), .error,
                                      Said("shapes.parent-cycle", ["id": .text(id)])))
            }
        }
        return out
    }
}

/// Units inside organisations (`parent:` in a ministry file): who is inside whom.
public struct OrganisationTree: Sendable {
    public let parents: [String: String]

    public init(parents: [String: String]) { self.parents = parents }

    public init(_ snapshot: PlanSnapshot) {
        var p: [String: String] = [:]
        for (id, entry) in snapshot.ministries { if let parent = entry.record?.parent { p[id] = parent } }
        parents = p
    }

    /// The top-level organisation `id` is a unit of (itself when it has no parent); nil when the
    /// parents go round in a circle.
    public func top(of id: String) -> String? {
        var seen: Set<String> = [id]
        var current = id
        while let parent = parents[current] {
            guard seen.insert(parent).inserted else { return nil }
            current = parent
        }
        return current
    }

    /// Every organisation above `id`, nearest first (stops at a circle).
    public func ancestors(of id: String) -> [String] {
        var out: [String] = []
        var current = id
        while let parent = parents[current], parent != id, !out.contains(parent) {
            out.append(parent)
            current = parent
        }
        return out
    }
}
