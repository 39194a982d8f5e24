import Foundation
import Git
import HTTPTypes
import Hummingbird
import Logging
import Messages
import NIOCore
import Records
import Report
import Sync
import Workspace

extension Desk {
    /// `query`: the address's query, for the whole plan's list (a copy that is not a ministry's).
    func myCommitments(_ query: @escaping (String) -> String? = { _ in nil }) -> (Int, [UInt8]) {
        page { copy in
            let ministry = try copy.writer()?.ministryID
            // The whole plan needs attention first, so its list knows each commitment's staleness.
            let plan = try summaries(copy, ministry: ministry, withStaleness: true)
            if ministry == nil { return (200, Page.wholePlan(language, plan: plan, listing: plan.listing(query))) }
            return (200, Page.commitments(language, ministry: ministry, ministryName: ministry.flatMap { plan.ministryNames[$0] },
                                          items: plan.items, staleAfter: plan.staleAfter))
        }
    }

    // MARK: A commitment

    /// The version of a commitment's progress file as the form saw it: git's blob id of its
    /// bytes on disk (`none` when there is no file yet). Any change by anyone changes it.
    func version(_ copy: WorkingCopy, _ id: String) -> String {
        guard let data = FileManager.default.contents(atPath: copy.path(PlanLayout.progressFile(id))) else { return "none" }
        return (try? Repository.blobID(of: data).description) ?? "unreadable"
    }

    func commitmentPage(_ given: String, notice: String?, forms: [String: MilestoneForm] = [:], evidenceProblems: [String] = [],
                        status: Int = 200) -> (Int, [UInt8]) {
        page { copy in
            let texts = textLanguage(copy)
            // Its history is read once, below (the sheet's own last change would walk it again).
            let sheet = try copy.commitmentSheet(given, today: today(), language: texts.chosen, lastChange: false)
            return (status, Page.commitment(language, sheet: sheet, version: version(copy, sheet.id), csrf: csrf,
                                            texts: (texts.languages, texts.chosen), notice: notice, forms: forms, evidenceProblems: evidenceProblems,
                                            history: try history(copy, sheet, try recentChanges.changes(of: sheet.id, limit: Page.historyShown, in: copy)),
                                            stale: (try? copy.staleTranslations(commitment: sheet.id)) ?? []))
        }
    }

    /// Every change of the commitment, newest first (what `carnet log` lists for it).
    func historyPage(_ given: String) -> (Int, [UInt8]) {
        page { copy in
            let sheet = try copy.commitmentSheet(given, today: today(), language: textLanguage(copy).chosen)
            return (200, Page.history(language, sheet: sheet, changes: try history(copy, sheet, try copy.log(commitment: sheet.id))))
        }
    }

    /// A commitment's changes told in people's words (HistoryWords), its milestones named as
    /// people know them.
    private func history(_ copy: WorkingCopy, _ sheet: CommitmentSheet, _ changes: [Workspace.Change]) throws -> [Workspace.Change] {
        try historyWords.told(changes, commitment: sheet.id, milestones: sheet.milestones.map { ($0.id, $0.code ?? $0.id) },
                              language: language, in: copy)
    }

    func saveMilestone(_ given: String, _ milestoneID: String, _ form: FormData) -> Response {
        // A field the form did not send is left as it is; one sent empty asks to empty it.
        var typed: [String: String] = [:]
        for name in Page.milestoneFields { typed[name] = form.value(name) }
        let outcome: Result<(id: String, changed: Bool), SaveProblem> = change { copy in
            let sheet = try copy.commitmentSheet(given, today: today(), language: textLanguage(copy).chosen)
            guard let current = sheet.milestones.first(where: { $0.id == milestoneID }) else {
                return .failure(.missing(t("web.problem.no-milestone", ["id": .text(milestoneID)])))
            }
            guard let seen = form.value("version"), seen == version(copy, sheet.id) else {
                return .failure(.changed(sheet.id))
            }
            let before = Page.values(of: current)
            var errors: [String: String] = [:]
            var change = WorkingCopy.MilestoneChange()
            if let completion = typed["completion"], completion != before["completion"] {
                if let level = CompletionLevel(rawValue: completion) { change.completion = level }
                else { errors["completion"] = t("web.field.completion.invalid") }
            }
            for (name, apply) in [("actual-start", { (d: PlanDate) in change.actualStart = d }),
                                  ("actual-end", { (d: PlanDate) in change.actualEnd = d })] as [(String, (PlanDate) -> Void)] {
                guard let value = typed[name]?.trimmingCharacters(in: .whitespaces), value != before[name] else { continue }
                if value.isEmpty { errors[name] = t("web.field.cannot-clear"); continue }
                switch typedDate(value) {
                case .success(let date) where date != PlanDate(before[name] ?? ""): apply(date)
                case .success: continue   // the same date written another way ("mars 2026" for 2026-03)
                case .failure(let problem): errors[name] = problem.message
                }
            }
            for name in ["note", "delay-reason"] {
                guard let value = typed[name]?.replacingOccurrences(of: "\r\n", with: "\n"),
                      value.trimmingCharacters(in: .whitespacesAndNewlines) != before[name]!.trimmingCharacters(in: .whitespacesAndNewlines) else { continue }
                if value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { errors[name] = t("web.field.cannot-clear"); continue }
                if name == "note" { change.note = value } else { change.delayReason = value }
            }
            if !errors.isEmpty { return .failure(.fields(errors, [])) }
            if change.completion == nil && change.actualStart == nil && change.actualEnd == nil && change.note == nil && change.delayReason == nil {
                return .success((sheet.id, false))
            }
            do {
                change.language = textLanguage(copy).chosen
                try copy.setMilestone(sheet.id, milestoneID, change)
            } catch let error as WorkspaceError {
                // The validator's problems go next to the field they name; the rest above the form.
                var general = [error.description]
                for d in error.diagnostics {
                    if let field = Desk.field(of: d, milestone: milestoneID), errors[field] == nil { errors[field] = d.message }
                    else { general.append(d.message) }
                }
                return .failure(.fields(errors, general))
            }
            return .success((sheet.id, true))
        }
        switch outcome {
        case .success(let saved):
            // Post, redirect, get: reloading the page does not send the form again.
            let key = saved.changed ? "saved" : "unchanged"
            return Response.redirect(to: "/c/\(percent(saved.id))?\(key)=\(percent(milestoneID))\(TextLanguage.query)#milestone-\(percent(milestoneID))", type: .normal)
        case .failure(.missing(let message)):
            return html(problem(message))
        case .failure(.changed(let id)):
            var form = MilestoneForm()
            form.unsaved = typed
            // The form shows what is saved now; what the person typed is shown beside it.
            return html(commitmentPage(id, notice: t("web.save.changed"), forms: [milestoneID: formWithCurrentValues(id, milestoneID, form)], status: 409))
        case .failure(.fields(let errors, let general)):
            let form = MilestoneForm(values: typed, errors: errors, general: general)
            return html(commitmentPage(given, notice: t("web.save.not-saved"), forms: [milestoneID: form], status: 422))
        }
    }

    /// The commitment's own progress, through the engine of `carnet commitment set`, with the
    /// same checks as a milestone's form (the file's version, fields emptied, the validator).
    func saveCommitment(_ given: String, _ form: FormData) -> Response {
        var typed: [String: String] = [:]
        for name in Page.commitmentFields { typed[name] = form.value(name) }
        let outcome: Result<(id: String, changed: Bool), SaveProblem> = change { copy in
            let sheet = try copy.commitmentSheet(given, today: today(), language: textLanguage(copy).chosen)
            guard let seen = form.value("version"), seen == version(copy, sheet.id) else {
                return .failure(.changed(sheet.id))
            }
            let before = Page.values(of: sheet)
            var errors: [String: String] = [:]
            var change = WorkingCopy.CommitmentChange()
            if let completion = typed["completion"], completion != before["completion"] {
                if let level = CompletionLevel(rawValue: completion) { change.completion = level }
                else { errors["completion"] = t("web.field.completion.invalid") }
            }
            for name in ["results", "next-steps", "delay-reason"] {
                guard let value = typed[name]?.replacingOccurrences(of: "\r\n", with: "\n"),
                      value.trimmingCharacters(in: .whitespacesAndNewlines) != before[name]!.trimmingCharacters(in: .whitespacesAndNewlines) else { continue }
                if value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { errors[name] = t("web.field.cannot-clear"); continue }
                switch name {
                case "results": change.results = value
                case "next-steps": change.nextSteps = value
                default: change.delayReason = value
                }
            }
            if !errors.isEmpty { return .failure(.fields(errors, [])) }
            if change.completion == nil && change.results == nil && change.nextSteps == nil && change.delayReason == nil {
                return .success((sheet.id, false))
            }
            do {
                change.language = textLanguage(copy).chosen
                try copy.setCommitment(sheet.id, change)
            } catch let error as WorkspaceError {
                var general = [error.description]
                let names = [("delay_reason", "delay-reason"), ("next_steps", "next-steps"), ("results", "results"), ("completion", "completion")]
                for d in error.diagnostics {
                    if let field = names.first(where: { d.message.contains("'\($0.0)") })?.1, errors[field] == nil { errors[field] = d.message }
                    else { general.append(d.message) }
                }
                return .failure(.fields(errors, general))
            }
            return .success((sheet.id, true))
        }
        switch outcome {
        case .success(let saved):
            return Response.redirect(to: "/c/\(percent(saved.id))?\(saved.changed ? "progress" : "unchanged")=1\(TextLanguage.query)#progress", type: .normal)
        case .failure(.missing(let message)):
            return html(problem(message))
        case .failure(.changed(let id)):
            var form = MilestoneForm()
            form.unsaved = typed
            if let copy = try? view(), let sheet = try? copy.commitmentSheet(id, today: today(), language: textLanguage(copy).chosen) {
                form.values = Page.values(of: sheet)
            }
            return html(commitmentPage(id, notice: t("web.save.changed"), forms: [Page.commitmentFormKey: form], status: 409))
        case .failure(.fields(let errors, let general)):
            return html(commitmentPage(given, notice: t("web.save.not-saved"),
                                       forms: [Page.commitmentFormKey: MilestoneForm(values: typed.compactMapValues { $0 }, errors: errors, general: general)],
                                       status: 422))
        }
    }

    /// The form field a validation problem of this milestone is about: by the message's code,
    /// or by the record field it names (`milestones.m4.note`).
    static func field(of d: Diagnostic, milestone: String) -> String? {
        if d.code == "records.milestone-actually-ends-before-start" { return "actual-end" }
        let names = [("delay_reason", "delay-reason"), ("actual_start", "actual-start"), ("actual_end", "actual-end"),
                     ("note", "note"), ("completion", "completion")]
        for (record, form) in names where d.message.contains("milestones.\(milestone).\(record)") { return form }
        return nil
    }


    func formWithCurrentValues(_ id: String, _ milestoneID: String, _ form: MilestoneForm) -> MilestoneForm {
        var form = form
        if let copy = try? view(), let sheet = try? copy.commitmentSheet(id, today: today(), language: textLanguage(copy).chosen),
           let m = sheet.milestones.first(where: { $0.id == milestoneID }) {
            form.values = Page.values(of: m)
        }
        return form
    }

}
