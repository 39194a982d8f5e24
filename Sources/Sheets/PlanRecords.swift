import Messages
import Records
import Spreadsheet

/// The records a plan workbook holds, read sheet by sheet, each cell checked where it is (so a
/// problem names its cell); the whole plan is then judged by PlanValidator (PlanImport).
/// Texts are written in the plan's first language, as plain text (translations are added
/// with `carnet translate`, as for any record, and kept when the workbook is imported again:
/// PlanKept).
struct PlanRecords {
    var files: [String: String] = [:]
    /// Where each file's record was read from, to name a problem the validator finds in it.
    var origin: [String: (sheet: String, row: Int)] = [:]
    /// The records as the workbook gives them (PlanKept adds what it does not carry).
    var plan: Plan?
    var ministries: [String: Ministry] = [:]
    var commitments: [String: Commitment] = [:]
    /// Each commitment's milestones as the workbook lists them (what a re-import keeps).
    var milestoneIDs: [String: [String]] = [:]
    /// The progress sheet's rows (optional sheet), by commitment, in row order.
    var milestoneProgress: [String: [CommitmentProgress.MilestoneProgress]] = [:]
    /// The plan's first language: the one its texts are written in.
    var planLanguage: String
    /// Commitments imported as drafts, with what they leave to complete.
    var drafts: [(id: String, gaps: [String])] = []
    var problems: [SheetProblem] = []
    let language: String

    init(plan: ReadSheet, organisations: ReadSheet, commitments: ReadSheet, milestones: ReadSheet, progress: ReadSheet?,
         language: String) {
        self.language = language
        planLanguage = language
        var p = PlanSheetReading(sheet: plan, kind: .plan, language: language)
        p.require(["country", "title", "start", "end"])
        var o = PlanSheetReading(sheet: organisations, kind: .organisations, language: language)
        o.require(["id", "name", "kind"])
        var c = PlanSheetReading(sheet: commitments, kind: .commitments, language: language)
        c.require(["id", "title", "lead_agency", "problem", "commitment_text"])
        var m = PlanSheetReading(sheet: milestones, kind: .milestones, language: language)
        m.require(["commitment", "id", "activity"])
        var g = progress.map { PlanSheetReading(sheet: $0, kind: .progress, language: language) }
        g?.require(["commitment", "milestone", "completion"])
        if [p, o, c, m].allSatisfy({ $0.problems.isEmpty }), g?.problems.isEmpty ?? true {
            readPlan(&p)
            readOrganisations(&o)
            readCommitments(&c, &m)
            if g != nil { readProgress(&g!) }
        }
        problems = p.problems + o.problems + c.problems + m.problems + (g?.problems ?? [])
    }

    static func plain(_ s: String?) -> Text? { s.map(Text.plain) }

    /// A person from the contact columns; nil when no name is given.
    static func person(_ r: inout PlanSheetReading, _ row: Int, organisation: String?) -> Person? {
        guard let name = r.text("contact_name", row) else { return nil }
        return Person(name: name, title: plain(r.text("contact_title", row)), organisation: organisation,
                      email: r.text("contact_email", row), phone: r.text("contact_phone", row))
    }

    mutating func readPlan(_ r: inout PlanSheetReading) {
        guard let row = r.rows.first else {
            r.problem("title", 2, Catalogue.text("pimp.read.plan-empty"))
            return
        }
        for extra in r.rows.dropFirst() { r.problem("title", extra, Catalogue.text("pimp.read.plan-one-row")) }
        let country = r.text("country", row), title = r.text("title", row)
        let start = r.date("start", row), end = r.date("end", row)
        var yearGroup = Plan.YearGroup.even
        if let y = r.text("year_group", row) {
            switch PeopleInput.fold(y) {
            case "even", "pair", "paire": yearGroup = .even
            case "odd", "impair", "impaire": yearGroup = .odd
            default: r.problem("year_group", row, Catalogue.text("pimp.read.choice", ["text": .text(y), "choices": .text("even, odd")]))
            }
        }
        let languages = r.list("languages", row).map { $0.lowercased() }
        for l in languages where !Catalogue.shared.codes.contains(l) && !(l.count == 2 && l.allSatisfy(\.isLetter)) {
            r.problem("languages", row, Catalogue.text("pimp.read.language", ["text": .text(l)]))
        }
        let organisation = r.id("contact_organisation", row)
        let contact = Self.person(&r, row, organisation: organisation)
        if contact == nil, r.isBlank("contact_name", row) { r.problem("contact_name", row, Catalogue.text("pimp.read.required")) }
        var themes: [Theme] = []
        for line in (r.text("themes", row) ?? "").split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[1].isEmpty, let id = r.checkedID(parts[0], "themes", row, names: false) else {
                r.problem("themes", row, Catalogue.text("pimp.read.theme", ["text": .text(String(line))]))
                continue
            }
            themes.append(Theme(id: id, title: .plain(parts[1])))
        }
        let periods = readPeriods(&r, row)
        guard let country, let title, let start, let end, let contact else {
            if country == nil, r.isBlank("country", row) { r.problem("country", row, Catalogue.text("pimp.read.required")) }
            if title == nil, r.isBlank("title", row) { r.problem("title", row, Catalogue.text("pimp.read.required")) }
            if start == nil, r.isBlank("start", row) { r.problem("start", row, Catalogue.text("pimp.read.required")) }
            if end == nil, r.isBlank("end", row) { r.problem("end", row, Catalogue.text("pimp.read.required")) }
            return
        }
        var plan = Plan(country: .plain(country), title: .plain(title), start: start, end: end, yearGroup: yearGroup,
                        languages: languages.isEmpty ? [language] : languages, submitted: r.date("submitted", row),
                        pointOfContact: contact, staleAfterDays: r.number("stale_after_days", row), reportingPeriods: periods)
        planLanguage = plan.language
        plan.themes = themes
        plan.parentsWriteForUnits = r.yesNo("parents_write_for_units", row)
        self.plan = plan
        files[PlanLayout.planFile] = plan.canonicalYAML
        origin[PlanLayout.planFile] = (r.sheet.name, row)
    }

    /// A number of months (`6`), or the periods' end dates one per line.
    func readPeriods(_ r: inout PlanSheetReading, _ row: Int) -> ReportingPeriods.Rule? {
        guard let s = r.text("reporting_periods", row) else { return nil }
        if let n = Int(s) {
            guard ReportingPeriods.monthsAllowed.contains(n) else {
                r.problem("reporting_periods", row, Catalogue.text("pimp.read.periods", ["text": .text(s)]))
                return nil
            }
            return .everyMonths(n)
        }
        var ends: [PlanDate] = []
        for piece in s.split(whereSeparator: { $0 == "\n" || $0 == ";" || $0 == "," }) {
            switch PeopleInput.date(piece.trimmingCharacters(in: .whitespaces), language: language) {
            case .success(let d): ends.append(d)
            case .failure:
                r.problem("reporting_periods", row, Catalogue.text("pimp.read.periods", ["text": .text(String(piece))]))
                return nil
            }
        }
        return .ends(ends)
    }

    mutating func readOrganisations(_ r: inout PlanSheetReading) {
        var seen: [String: Int] = [:]
        for row in r.rows {
            guard let id = r.uniqueID("id", row, names: true, seen: &seen) else { continue }
            let name = r.text("name", row)
            var kind: Ministry.Kind?
            if let k = r.text("kind", row) {
                kind = Ministry.Kind.allCases.first { PeopleInput.fold($0.rawValue) == PeopleInput.fold(k) }
                if kind == nil {
                    r.problem("kind", row, Catalogue.text("pimp.read.choice", [
                        "text": .text(k), "choices": .text(Ministry.Kind.allCases.map(\.rawValue).joined(separator: ", "))]))
                }
            } else {
                r.problem("kind", row, Catalogue.text("pimp.read.required"))
            }
            let parent = r.id("parent", row)
            let contact = Self.person(&r, row, organisation: id)
            guard let name, let kind else {
                if name == nil, r.isBlank("name", row) { r.problem("name", row, Catalogue.text("pimp.read.required")) }
                continue
            }
            let path = PlanLayout.ministryFile(id)
            let ministry = Ministry(id: id, name: .plain(name), kind: kind, parent: parent, contacts: contact.map { [$0] } ?? [])
            ministries[id] = ministry
            files[path] = ministry.canonicalYAML
            origin[path] = (r.sheet.name, row)
        }
    }
}
