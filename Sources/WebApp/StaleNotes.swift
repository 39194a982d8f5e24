import Foundation
import Messages
import Records
import Workspace

/// Stale translations (TranslationStamp, as `carnet status` lists them: the one engine,
/// `WorkingCopy.staleTranslations(commitment:)`) said beside the form fields they are about, in
/// the language the page shows its texts in: in the first language, which translations of this
/// text are older than it; in another, that this translation is.
extension Page {
    /// Form field by record field, for a file of the commitment: `record field → form field`.
    static func staleNotes(_ stale: [StaleTranslation], file: String, fields: [String: String], first: String, chosen: String?,
                           language: String) -> [String: String] {
        var languages: [String: [String]] = [:]
        for s in stale where s.path == file {
            if let field = fields[s.field] { languages[field, default: []].append(s.language) }
        }
        var notes: [String: String] = [:]
        for (field, codes) in languages {
            if let chosen {
                guard codes.contains(chosen) else { continue }
                notes[field] = Catalogue.text("wcache.stale.this", in: language, ["first": .text(languageName(first, in: language))])
            } else {
                notes[field] = Catalogue.text("wcache.stale.others", in: language, [
                    "languages": .text(codes.sorted().map { languageName($0, in: language) }.joined(separator: ", ")), "count": .number(codes.count)])
            }
        }
        return notes
    }

    /// A language's name inside a sentence of `language` ("le texte en anglais", not "en
    /// English"): `cli.language.name.CODE`; a language the catalogue does not name, by its code.
    static func languageName(_ code: String, in language: String) -> String {
        Catalogue.shared.has("cli.language.name.\(code)", in: language) ? Catalogue.text("cli.language.name.\(code)", in: language) : code
    }

    /// A text field of a commitment's records by the label its form gives it ("Étape clé m2 :
    /// Note" for `milestones.m2.note`), as the stale translations are listed; else as named.
    static func textFieldLabel(_ field: String, language: String) -> String {
        func t(_ key: String, _ a: [String: MessageArgument] = [:]) -> String { Catalogue.text(key, in: language, a) }
        let labels = ["results": "web.field.results", "next_steps": "web.field.next-steps", "delay_reason": "web.field.delay-reason",
                      "note": "web.field.note", "activity": "wpoc.field.activity", "title": "wpoc.field.title",
                      "description.problem": "wpoc.field.problem", "description.commitment": "wpoc.field.commitment-text",
                      "description.solution": "wpoc.field.solution", "description.relevance": "wpoc.field.relevance"]
        let parts = field.split(separator: ".", maxSplits: 2).map(String.init)
        if parts.count == 3, parts[0] == "milestones", let key = labels[parts[2]] {
            return t("eyes.field-in", ["part": .text(t("wpoc.define.milestone", ["id": .text(parts[1])])), "field": .text(t(key))])
        }
        return labels[field].map { t($0) } ?? field
    }

    /// The progress texts a form shows: the commitment's own (`milestone` nil) or a milestone's.
    static func progressFields(milestone: String?) -> [String: String] {
        guard let milestone else { return ["results": "results", "next_steps": "next-steps", "delay_reason": "delay-reason"] }
        return ["milestones.\(milestone).note": "note", "milestones.\(milestone).delay_reason": "delay-reason"]
    }

    /// The texts of a commitment's definition form.
    static func definitionRecordFields(_ c: Commitment) -> [String: String] {
        var fields = ["title": "title", "description.problem": "problem", "description.commitment": "commitment-text",
                      "description.solution": "solution", "description.relevance": "relevance"]
        for m in c.milestones { fields["milestones.\(m.id).activity"] = "m.\(m.id).activity" }
        return fields
    }
}
