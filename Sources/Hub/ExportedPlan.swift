import Foundation
import Git
import Records

/// A commit's plan written out to a temporary folder, so that PlanSnapshot and PlanValidator
/// (which read folders, as a working copy is one) judge a hub's commit exactly as they judge a
/// working copy. Removed when released.
///
/// Only what validation reads is written: records in full, evidence as sparse files of the
/// blob's size (validation checks that a document exists and its size, never its bytes), so a
/// push with 25 MiB documents costs no 25 MiB of writing. Records over the size limit are
/// written sparse too: the size check refuses them without their bytes being read.
final class ExportedPlan {
    let root: URL
    /// Problems with the tree itself: symbolic links and submodules, which a plan never holds
    /// (a link could point anywhere on the hub's disk).
    private(set) var treeDiagnostics: [Diagnostic] = []

    init(repository: Repository, commit: ObjectID) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("carnet-hub-\(UUID().uuidString)")
        let fm = FileManager.default
        do {
            try fm.createDirectory(at: root, withIntermediateDirectories: true)
            for file in try repository.files(at: commit) {
                let kind = PlanLayout.kind(of: file.path)
                if kind == .other { continue }
                switch file.kind {
                case .symbolicLink, .submodule:
                    treeDiagnostics.append(Diagnostic(Location(path: file.path), .error,
                        "a plan holds only plain files: \(file.path) is a \(file.kind == .submodule ? "submodule" : "symbolic link")"))
                    continue
                case .file, .executable: break
                }
                let url = root.appendingPathComponent(file.path)
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                let size = try repository.blobSize(file.blob)
                if case .evidence = kind {
                    try Self.writeSparse(url, size: size)
                } else if size > YAMLGuard.maxRecordBytes {
                    try Self.writeSparse(url, size: size)
                } else {
                    try repository.blobData(file.blob).write(to: url)
                }
            }
        } catch {
            try? fm.removeItem(at: root)
            throw error
        }
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    private static func writeSparse(_ url: URL, size: Int) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw HubError.io("cannot create \(url.path)")
        }
        guard truncate(url.path, off_t(size)) == 0 else { throw HubError.io("cannot size \(url.path)") }
    }

    /// The plan as PlanSnapshot reads it.
    func snapshot() -> PlanSnapshot { PlanSnapshot(root: root) }

    /// Every diagnostic of the plan at this commit.
    func validate(today: PlanDate = .today()) -> [Diagnostic] {
        (treeDiagnostics + PlanValidator(today: today).validate(snapshot())).sorted()
    }
}
