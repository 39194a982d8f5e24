import Foundation
import Records

extension WorkingCopy {
    public enum EvidenceSource {
        case file(String)
        case url(String)
    }

    /// Adds a document (copied into the commitment's evidence folder) or a link, as one commit.
    @discardableResult
    public func addEvidence(_ commitmentID: String, _ source: EvidenceSource, milestone: String?, title: String?,
                            language: String? = nil) throws -> String {
        var copied: String? = nil
        var fileField: String? = nil
        var defaultTitle = ""
        switch source {
        case .url(let url):
            guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
                throw WorkspaceError.usage("'\(url)' is not a web address: it must start with https:// or http://")
            }
            defaultTitle = url
        case .file(let path):
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue else {
                throw WorkspaceError.usage("no file at \(path): give the path of the document to add")
            }
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            guard size <= PlanLayout.maxEvidenceBytes else {
                throw WorkspaceError.usage("\(path) is \(size >> 20) MiB, over the \(PlanLayout.maxEvidenceBytes >> 20) MiB limit: publish it online and add it with --url")
            }
            guard FileManager.default.fileExists(atPath: self.path(PlanLayout.commitmentDir(commitmentID))) else {
                throw WorkspaceError.usage("there is no commitment '\(commitmentID)'; `carnet status` lists them")
            }
            try requireWriteAccess(PlanLayout.progressFile(commitmentID))
            let name = try placeEvidence(from: path, commitmentID: commitmentID)
            copied = "\(PlanLayout.evidenceDir(commitmentID))/\(name)"
            fileField = "\(PlanLayout.evidenceDirName)/\(name)"
            defaultTitle = name
        }
        do {
            return try editProgress(commitmentID, extraPaths: copied.map { [$0] } ?? []) { progress, commitment, planLanguage in
                if let milestone, commitment.milestone(milestone) == nil {
                    throw WorkspaceError.usage("commitment \(commitmentID) has no milestone '\(milestone)'; its milestones are \(commitment.milestones.map(\.id).joined(separator: ", "))")
                }
                var n = progress.evidence.count + 1
                while progress.evidence.contains(where: { $0.id == "e\(n)" }) { n += 1 }
                let entry = CommitmentProgress.Evidence(
                    id: "e\(n)", title: Text.make(title ?? defaultTitle, language: language, planLanguage: planLanguage),
                    file: fileField, url: { if case .url(let u) = source { return u } else { return nil } }(),
                    milestone: milestone, added: PlanDate.today())
                progress.evidence.append(entry)
                return "Commitment \(commitmentID): evidence e\(n) added (\(fileField ?? entry.url ?? ""))"
                    + (milestone.map { " for milestone \($0)" } ?? "")
            }
        } catch {
            // Nothing is written when the edit is refused: take the copied document back out.
            if let copied { try? FileManager.default.removeItem(atPath: self.path(copied)) }
            throw error
        }
    }

    /// Copies a document into evidence/ under a safe name that does not replace another document.
    private func placeEvidence(from path: String, commitmentID: String) throws -> String {
        let folder = self.path(PlanLayout.evidenceDir(commitmentID))
        let original = URL(fileURLWithPath: path).lastPathComponent
        let safe = String(original.unicodeScalars.map { scalar -> Character in
            CharacterSet.alphanumerics.contains(scalar) || ".-_".unicodeScalars.contains(scalar) ? Character(scalar) : "-"
        })
        let base = (safe as NSString).deletingPathExtension
        let ext = (safe as NSString).pathExtension
        var name = safe.isEmpty || safe.hasPrefix(".") ? "document-\(safe)" : safe
        var n = 2
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            while FileManager.default.fileExists(atPath: "\(folder)/\(name)") {
                name = ext.isEmpty ? "\(base)-\(n)" : "\(base)-\(n).\(ext)"
                n += 1
            }
            try FileManager.default.copyItem(atPath: path, toPath: "\(folder)/\(name)")
        } catch {
            throw WorkspaceError.io("cannot copy \(path) into \(folder): \(error.localizedDescription)")
        }
        return name
    }
}
