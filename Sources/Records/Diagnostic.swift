import Messages

/// One problem found in a record, printed the way compilers print: `path:line:column: error: message`.
public struct Diagnostic: Error, Sendable, Equatable, Comparable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Codable {
        case error, warning

        public var spoken: String {
            switch self {
            case .error: return Catalogue.text("records.severity.error")
            case .warning: return Catalogue.text("records.severity.warning")
            }
        }
    }

    public var path: String
    public var line: Int
    public var column: Int
    public var severity: Severity
    public var message: String
    /// The message's catalogue key (`records.choice-invalid`): what it says, whatever the
    /// language. nil for a message made elsewhere as plain text.
    public var code: String?

    public init(path: String, line: Int, column: Int, severity: Severity = .error, message: String) {
        self.path = path
        self.line = line
        self.column = column
        self.severity = severity
        // A message may quote a value from a record: it is kept to one visible line (TextRule).
        self.message = TextRule.visible(message)
    }

    public init(_ location: Location, _ severity: Severity = .error, _ message: String) {
        self.init(path: location.path, line: location.line, column: location.column, severity: severity, message: message)
    }

    public init(_ location: Location, _ severity: Severity = .error, _ said: Said) {
        self.init(location, severity, said.text)
        code = said.key
    }

    /// The compilers' shape, which editors and people know; the severity word is in the reader's
    /// language like the message (`erreur`). Scripts read `--json`, where `severity` is the raw value.
    public var description: String { "\(path):\(line):\(column): \(severity.spoken): \(message)" }

    public static func < (a: Diagnostic, b: Diagnostic) -> Bool {
        (a.path, a.line, a.column, a.message) < (b.path, b.line, b.column, b.message)
    }
}

/// A place in a file, 1-based.
public struct Location: Sendable, Equatable, Hashable {
    public var path: String
    public var line: Int
    public var column: Int

    public init(path: String, line: Int = 1, column: Int = 1) {
        self.path = path
        self.line = line
        self.column = column
    }
}

extension Array where Element == Diagnostic {
    public var hasErrors: Bool { contains { $0.severity == .error } }
}
