import Foundation
import Records
import Workspace

/// What a plan workbook does not carry, kept from the plan's records when it is imported again:
/// without this, the same workbook imported twice erased an organisation's members (the people
/// who sync for it) silently. Kept: its members, its contacts after the first, its recorded
/// conflicts, and the other languages of its name (marked stale when the name changes).
enum PlanKept {
    static func organisations(_ files: inout [String: String], records: PlanRecords, copy: WorkingCopy) {
        let language = records.planLanguage
        for (id, new) in records.ministries {
            let path = PlanLayout.ministryFile(id)
            guard let bytes = FileManager.default.contents(atPath: copy.path(path)),
                  let old = Ministry.read(RecordSource(bytes: [UInt8](bytes), path: path), expectedID: id) else { continue }
            var kept = new
            kept.members = old.members
            kept.contacts = Array(new.contacts.prefix(1)) + old.contacts.dropFirst()
            kept.conflicts = old.conflicts
            if let name = new.name.value(in: language, planLanguage: language) {
                kept.name = old.name.value(in: language, planLanguage: language) == name
                    ? old.name : old.name.setting(name, language: nil, planLanguage: language)
            }
            files[path] = kept.stampingTranslations(after: old, firstLanguage: language).canonicalYAML
        }
    }
}
