import Foundation
import Git
import Records

/// The commitment completion dashboard (manual §1 K): a static site that reads offline and
/// can be uploaded as it is — no script, no CDN, charts drawn inline — with open data beside it.
///
///     let history = try ChangeHistory.read(for: snapshot, asOf: date)
///     let result = try Dashboard(snapshot: snapshot, history: history, language: .fr, asOf: date)
///         .write(to: outputDirectory)
public struct Dashboard {
    public struct Result: Sendable {
        /// The page to open.
        public let index: URL
        /// Paths written, relative to the output directory.
        public let files: [String]
        /// Evidence files that could not be copied (missing, outside evidence/, too big).
        public let warnings: [String]
    }

    let snapshot: PlanSnapshot
    let history: ChangeHistory
    /// nil: the plan's first language (ReportLanguage.of).
    let language: ReportLanguage?
    let asOf: PlanDate
    /// Where evidence documents are copied from: the plan's folder. A snapshot read from a
    /// commit (a report as of a past day) has none of its own, so the caller names it.
    let documents: URL
    let audience: DashboardAudience
    /// Period id → every commitment's state at the end of that period, read from history by the
    /// caller (AsOf), for periods ended by `asOf` but not closed yet (PeriodUpdate).
    let periodHistory: [String: [ClosedPeriod.CommitmentState]]
    /// The hub's refused pushes as this copy last fetched them (nil: none known); shown on the
    /// internal site only.
    let refusedPushes: RefusedPushes?

    public init(snapshot: PlanSnapshot, history: ChangeHistory = .unavailable, language: ReportLanguage? = nil, asOf: PlanDate,
                documents: URL? = nil, audience: DashboardAudience = .public,
                periodHistory: [String: [ClosedPeriod.CommitmentState]] = [:], refusedPushes: RefusedPushes? = nil) {
        self.audience = audience
        self.refusedPushes = refusedPushes
        self.periodHistory = periodHistory
        self.snapshot = snapshot
        self.documents = documents ?? snapshot.root
        self.history = history
        self.language = language
        self.asOf = asOf
    }

    /// Writes the site into `directory`: a new folder, an empty one, or one an earlier run
    /// wrote (its pages are replaced and those no longer written removed; files Carnet did not
    /// write are left alone). Throws `DashboardFolderError` for any other folder, before
    /// writing anything.
    @discardableResult
    public func write(to directory: URL) throws -> Result {
        let overview = try PlanOverview(snapshot: snapshot, asOf: asOf)
        let folder = try SiteFolder.claim(directory)
        let l = Localizer(language: language ?? .of(overview.plan), planLanguage: overview.plan.language)
        var context = SiteContext(overview: overview, history: history, l: l, planRoot: documents, audience: audience)
        if !snapshot.participation.isEmpty {
            context.hasParticipation = true
            context.reviews = Dictionary(uniqueKeysWithValues: overview.commitments.map { ($0.id, snapshot.participation.reviews(of: $0.id)) })
        }
        context.periodUpdates = PeriodUpdate.all(overview, history: periodHistory)
        // Who was refused what is the point of contact's business, never the public's.
        if audience == .internal { context.refusedPushes = refusedPushes }
        var warnings: [String] = []
        var logo: (name: String, data: Data)?
        switch overview.plan.logo.map({ PlanLogo.load($0, planRoot: documents) }) {
        case .success(let found)?:
            logo = ("logo." + found.kind.fileExtension, found.data)
            context.logoFile = logo?.name
        case .failure(let problem)?: warnings.append(problem.message)
        case nil: break
        }
        let site = context
        let freshness = Freshness.compute(overview, history)
        let ministries = DashboardMinistryPages(site: site, freshness: freshness)
        let pages = freshness.filter { overview.ministries[$0.ministry] != nil }
        // Every file but the evidence, the biggest first so that the cores finish together.
        // The open data's two workbooks are jobs of their own: together they were a tenth of
        // the run's work, on one core while the other had finished. The period pages (each
        // a tenth of a second on a large plan) come before the many small pages: last, they
        // left one core working alone at the end.
        let jobs: [Page] = [.workbook(OpenData.openDocumentName), .timeline, .index, .workbook(OpenData.workbookName), .openData]
            + site.periodUpdates.map { .period($0) }
            + [.calendar, .ministryList, .style, .commitmentList]
            + CommitmentGrouping.available(overview).filter { $0.page != "index.html" }.map { .grouping($0) }
            + CommitmentFilter.all.map { .filter($0) }
            + pages.map { .ministry($0) } + overview.commitments.map { .commitment($0) }
        var written = Set(jobs.flatMap { $0.names(audience) })
        if let logo { written.insert(logo.name) }
        try folder.mark(folder.previous.union(written))

        let copier = EvidenceCopier(planRoot: documents, siteRoot: directory)
        var evidence: [String: [String: String]] = [:]
        for c in overview.commitments {
            for e in c.evidence {
                guard let file = e.file, let copy = copier.copy(commitment: c.id, file: file) else { continue }
                evidence[c.id, default: [:]][e.id] = copy.href
                written.insert(copy.path)
            }
        }
        // Participation: its page and the published documents of the process.
        var documentFiles: [String: String] = [:]
        if site.hasParticipation {
            written.insert(DashboardParticipationPage.name)
            for d in snapshot.participation.sortedDocuments where d.published {
                guard let file = d.file, let copy = copier.copy(participationFile: file) else { continue }
                documentFiles[d.id] = copy.href
                written.insert(copy.path)
            }
        }
        try folder.mark(folder.previous.union(written))
        if site.hasParticipation {
            try SiteFolder.write(Data(DashboardParticipationPage(site: site, records: snapshot.participation, documentFiles: documentFiles).render()),
                                 to: directory.appendingPathComponent(DashboardParticipationPage.name))
        }

        // Each page is built from shared read-only values and written to its own file, on
        // every core.
        let copied = evidence
        let openData = OpenData(site: site, freshness: freshness, evidenceFiles: copied)
        let failures = PageFailures()
        DispatchQueue.concurrentPerform(iterations: jobs.count) { i in
            do {
                for (name, data) in try Self.render(jobs[i], site: site, freshness: freshness, ministries: ministries, evidence: copied,
                                                    openData: openData) {
                    try SiteFolder.write(data, to: directory.appendingPathComponent(name))
                }
            } catch {
                failures.record(error)
            }
        }
        if let error = failures.first { throw error }
        if let logo { try SiteFolder.write(logo.data, to: directory.appendingPathComponent(logo.name)) }
        try folder.finish(written: written)
        return Result(index: directory.appendingPathComponent("index.html"), files: written.sorted(), warnings: warnings + copier.warnings)
    }

    /// Throws `DashboardFolderError` when `write(to:)` would refuse `directory` (it is not a
    /// folder, or not empty and not written by Carnet): to say so before any work.
    public static func checkFolder(_ directory: URL) throws {
        try SiteFolder.check(directory)
    }

    /// One job of the site: a page, or the open data files.
    private enum Page {
        case style, index, timeline, calendar, ministryList, openData, commitmentList
        case grouping(CommitmentGrouping)
        case filter(CommitmentFilter)
        /// open-data.xlsx or open-data.ods.
        case workbook(String)
        case ministry(Freshness)
        case commitment(CommitmentStatus)
        case period(PeriodUpdate)

        func names(_ audience: DashboardAudience) -> [String] {
            switch self {
            case .style: return ["style.css"]
            case .index: return ["index.html"]
            case .timeline: return ["timeline.html"]
            case .calendar: return ["calendar.html"]
            case .ministryList: return ["ministries.html"]
            case .commitmentList: return ["commitments.html"]
            case .grouping(let g): return [g.page]
            case .filter(let f): return [f.page]
            case .openData: return ["data.json"] + OpenData.csvNames(audience)
            case .workbook(let name): return [name]
            case .ministry(let f): return [SiteContext.ministryPage(f.ministry)]
            case .commitment(let c): return [SiteContext.commitmentPage(c.id)]
            case .period(let u): return [PeriodUpdate.page(u.period)]
            }
        }
    }

    private static func render(_ page: Page, site: SiteContext, freshness: [Freshness], ministries: DashboardMinistryPages,
                        evidence: [String: [String: String]], openData: OpenData) throws -> [(String, Data)] {
        switch page {
        case .style: return [("style.css", Data(Stylesheet.css.utf8))]
        case .index: return [("index.html", Data(DashboardIndexPage(site: site, freshness: freshness).render()))]
        case .timeline: return [("timeline.html", Data(DashboardTimelinePage(site: site).render()))]
        case .calendar: return [("calendar.html", Data(DashboardCalendarPage(site: site).render()))]
        case .ministryList: return [("ministries.html", Data(ministries.list()))]
        case .commitmentList: return [("commitments.html", Data(CommitmentList(site: site).plainPage()))]
        case .grouping(let g): return [(g.page, Data(CommitmentList(site: site).groupingPage(g)))]
        case .filter(let f): return [(f.page, Data(CommitmentList(site: site).filterPage(f)))]
        case .ministry(let f): return ministries.page(f).map { [(SiteContext.ministryPage(f.ministry), Data($0))] } ?? []
        case .commitment(let c):
            let html = DashboardCommitmentPage(site: site, status: c, evidenceFiles: evidence[c.id] ?? [:]).render()
            return [(SiteContext.commitmentPage(c.id), Data(html))]
        case .period(let u): return [(PeriodUpdate.page(u.period), Data(DashboardPeriodPage(site: site, update: u).render()))]
        case .openData:
            return [("data.json", openData.json())] + openData.csvFiles().sorted { $0.key < $1.key }
        case .workbook(let name):
            return [(name, try openData.workbookFile(name))]
        }
    }
}

/// The first error of pages written concurrently.
private final class PageFailures: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [Error] = []
    func record(_ error: Error) { lock.lock(); errors.append(error); lock.unlock() }
    var first: Error? { lock.lock(); defer { lock.unlock() }; return errors.first }
}

extension ChangeHistory {
    /// The history a dashboard of this plan needs as of `asOf`: one walk, bounded (see the type).
    /// `cut`: leave out every change dated after `asOf` (a report as of a past day).
    public static func read(for snapshot: PlanSnapshot, asOf: PlanDate,
                            perCommitment: Int = defaultPerCommitment, maxCommits: Int? = nil, cut: Bool = false) throws -> ChangeHistory {
        try read(repositoryAt: snapshot.root.path, commitments: Set(snapshot.commitments.keys),
                 horizon: horizon(snapshot.plan?.record, asOf: asOf), perCommitment: perCommitment, maxCommits: maxCommits,
                 until: cut ? asOf.endInstant : nil)
    }

    /// The same, for the plan in folder `root`, without its records: only plan.yaml and the
    /// names of the commitment folders are read, so the walk can run while the records load.
    /// `records`: the run's parsed files by blob id, shared with the versions history reads.
    /// `walk`: the run's one walk of history (HistoryWalk.open(root.path)), shared with AsOf.
    public static func read(planAt root: URL, asOf: PlanDate, cut: Bool = false, records: ParsedRecords? = nil,
                            walk: HistoryWalk? = nil) throws -> ChangeHistory {
        let plan = PlanSnapshot(root: root, only: [])
        let ids = folders(in: plan.root.appendingPathComponent(PlanLayout.commitmentsDir).path)
        return try read(repositoryAt: plan.root.path, commitments: ids, horizon: horizon(plan.plan?.record, asOf: asOf),
                        until: cut ? asOf.endInstant : nil, records: records, walk: walk)
    }

    /// The folders in `path` not starting with a dot (the commitment ids, as PlanSnapshot finds
    /// them), from the directory's own entry types: no stat per folder.
    private static func folders(in path: String) -> Set<String> {
        guard let dir = opendir(path) else { return [] }
        defer { closedir(dir) }
        var names: Set<String> = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            guard !name.hasPrefix(".") else { continue }
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_DIR):
                names.insert(name)
            case Int32(DT_UNKNOWN), Int32(DT_LNK):
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: path + "/" + name, isDirectory: &isDirectory), isDirectory.boolValue {
                    names.insert(name)
                }
            default:
                break
            }
        }
        return names
    }

    /// Freshness needs every change after this: the report date less the plan's stale threshold.
    private static func horizon(_ plan: Plan?, asOf: PlanDate) -> Date? {
        let horizonDay = CalendarDay(first: asOf).adding(days: -(plan?.staleAfterDays ?? 60))
        var components = DateComponents()
        (components.year, components.month, components.day) = (horizonDay.year, horizonDay.month, horizonDay.day)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: components)
    }
}
