import Yams

extension MapNode {
    /// A person: name, title, organisation, email, phone, keys, account.
    func person() -> Person? {
        let name = string("name", required: true)
        let title = text("title")
        let organisation = id("organisation")
        let email = string("email")
        if let email, TextRule.line.forbidden(in: email) == nil, let problem = EmailAddress.problem(email) {
            source.report(value("email"), "'\(path("email"))' is not an email address the hub can use: \(problem)")
        }
        let phone = string("phone")
        var keys: [String] = []
        // scalarList has reported the items that are not one line of text, and left them out.
        for (key, node) in scalarList("keys") ?? [] {
            switch SSHPublicKey.parse(key) {
            case .success: keys.append(key)
            case .failure(let problem): source.report(node, "a key of '\(path("keys"))' is refused: \(problem)")
            }
        }
        let account = string("account")
        if let account, TextRule.line.forbidden(in: account) == nil, let problem = ServerAccount.problem(account) {
            source.report(value("account"), "'\(path("account"))' is not a user name the hub can use: \(problem)")
        }
        finish("a person")
        guard let name else { return nil }
        return Person(name: name, title: title, organisation: organisation, email: email, phone: phone, keys: keys, account: account)
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
