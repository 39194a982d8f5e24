import Records

/// Persons (a contact, a point of contact, members) merge field by field; lists of persons match
/// by name, since a person has no id and the name is what the schema requires.
extension FieldMerge {
    mutating func person(_ field: String, base: Person?, ours o: Person, theirs t: Person) -> Person {
        var r = t
        r.name = value("\(field).name", base: base?.name, ours: o.name, theirs: t.name, render: ConflictText.string)
        r.title = text("\(field).title", base: base?.title, ours: o.title, theirs: t.title)
        r.organisation = optional("\(field).organisation", base: base?.organisation, ours: o.organisation,
                                  theirs: t.organisation, render: ConflictText.string)
        r.email = optional("\(field).email", base: base?.email, ours: o.email, theirs: t.email, render: ConflictText.string)
        r.phone = optional("\(field).phone", base: base?.phone, ours: o.phone, theirs: t.phone, render: ConflictText.string)
        // SSH keys are granted and revoked one by one: a set, so a key added here and another
        // added on the hub are both kept, and a revoked key stays revoked.
        r.keys = set("\(field).keys", base: base?.keys, ours: o.keys, theirs: t.keys, render: ConflictText.string)
        r.account = optional("\(field).account", base: base?.account, ours: o.account, theirs: t.account, render: ConflictText.string)
        return r
    }

    /// A list of persons, matched by name (`members.Awa Diallo.email`); a renamed person is a
    /// removal and an addition.
    mutating func people(_ field: String, base: [Person]?, ours o: [Person], theirs t: [Person]) -> [Person] {
        keyed(field, base: base, ours: o, theirs: t, keys: { FieldMerge.occurrenceKeys($0.map(\.name)) },
              render: ConflictText.person) { m, path, b, mine, hub in
            m.person(path, base: b, ours: mine, theirs: hub)
        }
    }
}
