import ArgumentParser
import Foundation
import Messages
import Records
import Workspace

/// `carnet clone --name … --email …`: who signs the new copy's changes, set with the copy
/// (issue 17: never the laptop's global git identity). Without them the copy asks before
/// its first commit (exit 78, `carnet whoami`).
struct CloneAuthorOptions: ParsableArguments {
    @Option(help: ArgumentHelp(Catalogue.text("help.clone.name"))) var name: String?
    @Option(help: ArgumentHelp(Catalogue.text("help.clone.email"))) var email: String?

    func validate() throws {
        guard name != nil || email != nil else { return }
        guard let name, let email else { throw ValidationError(Catalogue.text("cli.join.clone.both")) }
        if name.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError(Catalogue.text("workspace.invitation.bad-name")) }
        if let problem = TextRule.line.problem(in: name, field: "--name") { throw ValidationError(problem) }
        if let problem = EmailAddress.problem(email) { throw ValidationError("--email: \(problem)") }
    }

    func apply(to directory: String, quiet: Bool) throws {
        guard let name, let email else {
            if !quiet { Console.line(Catalogue.text("cli.join.clone.no-author", ["directory": .text(directory)])) }
            return
        }
        let copy = try Failure.guarded { try WorkingCopy(at: directory) }
        try Failure.guarded { try copy.setAuthor(name: name.trimmingCharacters(in: .whitespaces), email: email) }
    }
}
