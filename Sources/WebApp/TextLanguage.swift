import Foundation
import Messages
import Report
import Workspace

/// The language a commitment's forms show and save its texts in (note, reason for delay,
/// results, next steps): one of the plan's languages, asked for by the request (`?text=en` on
/// the page, the form's `text-language` field); none asked, or one the plan does not have, is
/// the plan's first language. Set for the request by its route.
enum TextLanguage {
    @TaskLocal static var asked: String?

    /// What an address or a form sent, when it looks like a language code (it is checked against
    /// the plan's languages before any use).
    static func code(_ given: Substring?) -> String? {
        guard let given, (2...3).contains(given.count), given.allSatisfy({ $0.isASCII && $0.isLowercase }) else { return nil }
        return String(given)
    }

    /// `&text=en` for an address back to the page, when a language was asked.
    static var query: String { asked.map { "&text=\($0)" } ?? "" }
}

extension Desk {
    /// The plan's languages, and the one asked for the texts when the plan has it and it is not
    /// the first (nil: the first, as `carnet milestone set` without `--lang`).
    func textLanguage(_ copy: WorkingCopy) -> (chosen: String?, languages: [String]) {
        let languages = copy.snapshot(only: []).plan?.record?.languages ?? []
        guard let asked = TextLanguage.asked, languages.dropFirst().contains(asked) else { return (nil, languages) }
        return (asked, languages)
    }
}

extension Page {
    /// "Texts in: Français · English", each a link to the page with its texts in that language.
    static func textLanguages(_ language: String, sheet: CommitmentSheet, languages: [String], chosen: String?) -> HTMLNode {
        textLanguages(language, address: "/c/\(sheet.id)", languages: languages, chosen: chosen)
    }

    /// The same, for the page at `address` (a commitment's, its definition's).
    static func textLanguages(_ language: String, address: String, languages: [String], chosen: String?) -> HTMLNode {
        guard languages.count > 1 else { return .empty }
        func t(_ key: String, _ a: [String: MessageArgument] = [:]) -> String { Catalogue.text(key, in: language, a) }
        let current = chosen ?? languages[0]
        return .element(named: "nav", nodes: [
            .cls("languages"), .attr("aria-label", t("web.text.label")),
            .p(.txt(t("web.text.label") + " "),
               .forEach(languages.enumerated()) { i, code in
                   .group(.if(i > 0, .txt(" · ")),
                          .a(.href(address + (i == 0 ? "" : "?text=\(code)")), .if(code == current, .attr("aria-current", "true")),
                             .txt(name(of: code))))
               }),
            .if(chosen != nil, .p(.cls("hint"), .txt(t("web.text.other")))),
        ])
    }

    /// A language's own name ("Français", "English") when the catalogue speaks it; else its code.
    static func name(of code: String) -> String {
        ReportLanguage(rawValue: code).map { Catalogue.text("web.contact.draft.language-name", in: $0.rawValue) } ?? code
    }
}
