import Messages

/// A sentence for a person, as a diagnostic keeps it: the catalogue key (stable, language-neutral:
/// `carnet validate --json` gives it as `code`, for scripts) and the text in the process's language.
public struct Said: Sendable, Equatable {
    public let key: String
    public let text: String

    public init(_ key: String, _ arguments: [String: MessageArgument] = [:]) {
        self.key = key
        text = Catalogue.text(key, arguments)
    }
}
