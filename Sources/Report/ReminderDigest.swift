import Foundation
import Records

/// One thing a reminder tells a person, language-neutral (ids and days): the text is written by
/// ReminderText in the reader's language, `--json` shows it as is.
public struct ReminderItem: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        // A ministry's milestones and progress.
        case milestoneDue = "milestone-due"
        case milestoneOverdue = "milestone-overdue"
        case delayReasonMissing = "delay-reason-missing"
        case evidenceMissing = "evidence-missing"
        case updateMissing = "update-missing"
        // The point of contact's own duties (ParticipationRules, PlanCalendar).
        case forumMeetingDue = "forum-meeting-due"
        case answerDue = "answer-due"
        case answerOverdue = "answer-overdue"
        case publicationOverdue = "publication-overdue"
        case selfAssessmentDue = "self-assessment-due"
        case selfAssessmentOverdue = "self-assessment-overdue"
        case selfAssessmentConsultation = "self-assessment-consultation"
    }

    /// Where the item goes in the message.
    public enum Section: String, Sendable, Codable, CaseIterable { case due, overdue, missing, duties }

    public var kind: Kind
    /// The ministry the item is about (nil: the point of contact's duty).
    public var ministry: String?
    public var commitment: String?
    public var milestone: String?
    /// A communication id, a quarter (`2026-Q2`), a self-assessment term, a period (`p2`).
    public var subject: String?
    /// The day that matters: a planned end, a deadline, a due date (yyyy-mm-dd).
    public var date: String?
    /// Days left (due) or past (overdue).
    public var days: Int?

    public var section: Section {
        switch kind {
        case .milestoneDue: return .due
        case .milestoneOverdue: return .overdue
        case .delayReasonMissing, .evidenceMissing, .updateMissing: return .missing
        default: return .duties
        }
    }
}

/// What one person is reminded of: their ministries' items and, for the point of contact, their
/// own duties. One digest per email address, however many ministries name the person.
public struct ReminderDigest: Sendable {
    public var person: Person
    public var ministries: [String]
    public var items: [ReminderItem]
    public var isPointOfContact: Bool
}

/// Who is reminded of what on a day (docs/REMINDERS.md). The rules themselves are the existing
/// ones — MilestoneSchedule (overdue, delay reason missing), ParticipationRules (forum, answers,
/// publication), PlanCalendar (self-assessments), ReportingPeriods (the current period) — this
/// only gathers their findings per person and keeps those within the horizon.
public struct Reminders {
    /// The default horizon: what falls due in the coming four weeks.
    public static let defaultWeeks = 4

    public let snapshot: PlanSnapshot
    public let today: PlanDate
    public let weeks: Int
    /// Last progress change per commitment (ChangeHistory); unavailable: no "update" items.
    public let history: ChangeHistory

    public init(snapshot: PlanSnapshot, today: PlanDate, weeks: Int = defaultWeeks, history: ChangeHistory) {
        self.snapshot = snapshot
        self.today = today
        self.weeks = weeks
        self.history = history
    }

    private var horizonDays: Int { weeks * 7 }
    private func daysUntil(_ day: CalendarDay) -> Int { CalendarDay(first: today).days(to: day) }

    /// Every person with something to be reminded of; nobody with nothing.
    public func digests() -> [ReminderDigest] {
        guard let plan = snapshot.plan?.record, !plan.isClosed(on: today) else { return [] }
        var byAddress: [String: ReminderDigest] = [:]
        var order: [String] = []
        func add(_ person: Person, ministry: String?, items: [ReminderItem], pointOfContact: Bool) {
            guard !items.isEmpty else { return }
            // A person without an address is still listed (the command says who could not be reached).
            let key = person.email?.lowercased() ?? "\u{0}\(ministry ?? "")/\(person.name)"
            if byAddress[key] == nil {
                order.append(key)
                byAddress[key] = ReminderDigest(person: person, ministries: [], items: [], isPointOfContact: false)
            }
            if let ministry, !byAddress[key]!.ministries.contains(ministry) { byAddress[key]!.ministries.append(ministry) }
            if byAddress[key]!.person.language == nil { byAddress[key]!.person.language = person.language }
            byAddress[key]!.items += items.filter { !byAddress[key]!.items.contains($0) }
            byAddress[key]!.isPointOfContact = byAddress[key]!.isPointOfContact || pointOfContact
        }
        add(plan.pointOfContact, ministry: nil, items: duties(plan), pointOfContact: true)
        for id in snapshot.ministries.keys.sorted() {
            guard let ministry = snapshot.ministries[id]?.record else { continue }
            let items = ministryItems(id, plan: plan)
            for person in recipients(ministry) { add(person, ministry: id, items: items, pointOfContact: false) }
        }
        return order.compactMap { byAddress[$0] }
    }

    /// Who reads a ministry's reminders: its members (they keep its records); a ministry without
    /// a member with an address, its contacts.
    public func recipients(_ ministry: Ministry) -> [Person] {
        let members = ministry.members.filter { $0.email != nil }
        return members.isEmpty ? ministry.contacts.filter { $0.email != nil } : members
    }

    /// A ministry's milestones due, overdue, and what is missing from its records.
    public func ministryItems(_ ministry: String, plan: Plan) -> [ReminderItem] {
        let judged = plan.judgingDay(today)
        let period = ReportingPeriods.of(plan).containing(CalendarDay(first: today))
        var items: [ReminderItem] = []
        for folder in snapshot.sortedCommitments {
            guard let c = folder.commitment?.record else { continue }
            let progress = folder.progress?.record
            for m in c.milestones where c.lead(of: m) == ministry {
                let schedule = MilestoneSchedule(m, progress: progress, today: judged)
                var item = ReminderItem(kind: .milestoneDue, ministry: ministry, commitment: c.id, milestone: m.id,
                                        date: m.end.description, days: schedule.days)
                switch schedule.state {
                case .overdue:
                    item.kind = .milestoneOverdue
                    items.append(item)
                    if schedule.delayReasonMissing { item.kind = .delayReasonMissing; items.append(item) }
                case .due, .upcoming:
                    if let days = schedule.days, days <= horizonDays { items.append(item) }
                case .complete:
                    // A completed milestone shows what proves it (manual §7: evidence of completion).
                    if !(progress?.evidence.contains { $0.milestone == m.id } ?? false) {
                        item.kind = .evidenceMissing
                        item.days = nil
                        items.append(item)
                    }
                }
            }
            // The progress update for the period about to end: the lead agency writes it.
            if c.leadAgency == ministry, let period, history.available, daysUntil(period.end) <= horizonDays,
               (progress?.completion ?? .notStarted) != .complete {
                let last = history.lastProgress[c.id].map { CalendarDay(first: PlanDate(date: $0)) }
                if last.map({ $0 < period.start }) ?? true {
                    items.append(ReminderItem(kind: .updateMissing, ministry: ministry, commitment: c.id, subject: period.id,
                                              date: period.end.planDate.description, days: daysUntil(period.end)))
                }
            }
        }
        return items
    }

    /// The point of contact's own duties: the forum this quarter, answers, publication, the
    /// self-assessments — from ParticipationRules and PlanCalendar, not recomputed here.
    public func duties(_ plan: Plan) -> [ReminderItem] {
        let rules = ParticipationRules(plan: plan, records: snapshot.participation, today: today)
        var items: [ReminderItem] = []
        if let current = rules.quarters().last(where: \.current), current.meetings.isEmpty {
            let end = CalendarDay(yyyymmdd: current.quarter.lastDay)
            items.append(ReminderItem(kind: .forumMeetingDue, subject: current.quarter.description,
                                      date: end.planDate.description, days: daysUntil(end)))
        }
        for answer in rules.answers() {
            let deadline = CalendarDay(last: answer.deadline)
            switch answer.state {
            case .pending where daysUntil(deadline) <= horizonDays:
                items.append(ReminderItem(kind: .answerDue, subject: answer.communication, date: answer.deadline.description, days: daysUntil(deadline)))
            case .overdue:
                items.append(ReminderItem(kind: .answerOverdue, subject: answer.communication, date: answer.deadline.description, days: -daysUntil(deadline)))
            default: break
            }
        }
        for gap in rules.publicationGaps() where gap.next == nil {
            items.append(ReminderItem(kind: .publicationOverdue, date: gap.due.description, days: -daysUntil(CalendarDay(last: gap.due))))
        }
        let calendar = PlanCalendar(plan: plan)
        var unconsulted: [(term: String, due: PlanDate)] = []
        for term in SelfAssessmentTerm.allCases where plan.selfAssessments[term.rawValue] == nil {
            let due = calendar.selfAssessmentDue(term)
            let left = daysUntil(due)
            if left < 0 {
                items.append(ReminderItem(kind: .selfAssessmentOverdue, subject: term.rawValue, date: due.planDate.description, days: -left))
            } else if left <= horizonDays {
                items.append(ReminderItem(kind: .selfAssessmentDue, subject: term.rawValue, date: due.planDate.description, days: left))
            }
            unconsulted.append((term.rawValue, due.planDate))
        }
        for s in rules.selfAssessmentConsultations(due: unconsulted) where s.consultation == nil {
            items.append(ReminderItem(kind: .selfAssessmentConsultation, subject: s.term, date: s.due.description))
        }
        return items
    }
}
