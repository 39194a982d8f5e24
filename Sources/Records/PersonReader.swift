import Yams

extension MapNode {
    /// A person: name, title, organisation, email, phone, keys.
    func person() -> Person? {
        let name = string("name", required: true)
        let title = text("title")
        let organisation = id("organisation")
        let email = string("email")
        if let email, !email.contains("@") {
            source.report(value("email"), "'\(email)' does not look like an email address", severity: .warning)
        }
        let phone = string("phone")
        var keys: [String] = []
        for (key, node) in scalarList("keys") ?? [] {
            let parts = key.split(separator: " ")
            if parts.count < 2 || !(parts[0].hasPrefix("ssh-") || parts[0].hasPrefix("ecdsa-") || parts[0].hasPrefix("sk-")) {
                source.report(node, "'\(key.prefix(30))…' is not an SSH public key: paste one line of a .pub file (ssh-ed25519 AAAA… name)")
                continue
            }
            keys.append(key)
        }
        finish("a person")
        guard let name else { return nil }
        return Person(name: name, title: title, organisation: organisation, email: email, phone: phone, keys: keys)
    }

    func people(_ key: String) -> [Person] {
        guard let items = list(key) else { return [] }
        var result: [Person] = []
        for (i, item) in items.enumerated() {
            guard case .mapping = item else {
                source.report(item, "item \(i + 1) of '\(key)' must be a person (name, email…), not \(item.kindName)")
                continue
            }
            if let p = MapNode(source: source, node: item, field: "\(path(key))[\(i)]").person() { result.append(p) }
        }
        return result
    }
}
