import Foundation
import Messages

/// The plan's reporting periods: the stretches of implementation at the end of which progress is
/// published (manual §6: at least every six months; national trackers often report quarterly).
/// plan.yaml states them as a rule or as dates:
///
///     reporting_periods:
///       every_months: 6          # from the plan's start; the last one ends with the plan
///
///     reporting_periods:
///       ends: [2026-02-28, 2026-08-31, 2027-06-30]
///
/// A plan that says nothing reports every six months from its start, as OGP asks. Periods are
/// named `p1`, `p2`… in order; `carnet period close p1` keeps the first one's state for good.
///
/// The public API other parts of Carnet use (the dashboard, the self-assessment, and whatever
/// needs "was progress published this period"):
///
///     let periods = ReportingPeriods.of(plan)                   // every period, in order
///     let now = periods.containing(CalendarDay(first: .today()))
///     let last = periods.lastEnded(by: CalendarDay(first: .today()))
///     let p = periods.named("2")                                // "p2", "P2" or "2"
public struct ReportingPeriods: Sendable, Equatable {
    /// How plan.yaml states the periods.
    public enum Rule: Sendable, Equatable {
        /// Every `n` months from the plan's start.
        case everyMonths(Int)
        /// Each period ends on one of these days (the last one may be the plan's end or before).
        case ends([PlanDate])
    }

    /// What a plan that states nothing follows: every six months (manual §6).
    public static let defaultRule = Rule.everyMonths(6)
    /// Periods longer than two years would not be "reporting" any more; shorter than a month is a slip.
    public static let monthsAllowed = 1...24

    public let periods: [ReportingPeriod]

    public init(rule: Rule, start: PlanDate, end: PlanDate) {
        let first = CalendarDay(first: start), last = CalendarDay(last: end)
        var days: [CalendarDay] = []
        switch rule {
        case .everyMonths(let n):
            let n = max(1, n)
            var k = 1
            // Each end is the day before the start's day `k·n` months on (1 Sept + 6 months → 28 Feb).
            while true {
                let day = first.adding(months: k * n).adding(days: -1)
                if day >= last || k > 1000 { days.append(last); break }
                days.append(day)
                k += 1
            }
        case .ends(let ends):
            days = ends.map { CalendarDay(last: $0) }.filter { $0 >= first }.sorted()
        }
        var out: [ReportingPeriod] = []
        var from = first
        for day in days where day >= from {
            out.append(ReportingPeriod(number: out.count + 1, start: from, end: day))
            from = day.adding(days: 1)
        }
        periods = out
    }

    /// The periods of a plan: as it states them, or every six months.
    public static func of(_ plan: Plan) -> ReportingPeriods {
        ReportingPeriods(rule: plan.reportingPeriods ?? defaultRule, start: plan.start, end: plan.end)
    }

    /// A period by what a person types: `p2`, `P2` or `2`.
    public func named(_ text: String) -> ReportingPeriod? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        let digits = t.hasPrefix("p") ? String(t.dropFirst()) : t
        guard let n = Int(digits) else { return nil }
        return periods.first { $0.number == n }
    }

    /// The period a day falls in; nil before the first or after the last.
    public func containing(_ day: CalendarDay) -> ReportingPeriod? {
        periods.first { $0.start <= day && day <= $0.end }
    }

    /// The latest period that has ended on or before `day` (the one a report published then is about).
    public func lastEnded(by day: CalendarDay) -> ReportingPeriod? {
        periods.last { $0.end <= day }
    }

    /// The period before `period`, if any.
    public func previous(_ period: ReportingPeriod) -> ReportingPeriod? {
        periods.last { $0.number < period.number }
    }
}

/// One reporting period: from `start` to `end`, both included.
public struct ReportingPeriod: Sendable, Equatable, Hashable {
    public let number: Int
    public let start: CalendarDay
    public let end: CalendarDay

    public init(number: Int, start: CalendarDay, end: CalendarDay) {
        self.number = number
        self.start = start
        self.end = end
    }

    /// `p1`, `p2`…: the name of its snapshot file (periods/p1.yaml) and what people type.
    public var id: String { "p\(number)" }

    /// The period as people name it, by its months ("March – August 2026", "mars – août 2026";
    /// the days when it does not run by whole months): the one way every page, draft and
    /// message names a period. The id stays beside it only where people type it.
    public var spoken: MessageArgument { .span(first: start.yyyymmdd, last: end.yyyymmdd) }
}

extension ReportingPeriods {
    /// Every period as "p1 (September 2025 – February 2026)", in the messages' language: the
    /// choices a refused `carnet period close` or `--period` offers.
    public var choices: String {
        periods.map { Catalogue.text("dash3.period-choice", ["period": .text($0.id), "name": $0.spoken]) }.joined(separator: ", ")
    }
}

extension MapNode {
    /// plan.yaml's `reporting_periods` (see ReportingPeriods); nil when absent or unreadable
    /// (the problem is reported).
    func reportingPeriodsRule(start: PlanDate?, end: PlanDate?) -> ReportingPeriods.Rule? {
        guard let map = map("reporting_periods") else { return nil }
        let every = map.integer("every_months")
        let listed = map.scalarList("ends")
        map.finish("reporting_periods")
        switch (every, listed) {
        case (nil, nil):
            source.report(map.node, Said("periods.records.rule-missing"))
            return nil
        case (_?, _?):
            source.report(map.value("ends"), Said("periods.records.rule-both"))
            return nil
        case (let n?, nil):
            guard ReportingPeriods.monthsAllowed.contains(n) else {
                source.report(map.value("every_months"), Said("periods.records.months-range",
                    ["min": .number(ReportingPeriods.monthsAllowed.lowerBound), "max": .number(ReportingPeriods.monthsAllowed.upperBound)]))
                return nil
            }
            return .everyMonths(n)
        case (nil, let items?):
            var ends: [PlanDate] = []
            for (text, node) in items {
                guard let date = PlanDate(text) else {
                    source.report(node, Said("periods.records.end-not-date", ["value": .text(text)]))
                    return nil
                }
                if let before = ends.last, date.lastDay <= before.lastDay {
                    source.report(node, Said("periods.records.ends-order", ["date": .text(date.description), "before": .text(before.description)]))
                    return nil
                }
                if let start, date.lastDay < start.firstDay {
                    source.report(node, Said("periods.records.end-before-plan", ["date": .text(date.description), "start": .text(start.description)]))
                    return nil
                }
                if let end, date.lastDay > end.lastDay {
                    source.report(node, Said("periods.records.end-after-plan", ["date": .text(date.description), "end": .text(end.description)]))
                    return nil
                }
                ends.append(date)
            }
            if ends.isEmpty {
                source.report(map.value("ends"), Said("periods.records.rule-missing"))
                return nil
            }
            return .ends(ends)
        }
    }
}

extension ReportingPeriods.Rule {
    /// How plan.yaml writes it.
    var yaml: YAMLValue {
        switch self {
        case .everyMonths(let n): return .map([("every_months", .token(String(n)))])
        case .ends(let ends): return .map([("ends", .list(ends.map { .token($0.description) }))])
        }
    }

    /// One line, for a conflict kept by sync.
    public var conflictText: String {
        switch self {
        case .everyMonths(let n): return "every_months: \(n)"
        case .ends(let ends): return "ends: [" + ends.map(\.description).joined(separator: ", ") + "]"
        }
    }
}
