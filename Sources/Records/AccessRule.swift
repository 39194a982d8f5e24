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
/// own ministry file. Participation (docs/RECORDS.md): the forum's records — meetings,
/// consultations, communications, documents — are the point of contact's, and the forum's
/// secretaries' (the members of the organisation `participation/process.yaml` names as `forum`);
/// each civil society organisation writes its own reviews, and no one else's. The one implementation: the hub's verify, a copy's local guardrails
/// (edits, `carnet commit`, sync's commit step) and rescue all ask it.
public enum AccessRule {
    /// nil when `writer` may write `path`; otherwise the rule it breaks, as a message (keys
    /// `records.access.*`: the hub sends it to a ministry, whose carnet writes it in its language).
    /// `lead(commitment)` is the lead agency as the authority knows it (nil: no such commitment);
    /// `forum()` the organisation whose members keep the forum's records, as the authority knows
    /// it (nil: none named; only the point of contact keeps them).
    public static func violation(_ writer: Writer, path: String, lead: (String) throws -> String?,
                                 forum: () throws -> String? = { nil }) rethrows -> StoredMessage? {
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
        case .participation(let record):
            return try participation(own, record, forum: forum)
        case .other:
            return StoredMessage("records.access.other")
        }
    }

    /// A ministry's (or organisation's) writes under participation/.
    private static func participation(_ own: String, _ record: PlanLayout.Participation,
                                       forum: () throws -> String?) rethrows -> StoredMessage? {
        switch record {
        case .review(let organisation, _):
            if organisation == own { return nil }
            return StoredMessage("part.access.other-review", ["organisation": .text(organisation), "ministry": .text(own)])
        case .process:
            return StoredMessage("part.access.process")
        case .meeting, .consultation, .communication, .document, .file:
            if try forum() == own { return nil }
            return StoredMessage("part.access.forum-records", ["ministry": .text(own)])
        }
    }
}
