import Foundation
import Git
import Messages
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
        let snapshot = PlanSnapshot(root: root, only: scope.commitments, alsoMinistries: scope.ministries, participation: scope.participation)
        let byPath = Dictionary(grouping: validator.validate(snapshot), by: \.path)
        return changes.map { change in
            var diagnostics = byPath[change.path] ?? []
            if change.change != .deleted, case .evidence = PlanLayout.kind(of: change.path) {
                let size = (try? FileManager.default.attributesOfItem(atPath: path(change.path))[.size] as? Int) ?? 0
                if size > PlanLayout.maxEvidenceBytes {
                    diagnostics.append(Diagnostic(Location(path: change.path), .error,
                        Catalogue.text("workspace.hand.too-large", ["size": .number(size >> 20), "limit": .number(PlanLayout.maxEvidenceBytes >> 20)])))
                }
            }
            if change.change == .deleted && PlanLayout.isRecord(change.path) && change.path != PlanLayout.planFile {
                // Removing a record is allowed (a commitment withdrawn), but say what it does.
                diagnostics.append(Diagnostic(Location(path: change.path), .warning, Catalogue.text("workspace.hand.record-deleted")))
            } else if change.change == .deleted && change.path == PlanLayout.planFile {
                diagnostics.append(Diagnostic(Location(path: change.path), .error, Catalogue.text("workspace.hand.plan-deleted")))
            }
            return PendingFile(path: change.path, change: change.change.rawValue, diagnostics: diagnostics)
        }
    }

    /// Commits every pending file that is valid, as one commit; invalid ones are left exactly as
    /// they are on disk (never committed, never rewritten) and returned as refused.
    ///
    /// With a judge (the hub's rules, HubRules) and a copy that knows whose it is, the commit is
    /// judged before it is taken: what the hub would refuse (another ministry's records, a
    /// commitment definition, a symbolic link, a progress record whose evidence file was deleted)
    /// stays out, with every other pending file of the same commitment (they go together), and
    /// is named with the reason. A commit the hub would refuse is never taken: it could never be
    /// sent, and every later change would pile up behind it.
    public func commitPending(message: String? = nil, judge: CommitJudge? = nil) throws -> CommitOutcome {
        let pending = try pendingFiles()
        var accepted = pending.filter(\.valid)
        var refused = pending.filter { !$0.valid }
        let writer = judge == nil ? nil : try writer()
        let author = try accepted.isEmpty ? nil : self.author()
        try stampTranslations(in: accepted.filter { $0.change != FileStatus.Change.deleted.rawValue }.map(\.path))
        while !accepted.isEmpty, let author {
            let paths = accepted.map(\.path)
            let text = message ?? "Hand edits: " + summarise(paths)
            guard let prepared = try git({ try repository.prepareCommit(paths: paths, message: text, author: author) }) else {
                return CommitOutcome(committed: [], refused: refused, commit: nil, message: nil)
            }
            let refusals = try writer.map { writer in
                try git { try judge!.refusals(in: repository, parent: prepared.parent, candidate: prepared.id, writer: writer) }
            } ?? []
            if refusals.isEmpty {
                try git { try repository.take(prepared) }
                return CommitOutcome(committed: paths, refused: refused, commit: prepared.id.description, message: text)
            }
            try git { try repository.discardStaging() }
            let held = Self.heldBack(accepted, by: refusals)
            accepted.removeAll { file in held.contains { $0.path == file.path } }
            refused += held
        }
        return CommitOutcome(committed: [], refused: refused, commit: nil, message: nil)
    }

    /// The pending files a judge's refusals keep out, each with the reasons that concern it: the
    /// files of a refused commitment folder (or the refused file itself, elsewhere). A refusal
    /// that names no pending file (an error it causes elsewhere, a bound) keeps them all out.
    /// How a diagnostic of a file held back by the hub's rules starts, in this process's
    /// language (the diagnostics it is looked for in were written by the same process).
    public static var hubWouldRefuse: String { Catalogue.text("workspace.hub-would-refuse", ["reason": .text("")]) }

    static func heldBack(_ files: [PendingFile], by refusals: [(path: String, reason: String)]) -> [PendingFile] {
        let unit = PlanLayout.unit(of:)
        let byUnit = Dictionary(grouping: refusals, by: { unit($0.path) })
        var held = files.filter { byUnit[unit($0.path)] != nil }
        if held.isEmpty { held = files }
        let matched = held.count == files.count && files.allSatisfy({ byUnit[unit($0.path)] == nil }) ? refusals : nil
        return held.map { file in
            var out = file
            let reasons = matched ?? byUnit[unit(file.path)] ?? []
            for r in reasons {
                let said = r.path == file.path || r.path.isEmpty ? r.reason : "\(r.path): \(r.reason)"
                out.diagnostics.append(Diagnostic(Location(path: file.path), .error, Catalogue.text("workspace.hub-would-refuse", ["reason": .text(said)])))
            }
            return out
        }
    }

    /// What must be read to validate some changed files. A file's diagnostics come from itself and
    /// from the records it refers to, so a progress edit needs its commitment, not the other 999
    /// (which is what keeps a one-edit sync of a large plan fast). A changed commitment.yaml needs
    /// the whole plan: commitment numbers are unique across it.
    ///
    /// A participation record refers to other participation records (minutes, response reports),
    /// to its files, to organisations (known by file name; a review's organisation is read for
    /// its kind) and, for a review, to one commitment (known by folder name, hasCommitment): so
    /// the participation records are read (a few hundred small files at most) with the review's
    /// organisation, and no commitment. A changed ministry file reads them too: a review needs
    /// its organisation to stay a civil society organisation.
    public struct ValidationScope: Sendable {
        /// The commitments to read; nil: all of them.
        public var commitments: Set<String>? = []
        public var ministries: Set<String> = []
        /// Whether the participation records are read (always with the whole plan).
        public var participation = false

        public init(_ paths: [String]) {
            for path in paths {
                switch PlanLayout.kind(of: path) {
                case .plan, .period: break
                case .ministry(let id):
                    ministries.insert(id)
                    participation = true
                case .progress(let id), .evidence(let id, _): commitments?.insert(id)
                case .participation(let record):
                    participation = true
                    if case .review(let organisation, _) = record { ministries.insert(organisation) }
                case .commitment, .other: commitments = nil
                }
            }
        }
    }

    private func summarise(_ paths: [String]) -> String {
        paths.count <= 4 ? paths.joined(separator: ", ") : paths.prefix(3).joined(separator: ", ") + " and \(paths.count - 3) more"
    }
}
