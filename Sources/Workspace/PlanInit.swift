import Foundation
import Git
import Messages
import Records

extension WorkingCopy {
    /// Creates a plan repository in `directory` (new or empty): from a sample plan when given,
    /// otherwise a plan.yaml to complete. One first commit, by `author` or the configured author.
    /// `message`: the first commit's, instead of the usual; `validated`: the caller has just
    /// validated `sample` (twice would double its time).
    public static func create(at directory: String, sample: URL?, author: Signature? = nil, message: String? = nil,
                              validated: Bool = false) throws -> WorkingCopy {
        let fm = FileManager.default
        let root = try emptyFolder(directory)
        if let sample, !validated {
            let snapshot = PlanSnapshot(root: sample)
            let errors = PlanValidator().validate(snapshot).filter { $0.severity == .error }
            guard errors.isEmpty else {
                throw WorkspaceError.invalid(errors, Catalogue.text("workspace.init.invalid-sample", ["path": .text(sample.path)]))
            }
        }
        do {
            try fm.createDirectory(at: root, withIntermediateDirectories: true)
            if let sample {
                for name in try fm.contentsOfDirectory(atPath: sample.path) where [PlanLayout.planFile, PlanLayout.ministriesDir, PlanLayout.commitmentsDir, PlanLayout.participationDir].contains(name) {
                    try fm.copyItem(at: sample.appendingPathComponent(name), to: root.appendingPathComponent(name))
                }
            } else {
                try fm.createDirectory(at: root.appendingPathComponent(PlanLayout.ministriesDir), withIntermediateDirectories: true)
                try fm.createDirectory(at: root.appendingPathComponent(PlanLayout.commitmentsDir), withIntermediateDirectories: true)
                try Data(blankPlan().canonicalYAML.utf8).write(to: root.appendingPathComponent(PlanLayout.planFile))
            }
        } catch {
            throw WorkspaceError.io(Catalogue.text("workspace.init.cannot-create", ["path": .text(root.path), "reason": .text(Catalogue.reason(for: error))]))
        }
        let copy = try newCopy(at: root)
        let repository = copy.repository
        let signature = try author ?? copy.author()
        let files = try copy.git { try repository.changedFiles() }.map(\.path)
        let message = message ?? sample.map { "Plan created from the sample \($0.lastPathComponent)" } ?? "Plan created"
        try copy.git { try repository.commit(paths: files, message: message, author: signature) }
        return copy
    }

    /// Creates a plan repository in `directory` (new or empty) whose first commit holds `files`
    /// (relative path → bytes), which the caller has validated in memory (`carnet plan import`,
    /// through ReplacedFiles): written into git, then checked out (Repository.commitFirst).
    public static func create(at directory: String, files: [String: Data], author: Signature?, message: String) throws -> WorkingCopy {
        let root = try emptyFolder(directory)
        do {
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        } catch {
            throw WorkspaceError.io(Catalogue.text("workspace.init.cannot-create", ["path": .text(root.path), "reason": .text(Catalogue.reason(for: error))]))
        }
        let copy = try newCopy(at: root)
        let signature = try author ?? copy.author()
        try copy.git { try copy.repository.commitFirst(files: files, message: message, author: signature) }
        return copy
    }

    /// The repository of a new plan, in a folder that is there and empty.
    private static func newCopy(at root: URL) throws -> WorkingCopy {
        do { return WorkingCopy(repository: try Repository.create(root.path), root: root) } catch let error as GitError {
            throw WorkspaceError.io("git: \(error.description)")
        }
    }

    /// The folder a new plan goes in, refused unless it is absent or empty.
    private static func emptyFolder(_ directory: String) throws -> URL {
        let fm = FileManager.default
        let root = URL(fileURLWithPath: directory).standardizedFileURL
        if fm.fileExists(atPath: root.path) {
            let contents = (try? fm.contentsOfDirectory(atPath: root.path)) ?? ["?"]
            guard contents.isEmpty else {
                throw WorkspaceError.cannotCreate(Catalogue.text("workspace.init.not-empty", ["path": .text(root.path)]))
            }
        }
        return root
    }

    /// A plan.yaml that validates, for the point of contact to complete: the next two-year cycle.
    static func blankPlan(today: PlanDate = .today()) -> Plan {
        let year = today.year
        return Plan(country: .plain("À compléter"), title: .plain("Plan d'action national \(year)–\(year + 2)"),
                    start: .day(year: year, month: 9, day: 1), end: .day(year: year + 2, month: 6, day: 30),
                    yearGroup: year % 2 == 0 ? .even : .odd, languages: ["fr", "en"], submitted: nil,
                    pointOfContact: Person(name: "À compléter"))
    }
}
