import Foundation
import Git
import Messages
import Records

/// A plan repository on this machine: the records on disk and their git history.
/// Every change it makes is one commit; nothing invalid is ever written.
public final class WorkingCopy {
    public let root: URL
    let repository: Repository
    /// The author date of this copy's next commits (`--date`, to import updates made in the
    /// past); nil: now. The commit's committer date stays now: it says when it was recorded.
    public var authorDate: Date?
    /// Records already parsed, kept by blob id (ParsedRecords): the web app gives each view of
    /// the copy the one its pages share; nil: every file is parsed as it is read.
    public var parsedRecords: ParsedRecords?

    /// Opens the plan repository that holds `directory`.
    public init(at directory: String) throws {
        do {
            repository = try Repository.open(directory)
        } catch is GitError {
            throw WorkspaceError.notAPlan(Catalogue.text("workspace.not-a-plan", ["directory": .text(directory)]))
        }
        guard let workdir = repository.workdir else {
            throw WorkspaceError.notAPlan(Catalogue.text("workspace.not-a-plan.hub", ["directory": .text(directory)]))
        }
        root = URL(fileURLWithPath: workdir).standardizedFileURL
        guard FileManager.default.fileExists(atPath: root.appendingPathComponent(PlanLayout.planFile).path) else {
            if (try? repository.localConfigString("carnet.join.id")) != nil {
                // A copy made by `carnet join`, waiting for the point of contact's agreement.
                throw WorkspaceError.notAPlan(Catalogue.text("workspace.not-a-plan.waiting", ["directory": .text(root.path)]))
            }
            throw WorkspaceError.notAPlan(Catalogue.text("workspace.no-plan-file", ["path": .text(root.path)]))
        }
    }

    init(repository: Repository, root: URL) {
        self.repository = repository
        self.root = root
    }

    public func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// The `.git` folder, where Carnet keeps its own state (sync lock, daemon state).
    public var gitDirectory: String { repository.gitDirectory }

    /// The author of this copy's commits: its own user.name and user.email (set by `plan init`,
    /// `clone --name/--email`, `join` or `whoami`), never the laptop's global git identity,
    /// which may be anyone's (issue 17: a copy signed as the laptop's previous owner).
    public func author() throws -> Signature {
        let (name, email) = try git { (try repository.localConfigString("user.name"), try repository.localConfigString("user.email")) }
        guard let name, let email, !name.trimmingCharacters(in: .whitespaces).isEmpty,
              !email.trimmingCharacters(in: .whitespaces).isEmpty else { throw WorkspaceError.noAuthor }
        if let authorDate { return Signature(name: name, email: email, time: authorDate, offsetMinutes: 0) }
        return Signature(name: name, email: email, time: Date(), offsetMinutes: TimeZone.current.secondsFromGMT() / 60)
    }

    /// Records who edits from this working copy (user.name and user.email of the repository).
    public func setAuthor(name: String, email: String) throws {
        try git {
            try repository.setConfigString("user.name", name)
            try repository.setConfigString("user.email", email)
        }
    }

    /// Loads the records (all, or only some commitments: an edit needs only its own).
    public func snapshot(only: Set<String>? = nil) -> PlanSnapshot {
        PlanSnapshot(root: root, only: only, records: parsedRecords)
    }

    /// Runs a git operation, turning libgit2's errors into an I/O error that names the operation.
    @discardableResult
    func git<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as GitError {
            throw WorkspaceError.io("git: \(error.description)")
        }
    }

    /// Writes a file by a temporary file and a rename, so a crash leaves the old or the new bytes.
    func writeAtomically(_ text: String, to relative: String) throws {
        try writeAtomically(Data(text.utf8), to: relative)
    }

    func writeAtomically(_ data: Data, to relative: String) throws {
        let url = root.appendingPathComponent(relative)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url, options: .atomic)
        } catch {
            throw WorkspaceError.io(Catalogue.text("workspace.cannot-write", ["path": .text(relative), "reason": .text(Catalogue.reason(for: error))]))
        }
    }

    /// Commits the given paths as one commit; nil when they hold nothing new.
    @discardableResult
    func commit(_ paths: [String], message: String) throws -> ObjectID? {
        let author = try author()
        return try git { try repository.commit(paths: paths, message: message, author: author) }
    }
}
