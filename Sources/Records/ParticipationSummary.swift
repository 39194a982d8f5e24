import Messages

/// What the participation rules find, for `carnet status`, `hub status` and `--json`
/// (language-neutral fields; `lines` says it in the reader's language).
public struct ParticipationSummary: Codable, Sendable, Equatable {
    public struct Late: Codable, Sendable, Equatable {
        public var id: String
        public var received: String
        public var deadline: String
        public var answered: String?
    }
    public struct Short: Codable, Sendable, Equatable {
        public var id: String
        public var days: Int
    }
    public struct Gap: Codable, Sendable, Equatable {
        public var since: String
        public var due: String
        public var next: String?
    }
    public struct SelfAssessment: Codable, Sendable, Equatable {
        public var term: String
        public var due: String
        public var consultation: String?
    }

    /// Ended quarters of the plan, and those without a forum meeting ("2026-Q1").
    public var quarters: Int
    public var quartersWithoutMeeting: [String]
    /// The quarter under way, and whether the forum has met in it.
    public var currentQuarter: String?
    public var currentQuarterMet: Bool
    public var shortConsultations: [Short]
    public var answeredOnTime: Int
    public var answeredLate: [Late]
    public var overdue: [Late]
    public var pending: [Late]
    /// Median working days to an answer (nil: none answered).
    public var medianWorkingDays: Int?
    public var publicationGaps: [Gap]
    public var selfAssessments: [SelfAssessment]

    /// `selfAssessmentsDue`: the self-assessments' due dates from the caller's calendar (none
    /// where it has none: the hub).
    public init(_ rules: ParticipationRules, selfAssessmentsDue: [(term: String, due: PlanDate)] = []) {
        let quarters = rules.quarters()
        let ended = quarters.filter { !$0.current }
        self.quarters = ended.count
        quartersWithoutMeeting = ended.filter(\.meetings.isEmpty).map(\.quarter.description)
        let current = quarters.last(where: \.current)
        currentQuarter = current?.quarter.description
        currentQuarterMet = !(current?.meetings.isEmpty ?? true)
        shortConsultations = rules.shortConsultations.map { Short(id: $0.id, days: ParticipationRules.daysOpen($0)) }
        let answers = rules.answers()
        func late(_ a: ParticipationRules.Answer) -> Late {
            Late(id: a.communication, received: a.received.description, deadline: a.deadline.description, answered: a.answered?.description)
        }
        answeredOnTime = answers.filter { $0.state == .onTime }.count
        answeredLate = answers.filter { $0.state == .late }.map(late)
        overdue = answers.filter { $0.state == .overdue }.map(late)
        pending = answers.filter { $0.state == .pending }.map(late)
        let days = answers.filter { $0.answered != nil }.map(\.workingDays).sorted()
        medianWorkingDays = days.isEmpty ? nil : days[days.count / 2]
        publicationGaps = rules.publicationGaps().map { Gap(since: $0.since.description, due: $0.due.description, next: $0.next?.description) }
        selfAssessments = rules.selfAssessmentConsultations(due: selfAssessmentsDue)
            .map { SelfAssessment(term: $0.term, due: $0.due.description, consultation: $0.consultation) }
    }

    /// Whether anything needs the point of contact's attention.
    public var needsAttention: Bool {
        !quartersWithoutMeeting.isEmpty || !currentQuarterMet || !shortConsultations.isEmpty || !answeredLate.isEmpty
            || !overdue.isEmpty || !publicationGaps.filter { $0.next == nil }.isEmpty || selfAssessments.contains { $0.consultation == nil }
    }

    /// The participation rules (docs/RECORDS.md, "Participation rules"), in the order they are shown.
    public enum Rule: String, CaseIterable, Sendable {
        case forum, consultations, answers, publication, selfAssessment = "self-assessment"
    }

    /// One rule's verdict: whether it is met (nil: nothing to judge yet), and what the reader is
    /// told of it (no line: met, with nothing to say).
    public struct Verdict: Sendable, Equatable {
        public var rule: Rule
        public var met: Bool?
        public var lines: [String]
    }

    /// Each rule's verdict in `language`: what `carnet status` prints and the web app's
    /// participation page shows (one wording, one place).
    public func verdicts(in language: String = Catalogue.language) -> [Verdict] {
        var lines: [String] = []
        func add(_ key: String, _ arguments: [String: MessageArgument] = [:]) { lines.append(Catalogue.text(key, in: language, arguments)) }
        /// The lines added since the last verdict, as one rule's.
        func verdict(_ rule: Rule, met: Bool?) -> Verdict {
            defer { lines = [] }
            return Verdict(rule: rule, met: met, lines: lines)
        }
        /// A day as the reader's language writes it.
        func day(_ iso: String) -> MessageArgument {
            guard case let .day(y, m, d)? = PlanDate(iso) else { return .text(iso) }
            return .day(year: y, month: m, day: d)
        }
        var out: [Verdict] = []
        if quartersWithoutMeeting.isEmpty {
            if quarters > 0 { add("part.status.forum-every-quarter", ["count": .number(quarters)]) }
        } else {
            add("part.status.forum-gaps", ["count": .number(quartersWithoutMeeting.count),
                                           "quarters": .text(ParticipationRules.Quarter.written(quartersWithoutMeeting, in: language))])
        }
        if let currentQuarter, !currentQuarterMet {
            add("part.status.forum-due", ["quarter": .text(ParticipationRules.Quarter.written([currentQuarter], in: language))])
        }
        out.append(verdict(.forum, met: quarters == 0 ? nil : quartersWithoutMeeting.isEmpty))
        for s in shortConsultations { add("part.status.consultation-short", ["id": .text(s.id), "count": .number(s.days)]) }
        out.append(verdict(.consultations, met: shortConsultations.isEmpty))
        add("part.status.answers", ["count": .number(answeredOnTime + answeredLate.count), "late": .number(answeredLate.count),
                                    "days": .text(medianWorkingDays.map(String.init) ?? "–")])
        for l in answeredLate { add("part.status.answer-late", ["id": .text(l.id), "deadline": day(l.deadline), "answered": day(l.answered ?? "")]) }
        for l in overdue { add("part.status.answer-overdue", ["id": .text(l.id), "deadline": day(l.deadline)]) }
        for l in pending { add("part.status.answer-pending", ["id": .text(l.id), "deadline": day(l.deadline)]) }
        out.append(verdict(.answers, met: answeredLate.isEmpty && overdue.isEmpty))
        for g in publicationGaps {
            if let next = g.next { add("part.status.publication-late", ["due": day(g.due), "next": day(next)]) }
            else { add("part.status.publication-overdue", ["due": day(g.due), "since": day(g.since)]) }
        }
        out.append(verdict(.publication, met: publicationGaps.isEmpty))
        for s in selfAssessments {
            let term = Catalogue.shared.has("part.term.\(s.term)", in: language) ? Catalogue.text("part.term.\(s.term)", in: language) : s.term
            if let c = s.consultation { add("part.status.self-assessment-consulted", ["term": .text(term), "due": day(s.due), "id": .text(c)]) }
            else { add("part.status.self-assessment-unconsulted", ["term": .text(term), "due": day(s.due)]) }
        }
        out.append(verdict(.selfAssessment, met: selfAssessments.isEmpty ? nil : selfAssessments.allSatisfy { $0.consultation != nil }))
        return out
    }

    /// A short section: a heading and indented lines, in the reader's language.
    public var lines: [String] {
        [Catalogue.text("part.status.heading")] + verdicts().flatMap { $0.lines.map { "  " + $0 } }
    }
}

extension ParticipationRules {
    /// The self-assessments' due dates from the plan's calendar: what `carnet status` and the web
    /// app's participation page judge their consultations against (the hub has no calendar).
    public static func selfAssessmentsDue(_ plan: Plan) -> [(term: String, due: PlanDate)] {
        let calendar = PlanCalendar(plan: plan)
        return SelfAssessmentTerm.allCases.map { ($0.rawValue, calendar.selfAssessmentDue($0).planDate) }
    }
}
