import Foundation
import Git
import Messages
import Records

/// What `carnet plan import` needs from a copy: the plan's definition files written as ONE commit
/// through the copy's guardrails (the same AccessRule as every edit: only the point of contact,
/// or a copy never attached to a hub, writes plan.yaml, organisations and commitments).
extension WorkingCopy {
    /// Writes the files whose text differs from what is on disk, as one commit; nil when every
    /// file already holds that text (the same spreadsheet imported again: no commit).
    @discardableResult
    public func commitPlanFiles(_ texts: [String: String], message: String) throws -> (commit: String?, changed: [String]) {
        let changed = texts.keys.sorted().filter { path in
            FileManager.default.contents(atPath: self.path(path)) != Data(texts[path]!.utf8)
        }
        if changed.isEmpty { return (nil, []) }
        for path in changed { try requireWriteAccess(path) }
        let dirty = try uncommitted(changed)
        if !dirty.isEmpty {
            throw WorkspaceError.refused(Catalogue.text("sheets.import.uncommitted", ["paths": .text(dirty.joined(separator: ", "))]))
        }
        for path in changed { try writeAtomically(texts[path]!, to: path) }
        return (try commit(changed, message: message)?.description, changed)
    }
}
