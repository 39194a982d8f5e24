import Messages
extension Plan {
    /// Reads plan.yaml; nil when it cannot be made into a plan (the source holds why).
    public static func read(_ source: RecordSource) -> Plan? {
        guard let map = source.rootMap() else { return nil }
        let country = map.text("country", required: true)
        let title = map.text("title", required: true)
        let start = map.date("start", required: true)
        let end = map.date("end", required: true)
        let group = map.choice("year_group", YearGroup.self, required: true)
        var languages: [String] = []
        let listed = map.scalarList("languages", required: true)
        for (code, node) in listed ?? [] {
            if LanguageCode.isValid(code) { languages.append(code) }
            else { source.report(node, Said("records.language-code", ["value": .text(code)])) }
        }
        if let listed, listed.isEmpty {
            source.report(map.value("languages"), Said("records.languages-none"))
        }
        let submitted = map.date("submitted")
        var assessments: [String: PlanDate] = [:]
        if let sa = map.map("self_assessments") {
            if let d = sa.date("mid_term") { assessments["mid_term"] = d }
            if let d = sa.date("end_term") { assessments["end_term"] = d }
            sa.finish("self_assessments")
        }
        let poc = map.map("point_of_contact", required: true)?.person()
        let members = map.people("members")
        let stale = map.integer("stale_after_days")
        if let stale, stale < 1 { source.report(map.value("stale_after_days"), Said("records.stale-after-days")) }
        var themes: [Theme] = []
        for (id, item) in map.identifiedItems("themes", itemName: Catalogue.text("shapes.item.theme")) {
            let title = item.text("title", required: true)
            item.finish(Catalogue.text("shapes.place.theme"))
            if let id, let title { themes.append(Theme(id: id, title: title)) }
        }
        let parentsWrite = map.flag("parents_write_for_units") ?? false
        let periods = map.reportingPeriodsRule(start: start, end: end)
        let calendar = map.calendarRule()
        let closed = map.date("closed")
        let logo = map.planLogo()
        let conflicts = map.conflicts()
        map.finish("plan.yaml")
        if let start, let end, end.lastDay < start.firstDay {
            source.report(at: source.location(of: "end"), Said("records.plan-ends-before-start", ["end": .text(end.description), "start": .text(start.description)]))
        }
        guard let country, let title, let start, let end, let group, !languages.isEmpty, let poc else { return nil }
        var plan = Plan(country: country, title: title, start: start, end: end, yearGroup: group, languages: languages,
                        submitted: submitted, selfAssessments: assessments, pointOfContact: poc, members: members,
                        staleAfterDays: stale, conflicts: conflicts, reportingPeriods: periods, calendar: calendar)
            .closing(closed)
        plan.themes = themes
        plan.parentsWriteForUnits = parentsWrite
        plan.logo = logo
        return plan
    }
}

extension Ministry {
    /// Reads ministries/<id>.yaml; `expectedID` is the file name without `.yaml`.
    public static func read(_ source: RecordSource, expectedID: String?) -> Ministry? {
        guard let map = source.rootMap() else { return nil }
        let id = map.id("id", required: true)
        if let id, let expectedID, id != expectedID {
            source.report(map.value("id"), Said("records.id-differs-file", ["id": .text(id), "file": .text(expectedID + ".yaml")]))
        }
        let name = map.text("name", required: true)
        let kind = map.choice("kind", Kind.self, required: true)
        let parent = map.id("parent")
        if let parent, parent == id {
            source.report(map.value("parent"), Said("shapes.parent-self", ["id": .text(parent)]))
        }
        let contacts = map.people("contacts")
        let members = map.people("members")
        let conflicts = map.conflicts()
        map.finish(Catalogue.text("records.place.ministry-file"))
        guard let id, let name, let kind else { return nil }
        return Ministry(id: id, name: name, kind: kind, parent: parent == id ? nil : parent, contacts: contacts, members: members, conflicts: conflicts)
    }
}
