import Foundation
import HTTPTypes
import Hummingbird
import Messages
import NIOCore
import Records
import Report
import Workspace

/// An evidence entry's title in another of the plan's languages: on a commitment's page shown
/// in that language, each entry has a field with its title there (the first language's, to
/// translate, until it has one), saved through `WorkingCopy.setEvidenceTitle` as the progress
/// forms save: the file's version checked, refused next to the field, else one commit.
extension Page {
    /// The key of an entry's title form among a page's forms (milestone ids never start with ':').
    static func evidenceFormKey(_ id: String) -> String { ":evidence:" + id }

    static func evidenceTitleForm(_ language: String, sheet: CommitmentSheet, _ e: CommitmentSheet.Evidence, chosen: String,
                                  version: String, csrf: String, form: MilestoneForm) -> HTMLNode {
        let f = FormWriter(prefix: "evidence-\(e.id)", form: form, language: language)
        return .element(named: "form", nodes: [
            .cls("evidence-title"), .attr("method", "post"), .attr("action", "/c/\(sheet.id)/evidence/\(e.id)/title"),
            f.hidden(csrf: csrf, version: version),
            .unwrap(form.unsaved?["title"]) { typed in
                .div(.cls("unsaved"), .p(.strong(.txt(f.t("web.save.changed")))), .p(.txt(f.t("web.save.your-entry"))), .p(.txt(typed)))
            },
            .unwrap(form.general.isEmpty ? nil : form.general) { problems in
                .div(.cls("problems"), .attr("role", "alert"), .p(.strong(.txt(f.t("web.save.refused")))), .ul(.forEach(problems) { .li(.txt($0)) }))
            },
            f.line("title", "wcache.evidence.title-in", hint: nil, label: ["language": .text(name(of: chosen))]),
            .element(named: "button", nodes: [.attr("type", "submit"),
                                              .txt(Catalogue.text("wcache.evidence.save-title", in: language, ["id": .text(e.id)]))]),
        ])
    }
}

extension Desk {
    func saveEvidenceTitle(_ given: String, _ evidenceID: String, _ form: FormData) -> Response {
        let typed = (form.value("title") ?? "").replacingOccurrences(of: "\r\n", with: "\n")
        let key = Page.evidenceFormKey(evidenceID)
        let outcome: Result<(id: String, changed: Bool), SaveProblem> = change { copy in
            let chosen = textLanguage(copy).chosen
            let sheet = try copy.commitmentSheet(given, today: today(), language: chosen)
            guard let entry = sheet.evidence.first(where: { $0.id == evidenceID }) else {
                return .failure(.missing(t("web.evidence.no-such", ["id": .text(evidenceID)])))
            }
            guard form.value("version") == version(copy, sheet.id) else { return .failure(.changed(sheet.id)) }
            let title = typed.trimmingCharacters(in: .whitespacesAndNewlines)
            if title.isEmpty { return .failure(.fields(["title": t("web.field.cannot-clear")], [])) }
            if title == entry.title.trimmingCharacters(in: .whitespacesAndNewlines) { return .success((sheet.id, false)) }
            do {
                try copy.setEvidenceTitle(sheet.id, evidenceID, title: title, language: chosen)
            } catch let error as WorkspaceError {
                var errors: [String: String] = [:]
                var general = [error.description]
                for d in error.diagnostics {
                    if errors["title"] == nil, d.message.contains("evidence.\(evidenceID).title") || d.message.contains("'title") { errors["title"] = d.message }
                    else { general.append(d.message) }
                }
                return .failure(.fields(errors, general))
            }
            return .success((sheet.id, true))
        }
        switch outcome {
        case .success(let saved):
            return Response.redirect(to: "/c/\(percent(saved.id))?\(saved.changed ? "title" : "unchanged")=1\(TextLanguage.query)#evidence", type: .normal)
        case .failure(.missing(let message)):
            return html(problem(message))
        case .failure(.changed(let id)):
            var shown = MilestoneForm()
            shown.unsaved = ["title": typed]
            return html(commitmentPage(id, notice: t("web.save.changed"), forms: [key: shown], status: 409))
        case .failure(.fields(let errors, let general)):
            return html(commitmentPage(given, notice: t("web.save.not-saved"),
                                       forms: [key: MilestoneForm(values: ["title": typed], errors: errors, general: general)], status: 422))
        }
    }
}
