import Git
import Messages
import Workspace

/// What an edit command prints, in the reader's language: the commit it made — with its
/// message, which stays as the shared history writes it for every reader — or that the
/// records already held these values (no commit).
enum EditConfirmation {
    /// Runs the edit; its errors are shown and turned into the documented exit code.
    static func run(_ copy: WorkingCopy, _ edit: () throws -> String) throws {
        Console.line(try Failure.guarded(root: copy.root) { try line(copy, edit) })
    }

    /// Runs the edit and says what it did.
    static func line(_ copy: WorkingCopy, _ edit: () throws -> String) throws -> String {
        let before = head(of: copy)
        let message = try edit()
        guard let after = head(of: copy), after != before else { return Catalogue.text("cli.edit.unchanged") }
        return Catalogue.text("cli.edit.committed", ["commit": .text(String(after.prefix(8))), "message": .text(message)])
    }

    private static func head(of copy: WorkingCopy) -> String? {
        (try? Repository.open(copy.root.path, searchParents: false).headCommitID())??.description
    }
}
