import Messages
import Records

/// The dashboard's words added with the public/internal split, the grouped overview, the filter
/// pages and the ministry sheets: catalogue keys `dash.<case>` (Sources/Messages/Catalogue/*.txt).
/// Kept apart from Phrase (`report.` keys) so the catalogue's blocks stay with their authors.
enum DashPhrase: String, CaseIterable {
    case groupByMinistry, groupByTheme, noTheme, groupByNumber, groupingLabel, filterHeading, filterMinistry, filterStatus, filterRAG
    case filterAll, filterCount, filterNone, filterTitle
    case milestonesOfWhichLate, seeList, internalBanner
    case changeCommitment, changeProgress, changeEvidenceAdded, changeEvidenceRemoved, changeEvidence, changePlan
    case changeMilestoneDone, changeMilestoneLevel, changeCompletion
    case whoChangedHeading, person, lastSeen, changesCount
    case sheetHeading, sheetPrint, sheetDue, sheetLate, sheetNoneDue, sheetNoneLate, sheetDueWithin, sheetLink
    case showTemplate, coverDate, coverTerm, coverCountry

    var key: String { "dash." + rawValue }
}

extension Localizer {
    subscript(_ phrase: DashPhrase) -> String { dashWords[phrase] ?? Catalogue.text(phrase.key, in: code) }

    func format(_ phrase: DashPhrase, _ arguments: [String: MessageArgument]) -> String {
        Catalogue.text(phrase.key, in: code, arguments)
    }
}

/// Who a dashboard is for. The public site (the default) is what a citizen reads at the
/// government's address: no email or phone unless the person's record says `public: true`, no
/// merge conflicts, no commit plumbing. The internal one (`--internal`) is for the point of
/// contact's team: conflicts, who changed what, commit summaries, activity per person.
public enum DashboardAudience: String, Sendable {
    case `public`, `internal`
}

extension Localizer {
    /// A plan's or a commitment's period as people write it: the years alone when it runs from
    /// January to December ("2024–2026"), else as the catalogue writes a span of days: whole
    /// months by their names ("septembre 2024 – août 2026"), else the days.
    func period(_ start: PlanDate, _ end: PlanDate) -> String {
        let first = CalendarDay(first: start), last = CalendarDay(last: end)
        if first.month == 1, first.day == 1, last.month == 12, last.day == 31 {
            return first.year == last.year ? "\(first.year)" : "\(first.year)–\(last.year)"
        }
        return span(first, last)
    }

    /// Days `first` to `last` as people write them ("mars – août 2026"): the catalogue's one
    /// way (`MessageArgument.span`).
    func span(_ first: CalendarDay, _ last: CalendarDay) -> String {
        writtenSpans.span(first.yyyymmdd, last.yyyymmdd) {
            Catalogue.shared.written(.span(first: first.yyyymmdd, last: last.yyyymmdd), in: code)
        }
    }

    /// A reporting period as people name it: by its months, not its id ("p2").
    func span(_ period: ReportingPeriod) -> String { Catalogue.shared.written(period.spoken, in: code) }

    /// A milestone's actual dates as a person reads them (dates already written), never "… – …":
    /// "not started", "started 3 March 2026, not finished", "3 March – 30 June 2026"… `level`:
    /// its completion, when known — a complete milestone without an end date lacks the date, it
    /// is not still going on.
    func actualDates(start: String?, end: String?, level: CompletionLevel?) -> String {
        switch (start, end) {
        case let (start?, end?): return Catalogue.text("dash3.actual.both", in: code, ["start": .text(start), "end": .text(end)])
        case let (start?, nil):
            return Catalogue.text(level == .complete ? "dash3.actual.running-complete" : "dash3.actual.running", in: code, ["start": .text(start)])
        case let (nil, end?): return Catalogue.text("dash3.actual.ended", in: code, ["end": .text(end)])
        case (nil, nil): return Catalogue.text(level == nil || level == .notStarted ? "dash3.actual.not-started" : "dash3.actual.not-recorded", in: code)
        }
    }

    /// A text of the `dash2.` block (period names, refused pushes), filled in this language.
    func dash2(_ key: String, _ arguments: [String: MessageArgument] = [:]) -> String {
        let block = "dash2."
        return Catalogue.text(block + key, in: code, arguments)
    }
}
