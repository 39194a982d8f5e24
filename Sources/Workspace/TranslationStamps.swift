import Foundation
import Git
import Records

extension WorkingCopy {
    /// Before hand edits are committed: the fingerprints that tell a stale translation
    /// (TranslationStamp) are brought up to date in each changed record, compared with its last
    /// committed text. A person editing the YAML never writes them: changing the French marks
    /// the English stale; changing the English clears its mark. A record whose fingerprints
    /// change is rewritten canonically (as `carnet format` would); others are left as they are.
    func stampTranslations(in paths: [String]) throws {
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
}
