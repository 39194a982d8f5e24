import Foundation
import Git
import Records
import Report
import Workspace

/// What the lists of commitments show (My commitments, Needs attention): each commitment's
/// completion and what is late in it, read once from the copy.
struct PlanSummaries {
    var items: [CommitmentSummary]
    /// The plan's `stale_after_days` (60 when it says nothing), as the dashboard's freshness.
    var staleAfter: Int
    /// Each ministry's name in the page's language, by id.
    var ministryNames: [String: String]
    /// The plan's themes, by id, named in the page's language, in the plan's order.
    var themes: [(String, String)] = []
}

extension Desk {
    /// The commitments `ministry` leads (all of them for nil), with their late milestones; with
    /// `withStaleness`, also those with no change for longer than the plan asks (LastChanges).
    func summaries(_ copy: WorkingCopy, ministry: String?, withStaleness: Bool) throws -> PlanSummaries {
        let today = today()
        // A ministry's page reads only the commitments it leads (a thousand-commitment plan: its
        // fifty, not all); the point of contact's whole plan is kept by folder (WholePlan).
        var items: [CommitmentSummary]
        let planRecord: Plan?
        let ministries: [String: PlanSnapshot.Entry<Ministry>]
        if ministry == nil, let whole = try wholePlan.summaries(copy, today: today, language: language) {
            items = whole.items
            planRecord = whole.plan
            ministries = whole.ministries
        } else {
            let snapshot: PlanSnapshot
            var over: (String) -> [String] = { _ in [] }
            if let ministry, let index = try leadIndex.commitments(ledBy: ministry, in: copy, records: records) {
                snapshot = PlanSnapshot(root: copy.root, only: index.led, alsoMinistries: [ministry], records: records)
                over = index.over
            } else {
                snapshot = copy.snapshot()
                if ministry != nil { over = try copy.organisationsOverUnits() }
            }
            let planLanguage = snapshot.plan?.record?.language
            items = snapshot.sortedCommitments.compactMap { folder -> CommitmentSummary? in
                guard let c = folder.commitment?.record else { return nil }
                if let ministry, !([c.leadAgency] + c.milestoneLeads).contains(where: { AccessRule.speaks(ministry, for: $0, over: over) }) { return nil }
                return Desk.summary(of: folder, today: today, language: language, planLanguage: planLanguage, plan: snapshot.plan?.record)
            }
            planRecord = snapshot.plan?.record
            ministries = snapshot.ministries
        }
        let staleAfter = planRecord?.staleAfterDays ?? 60
        if withStaleness, !items.isEmpty, let now = Desk.date(of: today) {
            let last = try lastChanges.dates(of: Set(items.map(\.id)), in: try Repository.open(copy.root.path))
            for i in items.indices {
                guard let date = last[items[i].id] else { continue }
                let days = Int(now.timeIntervalSince(date) / 86_400)
                if days > staleAfter { items[i].staleDays = days }
            }
        }
        var names: [String: String] = [:]
        for (id, folder) in ministries {
            if let name = folder.record?.name.anyValue(preferring: language) { names[id] = name }
        }
        let themes = (planRecord?.themes ?? []).map { ($0.id, $0.title.anyValue(preferring: language)) }
        return PlanSummaries(items: items, staleAfter: staleAfter, ministryNames: names, themes: themes)
    }

    /// One commitment as the lists show it (nil: its commitment.yaml could not be read): the one
    /// place a summary is made, for a ministry's list and the whole plan's alike.
    static func summary(of folder: PlanSnapshot.CommitmentFolder, today: PlanDate, language: String, planLanguage: String?,
                        plan: Plan?) -> CommitmentSummary? {
        guard let c = folder.commitment?.record else { return nil }
        let p = folder.progress?.record
        // Listed by id (each links to its form); `named` says them as people know them: the
        // official code when there is one (Milestone.spokenName, not `m3`), with the planned end.
        let schedules = c.milestones.map { ($0.id, MilestoneSchedule($0, progress: p, today: today)) }
        var summary = CommitmentSummary(
            id: folder.id, number: c.number,
            title: c.title.value(in: language, planLanguage: planLanguage) ?? c.title.anyValue(preferring: planLanguage),
            completion: (p?.completion ?? .notStarted).rawValue,
            milestonesComplete: c.milestones.filter { p?.milestone($0.id)?.completion == .complete }.count,
            milestones: c.milestones.count,
            overdue: schedules.filter { $0.1.state == .overdue }.map(\.0),
            due: schedules.filter { $0.1.state == .due }.map(\.0),
            missingReasons: schedules.filter { $0.1.delayReasonMissing }.map(\.0),
            lead: c.leadAgency,
            rating: RAGRating.of(c, progress: p, plan: plan, today: today),
            // The plan's themes it names by id (a theme written out in full names none).
            themes: c.themes.compactMap { if case .plain(let id) = $0 { return id } else { return nil } })
        for m in c.milestones { summary.named[m.id] = (m.spokenName, m.end) }
        return summary
    }

    /// Noon UTC of a day (a month: its first day).
    static func date(of day: PlanDate) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let n = day.firstDay
        return calendar.date(from: DateComponents(year: n / 10000, month: n / 100 % 100, day: n % 100, hour: 12))
    }
}

extension PlanSummaries {
    /// The listing an address asks for, among this plan's ministries and themes.
    func listing(_ query: (String) -> String?) -> PlanListing {
        PlanListing(query: query, ministries: Set(items.map(\.lead)), themes: Set(themes.map(\.0)))
    }
}
