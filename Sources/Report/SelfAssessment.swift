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

    public init(snapshot: PlanSnapshot, term: SelfAssessmentTerm, language: ReportLanguage? = nil, asOf: PlanDate = .today()) {
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
        return content.document()
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
