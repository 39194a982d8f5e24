import Foundation
import Messages
import Records

/// Who may push to the hub: a person and their SSH key, recorded in the plan as an ordinary
/// commit (a ministry's `members`, or plan.yaml's `members` for the point of contact).
extension WorkingCopy {
    public enum MemberTarget: Sendable, Equatable {
        case ministry(String)
        case pointOfContact
    }

    /// Adds a member, or a key to a member already listed with this email. One commit; the
    /// record is validated before it is written. Returns the commit message.
    @discardableResult
    public func addMember(_ target: MemberTarget, name: String, email: String, key keyLine: String, account: String? = nil) throws -> String {
        let key: SSHPublicKey
        switch SSHPublicKey.parse(keyLine) {
        case .success(let k): key = k
        case .failure(let problem): throw WorkspaceError.usage(Catalogue.text("workspace.member.bad-key", ["reason": .text("\(problem)")]))
        }
        let name = name.trimmingCharacters(in: .whitespaces)
        let email = email.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { throw WorkspaceError.usage(Catalogue.text("workspace.member.no-name")) }
        if let problem = TextRule.line.problem(in: name, field: "--name") { throw WorkspaceError.usage(problem) }
        // The email names the person on the hub (identity `ministry:email`): the one grammar.
        if let problem = EmailAddress.problem(email) {
            throw WorkspaceError.usage(Catalogue.text("workspace.member.bad-email", ["reason": .text(problem)]))
        }
        if let account, let problem = ServerAccount.problem(account) {
            throw WorkspaceError.usage("--account: \(problem)")
        }
        let snapshot = snapshot(only: [])
        try refuseKeyOfSomeoneElse(key, email: email, target: target, in: snapshot)

        let path: String
        let text: String
        let said: String
        switch target {
        case .ministry(let id):
            path = PlanLayout.ministryFile(id)
            guard snapshot.ministryIDs.contains(id) else {
                throw WorkspaceError.usage(Catalogue.text("workspace.member.no-ministry", ["ministry": .text(id), "path": .text(path)]))
            }
            let source = readSource(path)
            guard var ministry = Ministry.read(source, expectedID: id), !source.diagnostics.hasErrors else {
                throw WorkspaceError.invalid(source.diagnostics, Catalogue.text("workspace.member.invalid-file", ["path": .text(path)]))
            }
            said = Self.upsert(&ministry.members, name: name, email: email, key: key, account: account, organisation: id)
            text = ministry.canonicalYAML
            try check(text, path: path) { Ministry.read($0, expectedID: id) != nil }
        case .pointOfContact:
            path = PlanLayout.planFile
            let source = readSource(path)
            guard var plan = Plan.read(source), !source.diagnostics.hasErrors else {
                throw WorkspaceError.invalid(source.diagnostics, Catalogue.text("workspace.member.invalid-file", ["path": .text("plan.yaml")]))
            }
            said = Self.upsert(&plan.members, name: name, email: email, key: key, account: account, organisation: plan.pointOfContact.organisation)
            text = plan.canonicalYAML
            try check(text, path: path) { Plan.read($0) != nil }
        }
        let role: String
        if case .ministry(let id) = target { role = "member of \(id)" } else { role = "point of contact" }
        let message = "\(name) <\(email)>, \(role): \(said) (\(key.type)\(key.comment.map { " \($0)" } ?? ""))"
        try writeAtomically(text, to: path)
        try commit([path], message: message)
        return message
    }

    private func readSource(_ path: String) -> RecordSource {
        guard let data = FileManager.default.contents(atPath: self.path(path)) else {
            return RecordSource(path: path, failure: Catalogue.text("workspace.cannot-read-file"))
        }
        return RecordSource(bytes: [UInt8](data), path: path)
    }

    /// Parses the text about to be written: nothing invalid is ever written.
    private func check(_ text: String, path: String, _ read: (RecordSource) -> Bool) throws {
        let source = RecordSource(bytes: Array(text.utf8), path: path)
        if !read(source) || source.diagnostics.hasErrors {
            throw WorkspaceError.invalid(source.diagnostics, Catalogue.text("workspace.would-be-invalid", ["path": .text(path)]))
        }
    }

    /// A key names one person on the hub: the same key for two people would make the hub
    /// unable to tell them apart.
    private func refuseKeyOfSomeoneElse(_ key: SSHPublicKey, email: String, target: MemberTarget, in snapshot: PlanSnapshot) throws {
        var holders: [(MemberTarget, Person)] = []
        if let plan = snapshot.plan?.record { holders += ([plan.pointOfContact] + plan.members).map { (.pointOfContact, $0) } }
        for id in snapshot.ministryIDs.sorted() {
            let source = readSource(PlanLayout.ministryFile(id))
            if let ministry = Ministry.read(source, expectedID: id) { holders += ministry.members.map { (.ministry(id), $0) } }
        }
        for (where_, person) in holders {
            let same = person.keys.contains { (try? SSHPublicKey.parse($0).get())?.sameKey(as: key) == true }
            if same && (where_ != target || person.email?.lowercased() != email.lowercased()) {
                throw WorkspaceError.usage(Catalogue.text("workspace.member.key-taken", ["person": .text("\(person.name) <\(person.email ?? "?")>")]))
            }
        }
    }

    private static func upsert(_ members: inout [Person], name: String, email: String, key: SSHPublicKey, account: String?,
                               organisation: String?) -> String {
        if let i = members.firstIndex(where: { $0.email?.lowercased() == email.lowercased() }) {
            var said: [String] = []
            if let account, members[i].account != account {
                members[i].account = account
                said.append("GitLab account \(account)")
            }
            if members[i].keys.contains(where: { (try? SSHPublicKey.parse($0).get())?.sameKey(as: key) == true }) {
                said.append("key already listed")
            } else {
                members[i].keys.append(key.description)
                said.append("key added")
            }
            return said.joined(separator: ", ")
        }
        members.append(Person(name: name, organisation: organisation, email: email, keys: [key.description], account: account))
        return "member added" + (account.map { ", GitLab account \($0)" } ?? "")
    }
}
