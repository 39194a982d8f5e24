import Foundation
import Records
import Workspace

/// What a plan workbook does not carry, kept from the plan's records when it is imported again:
/// without this, the same workbook imported twice erased an organisation's members (the people
/// who sync for it) and every translation of the plan's and commitments' texts, silently. A
/// field the workbook does not carry is not a deletion. Kept:
/// - every text's other languages (`keepingTranslations`): the workbook holds the plan's first
///   language only; where that value is unchanged the text stays as it was, where it changed the
///   new value replaces it and its translations are kept, then marked stale (TranslationStamp);
/// - the plan's members, self-assessment dates, calendar rule, closing day, logo and recorded
///   conflicts; the point of contact's keys, hub account, `public` and language;
/// - an organisation's members, its contacts after the first, its recorded conflicts;
/// - a commitment's recorded conflicts, and its contact's keys, account, `public` and language.
enum PlanKept {
    /// Applies to every plan, organisation and commitment file the workbook gives that the copy
    /// already holds (a file that does not read is replaced as before: the validator judges it).
    static func records(_ files: inout [String: String], records: PlanRecords, copy: WorkingCopy) {
        let language = records.planLanguage
        func old<R>(_ path: String, _ read: (RecordSource) -> R?) -> R? {
            guard files[path] != nil, let bytes = FileManager.default.contents(atPath: copy.path(path)) else { return nil }
            return read(RecordSource(bytes: [UInt8](bytes), path: path))
        }
        if let new = records.plan, let old = old(PlanLayout.planFile, { Plan.read($0) }) {
            var kept = new
            kept.members = old.members
            kept.selfAssessments = old.selfAssessments
            kept.calendar = old.calendar
            kept.closed = old.closed
            kept.logo = old.logo
            kept.conflicts = old.conflicts
            kept.pointOfContact = person(new.pointOfContact, old: old.pointOfContact)
            kept.themes = new.themes.map { theme in
                guard let was = old.theme(theme.id) else { return theme }
                return Theme(id: theme.id, title: keeping(theme.title, was.title, language: language))
            }
            files[PlanLayout.planFile] = keepingTranslations(kept, old: old, language: language).canonicalYAML
        }
        for (id, new) in records.ministries {
            let path = PlanLayout.ministryFile(id)
            guard let old = old(path, { Ministry.read($0, expectedID: id) }) else { continue }
            var kept = new
            kept.members = old.members
            kept.contacts = new.contacts.prefix(1).map { person($0, old: old.contacts.first) } + old.contacts.dropFirst()
            kept.conflicts = old.conflicts
            files[path] = keepingTranslations(kept, old: old, language: language).canonicalYAML
        }
        for (id, new) in records.commitments {
            let path = PlanLayout.commitmentFile(id)
            guard let old = old(path, { Commitment.read($0, expectedID: id) }) else { continue }
            var kept = new
            kept.conflicts = old.conflicts
            kept.contact = person(new.contact, old: old.contact)
            files[path] = keepingTranslations(kept, old: old, language: language).canonicalYAML
        }
    }

    /// `new` (its texts in the first language only, as a workbook gives them) with each text's
    /// other languages taken from `old`, the same field by its path (`description.problem`,
    /// `milestones.m2.activity`), then its translations' fingerprints brought up to date: a
    /// translation whose first-language text changed is marked stale, never dropped.
    static func keepingTranslations<R: TextFields>(_ new: R, old: R, language: String) -> R {
        let before = Dictionary(old.texts, uniquingKeysWith: { a, _ in a })
        return new.mappingTexts { field, text in before[field].map { keeping(text, $0, language: language) } ?? text }
            .stampingTranslations(after: old, firstLanguage: language)
    }

    /// One text: `old` as it was when its first-language value is the workbook's, otherwise
    /// `old` with that value set (its other languages kept).
    static func keeping(_ new: Text, _ old: Text, language: String) -> Text {
        guard let value = new.value(in: language, planLanguage: language) else { return new }
        return old.value(in: language, planLanguage: language) == value ? old : old.setting(value, language: nil, planLanguage: language)
    }

    /// A person the workbook gives (name, title, organisation, email, phone) with what it does
    /// not carry kept from the same person as recorded: keys, hub account, `public`, language.
    static func person(_ new: Person, old: Person?) -> Person {
        guard let old, PeopleInput.fold(old.name) == PeopleInput.fold(new.name) else { return new }
        var kept = new
        kept.keys = old.keys
        kept.account = old.account
        kept.isPublic = old.isPublic
        kept.language = old.language
        return kept
    }
}
