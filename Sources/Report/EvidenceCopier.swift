import Foundation
import Records

/// Copies evidence files into the site (the manual's online repository of documents, §1 L),
/// refusing anything that is not a regular file inside the commitment's evidence/ folder:
/// a record could name `../../etc/passwd` or a symbolic link, and the site is published.
final class EvidenceCopier {
    let planRoot: URL
    let siteRoot: URL
    private(set) var warnings: [String] = []

    init(planRoot: URL, siteRoot: URL) {
        self.planRoot = planRoot.standardizedFileURL
        self.siteRoot = siteRoot
    }

    /// Where a copy went: `path` relative to the site, and `href`, the same URL-encoded.
    struct Copy {
        let path: String
        let href: String
    }

    /// Copies the file, or returns nil (with a warning).
    func copy(commitment id: String, file: String) -> Copy? {
        let prefix = PlanLayout.evidenceDirName + "/"
        let parts = file.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard file.hasPrefix(prefix), parts.count >= 2,
              !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." || $0.hasPrefix(".") }) else {
            warnings.append("commitments/\(id): evidence \(file) is not a file inside evidence/; not published")
            return nil
        }
        let evidenceDir = planRoot.appendingPathComponent(PlanLayout.evidenceDir(id)).resolvingSymlinksInPath().path + "/"
        let source = planRoot.appendingPathComponent(PlanLayout.commitmentDir(id)).appendingPathComponent(file)
        let fm = FileManager.default
        guard let attributes = try? fm.attributesOfItem(atPath: source.path),
              attributes[.type] as? FileAttributeType == .typeRegular,
              source.resolvingSymlinksInPath().path.hasPrefix(evidenceDir) else {
            warnings.append("commitments/\(id)/\(file): missing or not a regular file; not published")
            return nil
        }
        if let size = attributes[.size] as? Int, size > PlanLayout.maxEvidenceBytes {
            warnings.append("commitments/\(id)/\(file): larger than 25 MiB; not published")
            return nil
        }
        let relative = ["evidence", id] + parts.dropFirst()
        let destination = relative.reduce(siteRoot) { $0.appendingPathComponent($1) }
        do {
            try fm.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
            if fm.fileExists(atPath: destination.path) { try fm.removeItem(at: destination) }
            try fm.copyItem(at: source, to: destination)
        } catch {
            warnings.append("commitments/\(id)/\(file): could not copy (\(error.localizedDescription))")
            return nil
        }
        let href = relative.map { $0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#"))) ?? $0 }
            .joined(separator: "/")
        return Copy(path: relative.joined(separator: "/"), href: href)
    }
}
