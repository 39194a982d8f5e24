/// Public initialisers for records built outside this module (the plan import, Sheets), with
/// every optional field left to be set afterwards. The memberwise ones are internal.
extension Ministry {
    public init(id: String, name: Text, kind: Kind, parent: String? = nil, contacts: [Person] = []) {
        self.init(id: id, name: name, kind: kind, parent: parent, contacts: contacts, members: [], conflicts: [])
    }
}

extension Commitment {
    public init(id: String, number: Int, title: Text, start: PlanDate, end: PlanDate, leadAgency: String,
                description: Description, milestones: [Milestone], contact: Person) {
        self.init(id: id, number: number, title: title, start: start, end: end, leadAgency: leadAgency,
                  description: description, additionalInformation: nil, milestones: milestones, contact: contact,
                  otherActors: nil)
    }
}

// Static makers where the public initialiser would have the memberwise one's exact signature.
extension Commitment.Description {
    public static func with(problem: Text, commitment: Text, solution: Text?, relevance: Text?, values: [OGPValue]) -> Self {
        Self(problem: problem, commitment: commitment, solution: solution, relevance: relevance, values: values)
    }
}

extension Commitment.AdditionalInformation {
    public static func with(budget: Text?, programmes: Text?, developmentPlan: Text?, sdgs: Text?, other: Text?) -> Self {
        Self(budget: budget, programmes: programmes, developmentPlan: developmentPlan, sdgs: sdgs, other: other)
    }
}

extension Commitment.Milestone {
    public init(id: String, activity: Text, start: PlanDate, end: PlanDate) {
        self.init(id: id, activity: activity, deliverable: nil, budget: nil, start: start, end: end, code: nil, leadAgency: nil)
    }
}

extension Commitment.OtherActors {
    public static func with(state: [String], nonState: [String]) -> Self { Self(state: state, nonState: nonState) }
}
