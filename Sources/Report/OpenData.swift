import Foundation
import Messages
import Records
import Spreadsheet

/// The dashboard's open data: data.json (every language of every text, as the records hold
/// them) and CSV files (one table each, in the output language, RFC 4180 quoting).
/// SSH keys and member lists are left out: they are access control, not plan data.
struct OpenData {
    let site: SiteContext
    let freshness: [Freshness]
    let evidenceFiles: [String: [String: String]]
    /// The tables and the workbook's cells, made by the first file that needs them and shared by
    /// the CSV files and both workbooks (each made them on its own: three times the same rows).
    private let made = Made()

    init(site: SiteContext, freshness: [Freshness], evidenceFiles: [String: [String: String]]) {
        self.site = site
        self.freshness = freshness
        self.evidenceFiles = evidenceFiles
    }

    var o: PlanOverview { site.overview }
    var l: Localizer { site.l }

    // MARK: JSON

    struct JSONPlan: Encodable {
        var country, title: [String: String]
        var start, end: String
        var yearGroup: String
        var languages: [String]
        var submitted: String?
        var selfAssessments: [String: String]
        var pointOfContact: JSONPerson
        var themes: [JSONTheme] = []
    }
    struct JSONPerson: Encodable {
        var name: String
        var title: [String: String]?
        var organisation, email, phone: String?
    }
    struct JSONMilestone: Encodable {
        var id: String
        var activity: [String: String]
        var start, end: String
        var completion: String
        var actualStart, actualEnd: String?
        var daysOverdue: Int?
        var delayReason: [String: String]?
        var code: String? = nil
        var leadAgency: String? = nil
    }
    struct JSONEvidence: Encodable {
        var id: String
        var title: [String: String]
        var milestone, added, url, file: String?
    }
    struct JSONConflict: Encodable {
        var field, kept, lost: String
        var lostBy, lostAt: String?
    }
    struct JSONCommitment: Encodable {
        var id: String
        var number: Int
        var title: [String: String]
        var start, end, leadAgency: String
        var values: [String]
        var completion: String?
        var rating: String
        var results, nextSteps: [String: String]?
        var milestones: [JSONMilestone]
        var evidence: [JSONEvidence]
        var conflicts: [JSONConflict]
        var lastChange: String?
        /// Translations made from an earlier first-language text (TranslationStamp): `title.en`,
        /// `progress.results.en` — published, and said to be under review.
        var staleTranslations: [String]
        var code: String? = nil
        var draft = false
        var toComplete: [String] = []
        /// The plan's themes it names, by id; `themeTexts`: every theme's words, in every language.
        var themes: [String] = []
        var themeTexts: [[String: String]] = []
        var description = JSONDescription()
        var otherActors = JSONActors()
    }
    struct JSONMinistry: Encodable {
        var id: String
        var name: [String: String]
        var kind: String
        var parent: String? = nil
        var commitmentsLed: Int
        var lastReport: String?
        var stale: Bool
    }
    struct JSONDeadline: Encodable {
        var event, due: String
        var delivered: String?
    }
    struct JSONRoot: Encodable {
        var generatedAsOf: String
        var ratingRule: String
        var staleAfterDays: Int
        var plan: JSONPlan
        var calendar: [JSONDeadline]
        var commitments: [JSONCommitment]
        var ministries: [JSONMinistry]
        var unreadableCommitments: [String]
    }

    func map(_ t: RecordText?) -> [String: String]? {
        switch t {
        case nil: return nil
        case .plain(let s)?: return [o.plan.language: s]
        case .translated(let items)?: return Dictionary(items.map { ($0.language, $0.value) }, uniquingKeysWith: { a, _ in a })
        }
    }

    /// A commitment's stale translations, as `field.language` (`progress.` before a field of progress.yaml).
    func staleTranslations(_ c: CommitmentStatus) -> [String] {
        let first = o.plan.language
        return c.commitment.staleTranslations(firstLanguage: first).map { "\($0.field).\($0.language)" }
            + (c.progress?.staleTranslations(firstLanguage: first).map { "progress.\($0.field).\($0.language)" } ?? [])
    }

    func json() -> Data { Data(jsonModel().json()) }

    /// What data.json holds (JSONText writes it).
    func jsonModel() -> JSONRoot {
        let plan = o.plan, cal = o.calendar
        let poc = plan.pointOfContact
        return JSONRoot(
            generatedAsOf: o.asOf.description,
            ratingRule: l.format(.ragRule, ["days": .number(RAGRating.redAfterDays)]),
            staleAfterDays: o.staleAfterDays,
            plan: JSONPlan(country: map(plan.country) ?? [:], title: map(plan.title) ?? [:], start: plan.start.iso,
                           end: plan.end.iso, yearGroup: plan.yearGroup.rawValue, languages: plan.languages,
                           submitted: plan.submitted?.iso,
                           selfAssessments: plan.selfAssessments.mapValues(\.iso),
                           pointOfContact: JSONPerson(name: poc.name, title: map(poc.title), organisation: poc.organisation,
                                                      email: site.showsContactDetails(of: poc) ? poc.email : nil,
                                                      phone: site.showsContactDetails(of: poc) ? poc.phone : nil)),
            calendar: [JSONDeadline(event: "plan", due: cal.planDeadline.description, delivered: plan.submitted?.iso),
                       JSONDeadline(event: "end_of_implementation", due: cal.endOfImplementation.description, delivered: nil)]
                + SelfAssessmentTerm.allCases.map {
                    JSONDeadline(event: $0.rawValue, due: cal.selfAssessmentDue($0).description,
                                 delivered: plan.selfAssessments[$0.rawValue]?.description)
                },
            commitments: o.commitments.map { c in
                JSONCommitment(
                    id: c.id, number: c.commitment.number, title: map(c.commitment.title) ?? [:],
                    start: c.commitment.start.iso, end: c.commitment.end.iso, leadAgency: c.commitment.leadAgency,
                    values: c.commitment.description.values.map(\.rawValue), completion: c.progress?.completion.rawValue,
                    rating: c.rating.rawValue, results: map(c.progress?.results), nextSteps: map(c.progress?.nextSteps),
                    milestones: c.milestones.map { m in
                        JSONMilestone(id: m.milestone.id, activity: map(m.milestone.activity) ?? [:], start: m.milestone.start.iso,
                                      end: m.milestone.end.iso, completion: m.completion.rawValue,
                                      actualStart: m.progress?.actualStart?.iso, actualEnd: m.progress?.actualEnd?.iso,
                                      daysOverdue: m.daysOverdue, delayReason: map(m.progress?.delayReason))
                    },
                    evidence: c.evidence.map { e in
                        JSONEvidence(id: e.id, title: map(e.title) ?? [:], milestone: e.milestone, added: e.added?.iso,
                                     url: e.url, file: evidenceFiles[c.id]?[e.id])
                    },
                    conflicts: !site.isInternal ? [] : c.conflicts.map { JSONConflict(field: $0.field, kept: $0.kept, lost: $0.lost, lostBy: $0.lostBy, lostAt: $0.lostAt) },
                    lastChange: site.history.byCommitment[c.id]?.first.map { CalendarDay($0.date).description },
                    staleTranslations: staleTranslations(c))
            },
            ministries: freshness.compactMap { f in
                guard let m = o.ministries[f.ministry] else { return nil }
                var last: String?
                if case let .changed(day, _, _) = f.state { last = day.description }
                return JSONMinistry(id: f.ministry, name: map(m.name) ?? [:], kind: m.kind.rawValue, commitmentsLed: f.leads,
                                    lastReport: last, stale: f.isStale)
            },
            unreadableCommitments: o.unreadable)
            .withShapes(self)
    }

    // MARK: CSV

    /// The one CSV writer (Spreadsheet's CSVText: quoting, formulas neutralised).
    static func csv(_ header: [String], _ rows: [[String]]) -> Data { CSVText.data([header] + rows) }

    static func neutralizingFormula(_ value: String) -> String { CSVText.neutralizingFormula(value) }

    private func lastChange(_ c: CommitmentStatus) -> String {
        site.history.byCommitment[c.id]?.first.map { CalendarDay($0.date).description } ?? ""
    }

    private func commitmentRow(_ c: CommitmentStatus) -> [String] {
        let m = c.commitment
        var row = [c.id, String(m.number), l.plain(m.title), m.leadAgency, m.start.iso, m.end.iso]
        row += [c.progress?.completion.rawValue ?? "", c.rating.rawValue, String(c.milestones.count)]
        row += [String(c.completeMilestones), String(c.overdueCount), String(c.evidence.count), lastChange(c)]
        return row + shapeColumns(c)
    }

    private func milestoneRow(_ c: CommitmentStatus, _ m: MilestoneStatus) -> [String] {
        var row = [c.id, m.milestone.id, l.plain(m.milestone.activity), m.milestone.start.iso, m.milestone.end.iso]
        row += [m.progress?.actualStart?.iso ?? "", m.progress?.actualEnd?.iso ?? "", m.completion.rawValue]
        row += [m.daysOverdue.map { String($0) } ?? "", l.plain(m.progress?.delayReason)]
        return row + [m.milestone.code ?? "", c.commitment.lead(of: m.milestone)]
    }

    private func evidenceRow(_ c: CommitmentStatus, _ e: ProgressRecord.Evidence) -> [String] {
        let link: String = evidenceFiles[c.id]?[e.id] ?? e.url ?? ""
        return [c.id, e.id, l.plain(e.title), e.milestone ?? "", e.added?.iso ?? "", link]
    }

    private func ministryRow(_ f: Freshness) -> [String] {
        var last = ""
        if case let .changed(day, _, _) = f.state { last = day.description }
        let ministry = o.ministries[f.ministry]
        return [f.ministry, ministry.map { l.plain($0.name) } ?? "", ministry?.kind.rawValue ?? "",
                String(f.leads), last, f.isStale ? "yes" : "no", ministry?.parent ?? ""]
    }

    private func conflictRow(_ c: CommitmentStatus, _ x: FieldConflict) -> [String] {
        [c.id, x.field, x.kept, x.lost, x.lostBy ?? "", x.lostAt ?? ""]
    }

    /// The CSV files `csvFiles()` returns.
    /// Merge conflicts are the team's business: only the internal site has conflicts.csv.
    static func csvNames(_ audience: DashboardAudience) -> [String] {
        ["commitments.csv", "milestones.csv", "evidence.csv", "ministries.csv", "themes.csv"] + (audience == .internal ? ["conflicts.csv"] : [])
    }

    func csvFiles() -> [String: Data] {
        var files: [String: Data] = [:]
        for t in tables() { files[t.name + ".csv"] = Self.csv(t.header, t.rows) }
        return files
    }

    typealias Table = (name: String, header: [String], rows: [[String]])

    /// The open data's tables: the CSV files, and the sheets of open-data.xlsx (the same content).
    /// Merge conflicts are the team's business: only the internal site has them.
    func tables() -> [Table] { made.tables { makeTables() } }

    /// The workbooks' sheets (both formats): the tables with typed cells.
    func workbookModel() -> Workbook { made.workbook { makeWorkbook() } }

    private func makeTables() -> [Table] {
        var tables: [(name: String, header: [String], rows: [[String]])] = [
            ("commitments",
             ["id", "number", "title", "lead_agency", "start", "end", "completion", "rating", "milestones",
              "milestones_complete", "milestones_overdue", "evidence", "last_change"] + Self.shapeHeader,
             o.commitments.map(commitmentRow)),
            ("milestones",
             ["commitment", "milestone", "activity", "start", "end", "actual_start", "actual_end", "completion",
              "days_overdue", "delay_reason", "code", "lead_agency"],
             o.commitments.flatMap { c in c.milestones.map { milestoneRow(c, $0) } }),
            ("evidence", ["commitment", "evidence", "title", "milestone", "added", "link"],
             o.commitments.flatMap { c in c.evidence.map { evidenceRow(c, $0) } }),
            ("ministries", ["id", "name", "kind", "commitments_led", "last_report", "stale", "parent"], freshness.map(ministryRow)),
            ("themes", ["id", "title", "commitments"], o.plan.themes.map(themeRow)),
        ]
        if site.isInternal {
            tables.append(("conflicts", ["commitment", "field", "kept", "lost", "lost_by", "lost_at"],
                           o.commitments.flatMap { c in c.conflicts.map { conflictRow(c, $0) } }))
        }
        return tables
    }
}

/// What OpenData makes once for the files of one site, whichever core asks first; the others
/// wait for it (the first workbook job makes it while the other core writes pages). Two locks:
/// the workbook is made from the tables (always taken in that order).
private final class Made: @unchecked Sendable {
    private let tablesLock = NSLock(), workbookLock = NSLock()
    private var madeTables: [OpenData.Table]?
    private var madeWorkbook: Workbook?

    func tables(_ make: () -> [OpenData.Table]) -> [OpenData.Table] {
        tablesLock.lock()
        defer { tablesLock.unlock() }
        if let madeTables { return madeTables }
        let made = make()
        madeTables = made
        return made
    }

    func workbook(_ make: () -> Workbook) -> Workbook {
        workbookLock.lock()
        defer { workbookLock.unlock() }
        if let madeWorkbook { return madeWorkbook }
        let made = make()
        madeWorkbook = made
        return made
    }
}
