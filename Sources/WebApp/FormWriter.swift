import Foundation
import Messages
import Records
import Report

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

    /// Beside a text field whose translation is stale: what to do about it.
    func staleNote(_ name: String) -> HTMLNode {
        .unwrap(form.stale[name]) { .p(.cls("stale"), .id(fieldID(name) + "-stale"), .txt($0)) }
    }

    func described(_ name: String, hint: Bool = false) -> HTMLNode {
        let ids = [hint ? fieldID(name) + "-hint" : nil, form.stale[name] != nil ? fieldID(name) + "-stale" : nil,
                   form.errors[name] != nil ? fieldID(name) + "-error" : nil].compactMap { $0 }
        return .group(.if(!ids.isEmpty, .attr("aria-describedby", ids.joined(separator: " "))),
                      .if(form.errors[name] != nil, .attr("aria-invalid", "true")))
    }

    func hidden(csrf: String, version: String) -> HTMLNode {
        .group(.voidElement(named: "input", nodes: [.attr("type", "hidden"), .attr("name", "csrf"), .attr("value", csrf)]),
               .voidElement(named: "input", nodes: [.attr("type", "hidden"), .attr("name", "version"), .attr("value", version)]),
               .unwrap(TextLanguage.asked) { .voidElement(named: "input", nodes: [.attr("type", "hidden"), .attr("name", "text-language"), .attr("value", $0)]) })
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

    /// A date as people write it ("novembre 2026", "30 novembre 2026"), read back as the command
    /// line reads dates (Desk.typedDate); what was typed and not understood stays as typed. Not
    /// `inputmode="numeric"`: a phone's keypad would have no letters for a month's name.
    func dateField(_ name: String, _ labelKey: String) -> HTMLNode {
        .div(.cls("field"),
             .element(named: "label", nodes: [.attr("for", fieldID(name)), .txt(t(labelKey))]),
             .p(.cls("hint"), .id(fieldID(name) + "-hint"), .txt(t("eyes.field.date.hint"))),
             error(name),
             .voidElement(named: "input", nodes: [.attr("type", "text"), .id(fieldID(name)), .attr("name", name),
                                                  .attr("value", Page.planDate(form.values[name] ?? "", language)),
                                                  .attr("autocomplete", "off"), .attr("size", "18"), described(name, hint: true)]))
    }

    func textField(_ name: String, _ labelKey: String, hint: String?, rows: Int = 3) -> HTMLNode {
        .div(.cls("field"),
             .element(named: "label", nodes: [.attr("for", fieldID(name)), .txt(t(labelKey))]),
             .unwrap(hint) { .p(.cls("hint"), .id(fieldID(name) + "-hint"), .txt($0)) },
             staleNote(name),
             error(name),
             .element(named: "textarea", nodes: [.id(fieldID(name)), .attr("name", name), .attr("rows", String(rows)),
                                                 described(name, hint: hint != nil), .txt(form.values[name] ?? "")]))
    }
}
