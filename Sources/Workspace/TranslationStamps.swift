import Foundation
import Git
import Records

extension WorkingCopy {
    /// Before hand edits are committed: the fingerprints that tell a stale translation
    /// (TranslationStamp) are brought up to date in each changed record, compared with its last
    /// committed text. A person editing the YAML never writes them: changing the French marks
    /// the English stale; changing the English clears its mark. A record whose fingerprints
    /// change is rewritten canonically (as `carnet format` would); others are left as they are.
    public func stampTranslations(in paths: [String]) throws {
        let records = paths.filter(PlanLayout.isRecord)
        guard !records.isEmpty else { return }
        // Read as the validator reads: through the folder source, which follows no link.
        let folder = FolderSource(root)
        guard let planBytes = folder.read(PlanLayout.planFile, limit: YAMLGuard.maxRecordBytes),
              let plan = Plan.read(RecordSource(bytes: planBytes, path: PlanLayout.planFile)) else { return }
        let committed = try git { try repository.headCommitID().map { try CommitSource(repository: repository, commit: $0) } }
        for path in records {
            guard let text = folder.read(path, limit: YAMLGuard.maxRecordBytes) else { continue }
            let before = committed?.read(path, limit: YAMLGuard.maxRecordBytes)
            if let stamped = TranslationStamp.restamp(path: path, text: text, before: before, firstLanguage: plan.language) {
                try writeAtomically(stamped, to: path)
            }
        }
    }

    /// The translations that went stale, as they will stand once the pending hand edits are
    /// committed: a French text just changed lists its English, an English text just corrected
    /// is no longer listed. What `status` and `show` list (`validate` judges the files alone).
    public func staleTranslations() throws -> [StaleTranslation] {
        try staleTranslations(only: nil)
    }

    /// The same, for one commitment's files only: its page reads that commitment, not the
    /// thousand others of the plan (on a 1,000-commitment plan, reading them all was nearly the
    /// whole time of the web app's commitment page).
    public func staleTranslations(commitment id: String) throws -> [StaleTranslation] {
        let folder = PlanLayout.commitmentDir(id) + "/"
        return try staleTranslations(only: [id]).filter { $0.path.hasPrefix(folder) }
    }

    private func staleTranslations(only: Set<String>?) throws -> [StaleTranslation] {
        let snapshot = self.snapshot(only: only)
        guard let first = snapshot.plan?.record?.language else { return [] }
        let within = only.map { ids in Set(ids.map { PlanLayout.commitmentDir($0) + "/" }) }
        // One commitment's page asks git about that commitment's folder only.
        let one: String? = only.flatMap { $0.count == 1 ? $0.first : nil }
        let changed = Set(try git { try one.map { try repository.changedFiles(under: PlanLayout.commitmentDir($0)) } ?? repository.changedFiles() }
            .filter { $0.change != .deleted && PlanLayout.isRecord($0.path) }.map(\.path)
            .filter { path in within.map { $0.contains { path.hasPrefix($0) } } ?? true })
        var out = snapshot.staleTranslations().filter { !changed.contains($0.path) }
        guard !changed.isEmpty else { return out }
        let folder = FolderSource(root)
        let committed = try git { try repository.headCommitID().map { try CommitSource(repository: repository, commit: $0) } }
        for path in changed.sorted() {
            guard let text = folder.read(path, limit: YAMLGuard.maxRecordBytes) else { continue }
            out += TranslationStamp.staleAfterCommit(path: path, text: text, before: committed?.read(path, limit: YAMLGuard.maxRecordBytes),
                                                     firstLanguage: first)
        }
        return out.sorted { ($0.path, $0.location.line, $0.language) < ($1.path, $1.location.line, $1.language) }
    }
}
