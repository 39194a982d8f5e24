/// The records of participation and co-creation (the manual's standards §4–6; docs/RECORDS.md,
/// "Participation"): forum meetings, consultations, the communications log, civil society's own
/// reviews of commitments, the documents of the process, and how the process is run.
/// Each is one file under `participation/`, its id its file name, so that two copies adding
/// different meetings never touch the same file.

/// participation/process.yaml: how the process is run (written by the point of contact only).
public struct ParticipationProcess: Sendable, Equatable {
    /// The organisation (usually a `working-group`) whose members keep the forum's records
    /// beside the point of contact: the forum's secretaries.
    public var forum: String?
    /// Days that are not working days when counting the 20 working days of an answer.
    public var holidays: [PlanDate] = []
    public var conflicts: [FieldConflict] = []

    public init(forum: String? = nil, holidays: [PlanDate] = []) {
        self.forum = forum
        self.holidays = holidays
    }
}

/// participation/meetings/<id>.yaml: a meeting of the forum, or an open meeting, workshop or hearing.
public struct ForumMeeting: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case forum, openMeeting = "open-meeting", workshop, hearing
    }

    /// Attendance by sector; nil where it was not counted.
    public struct Attendance: Sendable, Equatable {
        public var government: Int?
        public var civilSociety: Int?
        public var privateSector: Int?
        public var academia: Int?
        public var other: Int?
        public var total: Int { [government, civilSociety, privateSector, academia, other].compactMap { $0 }.reduce(0, +) }
        public var isEmpty: Bool { [government, civilSociety, privateSector, academia, other].allSatisfy { $0 == nil } }
        public init() {}
    }

    public var id: String
    public var date: PlanDate
    public var kind: Kind
    public var title: Text
    public var remote: Bool?
    public var attendance: Attendance?
    public var agenda: Text?
    public var decisions: Text?
    /// A document of participation/documents: the minutes.
    public var minutes: String?
    public var conflicts: [FieldConflict] = []

    public init(id: String, date: PlanDate, kind: Kind, title: Text) {
        self.id = id
        self.date = date
        self.kind = kind
        self.title = title
    }
}

/// participation/consultations/<id>.yaml: a public consultation.
public struct Consultation: Sendable, Equatable {
    public enum Subject: String, Sendable, CaseIterable {
        case draftPlan = "draft-plan", selfAssessment = "self-assessment", progressUpdate = "progress-update", other
    }

    public enum Channel: String, Sendable, CaseIterable {
        case online, meeting, email, paper, other
    }

    public var id: String
    public var subject: Subject
    public var title: Text
    public var opens: PlanDate
    public var closes: PlanDate
    public var channels: [Channel] = []
    public var contributions: Int?
    /// A document of participation/documents: the response report (how contributions were used).
    public var responseReport: String?
    public var conflicts: [FieldConflict] = []

    public init(id: String, subject: Subject, title: Text, opens: PlanDate, closes: PlanDate) {
        self.id = id
        self.subject = subject
        self.title = title
        self.opens = opens
        self.closes = closes
    }
}

/// participation/communications/<id>.yaml: one question or comment from a stakeholder, and the answer.
public struct Communication: Sendable, Equatable {
    public enum Channel: String, Sendable, CaseIterable {
        case email, letter, phone, meeting, web, socialMedia = "social-media", other
    }

    public var id: String
    public var received: PlanDate
    /// Who wrote: a person or an organisation. Private unless `fromPublic` (kept out of every
    /// published page and export unless asked).
    public var from: String
    public var fromPublic: Bool = false
    public var channel: Channel
    public var question: Text
    public var answered: PlanDate?
    public var answer: Text?
    public var answeredBy: String?
    public var conflicts: [FieldConflict] = []

    public init(id: String, received: PlanDate, from: String, channel: Channel, question: Text) {
        self.id = id
        self.received = received
        self.from = from
        self.channel = channel
        self.question = question
    }
}

/// participation/reviews/<organisation>/<commitment>.yaml: a civil society organisation's own
/// assessment of a commitment, published beside the government's ("checks and balances").
public struct CivilSocietyReview: Sendable, Equatable {
    public struct Link: Sendable, Equatable {
        public var title: Text
        public var url: String
        public init(title: Text, url: String) {
            self.title = title
            self.url = url
        }
    }

    public var organisation: String
    public var commitment: String
    public var completion: CompletionLevel
    public var date: PlanDate
    public var comments: Text?
    public var evidence: [Link] = []
    public var conflicts: [FieldConflict] = []

    public init(organisation: String, commitment: String, completion: CompletionLevel, date: PlanDate) {
        self.organisation = organisation
        self.commitment = commitment
        self.completion = completion
        self.date = date
    }
}

/// participation/documents/<id>.yaml: a document of the process, in the national repository the
/// standards ask for: its file under participation/files/, or a web address.
public struct ProcessDocument: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case plan, agenda, minutes, consultationReport = "consultation-report", progressUpdate = "progress-update",
             selfAssessment = "self-assessment", other
    }

    public var id: String
    public var title: Text
    public var kind: Kind
    public var date: PlanDate?
    /// A path relative to participation/, inside files/.
    public var file: String?
    public var url: String?
    /// Published on the dashboard unless false (a draft kept for the forum only).
    public var published: Bool = true
    public var conflicts: [FieldConflict] = []

    public init(id: String, title: Text, kind: Kind) {
        self.id = id
        self.title = title
        self.kind = kind
    }
}
