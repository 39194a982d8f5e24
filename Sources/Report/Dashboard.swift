import Foundation
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
    let language: ReportLanguage
    let asOf: PlanDate

    public init(snapshot: PlanSnapshot, history: ChangeHistory = .unavailable, language: ReportLanguage, asOf: PlanDate) {
        self.snapshot = snapshot
        self.history = history
        self.language = language
        self.asOf = asOf
    }

    /// Writes the site into `directory` (created if needed; files of an earlier run are replaced).
    @discardableResult
    public func write(to directory: URL) throws -> Result {
        let overview = try PlanOverview(snapshot: snapshot, asOf: asOf)
        let l = Localizer(language: language, planLanguage: overview.plan.language)
        let site = SiteContext(overview: overview, history: history, l: l, planRoot: snapshot.root)
        let fm = FileManager.default
        try fm.createDirectory(at: directory, withIntermediateDirectories: true)

        var files: [String] = []
        func put(_ name: String, _ data: Data) throws {
            try data.write(to: directory.appendingPathComponent(name))
            files.append(name)
        }
        func put(_ name: String, _ text: String) throws { try put(name, Data(text.utf8)) }

        let copier = EvidenceCopier(planRoot: snapshot.root, siteRoot: directory)
        var evidence: [String: [String: String]] = [:]
        for c in overview.commitments {
            for e in c.evidence {
                guard let file = e.file, let path = copier.copy(commitment: c.id, file: file) else { continue }
                evidence[c.id, default: [:]][e.id] = path
                files.append(path)
            }
        }

        let freshness = Freshness.compute(overview, history)
        try put("style.css", Stylesheet.css)
        try put("index.html", DashboardIndexPage(site: site, freshness: freshness).render())
        try put("timeline.html", DashboardTimelinePage(site: site).render())
        try put("calendar.html", DashboardCalendarPage(site: site).render())
        let ministries = DashboardMinistryPages(site: site, freshness: freshness)
        try put("ministries.html", ministries.list())
        for f in freshness {
            if let page = ministries.page(f) { try put(SiteContext.ministryPage(f.ministry), page) }
        }
        // One page per commitment: the bulk of the work, spread over the cores (each page is
        // built from shared read-only values and written to its own file).
        let commitments = overview.commitments
        let copied = evidence
        let failures = PageFailures()
        DispatchQueue.concurrentPerform(iterations: commitments.count) { i in
            let c = commitments[i]
            let html = DashboardCommitmentPage(site: site, status: c, evidenceFiles: copied[c.id] ?? [:]).render()
            do { try Data(html.utf8).write(to: directory.appendingPathComponent(SiteContext.commitmentPage(c.id))) }
            catch { failures.record(error) }
        }
        if let error = failures.first { throw error }
        files += commitments.map { SiteContext.commitmentPage($0.id) }
        let data = OpenData(site: site, freshness: freshness, evidenceFiles: evidence)
        try put("data.json", try data.json())
        for (name, csv) in data.csvFiles().sorted(by: { $0.key < $1.key }) { try put(name, csv) }
        return Result(index: directory.appendingPathComponent("index.html"), files: files, warnings: copier.warnings)
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
    public static func read(for snapshot: PlanSnapshot, asOf: PlanDate,
                            perCommitment: Int = defaultPerCommitment, maxCommits: Int? = nil) throws -> ChangeHistory {
        let staleDays = snapshot.plan?.record?.staleAfterDays ?? 60
        let horizonDay = CalendarDay(first: asOf).adding(days: -staleDays)
        var components = DateComponents()
        (components.year, components.month, components.day) = (horizonDay.year, horizonDay.month, horizonDay.day)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return try read(repositoryAt: snapshot.root.path, commitments: Set(snapshot.commitments.keys),
                        horizon: calendar.date(from: components), perCommitment: perCommitment, maxCommits: maxCommits)
    }
}
