import ArgumentParser
import Foundation
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

enum Console {
    static func line(_ text: String, toError: Bool = false) {
        if toError {
            FileHandle.standardError.write(Data((text + "\n").utf8))
        } else {
            Swift.print(text)
        }
    }

    static func error(_ text: String) { line("carnet: error: \(text)", toError: true) }

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
        Swift.print(String(decoding: data, as: UTF8.self))
    }
}
