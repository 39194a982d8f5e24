import Foundation
import Git
import Messages
import Records

/// What a spreadsheet import needs from a copy (Sheets module): the commit a workbook was made
/// from, the records as of that commit, and one commit of several progress files, each judged
/// by the same access rule and validator as every other edit.
extension WorkingCopy {
    /// HEAD's commit id, as hex; nil in a repository with no commit yet.
    public func headCommitHex() throws -> String? {
        try git { try repository.headCommitID()?.description }
    }

    /// A file's bytes as of a commit, as text; nil when the commit has no such file. Throws
    /// `WorkspaceError.usage` when this copy does not hold the commit (a workbook from another
    /// plan, or a commit the copy has not fetched).
    public func committedText(_ path: String, at commit: String) throws -> String? {
        guard let id = ObjectID(hex: commit), (try? repository.commit(id)) != nil else {
            throw WorkspaceError.usage(Catalogue.text("sheets.import.unknown-commit", ["commit": .text(commit)]))
        }
        return try git { try repository.fileData(path, at: id) }.map { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether this copy holds the commit.
    public func holdsCommit(_ commit: String) -> Bool {
        guard let id = ObjectID(hex: commit) else { return false }
        return (try? repository.commit(id)) != nil
    }

    /// The plan as of a commit (read from its blobs).
    public func snapshot(at commit: String) throws -> PlanSnapshot {
        guard let id = ObjectID(hex: commit) else {
            throw WorkspaceError.usage(Catalogue.text("sheets.import.unknown-commit", ["commit": .text(commit)]))
        }
        return try git { try PlanSnapshot.of(repository, at: id) }
    }

    /// Paths among `paths` whose file differs from HEAD (hand edits not committed yet).
    public func uncommitted(_ paths: [String]) throws -> [String] {
        let head = try git { try repository.headCommitID() }
        return try paths.filter { path in
            let disk = FileManager.default.contents(atPath: self.path(path))
            let committed = try head.flatMap { commit in try git { try repository.fileData(path, at: commit) } }
            return disk != committed
        }
    }

    /// Writes several progress files as ONE commit, or nothing: every path is checked by the
    /// access rule (this copy's ministry) and every text by the validator first.
    /// Returns the commit id, nil when nothing changed. `snapshot`: the plan the texts are
    /// judged against when the caller has it loaded already (the records of HEAD, or these
    /// commitments as they are on disk); nil: these commitments are read from disk.
    @discardableResult
    public func commitProgress(_ texts: [String: String], message: String, in loaded: PlanSnapshot? = nil) throws -> String? {
        let snapshot = loaded ?? snapshot(only: Set(texts.keys))
        for commitmentID in texts.keys.sorted() {
            let (after, diagnostics) = PlanValidator().validateProgress(text: texts[commitmentID]!, commitmentID: commitmentID, in: snapshot)
            if diagnostics.hasErrors {
                throw WorkspaceError.invalid(diagnostics, Catalogue.text("workspace.would-be-invalid",
                                                                         ["path": .text(PlanLayout.progressFile(commitmentID))]))
            }
            // The change itself is judged (a milestone's lead may change its milestones only).
            try requireWriteAccess(PlanLayout.progressFile(commitmentID),
                                   change: after.map { (snapshot.commitments[commitmentID]?.progress?.record, $0) })
        }
        let paths = texts.keys.sorted().map(PlanLayout.progressFile)
        for commitmentID in texts.keys.sorted() {
            try writeAtomically(texts[commitmentID]!, to: PlanLayout.progressFile(commitmentID))
        }
        return try commit(paths, message: message)?.description
    }
}
