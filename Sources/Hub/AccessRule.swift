import Records

/// Who may write which file (DESIGN.md, "Ownership decides who may write what"):
/// the point of contact writes everything; a ministry writes the progress and evidence of the
/// commitments it leads, and its own ministry file.
enum AccessRule {
    /// nil when `identity` may write `path`; otherwise the rule it breaks, in words.
    /// `lead(commitment)` is the lead agency as the hub knew it before the commit (nil: none).
    static func violation(_ identity: HubIdentity, path: String, lead: (String) throws -> String?) rethrows -> String? {
        guard case .ministry(let own, _) = identity else { return nil }
        switch PlanLayout.kind(of: path) {
        case .progress(let c), .evidence(let c, _):
            let leader = try lead(c)
            if leader == own { return nil }
            guard let leader else {
                return "commitment \(c) does not exist on the hub: only the point of contact creates commitments"
            }
            return "only the lead ministry of commitment \(c) (\(leader)) may write its progress and evidence; \(own) does not lead it"
        case .ministry(let id):
            if id == own { return nil }
            return "a ministry may write only its own file (\(PlanLayout.ministryFile(own))), not \(id)'s"
        case .commitment:
            return "commitment definitions are written by the point of contact only"
        case .plan:
            return "plan.yaml is written by the point of contact only"
        case .other:
            return "only the point of contact may write files outside the plan's records"
        }
    }
}
