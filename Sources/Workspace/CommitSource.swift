import Foundation
import Git
import Records

/// A plan as a commit holds it, read blob by blob from the object database: no file is
/// written, no path is resolved, so a tree entry named `..` or a symbolic link names nothing
/// on any disk. Entry kinds come from the tree's modes, sizes from the object headers (a
/// 25 MiB document is never loaded to learn its size).
///
/// Not Sendable, and read from one thread (PlanSnapshot reads it serially, then parses on every
/// core). A git failure is kept in `failure`: a snapshot read from a failing source must not be
/// trusted, and `validate` throws it.
public final class CommitSource: PlanSource {
    public let commit: ObjectID
    private let tree: TreeReader
    public private(set) var failure: (any Error)?

    public init(repository: Repository, commit: ObjectID) throws {
        self.commit = commit
        tree = try TreeReader(repository: repository, commit: commit)
    }

    private func attempt<T>(_ body: () throws -> T?) -> T? {
        do { return try body() } catch {
            if failure == nil { failure = error }
            return nil
        }
    }

    private func entry(_ entry: TreeEntry) throws -> PlanSourceEntry {
        switch entry.kind {
        case .file, .executable: return PlanSourceEntry(name: entry.name, kind: .file, size: try tree.size(of: entry.id))
        case .folder: return PlanSourceEntry(name: entry.name, kind: .folder, size: 0)
        case .symbolicLink: return PlanSourceEntry(name: entry.name, kind: .symbolicLink, size: 0)
        case .submodule: return PlanSourceEntry(name: entry.name, kind: .submodule, size: 0)
        }
    }

    public func entries(in path: String) -> [PlanSourceEntry]? {
        attempt { try tree.entries(in: path)?.map(entry) }
    }

    public func entry(at path: String) -> PlanSourceEntry? {
        attempt {
            // Walk the components as FolderSource does: a link on the way is what is reported.
            let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            var prefix = ""
            for (i, part) in parts.enumerated() {
                prefix += (i == 0 ? "" : "/") + part
                guard let found = try tree.entry(at: prefix) else { return nil }
                if i == parts.count - 1 { return try entry(found) }
                switch found.kind {
                case .folder: continue
                case .file, .executable: return nil
                case .symbolicLink, .submodule: return try entry(found)
                }
            }
            return nil
        }
    }

    public func read(_ path: String, limit: Int) -> [UInt8]? {
        attempt {
            guard let found = try tree.entry(at: path), found.kind == .file || found.kind == .executable else { return nil }
            return try tree.bytes(of: found.id, limit: limit)
        }
    }
}

extension PlanSnapshot {
    /// The plan at a commit, read from its blobs (see CommitSource). Throws when git cannot read
    /// an object: a verdict on a partly read plan would be wrong. `records`: files already
    /// parsed, by blob id (a file unchanged between two commits is parsed once).
    public static func of(_ repository: Repository, at commit: ObjectID, only: Set<String>? = nil,
                          alsoMinistries: Set<String> = [], participation: Bool = false,
                          records: ParsedRecords? = nil) throws -> PlanSnapshot {
        let source = try CommitSource(repository: repository, commit: commit)
        let snapshot = PlanSnapshot(source: source, only: only, alsoMinistries: alsoMinistries,
                                    participation: participation, records: records)
        if let failure = source.failure { throw failure }
        return snapshot
    }
}
