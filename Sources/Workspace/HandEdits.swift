import Foundation
import Git
import Records

/// Edits made outside carnet, in any text editor: listed, validated, committed when valid.
extension WorkingCopy {
    public struct PendingFile: Codable, Sendable {
        public var path: String
        public var change: String
        /// Errors and warnings in this file (errors keep it out of commits).
        public var diagnostics: [Diagnostic]
        public var valid: Bool { !diagnostics.hasErrors }
    }

    public struct CommitOutcome: Sendable {
        public var committed: [String]
        public var refused: [PendingFile]
        public var commit: String?
        public var message: String?
    }

    /// Files that differ from the last commit, each with its diagnostics.
    public func pendingFiles(validator: PlanValidator = PlanValidator()) throws -> [PendingFile] {
        let changes = try git { try repository.changedFiles() }
        guard !changes.isEmpty else { return [] }
        let scope = ValidationScope(changes.map(\.path))
        let snapshot = PlanSnapshot(root: root, only: scope.commitments, alsoMinistries: scope.ministries)
        let byPath = Dictionary(grouping: validator.validate(snapshot), by: \.path)
        return changes.map { change in
            var diagnostics = byPath[change.path] ?? []
            if change.change != .deleted, case .evidence = PlanLayout.kind(of: change.path) {
                let size = (try? FileManager.default.attributesOfItem(atPath: path(change.path))[.size] as? Int) ?? 0
                if size > PlanLayout.maxEvidenceBytes {
                    diagnostics.append(Diagnostic(Location(path: change.path), .error,
                        "file is \(size >> 20) MiB, over the \(PlanLayout.maxEvidenceBytes >> 20) MiB limit for evidence: publish it online and add it with --url"))
                }
            }
            if change.change == .deleted && PlanLayout.isRecord(change.path) && change.path != PlanLayout.planFile {
                // Removing a record is allowed (a commitment withdrawn), but say what it does.
                diagnostics.append(Diagnostic(Location(path: change.path), .warning, "record deleted"))
            } else if change.change == .deleted && change.path == PlanLayout.planFile {
                diagnostics.append(Diagnostic(Location(path: change.path), .error, "plan.yaml was deleted: restore it (it holds the plan itself)"))
            }
            return PendingFile(path: change.path, change: change.change.rawValue, diagnostics: diagnostics)
        }
    }

    /// Commits every pending file that is valid, as one commit; invalid ones are left exactly as
    /// they are on disk (never committed, never rewritten) and returned as refused.
    public func commitPending(message: String? = nil) throws -> CommitOutcome {
        let pending = try pendingFiles()
        let accepted = pending.filter(\.valid)
        let refused = pending.filter { !$0.valid }
        guard !accepted.isEmpty else { return CommitOutcome(committed: [], refused: refused, commit: nil, message: nil) }
        let paths = accepted.map(\.path)
        let text = message ?? "Hand edits: " + summarise(paths)
        let id = try commit(paths, message: text)
        return CommitOutcome(committed: id == nil ? [] : paths, refused: refused, commit: id?.description, message: text)
    }

    /// What must be read to validate some changed files. A file's diagnostics come from itself and
    /// from the records it refers to, so a progress edit needs its commitment, not the other 999
    /// (which is what keeps a one-edit sync of a large plan fast). A changed commitment.yaml needs
    /// the whole plan: commitment numbers are unique across it.
    public struct ValidationScope: Sendable {
        /// The commitments to read; nil: all of them.
        public var commitments: Set<String>? = []
        public var ministries: Set<String> = []

        public init(_ paths: [String]) {
            for path in paths {
                switch PlanLayout.kind(of: path) {
                case .plan: break
                case .ministry(let id): ministries.insert(id)
                case .progress(let id), .evidence(let id, _): commitments?.insert(id)
                case .commitment, .other: commitments = nil
                }
            }
        }
    }

    private func summarise(_ paths: [String]) -> String {
        paths.count <= 4 ? paths.joined(separator: ", ") : paths.prefix(3).joined(separator: ", ") + " and \(paths.count - 3) more"
    }
}
