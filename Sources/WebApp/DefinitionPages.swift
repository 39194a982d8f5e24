import Foundation
import Messages
import Records
import Report
import Workspace

/// The point of contact's forms for what it writes (docs/WEB.md, "Definitions"): a commitment's
/// definition with its milestones, and an organisation's name and parent. Same form machinery as
/// the progress forms (FormWriter): each problem next to its field, what was typed kept.
extension Page {
    /// The form's fields, in the order a person reads them (milestones' are `m.<id>.<field>`,
    /// the milestone to add `new.<field>`).
    static let definitionFields = ["title", "code", "lead", "start", "end", "themes", "draft", "problem", "commitment-text", "solution", "relevance"]
    static let milestoneDefinitionFields = ["activity", "code", "lead", "start", "end"]

    /// The form's values, texts in `language` where the record has them (nil: the first; else
    /// the first language's, to translate, as a commitment's page shows progress texts).
    static func definitionValues(_ c: Commitment, planLanguage: String, language: String? = nil) -> [String: String] {
        func text(_ t: Text?) -> String {
            t?.value(in: language ?? planLanguage, planLanguage: planLanguage) ?? t?.anyValue(preferring: planLanguage) ?? ""
        }
        var v = ["title": text(c.title), "code": c.code ?? "", "lead": c.leadAgency,
                 "start": c.toComplete.contains("start") ? "" : c.start.description, "end": c.toComplete.contains("end") ? "" : c.end.description,
                 "themes": c.themes.map { $0.anyValue(preferring: planLanguage) }.joined(separator: "\n"), "draft": c.draft ? "yes" : "",
                 "problem": text(c.description.problem), "commitment-text": text(c.description.commitment),
                 "solution": text(c.description.solution), "relevance": text(c.description.relevance)]
        for m in c.milestones {
            let gap = "milestones.\(m.id)."
            v["m.\(m.id).activity"] = text(m.activity)
            v["m.\(m.id).code"] = m.code ?? ""
            v["m.\(m.id).lead"] = m.leadAgency ?? ""
            v["m.\(m.id).start"] = c.toComplete.contains(gap + "start") ? "" : m.start.description
            v["m.\(m.id).end"] = c.toComplete.contains(gap + "end") ? "" : m.end.description
        }
        return v
    }

    /// A commitment's definition (the point of contact's): one form, one save, one commit.
    static func definition(_ language: String, commitment c: Commitment, organisations: [(id: String, name: String)], themes: [(id: String, title: String)],
                           version: String, csrf: String, notice: String?, form: MilestoneForm,
                           texts: (languages: [String], chosen: String?) = ([], nil)) -> [UInt8] {
        func t(_ key: String, _ a: [String: MessageArgument] = [:]) -> String { Catalogue.text(key, in: language, a) }
        let f = FormWriter(prefix: "def", form: form, language: language)
        let title = t("wpoc.define.heading", ["number": .text(String(c.number)), "title": .text(c.title.anyValue())])
        let leads = organisations.map { ($0.id, $0.name) }
        return layout(language, title: title, section: .none, [
            .h1(.txt(title)),
            .unwrap(notice) { .p(.cls("notice"), .attr("role", "status"), .txt($0)) },
            .p(.a(.href("/c/\(c.id)"), .txt(t("wpoc.define.back")))),
            // The languages first: the intro speaks of "the language chosen above".
            textLanguages(language, address: "/c/\(c.id)/define", languages: texts.languages, chosen: texts.chosen),
            .p(.cls("hint"), .txt(t("wcache.define.intro"))),
            f.definitionProblems(),
            .element(named: "form", nodes: [
                .attr("method", "post"), .attr("action", "/c/\(c.id)/define"),
                .voidElement(named: "input", nodes: [.attr("type", "hidden"), .attr("name", "csrf"), .attr("value", csrf)]),
                .voidElement(named: "input", nodes: [.attr("type", "hidden"), .attr("name", "version"), .attr("value", version)]),
                .unwrap(TextLanguage.asked) { .voidElement(named: "input", nodes: [.attr("type", "hidden"), .attr("name", "text-language"), .attr("value", $0)]) },
                .element(named: "fieldset", nodes: [
                    .element(named: "legend", nodes: [.txt(t("wpoc.define.general"))]),
                    f.textField("title", "wpoc.field.title", hint: nil, rows: 2),
                    f.line("code", "wpoc.field.code", hint: t("wpoc.field.code.hint")),
                    f.choice("lead", "wpoc.field.lead", leads, none: nil),
                    f.dateField("start", "wpoc.field.start"),
                    f.dateField("end", "wpoc.field.end"),
                    themes.isEmpty
                        ? f.textField("themes", "wpoc.field.themes", hint: t("wpoc.field.themes.hint"), rows: 3)
                        : f.checkboxes("themes", "wpoc.field.themes", themes),
                    f.checkbox("draft", "wpoc.field.draft", hint: t("wpoc.field.draft.hint")),
                ]),
                .element(named: "fieldset", nodes: [
                    .element(named: "legend", nodes: [.txt(t("wpoc.define.description"))]),
                    f.textField("problem", "wpoc.field.problem", hint: nil, rows: 4),
                    f.textField("commitment-text", "wpoc.field.commitment-text", hint: nil, rows: 4),
                    f.textField("solution", "wpoc.field.solution", hint: nil, rows: 4),
                    f.textField("relevance", "wpoc.field.relevance", hint: nil, rows: 3),
                ]),
                .forEach(c.milestones) { m in
                    .element(named: "fieldset", nodes: [
                        .id("milestone-\(m.id)"),
                        .element(named: "legend", nodes: [.txt(t("wpoc.define.milestone", ["id": .text(m.id)]))]),
                        f.milestoneFields("m.\(m.id).", leads: leads),
                    ])
                },
                .element(named: "fieldset", nodes: [
                    .id("new-milestone"),
                    .element(named: "legend", nodes: [.txt(t("wpoc.define.new-milestone"))]),
                    .p(.cls("hint"), .txt(t("wpoc.define.new-milestone.hint"))),
                    f.milestoneFields("new.", leads: leads),
                ]),
                .element(named: "button", nodes: [.attr("type", "submit"), .txt(t("wpoc.define.save"))]),
            ]),
        ])
    }

    /// Every organisation of the plan, each with a link to its form.
    static func organisations(_ language: String, _ list: [(id: String, name: String, kind: String, parent: String?)], notice: String?) -> [UInt8] {
        func t(_ key: String, _ a: [String: MessageArgument] = [:]) -> String { Catalogue.text(key, in: language, a) }
        let names = Dictionary(list.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        return layout(language, title: t("wpoc.orgs.title"), section: .organisations, [
            .h1(.txt(t("wpoc.orgs.title"))),
            .unwrap(notice) { .p(.cls("notice"), .attr("role", "status"), .txt($0)) },
            .p(.cls("hint"), .txt(t("wpoc.orgs.intro"))),
            .ul(.cls("cards"), .forEach(list) { o in
                .li(.cls("card"),
                    .h2(.a(.href("/organisations/\(o.id)"), .txt(o.name))),
                    .p(.txt(t("wpoc.orgs.line", ["id": .text(o.id), "kind": .text(o.kind)]))),
                    .unwrap(o.parent) { .p(.txt(t("wpoc.orgs.parent", ["parent": .text(names[$0] ?? $0)]))) })
            }),
        ])
    }

    static func organisation(_ language: String, id: String, name: String? = nil, others: [(id: String, name: String)], version: String, csrf: String,
                             notice: String?, form: MilestoneForm) -> [UInt8] {
        func t(_ key: String, _ a: [String: MessageArgument] = [:]) -> String { Catalogue.text(key, in: language, a) }
        let f = FormWriter(prefix: "org", form: form, language: language)
        // By its name, as the list names it ("Organisation autorite-terres" read as a code).
        let title = name.map { t("eyes.org.heading", ["name": .text($0)]) } ?? t("wpoc.org.heading", ["id": .text(id)])
        return layout(language, title: title, section: .organisations, [
            .h1(.txt(title)),
            .if(name != nil, .p(.cls("hint"), .txt(t("eyes.org.identifier", ["id": .text(id)])))),
            .unwrap(notice) { .p(.cls("notice"), .attr("role", "status"), .txt($0)) },
            .p(.a(.href("/organisations"), .txt(t("wpoc.org.back")))),
            f.definitionProblems(),
            .element(named: "form", nodes: [
                .attr("method", "post"), .attr("action", "/organisations/\(id)"),
                .voidElement(named: "input", nodes: [.attr("type", "hidden"), .attr("name", "csrf"), .attr("value", csrf)]),
                .voidElement(named: "input", nodes: [.attr("type", "hidden"), .attr("name", "version"), .attr("value", version)]),
                f.line("name", "wpoc.field.name", hint: nil),
                f.choice("parent", "wpoc.field.parent", others.map { ($0.id, $0.name) }, none: t("wpoc.field.parent.none")),
                .p(.cls("hint"), .txt(t("wpoc.org.members"))),
                .element(named: "button", nodes: [.attr("type", "submit"), .txt(t("wpoc.org.save"))]),
            ]),
        ])
    }
}

extension FormWriter {
    /// The refusal above the form, and what the person typed when the file changed under them.
    func definitionProblems() -> HTMLNode {
        .group(
            .unwrap(form.unsaved) { typed in
                .div(.cls("unsaved"),
                     .p(.strong(.txt(t("wpoc.save.changed")))),
                     .p(.txt(t("web.save.your-entry"))),
                     .dl(.forEach(typed.keys.sorted().filter { !(typed[$0] ?? "").isEmpty && typed[$0] != form.values[$0] }) { name in
                         .group(.dt(.txt(fieldLabel(name))), .dd(.txt(typed[name]!)))
                     }))
            },
            .unwrap(form.general.isEmpty ? nil : form.general) { problems in
                .div(.cls("problems"), .attr("role", "alert"),
                     .p(.strong(.txt(t("web.save.refused")))),
                     .ul(.forEach(problems) { .li(.txt($0)) }))
            })
    }

    /// A field of these forms by its label, not its name in the form: "Étape clé m2 : Fin" for
    /// `m.m2.end`, "Ajouter une étape clé : Activité" for `new.activity`.
    func fieldLabel(_ name: String) -> String {
        func label(_ field: String, milestone: Bool) -> String {
            let key = "wpoc.field." + (milestone && field == "lead" ? "milestone-lead" : field)
            return Catalogue.shared.has(key, in: language) ? t(key) : field
        }
        let parts = name.split(separator: ".", maxSplits: 2).map(String.init)
        if parts.count == 3, parts[0] == "m" {
            return t("eyes.field-in", ["part": .text(t("wpoc.define.milestone", ["id": .text(parts[1])])), "field": .text(label(parts[2], milestone: true))])
        }
        if parts.count == 2, parts[0] == "new" {
            return t("eyes.field-in", ["part": .text(t("wpoc.define.new-milestone")), "field": .text(label(parts[1], milestone: true))])
        }
        return label(name, milestone: false)
    }

    func milestoneFields(_ prefix: String, leads: [(String, String)]) -> HTMLNode {
        .group(textField(prefix + "activity", "wpoc.field.activity", hint: nil, rows: 2),
               line(prefix + "code", "wpoc.field.code", hint: nil),
               choice(prefix + "lead", "wpoc.field.milestone-lead", leads, none: t("wpoc.field.milestone-lead.none")),
               dateField(prefix + "start", "wpoc.field.start"),
               dateField(prefix + "end", "wpoc.field.end"))
    }

    func line(_ name: String, _ labelKey: String, hint: String?, label arguments: [String: MessageArgument] = [:]) -> HTMLNode {
        .div(.cls("field"),
             .element(named: "label", nodes: [.attr("for", fieldID(name)), .txt(t(labelKey, arguments))]),
             .unwrap(hint) { .p(.cls("hint"), .id(fieldID(name) + "-hint"), .txt($0)) },
             staleNote(name),
             error(name),
             .voidElement(named: "input", nodes: [.attr("type", "text"), .id(fieldID(name)), .attr("name", name),
                                                  .attr("value", form.values[name] ?? ""), .attr("autocomplete", "off"),
                                                  described(name, hint: hint != nil)]))
    }

    /// A list to choose from; `none` adds a first choice meaning "none" (sent as "").
    func choice(_ name: String, _ labelKey: String, _ options: [(String, String)], none: String?) -> HTMLNode {
        let current = form.values[name] ?? ""
        return .div(.cls("field"),
             .element(named: "label", nodes: [.attr("for", fieldID(name)), .txt(t(labelKey))]),
             error(name),
             .element(named: "select", nodes: [
                .id(fieldID(name)), .attr("name", name), described(name),
                .unwrap(none) { .element(named: "option", nodes: [.attr("value", ""), .if(current.isEmpty, .attr("selected", "selected")), .txt($0)]) },
                // A value not among the choices (an unknown id typed in the file) stays visible, to be corrected.
                .if(!current.isEmpty && !options.contains { $0.0 == current },
                    .element(named: "option", nodes: [.attr("value", current), .attr("selected", "selected"), .txt(current)])),
                .forEach(options) { option in
                    .element(named: "option", nodes: [.attr("value", option.0), .if(option.0 == current, .attr("selected", "selected")),
                                                      .txt(option.1 == option.0 ? option.0 : "\(option.1) (\(option.0))")])
                },
             ]))
    }

    func checkboxes(_ name: String, _ labelKey: String, _ options: [(id: String, title: String)]) -> HTMLNode {
        let chosen = Set((form.values[name] ?? "").split(separator: "\n").map(String.init))
        return .element(named: "fieldset", nodes: [
            .element(named: "legend", nodes: [.txt(t(labelKey))]),
            .voidElement(named: "input", nodes: [.attr("type", "hidden"), .attr("name", name + "-shown"), .attr("value", "1")]),
            error(name),
            .forEach(options) { option in
                .div(.cls("choice"),
                     .voidElement(named: "input", nodes: [.attr("type", "checkbox"), .attr("name", name), .attr("value", option.id),
                                                          .id(fieldID(name + "-" + option.id)),
                                                          .if(chosen.contains(option.id), .attr("checked", "checked"))]),
                     .element(named: "label", nodes: [.attr("for", fieldID(name + "-" + option.id)), .txt(option.title)]))
            },
        ])
    }

    func checkbox(_ name: String, _ labelKey: String, hint: String) -> HTMLNode {
        .div(.cls("choice"),
             .voidElement(named: "input", nodes: [.attr("type", "hidden"), .attr("name", name + "-shown"), .attr("value", "1")]),
             .voidElement(named: "input", nodes: [.attr("type", "checkbox"), .attr("name", name), .attr("value", "yes"), .id(fieldID(name)),
                                                  .if(form.values[name] == "yes", .attr("checked", "checked")),
                                                  .attr("aria-describedby", fieldID(name) + "-hint")]),
             .element(named: "label", nodes: [.attr("for", fieldID(name)), .txt(t(labelKey))]),
             .p(.cls("hint"), .id(fieldID(name) + "-hint"), .txt(hint)),
             error(name))
    }
}
