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
    /// The language the person reads (`language: fr`): reminders are written in it; nil: the plan's.
    public var language: String?

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

    /// The same person with `language` set (the reader's last step; keeps `init` as it was).
    func speaking(_ language: String?) -> Person {
        var person = self
        person.language = language
        return person
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
    /// The plan's themes (`themes:` in plan.yaml): commitments name theirs by id.
    public var themes: [Theme] = []
    /// The point of contact lets a parent organisation's members write for its units (`parents_write_for_units`).
    public var parentsWriteForUnits = false
    /// How the plan states its reporting periods; nil: the default (ReportingPeriods.of).
    public var reportingPeriods: ReportingPeriods.Rule?
    /// The plan's own calendar (CalendarRule); nil: the 2017 manual's rules (PlanCalendar).
    public var calendar: CalendarRule?
    /// The day the point of contact closed the plan (`carnet plan close`); nil: open until its end.
    public var closed: PlanDate?
    /// A logo in the plan's folder (`logo: logo.png`), shown on the self-assessment's cover
    /// and the dashboard's header: a path by PathRules, PNG or JPEG (PlanLogo checks the bytes).
    public var logo: String?
    public var conflicts: [FieldConflict] = []

    public init(country: Text, title: Text, start: PlanDate, end: PlanDate, yearGroup: YearGroup, languages: [String],
                submitted: PlanDate? = nil, selfAssessments: [String: PlanDate] = [:], pointOfContact: Person,
                members: [Person] = [], staleAfterDays: Int? = nil, conflicts: [FieldConflict] = [],
                reportingPeriods: ReportingPeriods.Rule? = nil, calendar: CalendarRule? = nil) {
        self.reportingPeriods = reportingPeriods
        self.calendar = calendar
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

    /// The day a plan's milestones are judged on when asked about `day`: `day` while the plan
    /// runs; once it is over (past its end, or closed), the day after its last day — a milestone
    /// not complete by then is overdue by the days it missed the plan's end, and no alarm grows
    /// against today: the final state is what reports show (issue 14, item 7).
    public func judgingDay(_ day: PlanDate) -> PlanDate {
        let last = CalendarDay(yyyymmdd: closed.map { min($0.lastDay, end.lastDay) } ?? end.lastDay)
        let over = last.adding(days: 1)
        return CalendarDay(first: day) > over ? over.planDate : day
    }

    /// Whether the plan is over on `day`: past its end, or closed by the point of contact.
    public func isClosed(on day: PlanDate) -> Bool {
        day.firstDay > end.lastDay || closed.map { $0.firstDay <= day.firstDay } ?? false
    }

    /// The plan's own language: the first listed.
    public var language: String { languages.first ?? "fr" }

    public func theme(_ id: String) -> Theme? { themes.first { $0.id == id } }
}

/// One of the plan's themes: an id commitments name, and its text in each language.
public struct Theme: Sendable, Equatable {
    public var id: String
    public var title: Text
    public init(id: String, title: Text) {
        self.id = id
        self.title = title
    }
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
    /// The organisation this one is a unit of (a ministry id), if any.
    public var parent: String?
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
        /// The official code people know the milestone by (`C01.1.1`), beside Carnet's id.
        public var code: String?
        /// The organisation leading this milestone when it is not the commitment's lead agency.
        public var leadAgency: String?
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
    /// The official code people know the commitment by (`US0113`), beside the folder id.
    public var code: String?
    /// A commitment still being written (imported, co-created): gaps are "to complete", not errors.
    public var draft = false
    /// The fields a draft leaves out (`start`, `contact`, `milestones.m2.end`, `description.values`):
    /// the reader fills their values in for reports, the writer leaves them out again.
    public var toComplete: [String] = []

    public func milestone(_ id: String) -> Milestone? { milestones.first { $0.id == id } }

    /// Who leads `milestone`: its own lead agency, or the commitment's.
    public func lead(of milestone: Milestone) -> String { milestone.leadAgency ?? leadAgency }

    /// The organisations leading some milestone but not the commitment.
    public var milestoneLeads: [String] {
        var seen: [String] = []
        for m in milestones { if let l = m.leadAgency, l != leadAgency, !seen.contains(l) { seen.append(l) } }
        return seen
    }
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


extension Plan {
    /// The same plan with `closed` set (the reader's last step).
    func closing(_ day: PlanDate?) -> Plan {
        var plan = self
        plan.closed = day
        return plan
    }
}
