import Foundation
import Messages
import Records

/// `carnet member remove`: takes access back. The person (all their keys) or one key leaves the
/// plan in one commit; the commits they made stay in the history, signed with their name. The
/// hub's hook stops the key at once (it checks the pusher against the plan at every push) and
/// `carnet hub authorized-keys` no longer writes it.
extension WorkingCopy {
    /// Removes the member with this email, or only `key` (a .pub line) of theirs (key
    /// rotation: `member add` the new key first, then remove the old one). Returns the commit message.
    @discardableResult
    public func removeMember(_ target: MemberTarget, email rawEmail: String, key keyLine: String? = nil) throws -> String {
        try requireGrantingAccess()
        let email = rawEmail.trimmingCharacters(in: .whitespaces)
        if let problem = EmailAddress.problem(email) { throw WorkspaceError.usage("--email: \(problem)") }
        var key: SSHPublicKey?
        if let keyLine {
            switch SSHPublicKey.parse(keyLine) {
            case .success(let k): key = k
            case .failure(let problem): throw WorkspaceError.usage(Catalogue.text("workspace.member.remove.bad-key", ["problem": .text(problem.description)]))
            }
        }
        func edit(_ members: inout [Person]) throws -> (Person, String) {
            guard let i = members.firstIndex(where: { $0.email?.lowercased() == email.lowercased() }) else {
                throw WorkspaceError.usage(Catalogue.text("workspace.member.remove.no-member", ["email": .text(email)]))
            }
            let person = members[i]
            guard let key else {
                members.remove(at: i)
                return (person, "member removed, with \(person.keys.count) key(s)")
            }
            let kept = person.keys.filter { (try? SSHPublicKey.parse($0).get())?.sameKey(as: key) != true }
            guard kept.count < person.keys.count else {
                throw WorkspaceError.usage(Catalogue.text("workspace.member.remove.no-such-key", ["email": .text(email)]))
            }
            guard !kept.isEmpty else {
                throw WorkspaceError.usage(Catalogue.text("workspace.member.remove.last-key", ["email": .text(email)]))
            }
            members[i].keys = kept
            return (person, "key removed (\(key.type) …\(key.base64.suffix(8)))")
        }
        let path: String
        let text: String
        let said: (Person, String)
        switch target {
        case .ministry(let id):
            path = PlanLayout.ministryFile(id)
            guard RecordID.isValid(id), snapshot(only: []).ministryIDs.contains(id) else {
                throw WorkspaceError.usage(Catalogue.text("workspace.invitation.no-ministry", ["ministry": .text(id)]))
            }
            let source = readSource(path)
            guard var ministry = Ministry.read(source, expectedID: id), !source.diagnostics.hasErrors else {
                throw WorkspaceError.invalid(source.diagnostics, Catalogue.text("workspace.member.remove.invalid", ["path": .text(path)]))
            }
            said = try edit(&ministry.members)
            text = ministry.canonicalYAML
            try check(text, path: path) { Ministry.read($0, expectedID: id) != nil }
        case .pointOfContact:
            path = PlanLayout.planFile
            let source = readSource(path)
            guard var plan = Plan.read(source), !source.diagnostics.hasErrors else {
                throw WorkspaceError.invalid(source.diagnostics, Catalogue.text("workspace.member.remove.invalid", ["path": .text(path)]))
            }
            said = try edit(&plan.members)
            text = plan.canonicalYAML
            try check(text, path: path) { Plan.read($0) != nil }
        }
        // A commit message is the plan's history, read by every language's users alike: the
        // same plain form `member add` writes.
        let role: String
        if case .ministry(let id) = target { role = "member of \(id)" } else { role = "point of contact" }
        let message = "\(said.0.name) <\(said.0.email ?? email)>, \(role): \(said.1)"
        try writeAtomically(text, to: path)
        try commit([path], message: message)
        return message
    }
}
