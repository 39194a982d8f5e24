import Foundation
import Messages
import Records
import Report
import Workspace

/// The pages, written with the reports' HTML writer (every string is escaped as it is written:
/// a record value can never become markup). No script; forms work as plain HTML.
enum Page {
    /// Which entry of the navigation a page belongs to.
    enum Section { case commitments, conflicts, sync, none }

    static func layout(_ language: String, title: String, section: Section, _ body: [HTMLNode]) -> [UInt8] {
        func t(_ key: String) -> String { Catalogue.text(key, in: language) }
        func item(_ href: String, _ key: String, _ here: Bool) -> HTMLNode {
            .li(.a(.href(href), .if(here, .attr("aria-current", "page")), .txt(t(key))))
        }
        return HTMLNode.document(language: language, head: [
            .meta(.attr("charset", "utf-8")),
            .meta(.attr("name", "viewport"), .attr("content", "width=device-width, initial-scale=1")),
            .meta(.attr("name", "referrer"), .attr("content", "same-origin")),
            .title(.txt(title + " — Carnet")),
            .link(.attr("rel", "stylesheet"), .href("/style.css")),
        ], body: [
            .a(.cls("skip"), .href("#main"), .txt(t("web.skip"))),
            .header(
                .p(.cls("brand"), .txt("Carnet")),
                .nav(.attr("aria-label", t("web.nav.label")),
                     .ul(item("/", "web.nav.commitments", section == .commitments),
                         item("/conflicts", "web.nav.conflicts", section == .conflicts),
                         item("/sync", "web.nav.sync", section == .sync)))),
            .main(.id("main"), .group(body)),
        ])
    }

    static func refusal(title: String, message: String, language: String) -> [UInt8] {
        layout(language, title: title, section: .none, [.h1(.txt(title)), .p(.txt(message))])
    }

    static func levelName(_ level: String, _ language: String) -> String {
        Catalogue.text("web.level.\(level)", in: language)
    }
}

// MARK: My commitments

struct CommitmentSummary {
    var id: String
    var number: Int?
    var title: String
    var completion: String
    var milestonesComplete: Int
    var milestones: Int
    var overdue: [String]
    var due: [String]
    var missingReasons: [String]
    /// Days since the last change to the commitment's folder, when over the plan's threshold.
    var staleDays: Int? = nil
}

extension Page {
    static func commitments(_ language: String, ministry: String?, ministryName: String?, items: [CommitmentSummary],
                             staleAfter: Int = 60) -> [UInt8] {
        func t(_ key: String, _ a: [String: MessageArgument] = [:]) -> String { Catalogue.text(key, in: language, a) }
        let title = ministry == nil ? t("web.commitments.all") : t("web.commitments.title")
        let overdue = items.filter { !$0.overdue.isEmpty }.count
        let due = items.filter { !$0.due.isEmpty }.count
        return layout(language, title: title, section: .commitments, [
            .h1(.txt(title)),
            .unwrap(ministry) { id in .p(.txt(t("web.commitments.ministry", ["ministry": .text(ministryName ?? id)]))) },
            .p(.cls("summary"), .txt(t("web.commitments.summary", ["count": .number(items.count), "overdue": .number(overdue), "due": .number(due)]))),
            .if(items.isEmpty, .p(.txt(t("web.commitments.none")))),
            .ul(.cls("cards"), .forEach(items) { c in
                .li(.cls(c.overdue.isEmpty ? "card" : "card late"),
                    .h2(.a(.href("/c/\(c.id)"), .txt(t("web.commitment.heading", ["number": .text(c.number.map(String.init) ?? c.id), "title": .text(c.title)])))),
                    .dl(
                        .dt(.txt(t("web.field.completion"))), .dd(.txt(levelName(c.completion, language))),
                        .dt(.txt(t("web.commitments.milestones"))),
                        .dd(.txt(t("web.commitments.milestones-complete", ["done": .number(c.milestonesComplete), "count": .number(c.milestones)]))),
                        .if(!c.overdue.isEmpty, .group(.dt(.txt(t("web.commitments.overdue"))), .dd(.strong(.txt(c.overdue.joined(separator: ", ")))))),
                        .if(!c.due.isEmpty, .group(.dt(.txt(t("web.commitments.due"))), .dd(.txt(c.due.joined(separator: ", "))))),
                        .if(!c.missingReasons.isEmpty, .group(.dt(.txt(t("web.commitments.missing-reason"))), .dd(.txt(c.missingReasons.joined(separator: ", "))))),
                        .unwrap(c.staleDays) { days in
                            .group(.dt(.txt(t("web.commitments.stale"))),
                                   .dd(.txt(t("web.commitments.stale-days", ["count": .number(days), "limit": .number(staleAfter)]))))
                        }))
            }),
        ])
    }
}

// MARK: A commitment

/// What a milestone's form shows: the values, the problems next to each field, and the problems
/// of the whole change (the engine's refusal).
struct MilestoneForm {
    var values: [String: String] = [:]
    var errors: [String: String] = [:]
    var general: [String] = []
    /// What the person typed, when the file changed under them and nothing was saved.
    var unsaved: [String: String]? = nil
}

extension Page {
    static let milestoneFields = ["completion", "actual-start", "actual-end", "note", "delay-reason"]
    /// The key of the commitment's own form among a page's forms (milestone ids never start with ':').
    static let commitmentFormKey = ":commitment"

    static func commitment(_ language: String, sheet: CommitmentSheet, version: String, csrf: String,
                           notice: String?, forms: [String: MilestoneForm], evidenceProblems: [String] = [],
                           history: [Workspace.Change] = [], stale: [StaleTranslation] = []) -> [UInt8] {
        func t(_ key: String, _ a: [String: MessageArgument] = [:]) -> String { Catalogue.text(key, in: language, a) }
        let title = t("web.commitment.heading", ["number": .text(String(sheet.number)), "title": .text(sheet.title)])
        return layout(language, title: title, section: .commitments, [
            .h1(.txt(title)),
            .unwrap(notice) { .p(.cls("notice"), .attr("role", "status"), .txt($0)) },
            .dl(.cls("facts"),
                .dt(.txt(t("web.commitment.lead"))), .dd(.txt(sheet.lead.name ?? sheet.lead.id)),
                .dt(.txt(t("web.commitment.period"))), .dd(.txt(t("web.period", ["start": .text(sheet.start), "end": .text(sheet.end)]))),
                .dt(.txt(t("web.field.completion"))), .dd(.txt(levelName(sheet.completion, language))),
                .unwrap(sheet.delayReason) { .group(.dt(.txt(t("web.field.delay-reason"))), .dd(.txt($0))) }),
            .unwrap(stale.isEmpty ? nil : stale) { stale in
                .div(.cls("unsaved"), .id("translations"),
                     .p(.strong(.txt(t("web.translations.title")))),
                     .ul(.forEach(stale) { .li(.txt(t("web.translations.item", ["field": .text($0.field), "language": .text($0.language)]))) }),
                     .p(.txt(t("web.translations.advice"))))
            },
            commitmentProgress(language, sheet: sheet, version: version, csrf: csrf,
                               form: forms[commitmentFormKey] ?? MilestoneForm(values: values(of: sheet))),
            .h2(.txt(t("web.commitment.milestones"))),
            .forEach(sheet.milestones) { m in
                milestone(language, sheet: sheet, m, version: version, csrf: csrf, form: forms[m.id] ?? MilestoneForm(values: values(of: m)))
            },
            .h2(.id("evidence"), .txt(t("web.commitment.evidence"))),
            sheet.evidence.isEmpty ? .p(.txt(t("web.commitment.no-evidence"))) : .ul(.cls("evidence-list"), .forEach(sheet.evidence) { e in
                .li(evidenceLine(language, e), .txt(" "),
                    .a(.href("/c/\(sheet.id)/evidence/\(e.id)/remove"), .attr("aria-label", t("web.evidence.remove-label", ["title": .text(e.title)])),
                       .txt(t("web.evidence.remove"))))
            }),
            .unwrap(evidenceProblems.isEmpty ? nil : evidenceProblems) { problems in
                .div(.cls("problems"), .attr("role", "alert"), .p(.strong(.txt(t("web.save.refused")))), .ul(.forEach(problems) { .li(.txt($0)) }))
            },
            evidenceForm(language, sheet: sheet, csrf: csrf, upload: true),
            evidenceForm(language, sheet: sheet, csrf: csrf, upload: false),
            .h2(.id("history"), .txt(t("web.commitment.history"))),
            history.isEmpty ? .p(.txt(t("web.commitment.no-history"))) : .ol(.cls("history"), .forEach(history) { change in
                .li(.strong(.txt(t("web.commitment.change", ["author": .text(change.author), "date": .text(day(change.date)),
                                                            "time": .text(time(change.date))]))),
                    .br(), .txt(change.message.split(separator: "\n").first.map(String.init) ?? ""))
            }),
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
                     .element(named: "label", nodes: [.attr("for", prefix + "-milestone"), .txt(t("web.evidence.for-milestone"))]),
                     .element(named: "select", nodes: [.id(prefix + "-milestone"), .attr("name", "milestone"),
                        .element(named: "option", nodes: [.attr("value", ""), .txt(t("web.evidence.whole-commitment"))]),
                        .forEach(sheet.milestones) { m in .element(named: "option", nodes: [.attr("value", m.id), .txt(m.id)]) }])),
                .div(.cls("field"),
                     .element(named: "label", nodes: [.attr("for", prefix + "-title"), .txt(t("web.evidence.title"))]),
                     .p(.cls("hint"), .id(prefix + "-title-hint"), .txt(t(upload ? "web.evidence.title-hint" : "web.evidence.title-hint-link"))),
                     .voidElement(named: "input", nodes: [.attr("type", "text"), .id(prefix + "-title"), .attr("name", "title"),
                                                          .attr("aria-describedby", prefix + "-title-hint")])),
                .element(named: "button", nodes: [.attr("type", "submit"), .txt(t(upload ? "web.evidence.send-file" : "web.evidence.send-link"))]),
            ]),
        ])
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

    static func day(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        formatter.timeZone = .current
        return formatter.string(from: date)
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
            .h3(.id(anchor + "-title"), .txt(t("web.milestone.heading", ["id": .text(m.id), "activity": .text(m.activity)]))),
            .dl(.cls("facts"),
                .dt(.txt(t("web.milestone.planned"))), .dd(.txt(t("web.period", ["start": .text(m.plannedStart), "end": .text(m.plannedEnd)]))),
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

/// The fields of one form (a milestone's, the commitment's): labels, hints, the problem next to
/// each field and tied to it for screen readers (`aria-describedby`, `aria-invalid`).
struct FormWriter {
    let prefix: String
    let form: MilestoneForm
    let language: String

    func t(_ key: String, _ a: [String: MessageArgument] = [:]) -> String { Catalogue.text(key, in: language, a) }
    func fieldID(_ name: String) -> String { "\(prefix)-\(name)" }

    func error(_ name: String) -> HTMLNode {
        .unwrap(form.errors[name]) { .p(.cls("error"), .id(fieldID(name) + "-error"), .txt($0)) }
    }

    func described(_ name: String, hint: Bool = false) -> HTMLNode {
        let ids = [hint ? fieldID(name) + "-hint" : nil, form.errors[name] != nil ? fieldID(name) + "-error" : nil].compactMap { $0 }
        return .group(.if(!ids.isEmpty, .attr("aria-describedby", ids.joined(separator: " "))),
                      .if(form.errors[name] != nil, .attr("aria-invalid", "true")))
    }

    func hidden(csrf: String, version: String) -> HTMLNode {
        .group(.voidElement(named: "input", nodes: [.attr("type", "hidden"), .attr("name", "csrf"), .attr("value", csrf)]),
               .voidElement(named: "input", nodes: [.attr("type", "hidden"), .attr("name", "version"), .attr("value", version)]))
    }

    /// What the person had typed when the file changed under them, and the engine's refusal.
    func problems(fields: [String]) -> HTMLNode {
        .group(
            .unwrap(form.unsaved) { typed in
                .div(.cls("unsaved"),
                     .p(.strong(.txt(t("web.save.changed")))),
                     .p(.txt(t("web.save.your-entry"))),
                     .dl(.forEach(fields.filter { !(typed[$0] ?? "").isEmpty }) { name in
                         .group(.dt(.txt(t("web.field.\(name)"))),
                                .dd(.txt(name == "completion" ? Page.levelName(typed[name]!, language) : typed[name]!)))
                     }))
            },
            .unwrap(form.general.isEmpty ? nil : form.general) { problems in
                .div(.cls("problems"), .attr("role", "alert"),
                     .p(.strong(.txt(t("web.save.refused")))),
                     .ul(.forEach(problems) { .li(.txt($0)) }))
            })
    }

    /// The manual's four levels, each with what it means.
    func completion() -> HTMLNode {
        .element(named: "fieldset", nodes: [
            .element(named: "legend", nodes: [.txt(t("web.field.completion"))]),
            error("completion"),
            .forEach(CompletionLevel.allCases) { level in
                .div(.cls("choice"),
                     .voidElement(named: "input", nodes: [
                        .attr("type", "radio"), .attr("name", "completion"), .attr("value", level.rawValue),
                        .id(fieldID("completion-" + level.rawValue)),
                        .if(form.values["completion"] == level.rawValue, .attr("checked", "checked")),
                        .attr("aria-describedby", fieldID("completion-" + level.rawValue) + "-help")]),
                     .element(named: "label", nodes: [.attr("for", fieldID("completion-" + level.rawValue)),
                                                      .txt(Page.levelName(level.rawValue, language))]),
                     .p(.cls("hint"), .id(fieldID("completion-" + level.rawValue) + "-help"), .txt(t("web.level.\(level.rawValue).help"))))
            },
        ])
    }

    func dateField(_ name: String, _ labelKey: String) -> HTMLNode {
        .div(.cls("field"),
             .element(named: "label", nodes: [.attr("for", fieldID(name)), .txt(t(labelKey))]),
             .p(.cls("hint"), .id(fieldID(name) + "-hint"), .txt(t("web.field.date.hint"))),
             error(name),
             .voidElement(named: "input", nodes: [.attr("type", "text"), .id(fieldID(name)), .attr("name", name),
                                                  .attr("value", form.values[name] ?? ""), .attr("inputmode", "numeric"),
                                                  .attr("autocomplete", "off"), .attr("size", "10"), described(name, hint: true)]))
    }

    func textField(_ name: String, _ labelKey: String, hint: String?, rows: Int = 3) -> HTMLNode {
        .div(.cls("field"),
             .element(named: "label", nodes: [.attr("for", fieldID(name)), .txt(t(labelKey))]),
             .unwrap(hint) { .p(.cls("hint"), .id(fieldID(name) + "-hint"), .txt($0)) },
             error(name),
             .element(named: "textarea", nodes: [.id(fieldID(name)), .attr("name", name), .attr("rows", String(rows)),
                                                 described(name, hint: hint != nil), .txt(form.values[name] ?? "")]))
    }
}

// MARK: Conflicts

/// One value a sync kept aside, as the Conflicts page shows it.
struct ConflictView {
    var path: String
    var field: String
    var commitment: String?
    var kept: String
    var keptBy: String?
    var keptAt: String?
    var lost: String
    var lostBy: String?
    var lostAt: String?
}

extension Page {
    /// Both values side by side, who wrote each and when; keep the current one, take the other
    /// back, or write a combined text (the engine of `carnet resolve`).
    static func conflicts(_ language: String, items: [ConflictView], csrf: String, notice: String?,
                          problem: (path: String, field: String, message: String, value: String)? = nil) -> [UInt8] {
        func t(_ key: String, _ a: [String: MessageArgument] = [:]) -> String { Catalogue.text(key, in: language, a) }
        func who(_ by: String?, _ at: String?) -> HTMLNode {
            let parts = [by, at].compactMap { $0 }
            return parts.isEmpty ? .empty : .p(.cls("quiet"), .txt(parts.joined(separator: ", ")))
        }
        return layout(language, title: t("web.conflicts.title"), section: .conflicts, [
            .h1(.txt(t("web.conflicts.title"))),
            .unwrap(notice) { .p(.cls("notice"), .attr("role", "status"), .txt($0)) },
            .p(.txt(items.isEmpty ? t("web.conflicts.none") : t("web.conflicts.explained", ["count": .number(items.count)]))),
            .forEach(items.enumerated()) { index, c in
                let id = "conflict-\(index + 1)"
                let failed = problem.flatMap { $0.path == c.path && $0.field == c.field ? $0 : nil }
                func form(_ choice: String, _ label: String, extra: HTMLNode = .empty) -> HTMLNode {
                    .element(named: "form", nodes: [
                        .cls("settle"), .attr("method", "post"), .attr("action", "/conflicts/settle"),
                        .voidElement(named: "input", nodes: [.attr("type", "hidden"), .attr("name", "csrf"), .attr("value", csrf)]),
                        .voidElement(named: "input", nodes: [.attr("type", "hidden"), .attr("name", "path"), .attr("value", c.path)]),
                        .voidElement(named: "input", nodes: [.attr("type", "hidden"), .attr("name", "field"), .attr("value", c.field)]),
                        .voidElement(named: "input", nodes: [.attr("type", "hidden"), .attr("name", "choice"), .attr("value", choice)]),
                        extra,
                        .element(named: "button", nodes: [.attr("type", "submit"), .txt(label)]),
                    ])
                }
                return .element(named: "section", nodes: [
                    .cls("milestone"), .id(id), .attr("aria-labelledby", id + "-title"),
                    .h2(.id(id + "-title"), .txt(c.commitment.map { t("web.conflicts.heading", ["commitment": .text($0), "field": .text(c.field)]) }
                        ?? t("web.conflicts.heading-file", ["file": .text(c.path), "field": .text(c.field)]))),
                    .div(.cls("sides"),
                         .div(.cls("side"), .h3(.txt(t("web.conflicts.kept"))), .element(named: "pre", nodes: [.txt(c.kept)]), who(c.keptBy, c.keptAt)),
                         .div(.cls("side"), .h3(.txt(t("web.conflicts.lost"))), .element(named: "pre", nodes: [.txt(c.lost)]), who(c.lostBy, c.lostAt))),
                    .unwrap(failed) { f in .div(.cls("problems"), .attr("role", "alert"), .p(.strong(.txt(t("web.save.refused")))), .p(.txt(f.message))) },
                    form("keep", t("web.conflicts.keep")),
                    form("take-lost", t("web.conflicts.take-lost")),
                    form("value", t("web.conflicts.write"), extra: .div(.cls("field"),
                        .element(named: "label", nodes: [.attr("for", id + "-value"), .txt(t("web.conflicts.combined"))]),
                        .element(named: "textarea", nodes: [.id(id + "-value"), .attr("name", "value"), .attr("rows", "4"),
                                                            .txt(failed?.value ?? c.kept + "\n" + c.lost)]))),
                ])
            },
        ])
    }
}

// MARK: Sync

/// What the Sync page shows, read without the network.
public struct SyncView: Sendable {
    public var hub: String?
    public var commitsWaiting: Int
    public var lastAt: Date?
    /// 0 in sync; otherwise `carnet sync`'s exit code (`carnet sync --help`).
    public var lastExitCode: Int32?
    public var lastSummary: String?
    /// The hub refused this copy's changes: `carnet rescue` is needed.
    public var refused: Bool
    public var daemonRunning: Bool

    public init(hub: String?, commitsWaiting: Int, lastAt: Date?, lastExitCode: Int32?, lastSummary: String?,
                refused: Bool, daemonRunning: Bool) {
        self.hub = hub
        self.commitsWaiting = commitsWaiting
        self.lastAt = lastAt
        self.lastExitCode = lastExitCode
        self.lastSummary = lastSummary
        self.refused = refused
        self.daemonRunning = daemonRunning
    }
}

extension Page {
    static func sync(_ language: String, view: SyncView, csrf: String, notice: String?) -> [UInt8] {
        func t(_ key: String, _ a: [String: MessageArgument] = [:]) -> String { Catalogue.text(key, in: language, a) }
        let outcome: String? = view.lastExitCode.map { code in
            switch code {
            case 0: return t("web.sync.outcome.ok")
            case 65: return t("web.sync.outcome.invalid")
            case 75: return t("web.sync.outcome.unreachable")
            case 77: return view.refused ? t("web.sync.outcome.refused") : t("web.sync.outcome.unsafe")
            case 78: return t("web.sync.outcome.no-hub")
            default: return t("web.sync.outcome.failed")
            }
        }
        return layout(language, title: t("web.sync.title"), section: .sync, [
            .h1(.txt(t("web.sync.title"))),
            .unwrap(notice) { .p(.cls("notice"), .attr("role", "status"), .txt($0)) },
            .dl(.cls("facts"),
                .dt(.txt(t("web.sync.hub"))), .dd(.txt(view.hub ?? t("web.sync.no-hub"))),
                .dt(.txt(t("web.sync.last"))),
                .dd(view.lastAt.map { at in .group(.txt(t("web.sync.last-at", ["date": .text(day(at)), "time": .text(time(at))]))) }
                    ?? .txt(t("web.sync.never"))),
                .unwrap(outcome) { .group(.dt(.txt(t("web.sync.outcome"))), .dd(.txt($0))) },
                .unwrap(view.lastSummary.flatMap { $0.isEmpty ? nil : $0 }) { .group(.dt(.txt(t("web.sync.said"))), .dd(.element(named: "pre", nodes: [.txt($0)]))) },
                .dt(.txt(t("web.sync.waiting"))), .dd(.txt(t("web.sync.waiting-count", ["count": .number(view.commitsWaiting)]))),
                .dt(.txt(t("web.sync.daemon"))), .dd(.txt(t(view.daemonRunning ? "web.sync.daemon-running" : "web.sync.daemon-stopped")))),
            .if(view.refused, .div(.cls("problems"),
                .p(.txt(t("web.sync.refused-advice"))),
                .element(named: "form", nodes: [
                    .attr("method", "post"), .attr("action", "/rescue"),
                    .voidElement(named: "input", nodes: [.attr("type", "hidden"), .attr("name", "csrf"), .attr("value", csrf)]),
                    .element(named: "button", nodes: [.attr("type", "submit"), .txt(t("web.sync.rescue"))]),
                ]))),
            .element(named: "form", nodes: [
                .attr("method", "post"), .attr("action", "/sync"),
                .voidElement(named: "input", nodes: [.attr("type", "hidden"), .attr("name", "csrf"), .attr("value", csrf)]),
                .element(named: "button", nodes: [.attr("type", "submit"), .txt(t("web.sync.now"))]),
            ]),
        ])
    }

    static func time(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "HH:mm"
        return formatter.string(from: date)
    }
}
