import Messages

/// The one grammar of a person's `account`: their user name on a GitLab hub, which tells the hook
/// only that name (GL_USERNAME). 1 to 255 ASCII letters, digits and `. _ -`, starting with a
/// letter, a digit or `_`; compared without case. Used by validation, `carnet member add` and
/// the hub's account matching.
public enum ServerAccount {
    public static let maxLength = 255

    public static func isValid(_ name: String) -> Bool { problem(name) == nil }

    /// What is wrong, without repeating the name; nil when it is valid.
    public static func problem(_ name: String) -> String? {
        if name.isEmpty { return Catalogue.text("records.account.empty") }
        if name.utf8.count > maxLength { return Catalogue.text("records.account.too-long", ["max": .number(maxLength)]) }
        guard name.unicodeScalars.allSatisfy({ EmailAddress.isASCIIAlphanumeric($0) || "._-".unicodeScalars.contains($0) }) else {
            return Catalogue.text("records.account.characters")
        }
        if let first = name.unicodeScalars.first, first == "." || first == "-" {
            return Catalogue.text("records.account.first")
        }
        return nil
    }
}
