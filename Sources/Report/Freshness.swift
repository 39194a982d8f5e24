import Records
import Messages
import Foundation

/// How recently a ministry reported: the last change to the progress or evidence of the
/// commitments it leads (what a lead ministry writes), flagged when older than the plan's
/// `stale_after_days` (manual §6: progress published at least every six months; the plan
/// sets its own, stricter, threshold).
struct Freshness {
    enum State: Equatable {
        /// Last change on that day, `days` before the report date.
        case changed(CalendarDay, days: Int, stale: Bool)
        /// No change in the history read, which goes back to `since` (stale when that is
        /// already longer ago than the threshold); `since` nil: the whole history was read.
        case noChange(since: CalendarDay?, stale: Bool)
        /// Not a git repository: history unknown.
        case unknown
        /// Leads no commitment and no milestone: nothing to report.
        case notLeading
    }

    let ministry: String
    let leads: Int
    let state: State
    let lastRecordChange: CalendarDay?

    var isStale: Bool {
        switch state {
        case .changed(_, _, let stale), .noChange(_, let stale): return stale
        default: return false
        }
    }

    static func compute(_ overview: PlanOverview, _ history: ChangeHistory) -> [Freshness] {
        let threshold = overview.staleAfterDays
        return overview.ministries.keys.sorted().map { id in
            // A ministry reports on the commitments it leads and on the milestones it leads in others.
            let reported = overview.led(by: id) + overview.milestonesLed(by: id).map(\.0)
            let led = overview.led(by: id)
            let record = history.lastMinistryRecord[id].map(CalendarDay.init)
            guard !reported.isEmpty else { return Freshness(ministry: id, leads: 0, state: .notLeading, lastRecordChange: record) }
            guard history.available else { return Freshness(ministry: id, leads: led.count, state: .unknown, lastRecordChange: nil) }
            if let last = reported.compactMap({ history.lastProgress[$0.id] }).max() {
                let day = CalendarDay(last)
                let days = max(0, day.days(to: overview.asOf))
                return Freshness(ministry: id, leads: led.count, state: .changed(day, days: days, stale: days > threshold), lastRecordChange: record)
            }
            if history.complete {
                return Freshness(ministry: id, leads: led.count, state: .noChange(since: nil, stale: true), lastRecordChange: record)
            }
            let since = history.oldestRead.map(CalendarDay.init)
            let stale = since.map { $0.days(to: overview.asOf) > threshold } ?? false
            return Freshness(ministry: id, leads: led.count, state: .noChange(since: since, stale: stale), lastRecordChange: record)
        }
    }

    func describe(_ l: Localizer) -> String {
        switch state {
        case let .changed(day, days, _): return l.format(.freshChanged, ["date": .text(l.date(day)), "ago": .text(l.ago(days: days))])
        case .noChange(nil, _): return l[.freshNever]
        case let .noChange(since?, _): return l.format(.freshNoChangeSince, ["date": .text(l.date(since))])
        case .unknown: return l[.freshUnknown]
        case .notLeading: return l[.freshNotLeading]
        }
    }
}
