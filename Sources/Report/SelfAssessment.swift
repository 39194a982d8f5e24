import Foundation
import Records

/// The self-assessment report's draft (manual §7 II), for the point of contact to complete,
/// put to a two-week public consultation, and upload.
///
///     let data = try SelfAssessment(snapshot: snapshot, term: .midTerm, language: .en, asOf: date)
///         .render(format: .docx)
public struct SelfAssessment {
    public enum Format: String, Sendable, CaseIterable {
        case md, html, docx
    }

    let snapshot: PlanSnapshot
    let term: SelfAssessmentTerm
    /// nil: the plan's first language (ReportLanguage.of).
    let language: ReportLanguage?
    let asOf: PlanDate
    /// The reporting period whose end `asOf` is (`--period`, or the last closed one): said on the cover.
    let reportedPeriod: ReportingPeriod?
    /// The ids of the periods closed by the report's day, for the cover's list of periods; nil:
    /// those `snapshot` holds. A snapshot read at the reported period's end does not hold the
    /// closures made since (closing a period comes after its end), so the caller reads them
    /// from the records of the report's day.
    let closedPeriodIDs: Set<String>?

    public init(snapshot: PlanSnapshot, term: SelfAssessmentTerm, language: ReportLanguage? = nil, asOf: PlanDate = .today(),
                reportedPeriod: ReportingPeriod? = nil, closedPeriodIDs: Set<String>? = nil) {
        self.reportedPeriod = reportedPeriod
        self.closedPeriodIDs = closedPeriodIDs
        self.snapshot = snapshot
        self.term = term
        self.language = language
        self.asOf = asOf
    }

    func document() throws -> ReportDocument {
        let overview = try PlanOverview(snapshot: snapshot, asOf: asOf)
        let l = Localizer(language: language ?? .of(overview.plan), planLanguage: overview.plan.language)
        var content = SelfAssessmentContent(overview: overview, term: term, l: l)
        content.participation = snapshot.participation
        content.reportedPeriod = reportedPeriod
        content.closedPeriodIDs = closedPeriodIDs
        if case .success(let logo)? = logo(overview.plan), let size = PlanLogo.size(of: logo.data, kind: logo.kind) {
            content.logo = .logo(data: logo.data, kind: logo.kind, width: size.width, height: size.height)
        }
        return content.document()
    }

    /// The plan's logo from the plan folder (PlanLogo), read from disk like evidence; nil without one.
    private func logo(_ plan: Plan) -> Result<(data: Data, kind: PlanLogo.Kind), PlanLogo.LogoProblem>? {
        plan.logo.map { PlanLogo.load($0, planRoot: snapshot.root) }
    }

    /// Why the plan's logo is left off the cover (missing, too big, not a picture); nil when it
    /// is used or there is none. The command prints it as a warning.
    public func logoProblem() -> String? {
        guard let plan = snapshot.plan?.record, case .failure(let problem)? = logo(plan) else { return nil }
        return problem.message
    }

    public func render(format: Format) throws -> Data {
        let doc = try document()
        switch format {
        case .md: return Data(DocMarkdown.render(doc).utf8)
        case .html: return Data(DocHTML.render(doc))
        case .docx:
            let day = CalendarDay(first: asOf)
            var components = DateComponents(year: day.year, month: day.month, day: day.day, hour: 12)
            components.timeZone = TimeZone(identifier: "UTC")
            let date = Calendar(identifier: .gregorian).date(from: components) ?? Date(timeIntervalSince1970: 0)
            return try DocxPackage.package(doc, date: date)
        }
    }
}
