import Messages
import Yams

extension MapNode {
    /// A person: name, title, organisation, email, phone, keys, account.
    func person() -> Person? {
        let name = string("name", required: true)
        let title = text("title")
        let organisation = id("organisation")
        let email = string("email")
        if let email, TextRule.line.forbidden(in: email) == nil, let problem = EmailAddress.problem(email) {
            source.report(value("email"), Said("records.email-refused", ["field": .text(path("email")), "problem": .text(problem)]))
        }
        let phone = string("phone")
        var keys: [String] = []
        // scalarList has reported the items that are not one line of text, and left them out.
        for (key, node) in scalarList("keys") ?? [] {
            switch SSHPublicKey.parse(key) {
            case .success: keys.append(key)
            case .failure(let problem): source.report(node, Said("records.key-refused", ["field": .text(path("keys")), "problem": .text(problem.description)]))
            }
        }
        let account = string("account")
        if let account, TextRule.line.forbidden(in: account) == nil, let problem = ServerAccount.problem(account) {
            source.report(value("account"), Said("records.account-refused", ["field": .text(path("account")), "problem": .text(problem)]))
        }
        let isPublic = flag("public") ?? false
        var language = string("language")
        if let given = language, TextRule.line.forbidden(in: given) == nil, LanguageChoice.code(given) != given {
            source.report(value("language"), Said("remind.records.language", ["field": .text(path("language"))]))
            language = nil
        }
        finish(Catalogue.text("records.place.person"))
        guard let name else { return nil }
        return Person(name: name, title: title, organisation: organisation, email: email, phone: phone, keys: keys,
                      account: account, isPublic: isPublic).speaking(language)
    }

    func people(_ key: String) -> [Person] {
        guard let items = list(key) else { return [] }
        var result: [Person] = []
        for (i, item) in items.enumerated() {
            guard case .mapping = item else {
                source.report(item, Said("records.item-not-person", ["number": .number(i + 1), "key": .text(key), "kind": .text(item.kindName)]))
                continue
            }
            if let p = MapNode(source: source, node: item, field: "\(path(key))[\(i)]").person() { result.append(p) }
        }
        return result
    }
}
