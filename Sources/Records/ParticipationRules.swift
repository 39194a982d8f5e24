import Foundation
import Messages

/// The participation standards as rules (manual §4–6; docs/RECORDS.md, "Participation rules"):
/// what `carnet status`, `hub status` and the reports say about the forum, consultations,
/// answers and published progress. Pure: the records, the plan and today in; findings out.
public struct ParticipationRules {
    /// A consultation is open at least two weeks: 14 calendar days, the opening and closing days counted.
    public static let consultationMinimumDays = 14
    /// A stakeholder's question is answered within 20 working days of its receipt.
    public static let answerWorkingDays = 20
    /// Progress is published at least every six months.
    public static let publicationMonths = 6

    public let plan: Plan
    public let records: ParticipationRecords
    public let today: PlanDate

    public init(plan: Plan, records: ParticipationRecords, today: PlanDate = .today()) {
        self.plan = plan
        self.records = records
        self.today = today
    }

    // MARK: The forum meets every quarter

    /// A calendar quarter of the plan (Q1 is January to March).
    public struct Quarter: Sendable, Equatable, CustomStringConvertible {
        public var year: Int
        public var number: Int
        public var firstDay: Int { year * 10000 + ((number - 1) * 3 + 1) * 100 + 1 }
        public var lastDay: Int {
            let month = number * 3
            return year * 10000 + month * 100 + PlanDate.daysIn(year: year, month: month)
        }
        /// "2026-Q1": the language-neutral form (`--json`, reminders' subjects). People read
        /// `argument`, written by the catalogue ("Q1 2026", "T1 2026").
        public var description: String { "\(year)-Q\(number)" }

        public init(year: Int, number: Int) {
            self.year = year
            self.number = number
        }

        /// `description` read back ("2026-Q1"); nil for anything else.
        public init?(_ description: String) {
            let parts = description.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 2, parts[1].hasPrefix("Q"), let year = Int(parts[0]), let number = Int(parts[1].dropFirst()),
                  (1...9999).contains(year), (1...4).contains(number) else { return nil }
            self.init(year: year, number: number)
        }

        /// The quarter as a message argument: each language writes it its way.
        public var argument: MessageArgument { .quarter(year: year, number: number) }

        /// Quarters kept in their neutral form, written for a reader of `language` ("T1 2026, T3 2026");
        /// a form that does not read as a quarter is shown as it is.
        public static func written(_ descriptions: [String], in language: String) -> String {
            descriptions.map { Quarter($0).map { Catalogue.shared.written($0.argument, in: language) } ?? $0 }.joined(separator: ", ")
        }
    }

    public struct QuarterFinding: Sendable, Equatable {
        public var quarter: Quarter
        /// Forum meetings (kind `forum`) held in it.
        public var meetings: [String]
        /// The quarter has not ended: no meeting yet is "due", not a gap.
        public var current: Bool
    }

    /// Every quarter the plan's implementation touches up to today, with its forum meetings.
    /// Only meetings of kind `forum` count: a workshop is not the forum meeting.
    public func quarters() -> [QuarterFinding] {
        let start = plan.start.firstDay, end = min(plan.end.lastDay, today.lastDay)
        guard start <= end else { return [] }
        var out: [QuarterFinding] = []
        var q = Quarter(year: start / 10000, number: (start / 100 % 100 - 1) / 3 + 1)
        let forum = records.sortedMeetings.filter { $0.kind == .forum }
        while q.firstDay <= end {
            let held = forum.filter { $0.date.firstDay >= q.firstDay && $0.date.firstDay <= q.lastDay }.map(\.id)
            out.append(QuarterFinding(quarter: q, meetings: held, current: q.lastDay >= today.lastDay))
            q = q.number == 4 ? Quarter(year: q.year + 1, number: 1) : Quarter(year: q.year, number: q.number + 1)
        }
        return out
    }

    /// Ended quarters without a forum meeting.
    public var quartersWithoutMeeting: [Quarter] { quarters().filter { !$0.current && $0.meetings.isEmpty }.map(\.quarter) }

    // MARK: Consultations open two weeks

    /// Calendar days a consultation is open, both ends counted.
    public static func daysOpen(_ c: Consultation) -> Int {
        WorkingDays.dayNumber(c.closes.lastDay) - WorkingDays.dayNumber(c.opens.firstDay) + 1
    }

    /// Consultations open fewer than 14 days.
    public var shortConsultations: [Consultation] {
        records.sortedConsultations.filter { Self.daysOpen($0) < Self.consultationMinimumDays }
    }

    // MARK: Answers within 20 working days

    public struct Answer: Sendable, Equatable {
        public enum State: String, Sendable { case onTime = "on-time", late, pending, overdue }
        public var communication: String
        public var received: PlanDate
        public var deadline: PlanDate
        public var answered: PlanDate?
        public var state: State
        /// Working days from receipt to the answer (or to today, unanswered).
        public var workingDays: Int
    }

    public var workingDays: WorkingDays { WorkingDays(holidays: records.process?.record?.holidays ?? []) }

    /// Every communication with its deadline and state.
    public func answers() -> [Answer] {
        let calendar = workingDays
        return records.sortedCommunications.map { c in
            let deadline = calendar.adding(Self.answerWorkingDays, to: c.received)
            let state: Answer.State
            let elapsed: Int
            if let answered = c.answered {
                state = answered.lastDay <= deadline.lastDay ? .onTime : .late
                elapsed = calendar.between(c.received, answered)
            } else {
                state = today.lastDay <= deadline.lastDay ? .pending : .overdue
                elapsed = calendar.between(c.received, today)
            }
            return Answer(communication: c.id, received: c.received, deadline: deadline, answered: c.answered, state: state, workingDays: elapsed)
        }
    }

    // MARK: Progress published every six months

    public struct PublicationGap: Sendable, Equatable {
        /// The last publication before the gap (nil: none since the plan started).
        public var since: PlanDate
        /// The day a publication was due.
        public var due: PlanDate
        /// The next publication, nil when none yet (then the gap runs to today).
        public var next: PlanDate?
    }

    /// A period's progress is published within this many months of its end (plan-stated periods).
    public static let periodPublicationGraceMonths = 1

    /// Gaps in published progress (a published document of kind `progress-update`, or a
    /// self-assessment). A plan that states its reporting periods (plan.yaml `reporting_periods`)
    /// publishes each period's progress within a month of its end (`periodGaps`); a plan that
    /// states none, at least every six months from its start and from each publication.
    public func publicationGaps() -> [PublicationGap] {
        let published = records.sortedDocuments
            .filter { $0.published && ($0.kind == .progressUpdate || $0.kind == .selfAssessment) }
            .compactMap(\.date).filter { $0.firstDay >= plan.start.firstDay }
        if plan.reportingPeriods != nil { return periodGaps(published) }
        var gaps: [PublicationGap] = []
        var since = plan.start
        for date in published + [nil] {
            let due = WorkingDays.adding(months: Self.publicationMonths, to: since)
            let reached = date ?? today
            // After the plan's end nothing more is due.
            if reached.firstDay > due.lastDay, date != nil || due.lastDay <= plan.end.lastDay {
                gaps.append(PublicationGap(since: since, due: due, next: date))
            }
            guard let date else { break }
            since = date
        }
        return gaps
    }

    /// Each reporting period (ReportingPeriods.of) wants a publication dated after the previous
    /// period's deadline and by its own: its end plus `periodPublicationGraceMonths`. A period
    /// whose deadline has not come yet is no gap; nothing is due after the plan's end (the
    /// end-of-term self-assessment covers the last stretch), as with the six-month count.
    func periodGaps(_ published: [PlanDate]) -> [PublicationGap] {
        var gaps: [PublicationGap] = []
        var previousDue = 0
        for period in ReportingPeriods.of(plan).periods {
            let due = WorkingDays.adding(months: Self.periodPublicationGraceMonths, to: period.end.planDate)
            defer { previousDue = due.lastDay }
            if published.contains(where: { $0.firstDay > previousDue && $0.firstDay <= due.lastDay }) { continue }
            let next = published.first { $0.firstDay > due.lastDay }
            guard next != nil || (today.firstDay > due.lastDay && due.lastDay <= plan.end.lastDay) else { continue }
            let since = published.last { $0.firstDay <= due.lastDay } ?? plan.start
            gaps.append(PublicationGap(since: since, due: due, next: next))
        }
        return gaps
    }

    // MARK: The self-assessment's consultation before its due date

    public struct SelfAssessmentConsultation: Sendable, Equatable {
        public var term: String
        public var due: PlanDate
        /// The consultation on a self-assessment that closed by the due date, if any.
        public var consultation: String?
    }

    /// For each self-assessment due date given (the caller's calendar: Report's PlanCalendar),
    /// whether a consultation of subject `self-assessment` closed by it; only due dates reached
    /// or within the next 60 days are judged.
    public func selfAssessmentConsultations(due: [(term: String, due: PlanDate)]) -> [SelfAssessmentConsultation] {
        due.compactMap { item in
            guard WorkingDays.dayNumber(item.due.lastDay) - WorkingDays.dayNumber(today.lastDay) <= 60 else { return nil }
            let windowStart = WorkingDays.adding(months: -6, to: item.due)
            let held = records.sortedConsultations.last {
                $0.subject == .selfAssessment && $0.closes.lastDay <= item.due.lastDay && $0.opens.firstDay >= windowStart.firstDay
            }
            return SelfAssessmentConsultation(term: item.term, due: item.due, consultation: held?.id)
        }
    }
}

/// Working days: Monday to Friday, minus the plan's holidays (participation/process.yaml).
public struct WorkingDays: Sendable {
    public let holidays: Set<Int>

    public init(holidays: [PlanDate]) { self.holidays = Set(holidays.map(\.firstDay)) }

    /// The day `count` working days after `date` (the day of receipt is not counted).
    public func adding(_ count: Int, to date: PlanDate) -> PlanDate {
        var n = Self.dayNumber(date.firstDay), left = count
        while left > 0 {
            n += 1
            if isWorking(n) { left -= 1 }
        }
        return Self.planDate(n)
    }

    /// Working days after `from` up to and including `to` (0 when `to` is not later).
    public func between(_ from: PlanDate, _ to: PlanDate) -> Int {
        let a = Self.dayNumber(from.firstDay), b = Self.dayNumber(to.lastDay)
        guard b > a else { return 0 }
        return (a + 1...b).filter(isWorking).count
    }

    func isWorking(_ n: Int) -> Bool {
        // Day number 0 is 1970-01-01, a Thursday.
        let weekday = ((n % 7) + 7 + 3) % 7   // 0 = Monday … 6 = Sunday
        return weekday < 5 && !holidays.contains(Self.planDate(n).firstDay)
    }

    /// Days since 1970-01-01 of a yyyymmdd number (Messages' CivilDay: one day arithmetic).
    public static func dayNumber(_ yyyymmdd: Int) -> Int { CivilDay.days(yyyymmdd: yyyymmdd) }

    public static func planDate(_ n: Int) -> PlanDate {
        let date = CivilDay.date(n)
        return .day(year: date.year, month: date.month, day: date.day)
    }

    /// The same day `months` later (clamped to the month's last day).
    public static func adding(months: Int, to date: PlanDate) -> PlanDate {
        let first = date.firstDay
        let total = (first / 10000) * 12 + (first / 100 % 100 - 1) + months
        let y = total / 12, m = total % 12 + 1
        return .day(year: y, month: m, day: min(first % 100, PlanDate.daysIn(year: y, month: m)))
    }
}
