import Foundation
import Git
import HTTPTypes
import Hummingbird
import Messages
import NIOCore
import Records
import Workspace

/// The point of contact's definitions (docs/WEB.md, "Definitions"): each save through the engine
/// of WorkingCopy.defineCommitment / defineOrganisation, refused next to its fields or one commit.
/// Only a copy that is not a ministry's serves them (the routes ask `isContactCopy`), and the
/// engine asks the one access rule again.
enum DefinitionRoutes {
    static func add(to router: Router<BasicRequestContext>, _ desk: Desk) {
        router.get("/c/:id/define") { request, context in
            guard desk.isContactCopy else { return desk.html(desk.notForThisCopy()) }
            let notice = request.uri.queryParameters["saved"].map { _ in desk.t("wpoc.define.saved") }
                ?? request.uri.queryParameters["unchanged"].map { _ in desk.t("web.save.nothing") }
            let id = try context.parameters.require("id")
            // Texts in one of the plan's languages, as a commitment's page (TextLanguage).
            return TextLanguage.$asked.withValue(TextLanguage.code(request.uri.queryParameters["text"])) {
                desk.html(desk.definitionPage(id, notice: notice))
            }
        }
        router.post("/c/:id/define") { request, context in
            guard desk.isContactCopy else { return desk.html(desk.notForThisCopy()) }
            var request = request
            let body = try await request.collectBody(upTo: WebGuard<BasicRequestContext>.maxFormBytes)
            let form = FormData(String(buffer: body))
            let id = try context.parameters.require("id")
            return TextLanguage.$asked.withValue(TextLanguage.code(form.value("text-language").map { Substring($0) })) {
                desk.saveDefinition(id, form)
            }
        }
        router.get("/organisations") { request, _ in
            guard desk.isContactCopy else { return desk.html(desk.notForThisCopy()) }
            let saved = request.uri.queryParameters["saved"].map { _ in desk.t("wpoc.org.saved") }
            return desk.html(desk.organisationsPage(notice: saved))
        }
        router.get("/organisations/:id") { _, context in
            guard desk.isContactCopy else { return desk.html(desk.notForThisCopy()) }
            return desk.html(desk.organisationPage(try context.parameters.require("id"), notice: nil))
        }
        router.post("/organisations/:id") { request, context in
            guard desk.isContactCopy else { return desk.html(desk.notForThisCopy()) }
            var request = request
            let body = try await request.collectBody(upTo: WebGuard<BasicRequestContext>.maxFormBytes)
            return desk.saveOrganisation(try context.parameters.require("id"), FormData(String(buffer: body)))
        }
    }
}

extension Desk {
    /// git's blob id of a file as it is on disk: the version a form saw ("none": no file).
    func fileVersion(_ copy: WorkingCopy, _ path: String) -> String {
        guard let data = FileManager.default.contents(atPath: copy.path(path)) else { return "none" }
        return (try? Repository.blobID(of: data).description) ?? "unreadable"
    }

    /// Every organisation whose file reads, in the plan's language, by name.
    func organisationRecords(_ copy: WorkingCopy) -> (plan: Plan?, list: [Ministry]) {
        let ids = Set((FolderSource(copy.root).entries(in: PlanLayout.ministriesDir) ?? [])
            .filter { $0.name.hasSuffix(".yaml") }.map { String($0.name.dropLast(5)) })
        let snapshot = PlanSnapshot(root: copy.root, only: [], alsoMinistries: ids, records: records)
        let language = snapshot.plan?.record?.language ?? "fr"
        let list = snapshot.ministries.values.compactMap(\.record)
            .sorted { $0.name.anyValue(preferring: language).localizedStandardCompare($1.name.anyValue(preferring: language)) == .orderedAscending }
        return (snapshot.plan?.record, list)
    }

    func loadDefinition(_ copy: WorkingCopy, _ given: String) throws -> (id: String, commitment: Commitment, plan: Plan?) {
        let id = try copy.commitmentID(for: given)
        let snapshot = copy.snapshot(only: [id])
        guard let entry = snapshot.commitments[id]?.commitment else {
            throw WorkspaceError.usage(t("wpoc.engine.no-commitment", ["id": .text(given)]))
        }
        guard let record = entry.record else {
            throw WorkspaceError.usage(Catalogue.text("workspace.edit.invalid-commitment", in: language, ["commitment": .text(id)]))
        }
        return (id, record, snapshot.plan?.record)
    }

    func definitionPage(_ given: String, notice: String?, form: MilestoneForm? = nil, status: Int = 200) -> (Int, [UInt8]) {
        page { copy in
            let (id, commitment, plan) = try loadDefinition(copy, given)
            let first = plan?.language ?? "fr"
            let texts = textLanguage(copy)
            var form = form ?? MilestoneForm()
            if form.values.isEmpty { form.values = Page.definitionValues(commitment, planLanguage: first, language: texts.chosen) }
            form.stale = Page.staleNotes((try? copy.staleTranslations(commitment: id)) ?? [], file: PlanLayout.commitmentFile(id),
                                         fields: Page.definitionRecordFields(commitment), first: first, chosen: texts.chosen, language: language)
            let orgs: [(id: String, name: String)] = organisationRecords(copy).list.map { ($0.id, $0.name.anyValue(preferring: first)) }
            let themes: [(id: String, title: String)] = (plan?.themes ?? []).map { ($0.id, $0.title.anyValue(preferring: language)) }
            return (status, Page.definition(language, commitment: commitment, organisations: orgs, themes: themes,
                                            version: fileVersion(copy, PlanLayout.commitmentFile(id)), csrf: csrf, notice: notice, form: form,
                                            texts: (texts.languages, texts.chosen)))
        }
    }

    func saveDefinition(_ given: String, _ form: FormData) -> Response {
        var typed: [String: String] = [:]
        for (name, value) in form.fields where name != "csrf" && name != "version" && name != "text-language" && !name.hasSuffix("-shown") {
            // Several themes are sent as several fields of one name.
            typed[name] = typed[name].map { $0 + "\n" + value } ?? value.replacingOccurrences(of: "\r\n", with: "\n")
        }
        if form.value("themes-shown") != nil && typed["themes"] == nil { typed["themes"] = "" }
        if form.value("draft-shown") != nil && typed["draft"] == nil { typed["draft"] = "" }
        let outcome: Result<(id: String, changed: Bool), SaveProblem> = change { copy in
            let (id, commitment, plan) = try loadDefinition(copy, given)
            guard let seen = form.value("version"), seen == fileVersion(copy, PlanLayout.commitmentFile(id)) else { return .failure(.changed(id)) }
            let chosen = textLanguage(copy).chosen
            let before = Page.definitionValues(commitment, planLanguage: plan?.language ?? "fr", language: chosen)
            var errors: [String: String] = [:]
            var change = WorkingCopy.CommitmentDefinitionChange()
            /// A value typed that differs from the record's, trimmed; nil when unchanged.
            func changed(_ name: String) -> String? {
                guard let value = typed[name]?.trimmingCharacters(in: .whitespacesAndNewlines),
                      value != (before[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) else { return nil }
                return value
            }
            func text(_ name: String, required: Bool = true) -> String? {
                guard let value = changed(name) else { return nil }
                if value.isEmpty { errors[name] = t(required ? "wpoc.field.required" : "web.field.cannot-clear"); return nil }
                return value
            }
            func date(_ name: String) -> PlanDate? {
                guard let value = changed(name) else { return nil }
                if value.isEmpty { errors[name] = t("wpoc.field.required"); return nil }
                switch typedDate(value) {
                case .success(let d): return d == PlanDate(before[name] ?? "") ? nil : d
                case .failure(let problem): errors[name] = problem.message; return nil
                }
            }
            change.title = text("title")
            change.problem = text("problem")
            change.commitment = text("commitment-text")
            change.solution = text("solution", required: false)
            change.relevance = text("relevance", required: false)
            change.start = date("start")
            change.end = date("end")
            change.leadAgency = text("lead")
            change.code = changed("code")
            change.themes = changed("themes").map { $0.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
            change.draft = changed("draft").map { $0 == "yes" }
            for m in commitment.milestones {
                let p = "m.\(m.id)."
                var edit = WorkingCopy.MilestoneDefinitionChange()
                edit.activity = text(p + "activity")
                edit.start = date(p + "start")
                edit.end = date(p + "end")
                edit.leadAgency = changed(p + "lead")
                edit.code = changed(p + "code")
                change.milestones[m.id] = edit
            }
            let newValues = Page.milestoneDefinitionFields.map { typed["new." + $0]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "" }
            if newValues.contains(where: { !$0.isEmpty }) {
                // A milestone is added only with what it needs: its activity and its dates.
                var new = WorkingCopy.MilestoneDefinitionChange()
                for name in ["activity", "start", "end"] where (typed["new." + name] ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
                    errors["new." + name] = t("wpoc.field.required")
                }
                new.activity = typed["new.activity"]?.trimmingCharacters(in: .whitespacesAndNewlines)
                for name in ["start", "end"] {
                    guard let value = typed["new." + name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { continue }
                    let d: PlanDate
                    switch typedDate(value) {
                    case .success(let read): d = read
                    case .failure(let problem): errors["new." + name] = problem.message; continue
                    }
                    if name == "start" { new.start = d } else { new.end = d }
                }
                new.leadAgency = typed["new.lead"]
                new.code = typed["new.code"]?.trimmingCharacters(in: .whitespaces)
                change.newMilestone = new
            }
            if !errors.isEmpty { return .failure(.fields(errors, [])) }
            change.language = chosen
            do {
                let message = try copy.defineCommitment(id, change)
                return .success((id, message != nil))
            } catch let refused as DefinitionRefused {
                let known = Set(commitment.milestones.map(\.id))
                var general = [refused.summary]
                for problem in refused.problems {
                    if let field = problem.field.flatMap({ Desk.formField(ofDefinition: $0, known: known) }), errors[field] == nil { errors[field] = problem.message }
                    else { general.append(problem.message) }
                }
                return .failure(.fields(errors, general))
            }
        }
        switch outcome {
        case .success(let saved):
            return Response.redirect(to: "/c/\(percent(saved.id))/define?\(saved.changed ? "saved" : "unchanged")=1\(TextLanguage.query)", type: .normal)
        case .failure(.missing(let message)):
            return html(problem(message))
        case .failure(.changed(let id)):
            var shown = MilestoneForm()
            shown.unsaved = typed
            return html(definitionPage(id, notice: t("wpoc.save.changed"), form: shown, status: 409))
        case .failure(.fields(let errors, let general)):
            return html(definitionPage(given, notice: t("web.save.not-saved"), form: MilestoneForm(values: typed, errors: errors, general: general), status: 422))
        }
    }

    /// The form field a record field of a commitment's definition is shown in.
    static func formField(ofDefinition path: String, known: Set<String>) -> String? {
        let simple = ["title": "title", "code": "code", "lead_agency": "lead", "start": "start", "end": "end", "themes": "themes",
                      "draft": "draft", "description.problem": "problem", "description.commitment": "commitment-text",
                      "description.solution": "solution", "description.relevance": "relevance"]
        if let field = simple[path] { return field }
        let parts = path.split(separator: ".").map(String.init)
        guard parts.count >= 2, parts[0] == "milestones" else { return nil }
        let prefix = known.contains(parts[1]) ? "m.\(parts[1])." : "new."
        let sub = ["activity": "activity", "code": "code", "lead_agency": "lead", "start": "start", "end": "end"]
        return prefix + (parts.count > 2 ? sub[parts[2]] ?? "activity" : "activity")
    }

    // MARK: Organisations

    func organisationsPage(notice: String?) -> (Int, [UInt8]) {
        page { copy in
            let (plan, list) = organisationRecords(copy)
            let first = plan?.language ?? "fr"
            return (200, Page.organisations(language, list.map { ($0.id, $0.name.anyValue(preferring: first), t("wpoc.kind.\($0.kind.rawValue)"), $0.parent) },
                                            notice: notice))
        }
    }

    func organisationPage(_ id: String, notice: String?, form: MilestoneForm? = nil, status: Int = 200) -> (Int, [UInt8]) {
        page { copy in
            let (plan, list) = organisationRecords(copy)
            let first = plan?.language ?? "fr"
            guard let o = list.first(where: { $0.id == id }) else { return problem(t("wpoc.engine.no-organisation", ["id": .text(id)])) }
            var form = form ?? MilestoneForm()
            if form.values.isEmpty { form.values = ["name": o.name.value(in: first, planLanguage: first) ?? o.name.anyValue(), "parent": o.parent ?? ""] }
            return (status, Page.organisation(language, id: o.id, name: o.name.anyValue(preferring: language), others: list.filter { $0.id != o.id }.map { ($0.id, $0.name.anyValue(preferring: first)) },
                                              version: fileVersion(copy, PlanLayout.ministryFile(o.id)), csrf: csrf, notice: notice, form: form))
        }
    }

    func saveOrganisation(_ id: String, _ form: FormData) -> Response {
        let typed = ["name": form.value("name") ?? "", "parent": form.value("parent") ?? ""]
        let outcome: Result<Bool, SaveProblem> = change { copy in
            let (plan, list) = organisationRecords(copy)
            let first = plan?.language ?? "fr"
            guard let o = list.first(where: { $0.id == id }) else { return .failure(.missing(t("wpoc.engine.no-organisation", ["id": .text(id)]))) }
            guard form.value("version") == fileVersion(copy, PlanLayout.ministryFile(o.id)) else { return .failure(.changed(id)) }
            var change = WorkingCopy.OrganisationChange()
            var errors: [String: String] = [:]
            if let name = form.value("name")?.trimmingCharacters(in: .whitespacesAndNewlines), name != o.name.value(in: first, planLanguage: first) {
                if name.isEmpty { errors["name"] = t("wpoc.field.required") } else { change.name = name }
            }
            change.parent = form.value("parent")
            if !errors.isEmpty { return .failure(.fields(errors, [])) }
            do {
                let message = try copy.defineOrganisation(o.id, change)
                return .success(message != nil)
            } catch let refused as DefinitionRefused {
                var general = [refused.summary]
                for problem in refused.problems {
                    if let field = problem.field.flatMap({ ["name": "name", "parent": "parent"][$0] }), errors[field] == nil { errors[field] = problem.message }
                    else { general.append(problem.message) }
                }
                return .failure(.fields(errors, general))
            }
        }
        switch outcome {
        case .success(let changed):
            return Response.redirect(to: changed ? "/organisations?saved=1" : "/organisations/\(percent(id))", type: .normal)
        case .failure(.missing(let message)):
            return html(problem(message))
        case .failure(.changed):
            var shown = MilestoneForm()
            shown.unsaved = typed
            return html(organisationPage(id, notice: t("wpoc.save.changed"), form: shown, status: 409))
        case .failure(.fields(let errors, let general)):
            return html(organisationPage(id, notice: t("web.save.not-saved"), form: MilestoneForm(values: typed, errors: errors, general: general), status: 422))
        }
    }
}
