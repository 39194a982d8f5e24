import ArgumentParser
import Foundation
import Messages
import Records
import Workspace

/// Turns errors into a message on stderr and a documented exit code: never a stack trace.
enum Failure {
    static func guarded<T>(root: URL? = nil, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as WorkspaceError {
            print(diagnostics: error.diagnostics, root: root)
            Console.error(error.description)
            throw ExitCode(error.exitCode)
        }
    }

    static func print(diagnostics: [Diagnostic], root: URL? = nil) {
        for d in diagnostics { Console.line(Console.display(d, root: root), toError: true) }
    }
}

/// Everything carnet prints goes through here. Text from records, commit messages and the
/// hub is shown with `TerminalText.safe`: no caller can forget it.
enum Console {
    static func line(_ text: String, toError: Bool = false) {
        let shown = TerminalText.safe(text) + "\n"
        if toError {
            FileHandle.standardError.write(Data(shown.utf8))
        } else {
            Swift.print(shown, terminator: "")
        }
    }

    /// "carnet: error: …" in the person's language ("carnet : erreur : …").
    static func error(_ text: String) { line(Catalogue.text("cli.error", ["message": .text(text)]), toError: true) }

    /// A diagnostic with its path as the user would type it: relative to the current folder.
    static func display(_ d: Diagnostic, root: URL?) -> String {
        var shown = d
        if let root {
            let full = root.appendingPathComponent(d.path).standardizedFileURL.path
            let cwd = FileManager.default.currentDirectoryPath
            shown.path = full.hasPrefix(cwd + "/") ? String(full.dropFirst(cwd.count + 1)) : full
        }
        return shown.description
    }

    static func json<T: Encodable>(_ value: T) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        Swift.print(jsonForTerminal(String(decoding: data, as: UTF8.self)))
    }

    /// JSON text with the controls JSONEncoder leaves as they are (DEL, C1, bidirectional
    /// overrides and isolates) written as `\uXXXX` escapes: the same JSON value, exactly, and
    /// nothing a terminal acts on. (JSONEncoder escapes U+0000–U+001F itself.) Outside strings
    /// JSON holds only ASCII punctuation, digits and letters, so only strings change.
    static func jsonForTerminal(_ json: String) -> String {
        guard json.unicodeScalars.contains(where: TerminalText.isUnsafe) else { return json }
        var out = ""
        for scalar in json.unicodeScalars {
            if TerminalText.isUnsafe(scalar) {
                out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16, uppercase: true)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
