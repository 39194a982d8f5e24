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
                notes[field] = Catalogue.text("wcache.stale.this", in: language, ["first": .text(name(of: first))])
            } else {
                notes[field] = Catalogue.text("wcache.stale.others", in: language, [
                    "languages": .text(codes.sorted().map(name(of:)).joined(separator: ", ")), "count": .number(codes.count)])
            }
        }
        return notes
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
