import Foundation
import Messages
import Records
import Report
import Workspace

/// What a milestone's form shows: the values, the problems next to each field, and the problems
/// of the whole change (the engine's refusal).
struct MilestoneForm {
    var values: [String: String] = [:]
    var errors: [String: String] = [:]
    var general: [String] = []
    /// What the person typed, when the file changed under them and nothing was saved.
    var unsaved: [String: String]? = nil
    /// Beside a text field: its translation is stale (Page.staleNotes).
    var stale: [String: String] = [:]
}

extension Page {
    static let milestoneFields = ["completion", "actual-start", "actual-end", "note", "delay-reason"]
    /// The key of the commitment's own form among a page's forms (milestone ids never start with ':').
    static let commitmentFormKey = ":commitment"

    static func commitment(_ language: String, sheet: CommitmentSheet, version: String, csrf: String,
                           texts: (languages: [String], chosen: String?) = ([], nil), notice: String?, forms: [String: MilestoneForm], evidenceProblems: [String] = [],
                           history: [Workspace.Change] = [], stale: [StaleTranslation] = []) -> [UInt8] {
        func t(_ key: String, _ a: [String: MessageArgument] = [:]) -> String { Catalogue.text(key, in: language, a) }
        let title = t("web.commitment.heading", ["number": .text(String(sheet.number)), "title": .text(sheet.title)])
        /// A form with its stale translations marked beside their fields.
        func marked(_ form: MilestoneForm, _ fields: [String: String]) -> MilestoneForm {
            var form = form
            form.stale = staleNotes(stale, file: PlanLayout.progressFile(sheet.id), fields: fields,
                                    first: texts.languages.first ?? sheet.language, chosen: texts.chosen, language: language)
            return form
        }
        return layout(language, title: title, section: .commitments, [
            .h1(.txt(title)),
            .unwrap(notice) { .p(.cls("notice"), .attr("role", "status"), .txt($0)) },
            .if(forContact, .p(.a(.href("/c/\(sheet.id)/define"), .txt(t("wpoc.define.link"))))),
            .dl(.cls("facts"),
                .dt(.txt(t("web.commitment.lead"))), .dd(.txt(sheet.lead.name ?? sheet.lead.id)),
                .dt(.txt(t("web.commitment.period"))), .dd(.txt(span(sheet.start, sheet.end, language))),
                .dt(.txt(t("web.field.completion"))), .dd(.txt(levelName(sheet.completion, language))),
                .unwrap(sheet.delayReason) { .group(.dt(.txt(t("web.field.delay-reason"))), .dd(.txt($0))) }),
            .unwrap(stale.isEmpty ? nil : stale) { stale in
                .div(.cls("unsaved"), .id("translations"),
                     .p(.strong(.txt(t("web.translations.title")))),
                     .ul(.forEach(stale) { .li(.txt(t("web.translations.item", ["field": .text(textFieldLabel($0.field, language: language)),
                                                                                 "language": .text(languageName($0.language, in: language))]))) }),
                     .p(.txt(t("web.translations.advice"))))
            },
            textLanguages(language, sheet: sheet, languages: texts.languages, chosen: texts.chosen),
            commitmentProgress(language, sheet: sheet, version: version, csrf: csrf,
                               form: marked(forms[commitmentFormKey] ?? MilestoneForm(values: values(of: sheet)), progressFields(milestone: nil))),
            .h2(.txt(t("web.commitment.milestones"))),
            .forEach(sheet.milestones) { m in
                milestone(language, sheet: sheet, m, version: version, csrf: csrf,
                          form: marked(forms[m.id] ?? MilestoneForm(values: values(of: m)), progressFields(milestone: m.id)))
            },
            .h2(.id("evidence"), .txt(t("web.commitment.evidence"))),
            sheet.evidence.isEmpty ? .p(.txt(t("web.commitment.no-evidence"))) : .ul(.cls("evidence-list"), .forEach(sheet.evidence) { e in
                .li(evidenceLine(language, e), .txt(" "),
                    .a(.href("/c/\(sheet.id)/evidence/\(e.id)/remove"), .attr("aria-label", t("web.evidence.remove-label", ["title": .text(e.title)])),
                       .txt(t("web.evidence.remove"))),
                    // In another of the plan's languages: the entry's title there, to write or correct.
                    .unwrap(texts.chosen) { chosen in
                        var form = forms[evidenceFormKey(e.id)] ?? MilestoneForm()
                        if form.values.isEmpty { form.values = ["title": e.title] }
                        return evidenceTitleForm(language, sheet: sheet, e, chosen: chosen, version: version, csrf: csrf,
                                                 form: marked(form, ["evidence.\(e.id).title": "title"]))
                    })
            }),
            .unwrap(evidenceProblems.isEmpty ? nil : evidenceProblems) { problems in
                .div(.cls("problems"), .attr("role", "alert"), .p(.strong(.txt(t("web.save.refused")))), .ul(.forEach(problems) { .li(.txt($0)) }))
            },
            evidenceForm(language, sheet: sheet, csrf: csrf, upload: true),
            evidenceForm(language, sheet: sheet, csrf: csrf, upload: false),
            .h2(.id("history"), .txt(t("web.commitment.history"))),
            historyList(language, history, wholeMessages: false),
            .if(history.count >= historyShown, .p(.a(.href("/c/\(sheet.id)/history"), .txt(t("web.history.all"))))),
        ])
    }

    /// Add a document (multipart, to the engine of `carnet evidence add`) or a link.
    private static func evidenceForm(_ language: String, sheet: CommitmentSheet, csrf: String, upload: Bool) -> HTMLNode {
        func t(_ key: String, _ a: [String: MessageArgument] = [:]) -> String { Catalogue.text(key, in: language, a) }
        let prefix = upload ? "evidence-file" : "evidence-link"
        return .element(named: "form", nodes: [
            .cls("evidence"), .attr("method", "post"), .attr("action", "/c/\(sheet.id)/evidence"),
            .if(upload, .attr("enctype", "multipart/form-data")),
            .element(named: "fieldset", nodes: [
                .element(named: "legend", nodes: [.txt(t(upload ? "web.evidence.add-file" : "web.evidence.add-link"))]),
                .voidElement(named: "input", nodes: [.attr("type", "hidden"), .attr("name", "csrf"), .attr("value", csrf)]),
                .unwrap(TextLanguage.asked) { .voidElement(named: "input", nodes: [.attr("type", "hidden"), .attr("name", "text-language"), .attr("value", $0)]) },
                upload
                    ? .div(.cls("field"),
                           .element(named: "label", nodes: [.attr("for", prefix + "-file"), .txt(t("web.evidence.file"))]),
                           .p(.cls("hint"), .id(prefix + "-file-hint"), .txt(t("web.evidence.file-hint", ["limit": .number(PlanLayout.maxEvidenceBytes >> 20)]))),
                           .voidElement(named: "input", nodes: [.attr("type", "file"), .id(prefix + "-file"), .attr("name", "file"),
                                                                .attr("aria-describedby", prefix + "-file-hint")]))
                    : .div(.cls("field"),
                           .element(named: "label", nodes: [.attr("for", prefix + "-url"), .txt(t("web.evidence.url"))]),
                           .voidElement(named: "input", nodes: [.attr("type", "url"), .id(prefix + "-url"), .attr("name", "url"),
                                                                .attr("placeholder", "https://")])),
                .div(.cls("field"),
                     .element(named: "label", nodes: [.attr("for", prefix + "-milestone"), .txt(t("eyes.evidence.for"))]),
                     .element(named: "select", nodes: [.id(prefix + "-milestone"), .attr("name", "milestone"),
                        .element(named: "option", nodes: [.attr("value", ""), .txt(t("eyes.evidence.whole"))]),
                        .forEach(sheet.milestones) { m in
                            // A milestone by its name and the start of its activity: "m3" alone says nothing.
                            .element(named: "option", nodes: [.attr("value", m.id),
                                .txt(t("web.milestone.heading", ["id": .text(m.code ?? m.id), "activity": .text(shortened(m.activity))]))])
                        }])),
                .div(.cls("field"),
                     .element(named: "label", nodes: [.attr("for", prefix + "-title"), .txt(t("web.evidence.title"))]),
                     .p(.cls("hint"), .id(prefix + "-title-hint"), .txt(t(upload ? "web.evidence.title-hint" : "web.evidence.title-hint-link"))),
                     .voidElement(named: "input", nodes: [.attr("type", "text"), .id(prefix + "-title"), .attr("name", "title"),
                                                          .attr("aria-describedby", prefix + "-title-hint")])),
                .element(named: "button", nodes: [.attr("type", "submit"), .txt(t(upload ? "web.evidence.send-file" : "web.evidence.send-link"))]),
            ]),
        ])
    }

    /// The start of a long text, cut between words ("Les 5 maires de Tapir River convoqueront…").
    static func shortened(_ text: String, to length: Int = 60) -> String {
        guard text.count > length else { return text }
        let start = text.prefix(length)
        let cut = start.lastIndex(of: " ").map { start[..<$0] } ?? start
        return cut.trimmingCharacters(in: .punctuationCharacters.union(.whitespaces)) + "…"
    }

    static func evidenceLine(_ language: String, _ e: CommitmentSheet.Evidence) -> HTMLNode {
        let details = [e.milestone.map { Catalogue.text("web.evidence.milestone", in: language, ["milestone": .text($0)]) },
                       e.url, e.file.map { ($0 as NSString).lastPathComponent }].compactMap { $0 }
        return .group(.txt(e.title), .txt(" "), .span(.cls("quiet"), .txt(details.joined(separator: " · "))))
    }

    /// "Remove this evidence?": the question, the entry, a button that removes, a link back.
    static func removal(_ language: String, sheet: CommitmentSheet, entry: CommitmentSheet.Evidence, csrf: String) -> [UInt8] {
        func t(_ key: String, _ a: [String: MessageArgument] = [:]) -> String { Catalogue.text(key, in: language, a) }
        return layout(language, title: t("web.evidence.remove-title"), section: .commitments, [
            .h1(.txt(t("web.evidence.remove-title"))),
            .p(.txt(t("web.commitment.heading", ["number": .text(String(sheet.number)), "title": .text(sheet.title)]))),
            .p(.strong(evidenceLine(language, entry))),
            .p(.txt(t(entry.file == nil ? "web.evidence.remove-link-explained" : "web.evidence.remove-file-explained"))),
            .element(named: "form", nodes: [
                .attr("method", "post"), .attr("action", "/c/\(sheet.id)/evidence/\(entry.id)/remove"),
                .voidElement(named: "input", nodes: [.attr("type", "hidden"), .attr("name", "csrf"), .attr("value", csrf)]),
                .element(named: "button", nodes: [.attr("type", "submit"), .txt(t("web.evidence.remove-confirm"))]),
                .txt(" "),
                .a(.href("/c/\(sheet.id)#evidence"), .txt(t("web.evidence.remove-cancel"))),
            ]),
        ])
    }

    static func values(of m: CommitmentSheet.Milestone) -> [String: String] {
        ["completion": m.completion, "actual-start": m.actualStart ?? "", "actual-end": m.actualEnd ?? "",
         "note": m.note ?? "", "delay-reason": m.delayReason ?? ""]
    }

    private static func milestone(_ language: String, sheet: CommitmentSheet, _ m: CommitmentSheet.Milestone,
                                  version: String, csrf: String, form: MilestoneForm) -> HTMLNode {
        func t(_ key: String, _ a: [String: MessageArgument] = [:]) -> String { Catalogue.text(key, in: language, a) }
        let anchor = "milestone-\(m.id)"
        let f = FormWriter(prefix: m.id, form: form, language: language)
        let state: String? = switch m.state {
        case "overdue": t("web.milestone.overdue", ["count": .number(m.days ?? 0)])
        case "due": t("web.milestone.due", ["count": .number(m.days ?? 0)])
        default: nil
        }
        return .element(named: "section", nodes: [
            .cls(m.state == "overdue" ? "milestone late" : "milestone"), .id(anchor), .attr("aria-labelledby", anchor + "-title"),
            .h3(.id(anchor + "-title"), .txt(t("web.milestone.heading", ["id": .text(m.code ?? m.id), "activity": .text(m.activity)]))),
            .dl(.cls("facts"),
                .dt(.txt(t("web.milestone.planned"))), .dd(.txt(span(m.plannedStart, m.plannedEnd, language))),
                .unwrap(state) { .group(.dt(.txt(t("web.milestone.state"))), .dd(.strong(.txt($0)))) }),
            f.problems(fields: milestoneFields),
            .element(named: "form", nodes: [
                .attr("method", "post"), .attr("action", "/c/\(sheet.id)/m/\(m.id)"),
                f.hidden(csrf: csrf, version: version),
                f.completion(),
                f.dateField("actual-start", "web.field.actual-start"),
                f.dateField("actual-end", "web.field.actual-end"),
                f.textField("note", "web.field.note", hint: nil),
                f.textField("delay-reason", "web.field.delay-reason", hint: m.delayReasonMissing ? t("web.milestone.reason-asked") : nil),
                .element(named: "button", nodes: [.attr("type", "submit"), .txt(t("web.milestone.save", ["id": .text(m.id)]))]),
            ]),
        ])
    }

    static let commitmentFields = ["completion", "results", "next-steps", "delay-reason"]

    static func values(of sheet: CommitmentSheet) -> [String: String] {
        ["completion": sheet.completion, "results": sheet.results ?? "", "next-steps": sheet.nextSteps ?? "",
         "delay-reason": sheet.delayReason ?? ""]
    }

    /// The commitment's own progress: completion, results, next steps, reason for delay
    /// (the engine of `carnet commitment set`).
    static func commitmentProgress(_ language: String, sheet: CommitmentSheet, version: String, csrf: String, form: MilestoneForm) -> HTMLNode {
        func t(_ key: String, _ a: [String: MessageArgument] = [:]) -> String { Catalogue.text(key, in: language, a) }
        let f = FormWriter(prefix: "commitment", form: form, language: language)
        return .element(named: "section", nodes: [
            .cls("milestone"), .id("progress"), .attr("aria-labelledby", "progress-title"),
            .h2(.id("progress-title"), .txt(t("web.commitment.progress"))),
            f.problems(fields: commitmentFields),
            .element(named: "form", nodes: [
                .attr("method", "post"), .attr("action", "/c/\(sheet.id)/progress"),
                f.hidden(csrf: csrf, version: version),
                f.completion(),
                f.textField("results", "web.field.results", hint: t("web.field.results.hint"), rows: 5),
                f.textField("next-steps", "web.field.next-steps", hint: nil),
                f.textField("delay-reason", "web.field.delay-reason", hint: nil),
                .element(named: "button", nodes: [.attr("type", "submit"), .txt(t("web.commitment.save"))]),
            ]),
        ])
    }
}
