import Messages

/// Who writes: the point of contact, or a member of one ministry. The hub knows a pusher as a
/// HubIdentity (with an email); a working copy knows the ministry it was cloned for.
public enum Writer: Sendable, Equatable, Hashable {
    case pointOfContact
    case ministry(String)

    public var ministryID: String? {
        if case .ministry(let id) = self { return id }
        return nil
    }
}

/// Who may write which file (docs/HUB.md, "Who may write what"): the point of contact writes
/// everything; a ministry writes the progress and evidence of the commitments it leads, and its
/// own ministry file. The one implementation: the hub's verify, a copy's local guardrails
/// (edits, `carnet commit`, sync's commit step) and rescue all ask it.
public enum AccessRule {
    /// nil when `writer` may write `path`; otherwise the rule it breaks, as a message (keys
    /// `records.access.*`: the hub sends it to a ministry, whose carnet writes it in its language).
    /// `lead(commitment)` is the lead agency as the authority knows it (nil: no such commitment).
    public static func violation(_ writer: Writer, path: String, lead: (String) throws -> String?) rethrows -> StoredMessage? {
        guard case .ministry(let own) = writer else { return nil }
        switch PlanLayout.kind(of: path) {
        case .progress(let c), .evidence(let c, _):
            let leader = try lead(c)
            if leader == own { return nil }
            guard let leader else {
                return StoredMessage("records.access.no-commitment", ["commitment": .text(c)])
            }
            return StoredMessage("records.access.not-lead", ["commitment": .text(c), "lead": .text(leader), "ministry": .text(own)])
        case .ministry(let id):
            if id == own { return nil }
            return StoredMessage("records.access.other-ministry", ["file": .text(PlanLayout.ministryFile(own)), "other": .text(id)])
        case .commitment:
            return StoredMessage("records.access.commitment")
        case .plan:
            return StoredMessage("records.access.plan")
        case .period:
            return StoredMessage("periods.access.period")
        case .other:
            return StoredMessage("records.access.other")
        }
    }
}
