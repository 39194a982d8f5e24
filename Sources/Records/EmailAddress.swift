import Messages

/// The one grammar of an email address in a record. The hub knows a member by it: it is part of
/// the identity token written into authorized_keys (`ministry:email`), into the push log and
/// into messages, so it is kept to a plain, safe subset of RFC 5321 addresses:
///
/// - `local@domain`, at most 254 characters;
/// - the local part: 1 to 64 ASCII letters, digits and `. _ % + -`, no dot first, last or twice
///   in a row (no quotes, spaces, commas, backslashes, `:`…);
/// - the domain: at least two labels separated by dots, each 1 to 63 ASCII letters, digits and
///   `-`, not starting or ending with `-`; at most 253 characters (write an internationalised
///   domain in its `xn--` form).
///
/// Used by validation (every person's `email`), `carnet member add`, and the hub (identity
/// tokens, account matching).
public enum EmailAddress {
    public static let maxLength = 254
    public static let maxLocalLength = 64
    public static let maxDomainLength = 253

    public static func isValid(_ address: String) -> Bool { problem(address) == nil }

    /// What is wrong with `address`, in words that say what to write; nil when it is valid.
    /// The message never repeats the address (it may hold anything).
    public static func problem(_ address: String) -> String? {
        func say(_ key: String, _ arguments: [String: MessageArgument] = [:]) -> String { Catalogue.text(key, arguments) }
        if address.isEmpty { return say("records.email.empty") }
        if let c = TextRule.line.forbidden(in: address) {
            return say("records.email.character", ["character": .text(TextRule.name(c))])
        }
        if address.utf8.count > maxLength { return say("records.email.too-long", ["max": .number(maxLength)]) }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            return parts.count < 2 ? say("records.email.no-at") : say("records.email.two-at")
        }
        let local = parts[0], domain = parts[1]
        if local.isEmpty { return say("records.email.local-empty") }
        if local.utf8.count > maxLocalLength { return say("records.email.local-too-long", ["max": .number(maxLocalLength)]) }
        if let bad = local.unicodeScalars.first(where: { !isLocalCharacter($0) }) {
            return say("records.email.local-character", ["character": .text(shown(bad))])
        }
        if local.first == "." || local.last == "." || local.contains("..") {
            return say("records.email.local-dots")
        }
        if domain.isEmpty { return say("records.email.domain-empty") }
        if domain.utf8.count > maxDomainLength { return say("records.email.domain-too-long", ["max": .number(maxDomainLength)]) }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        if labels.count < 2 { return say("records.email.no-dot") }
        for label in labels {
            if label.isEmpty { return say("records.email.label-empty") }
            if label.utf8.count > 63 { return say("records.email.label-too-long", ["max": .number(63)]) }
            if let bad = label.unicodeScalars.first(where: { !isDomainCharacter($0) }) {
                return say("records.email.domain-character", ["character": .text(shown(bad))])
            }
            if label.first == "-" || label.last == "-" { return say("records.email.label-hyphen") }
        }
        return nil
    }

    /// The part before `@`, lowercased (how GitLab user names are compared).
    public static func localPart(_ address: String) -> String {
        String(address.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)[0]).lowercased()
    }

    static func isLocalCharacter(_ c: Unicode.Scalar) -> Bool {
        isASCIIAlphanumeric(c) || ".-_%+".unicodeScalars.contains(c)
    }

    static func isDomainCharacter(_ c: Unicode.Scalar) -> Bool { isASCIIAlphanumeric(c) || c == "-" }

    static func isASCIIAlphanumeric(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c)
    }

    private static func shown(_ c: Unicode.Scalar) -> String {
        if c == " " { return Catalogue.text("records.character.space") }
        if !TextRule.line.allows(c) { return TextRule.name(c) }
        return c.value > 0x7E ? "'\(c)' (\(TextRule.code(c)))" : "'\(c)'"
    }
}
