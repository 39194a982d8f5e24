/// A person: a contact, or a member allowed to write (with SSH public keys).
public struct Person: Sendable, Equatable, Hashable {
    public var name: String
    public var title: Text?
    public var organisation: String?
    public var email: String?
    public var phone: String?
    public var keys: [String] = []
    /// The person's user name on a GitLab hub (ServerAccount), when the point of contact records
    /// it: GitLab tells the hook only the user name.
    public var account: String?
    /// `public: true`: the person agreed that their email and phone appear on the public
    /// dashboard (docs/DASHBOARD.md); otherwise only an internal report shows them.
    public var isPublic: Bool = false

    public init(name: String, title: Text? = nil, organisation: String? = nil, email: String? = nil,
                phone: String? = nil, keys: [String] = [], account: String? = nil, isPublic: Bool = false) {
        self.name = name
        self.title = title
        self.organisation = organisation
        self.email = email
        self.phone = phone
        self.keys = keys
        self.account = account
        self.isPublic = isPublic
    }
}

/// plan.yaml: the National Action Plan itself.
public struct Plan: Sendable, Equatable {
    public enum YearGroup: String, Sendable, CaseIterable { case even, odd }

    public var country: Text
    public var title: Text
    public var start: PlanDate
    public var end: PlanDate
    public var yearGroup: YearGroup
    public var languages: [String]
    public var submitted: PlanDate?
    public var selfAssessments: [String: PlanDate] = [:]
    public var pointOfContact: Person
    public var members: [Person] = []
    public var staleAfterDays: Int?
    public var conflicts: [FieldConflict] = []

    public init(country: Text, title: Text, start: PlanDate, end: PlanDate, yearGroup: YearGroup, languages: [String],
                submitted: PlanDate? = nil, selfAssessments: [String: PlanDate] = [:], pointOfContact: Person,
                members: [Person] = [], staleAfterDays: Int? = nil, conflicts: [FieldConflict] = []) {
        self.country = country
        self.title = title
        self.start = start
        self.end = end
        self.yearGroup = yearGroup
        self.languages = languages
        self.submitted = submitted
        self.selfAssessments = selfAssessments
        self.pointOfContact = pointOfContact
        self.members = members
        self.staleAfterDays = staleAfterDays
        self.conflicts = conflicts
    }

    /// The plan's own language: the first listed.
    public var language: String { languages.first ?? "fr" }
}

/// ministries/<id>.yaml: a ministry, agency or non-state actor.
public struct Ministry: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case ministry, agency, cso, `private`, multilateral, workingGroup = "working-group"
        public var isState: Bool { self == .ministry || self == .agency }
    }

    public var id: String
    public var name: Text
    public var kind: Kind
    public var contacts: [Person] = []
    public var members: [Person] = []
    public var conflicts: [FieldConflict] = []
}

/// commitments/<id>/commitment.yaml: the manual's commitment template (section 7 I).
public struct Commitment: Sendable, Equatable {
    public struct Description: Sendable, Equatable {
        public var problem: Text
        public var commitment: Text
        public var solution: Text?
        public var relevance: Text?
        public var values: [OGPValue]
    }

    public struct AdditionalInformation: Sendable, Equatable {
        public var budget: Text?
        public var programmes: Text?
        public var developmentPlan: Text?
        public var sdgs: Text?
        public var other: Text?
        public var isEmpty: Bool { [budget, programmes, developmentPlan, sdgs, other].allSatisfy { $0 == nil } }
    }

    public struct Milestone: Sendable, Equatable {
        public var id: String
        public var activity: Text
        public var deliverable: Text?
        public var budget: Text?
        public var start: PlanDate
        public var end: PlanDate
    }

    public struct OtherActors: Sendable, Equatable {
        public var state: [String] = []
        public var nonState: [String] = []
    }

    public var id: String
    public var number: Int
    public var title: Text
    public var start: PlanDate
    public var end: PlanDate
    public var leadAgency: String
    public var themes: [Text] = []
    public var description: Description
    public var additionalInformation: AdditionalInformation?
    public var milestones: [Milestone]
    public var contact: Person
    public var otherActors: OtherActors?
    public var conflicts: [FieldConflict] = []

    public func milestone(_ id: String) -> Milestone? { milestones.first { $0.id == id } }
}

/// commitments/<id>/progress.yaml: what the lead ministry reports.
public struct CommitmentProgress: Sendable, Equatable {
    public struct MilestoneProgress: Sendable, Equatable {
        public var id: String
        public var completion: CompletionLevel
        public var actualStart: PlanDate?
        public var actualEnd: PlanDate?
        public var note: Text?
        public var delayReason: Text?

        public init(id: String, completion: CompletionLevel) {
            self.id = id
            self.completion = completion
        }
    }

    public struct Evidence: Sendable, Equatable {
        public var id: String
        public var title: Text
        public var file: String?
        public var url: String?
        public var milestone: String?
        public var added: PlanDate?

        public init(id: String, title: Text, file: String? = nil, url: String? = nil, milestone: String? = nil, added: PlanDate? = nil) {
            self.id = id
            self.title = title
            self.file = file
            self.url = url
            self.milestone = milestone
            self.added = added
        }
    }

    public var commitment: String
    public var completion: CompletionLevel
    public var results: Text?
    public var nextSteps: Text?
    public var delayReason: Text?
    public var milestones: [MilestoneProgress] = []
    public var evidence: [Evidence] = []
    public var conflicts: [FieldConflict] = []

    public init(commitment: String, completion: CompletionLevel) {
        self.commitment = commitment
        self.completion = completion
    }

    public func milestone(_ id: String) -> MilestoneProgress? { milestones.first { $0.id == id } }
}

/// A value that lost a concurrent edit during sync, kept until someone settles it.
public struct FieldConflict: Sendable, Equatable {
    /// Dotted path of the field, e.g. `milestones.m2.completion`.
    public var field: String
    /// The value that won (is in the record now), as written in YAML.
    public var kept: String
    /// The value that lost.
    public var lost: String
    /// Who wrote the lost value, and when (from the commit).
    public var lostBy: String?
    public var lostAt: String?

    public init(field: String, kept: String, lost: String, lostBy: String? = nil, lostAt: String? = nil) {
        self.field = field
        self.kept = kept
        self.lost = lost
        self.lostBy = lostBy
        self.lostAt = lostAt
    }
}

