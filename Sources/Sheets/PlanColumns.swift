import Messages
import Records

/// The shape of a plan workbook (`carnet plan template`, `carnet plan import`): four sheets, each
/// column a record field. This is the ONE table of column names: a heading is found in English
/// or in French (the catalogue's `pimp.col.*` text in either language), or by its field code
/// (the template's hidden row 2), so a sheet people made themselves imports when its headings
/// are the template's in either language.
public enum PlanColumns {
    public enum Kind: Sendable, Equatable {
        /// One line of text (TextRule.line); `prose` may hold line breaks.
        case line, prose
        case date
        /// A record id (PeopleInput.recordID, then PathRules for ids that name files).
        case id
        /// Several ids or words, one per line or separated by commas or semicolons.
        case list
        case number
        /// yes / no, in either language.
        case yesNo
    }

    public struct Column: Sendable {
        public var code: String
        public var kind: Kind
        public var width: Double
        /// The heading's key when it is not `pimp.col.*` (the progress sheet's columns have the
        /// progress workbook's headings: one word for one field).
        var headingKey: String?
        /// The catalogue key of its heading.
        var key: String { headingKey ?? "pimp.col." + code.replacingOccurrences(of: "_", with: "-") }
        public var heading: String { Catalogue.text(key) }
        /// Every name the column is known by, folded (PeopleInput.fold) for matching.
        var names: Set<String> {
            Set([code, Catalogue.text(key, in: "en"), Catalogue.text(key, in: "fr")].map(PeopleInput.fold))
        }
    }

    public enum SheetKind: String, CaseIterable, Sendable {
        case plan, organisations, commitments, milestones
        /// Optional: the milestones' progress when the plan is already under way.
        case progress
        var key: String { self == .progress ? "pimp2.sheet.progress" : "pimp.sheet." + rawValue }
        var optional: Bool { self == .progress }
        public var name: String { Catalogue.text(key) }
        var names: Set<String> {
            Set([rawValue, Catalogue.text(key, in: "en"), Catalogue.text(key, in: "fr")].map(PeopleInput.fold))
        }
        public var columns: [Column] {
            switch self {
            case .plan: return PlanColumns.plan
            case .organisations: return PlanColumns.organisations
            case .commitments: return PlanColumns.commitments
            case .milestones: return PlanColumns.milestones
            case .progress: return PlanColumns.progress
            }
        }
    }

    static func c(_ code: String, _ kind: Kind, _ width: Double = 16) -> Column { Column(code: code, kind: kind, width: width) }

    static let contact: [Column] = [
        c("contact_name", .line, 22), c("contact_title", .line, 24), c("contact_organisation", .id),
        c("contact_email", .line, 26), c("contact_phone", .line),
    ]

    static let plan: [Column] = [
        c("country", .line), c("title", .line, 40), c("start", .date, 12), c("end", .date, 12),
        c("year_group", .line, 10), c("languages", .list, 10), c("submitted", .date, 12), c("stale_after_days", .number, 10),
    ] + contact + [
        c("themes", .prose, 30), c("parents_write_for_units", .yesNo, 10), c("reporting_periods", .prose, 16),
    ]

    static let organisations: [Column] = [
        c("id", .id), c("name", .line, 30), c("kind", .line, 14), c("parent", .id),
        c("contact_name", .line, 22), c("contact_title", .line, 24), c("contact_email", .line, 26), c("contact_phone", .line),
    ]

    static let commitments: [Column] = [
        c("id", .id, 8), c("number", .number, 8), c("code", .line, 12), c("title", .line, 40), c("draft", .yesNo, 8),
        c("start", .date, 12), c("end", .date, 12), c("lead_agency", .id), c("themes", .list),
        c("problem", .prose, 40), c("commitment_text", .prose, 40), c("solution", .prose, 40), c("relevance", .prose, 40),
        c("values", .list, 20), c("budget", .prose, 24), c("programmes", .prose, 24), c("development_plan", .prose, 24),
        c("sdgs", .prose, 16), c("other", .prose, 24),
    ] + contact + [
        c("state_actors", .list), c("non_state_actors", .list),
    ]

    static let milestones: [Column] = [
        c("commitment", .id, 10), c("id", .id, 8), c("code", .line, 12), c("activity", .prose, 40), c("lead_agency", .id),
        c("deliverable", .prose, 30), c("budget", .prose, 24), c("start", .date, 12), c("end", .date, 12),
    ]

    /// One row per milestone with progress to record, read by the progress workbook's rules
    /// (PeopleInput for the completion and dates, TextRule for the texts).
    static let progress: [Column] = [
        Column(code: "commitment", kind: .id, width: 12, headingKey: "sheets.column.commitment"),
        Column(code: "milestone", kind: .id, width: 10, headingKey: "sheets.column.milestone"),
        Column(code: "completion", kind: .line, width: 16, headingKey: "sheets.column.completion"),
        Column(code: "actual_start", kind: .date, width: 13, headingKey: "sheets.column.actual_start"),
        Column(code: "actual_end", kind: .date, width: 13, headingKey: "sheets.column.actual_end"),
        Column(code: "note", kind: .prose, width: 40, headingKey: "sheets.column.note"),
        Column(code: "delay_reason", kind: .prose, width: 40, headingKey: "sheets.column.delay_reason"),
    ]

    /// Rows past this many per sheet are refused: a plan has tens of commitments, a few
    /// thousand milestones at most; a sheet of a million rows is a mistake or an attack.
    public static let maxRows = 20_000
}
