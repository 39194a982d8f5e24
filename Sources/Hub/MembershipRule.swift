import Foundation
import Git
import Messages
import Records

/// Only the point of contact grants access (issue 10, class 3): a ministry may write its own
/// ministry file (AccessRule), but not the `members` list in it — who may push, their emails
/// and their keys. Everything else in the file (name, contacts, phones…) stays the ministry's.
enum MembershipRule {
    /// nil when `new` keeps the members of `old` (in any order, key comments aside); otherwise
    /// the rule broken, in words. `old`/`new` are the ministry file before and after (nil: absent
    /// or unreadable, which counts as no members). Only a ministry's own file is judged: the
    /// point of contact may change any members, and AccessRule refuses the other files.
    static func violation(writer: Writer, path: String, old: Ministry?, new: Ministry?, subject: String = "hub.refusal.members.this-commit") -> StoredMessage? {
        guard let own = writer.ministryID, case .ministry(let id) = PlanLayout.kind(of: path), id == own else { return nil }
        let before = fingerprints(old?.members ?? []), after = fingerprints(new?.members ?? [])
        // `parent` grants access too when the plan lets parents write for their units (docs/RECORDS.md).
        let parentChanged = old?.parent != new?.parent && new != nil
        guard before != after || parentChanged else { return nil }
        // The changes are written in the hub's language here: a list of any length is not one message.
        var changes: [String] = []
        let beforeEmails = Set(before.keys), afterEmails = Set(after.keys)
        changes += afterEmails.subtracting(beforeEmails).sorted().map { Catalogue.text("hub.refusal.members.adds", ["who": .text(shown($0))]) }
        changes += beforeEmails.subtracting(afterEmails).sorted().map { Catalogue.text("hub.refusal.members.removes", ["who": .text(shown($0))]) }
        for email in beforeEmails.intersection(afterEmails).sorted() where before[email] != after[email] {
            let (b, a) = (before[email]!, after[email]!)
            if b.keys != a.keys { changes.append(Catalogue.text("hub.refusal.members.keys", ["who": .text(shown(email))])) }
            if b.names != a.names || b.count != a.count { changes.append(Catalogue.text("hub.refusal.members.name", ["who": .text(shown(email))])) }
            if b.accounts != a.accounts { changes.append(Catalogue.text("hub.refusal.members.account", ["who": .text(shown(email))])) }
        }
        if new == nil { changes.append(Catalogue.text("hub.refusal.members.unreadable")) }
        if parentChanged {
            changes.append(Catalogue.text("shapes.refusal.parent", ["from": .text(old?.parent ?? "—"), "to": .text(new?.parent ?? "—")]))
        }
        return StoredMessage("hub.refusal.members", ["subject": .message(key: subject, arguments: [:]), "changes": .text(changes.joined(separator: ", "))])
    }

    /// Judges one commit of a push: against each parent, and a merge may take its members from
    /// one parent as they are (the same list as one side).
    static func violation(writer: Writer, path: String, commit: CommitInfo, reader: RecordReader) throws -> StoredMessage? {
        guard let own = writer.ministryID, case .ministry(let id) = PlanLayout.kind(of: path), id == own else { return nil }
        let new = try reader.ministry(id, at: commit.id)
        var first: StoredMessage?
        for parent in commit.parents.isEmpty ? [nil] : commit.parents.map(Optional.some) {
            let old = try parent.flatMap { try reader.ministry(id, at: $0) }
            guard let problem = violation(writer: writer, path: path, old: old, new: new) else { return nil }
            first = first ?? problem
        }
        return first
    }

    /// Judges the push as a whole: the ministry's members at the pushed tip must be the hub's.
    /// Every commit may keep one parent's members and a merge still take back a change the
    /// point of contact made on the hub since (by keeping the ministry's older list).
    static func tipViolation(writer: Writer, old: ObjectID?, new: ObjectID, reader: RecordReader) throws -> (path: String, rule: StoredMessage)? {
        guard let own = writer.ministryID, let old else { return nil }
        let path = PlanLayout.ministryFile(own)
        guard let rule = violation(writer: writer, path: path, old: try reader.ministry(own, at: old), new: try reader.ministry(own, at: new),
                                   subject: "hub.refusal.members.the-push") else { return nil }
        return (path, rule)
    }

    /// Per person (by lowercased email): their names, keys (type and data, comments aside) and accounts.
    private struct Fingerprint: Equatable {
        var names: [String]
        var keys: [String]
        var accounts: [String]
        var count: Int
    }

    private static func fingerprints(_ people: [Person]) -> [String: Fingerprint] {
        var result: [String: Fingerprint] = [:]
        for person in people {
            let email = (person.email ?? "").lowercased()
            let keys = person.keys.map { line in
                (try? SSHPublicKey.parse(line).get())?.material ?? line.trimmingCharacters(in: .whitespaces)
            }
            var print = result[email] ?? Fingerprint(names: [], keys: [], accounts: [], count: 0)
            print.names = (print.names + [person.name]).sorted()
            print.keys = Array(Set(print.keys + keys)).sorted()
            print.accounts = (print.accounts + [person.account?.lowercased() ?? ""]).sorted()
            print.count += 1
            result[email] = print
        }
        return result
    }

    /// An email as messages may show it: never one that could forge a line or a terminal escape.
    private static func shown(_ email: String) -> String {
        if email.isEmpty { return Catalogue.text("hub.refusal.members.no-email") }
        return EmailAddress.isValid(email) ? email : Catalogue.text("hub.refusal.members.invalid-email")
    }
}
