import Foundation
import Git
import Messages
import Records

/// What `carnet plan import` needs from a copy: the plan's definition files written as ONE commit
/// through the copy's guardrails (the same AccessRule as every edit: only the point of contact,
/// or a copy never attached to a hub, writes plan.yaml, organisations and commitments).
extension WorkingCopy {
    /// Writes the files whose text differs from what is on disk, and deletes `removing` (rows
    /// the person chose to remove: `--remove-missing`), as one commit; nil when every file
    /// already holds that text and nothing is removed (the same spreadsheet imported again: no
    /// commit). A path to write or delete with edits not committed refuses the whole import.
    @discardableResult
    public func commitPlanFiles(_ texts: [String: String], removing: [String] = [],
                                message: String) throws -> (commit: String?, changed: [String]) {
        let changed = texts.keys.sorted().filter { path in
            FileManager.default.contents(atPath: self.path(path)) != Data(texts[path]!.utf8)
        }
        if changed.isEmpty && removing.isEmpty { return (nil, []) }
        for path in changed + removing { try requireWriteAccess(path) }
        let dirty = try uncommitted(changed + removing)
        if !dirty.isEmpty {
            throw WorkspaceError.refused(Catalogue.text("sheets.import.uncommitted", ["paths": .text(dirty.joined(separator: ", "))]))
        }
        for path in changed { try writeAtomically(texts[path]!, to: path) }
        try delete(removing)
        return (try commit(changed + removing, message: message)?.description, changed + removing)
    }

    /// Every file under a folder of the plan, committed or only on disk (relative paths,
    /// sorted): what removing the folder deletes. A name PathRules refuses is left out (the
    /// validator names it).
    public func files(under folder: String) throws -> [String] {
        var out = Set<String>()
        if let head = try git({ try repository.headCommitID() }) {
            for file in try git({ try repository.files(at: head, under: folder) }) { out.insert(file.path) }
        }
        let base = root.appendingPathComponent(folder)
        if let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isDirectoryKey]) {
            for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) != true {
                guard url.path.hasPrefix(base.path + "/") else { continue }
                let relative = folder + "/" + String(url.path.dropFirst(base.path.count + 1))
                if PathRules.problem(in: relative) == nil { out.insert(relative) }
            }
        }
        return out.sorted()
    }

    /// Deletes files of the plan, then the folders they leave empty (an empty commitment folder
    /// would read as a commitment without its file).
    private func delete(_ paths: [String]) throws {
        let fm = FileManager.default
        for path in paths where fm.fileExists(atPath: self.path(path)) {
            do { try fm.removeItem(atPath: self.path(path)) } catch {
                throw WorkspaceError.io(Catalogue.text("workspace.cannot-write", ["path": .text(path), "reason": .text(Catalogue.reason(for: error))]))
            }
            // Up to, not including, the layout's own folders (commitments/, ministries/).
            var folder = (path as NSString).deletingLastPathComponent
            while folder.contains("/"), (try? fm.contentsOfDirectory(atPath: self.path(folder)))?.isEmpty == true {
                try? fm.removeItem(atPath: self.path(folder))
                folder = (folder as NSString).deletingLastPathComponent
            }
        }
    }
}
