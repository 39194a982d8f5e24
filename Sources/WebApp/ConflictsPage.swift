import Foundation
import Messages
import Records
import Report
import Workspace

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
        let wording = ConflictWording(language: language)
        func who(_ by: String?, _ at: String?) -> HTMLNode {
            let parts = [by, at.map(wording.when)].compactMap { $0 }
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
                    .h2(.id(id + "-title"), .txt(wording.heading(c))),
                    .div(.cls("sides"),
                         .div(.cls("side"), .h3(.txt(t("web.conflicts.kept"))), .element(named: "pre", nodes: [.txt(wording.value(c.kept, of: c))]),
                              who(c.keptBy, c.keptAt)),
                         .div(.cls("side"), .h3(.txt(t("web.conflicts.lost"))), .element(named: "pre", nodes: [.txt(wording.value(c.lost, of: c))]),
                              who(c.lostBy, c.lostAt))),
                    .unwrap(failed) { f in .div(.cls("problems"), .attr("role", "alert"), .p(.strong(.txt(t("web.save.refused")))), .p(.txt(f.message))) },
                    form("keep", t("web.conflicts.keep")),
                    form("take-lost", t("web.conflicts.take-lost")),
                    // A level or a date is one or the other: only a text can be written from both.
                    wording.isChoice(c) ? .empty : form("value", t("web.conflicts.write"), extra: .div(.cls("field"),
                        .element(named: "label", nodes: [.attr("for", id + "-value"), .txt(t("web.conflicts.combined"))]),
                        .element(named: "textarea", nodes: [.id(id + "-value"), .attr("name", "value"), .attr("rows", "4"),
                                                            .txt(failed?.value ?? c.kept + "\n" + c.lost)]))),
                ])
            },
        ])
    }
}
