import Foundation
import Messages

/// ArgumentParser writes its own words in English: the section titles of help (OVERVIEW,
/// USAGE, OPTIONS…), the help of --help and --version, and the sentences of its errors. Their
/// English text is kept in the catalogue under `cli.parser.*`, exactly as ArgumentParser writes
/// it: that English template is the pattern recognised here, and the same key in the person's
/// language is what replaces it. Lines a longer translation pushed past the screen's width are
/// wrapped again. (Should a new ArgumentParser change a word, the help test sees English left.)
enum ParserWords {
    /// COLUMNS, else the terminal's width, else 80: what ArgumentParser itself would use, but
    /// never under `narrowest`.
    static var screenWidth: Int { max(narrowest, requestedWidth) }

    /// ArgumentParser stops the program on a screen narrower than its option column (26) and
    /// an indent: `COLUMNS=5 carnet status --help` would crash.
    static let narrowest = 40

    private static var requestedWidth: Int {
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }

    /// ArgumentParser reads COLUMNS itself (to tell an error's exit code, too): too narrow a
    /// width is widened there before it is asked anything.
    static func widenNarrowScreen() {
        let given = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init)
        if requestedWidth < narrowest || given.map({ $0 < narrowest }) == true { setenv("COLUMNS", String(screenWidth), 1) }
    }

    // MARK: Help

    /// A help screen with ArgumentParser's words in the person's language.
    static func help(_ text: String, width: Int) -> String {
        var lines: [String] = []
        var inUsage = false
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            var line = raw
            if line.isEmpty { inUsage = false }
            if let rest = line.dropping(prefix: english("cli.parser.overview") + " ") {
                line = Catalogue.text("cli.parser.overview") + " " + rest
            } else if let rest = line.dropping(prefix: english("cli.parser.usage") + " ") {
                lines += usage(Catalogue.text("cli.parser.usage") + " ", rest, width: width)
                inUsage = true
                continue
            } else if inUsage, line.hasPrefix("       ") {
                // ArgumentParser's own continuation of a usage: already part of the one wrapped above.
                continue
            } else if let key = ["cli.parser.arguments", "cli.parser.options", "cli.parser.subcommands"].first(where: { english($0) == line }) {
                line = Catalogue.text(key)
            } else if let found = Template.match("  " + english("cli.parser.see-subcommand-help"), line) {
                line = "  " + Catalogue.text("cli.parser.see-subcommand-help", ["command": .text(found["command"] ?? "")])
            } else {
                line = phrases(line)
            }
            lines.append(line.replacingOccurrences(of: english("cli.parser.subcommand"), with: Catalogue.text("cli.parser.subcommand")))
        }
        return rewrapped(lines, width: width).joined(separator: "\n")
    }

    /// The English text of a key: what ArgumentParser prints, hence what is looked for.
    static func english(_ key: String) -> String { Catalogue.shared.languages["en"]?.entries[key] ?? key }

    /// The English text before a key's first placeholder ("Error: " of "Error: {message}").
    static func lead(_ key: String) -> String { String(english(key).prefix { $0 != "{" }) }

    /// A usage line, wrapped under its title between options, never inside `[--repo <dossier>]`.
    static func usage(_ header: String, _ synopsis: String, width: Int) -> [String] {
        let translated = synopsis.replacingOccurrences(of: english("cli.parser.subcommand"), with: Catalogue.text("cli.parser.subcommand"))
        var items: [String] = []
        var current = ""
        var depth = 0
        for c in translated {
            if c == " " && depth == 0 {
                if !current.isEmpty { items.append(current) }
                current = ""
                continue
            }
            if c == "[" || c == "<" || c == "(" { depth += 1 }
            if c == "]" || c == ">" || c == ")" { depth = max(0, depth - 1) }
            current.append(c)
        }
        if !current.isEmpty { items.append(current) }
        return wrap(items, width: width, first: header, indent: String(repeating: " ", count: header.count))
    }

    /// The words ArgumentParser puts inside option lines.
    private static func phrases(_ line: String) -> String {
        var line = line
        for key in ["cli.parser.show-help", "cli.parser.show-version"] where line.hasSuffix(english(key)) {
            line = String(line.dropLast(english(key).count)) + Catalogue.text(key)
        }
        for key in ["cli.parser.default", "cli.parser.values", "cli.parser.and-default"] {
            line = line.replacingOccurrences(of: english(key), with: Catalogue.text(key))
        }
        return line
    }


    // MARK: Errors

    /// An error ArgumentParser wrote ("Error: …", "Help:  …", "Usage: …", "See '…' for more
    /// information."), in the person's language. A sentence it does not know stays as it is
    /// (a ValidationError of ours is already in the person's language).
    static func error(_ text: String, width: Int) -> String {
        // A command run with no arguments at all gets the whole help after the error.
        if let overview = text.range(of: "\n" + english("cli.parser.overview") + " ") {
            return error(String(text[..<overview.lowerBound]), width: width) + "\n"
                + help(String(text[text.index(after: overview.lowerBound)...]), width: width)
        }
        var lines: [String] = []
        var inUsage = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if let message = line.dropping(prefix: lead("cli.parser.error")) {
                // Each sentence wraps on its own, its lines continuing under its first word.
                lines += fitted(Catalogue.text("cli.parser.error", ["message": .text(sentence(message))]), width: width)
                inUsage = false
            } else if let help = line.dropping(prefix: lead("cli.parser.help-line")) {
                lines += fitted(Catalogue.text("cli.parser.help-line", ["help": .text(help)]), width: width)
                inUsage = false
            } else if let rest = line.dropping(prefix: english("cli.parser.usage-line") + " ") {
                lines += usage(Catalogue.text("cli.parser.usage-line") + " ", rest, width: width)
                inUsage = true
            } else if inUsage, line.hasPrefix("       ") {
                continue
            } else if let found = Template.match("  " + english("cli.parser.see-help"), line) {
                lines.append("  " + Catalogue.text("cli.parser.see-help", ["command": .text(found["command"] ?? "")]))
                inUsage = false
            } else {
                lines.append(line)
            }
        }
        return lines.joined(separator: "\n")
    }

    /// A line as it is when it fits, else wrapped with its next lines indented.
    static func fitted(_ line: String, width: Int) -> [String] {
        line.count <= width ? [line] : wrap(line.split(separator: " ").map(String.init), width: width, first: "", indent: "  ")
    }

    /// The sentences ArgumentParser's errors are made of, each a `cli.parser.*` key whose English
    /// text is the pattern ({name} matches any text).
    static let errorKeys = [
        "cli.parser.unknown-option-suggestion", "cli.parser.unknown-option", "cli.parser.missing-argument",
        "cli.parser.missing-one-of", "cli.parser.missing-value",
        "cli.parser.unexpected-argument", "cli.parser.unexpected-arguments", "cli.parser.no-value-expected",
        "cli.parser.invalid-value-choices", "cli.parser.invalid-value-reason", "cli.parser.invalid-value",
    ]

    static func sentence(_ message: String) -> String {
        for key in errorKeys {
            guard let values = Template.match(english(key), message) else { continue }
            var arguments: [String: MessageArgument] = [:]
            for (name, value) in values {
                switch name {
                case "count": arguments[name] = Int(value).map(MessageArgument.number) ?? .text(value)
                // Lists ('a', 'b' or 'c'): each item quoted the language's way, joined with its words.
                case "values", "names": arguments[name] = .text(quotedList(value, choices: key == "cli.parser.invalid-value-choices"))
                default: arguments[name] = .text(value)
                }
            }
            return Catalogue.text(key, arguments)
        }
        return message
    }

    /// "'a', 'b' or 'c'" as the language quotes and joins it ("« a », « b » ou « c »"). A list
    /// of choices ends with "and" for two items, "or" for more, as ArgumentParser writes it.
    static func quotedList(_ list: String, choices: Bool) -> String {
        guard list.count >= 2, list.hasPrefix("'"), list.hasSuffix("'") else { return list }
        let items = String(list.dropFirst().dropLast()).replacingOccurrences(of: "' or '", with: "', '")
            .replacingOccurrences(of: "' and '", with: "', '").components(separatedBy: "', '")
        let quoted = items.map { Catalogue.text("cli.parser.quoted", ["text": .text($0)]) }
        guard choices, quoted.count >= 2 else { return quoted.joined(separator: ", ") }
        let last = Catalogue.text(quoted.count == 2 ? "cli.parser.and" : "cli.parser.or")
        return quoted.dropLast().joined(separator: ", ") + " \(last) " + quoted[quoted.count - 1]
    }

    // MARK: Wrapping

    /// Lines longer than the width, wrapped again with the indent of the lines that continue
    /// them: a paragraph at the margin, an option's text at its column, a usage after its title.
    static func rewrapped(_ lines: [String], width: Int) -> [String] {
        var out: [String] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            index += 1
            guard line.count > width else { out.append(line); continue }
            let own = line.prefix { $0 == " " }.count
            var first = String(repeating: " ", count: own)
            var words = line.split(separator: " ").map(String.init)
            var indent = own
            if own == 0 {
                // A paragraph, or a usage whose lines hang under its first word.
                if index < lines.count, !lines[index].isEmpty { indent = lines[index].prefix { $0 == " " }.count }
            } else if own == 2, let gap = line.range(of: "  ", range: line.index(line.startIndex, offsetBy: 2)..<line.endIndex) {
                // An option: its label, then its text in the column ArgumentParser chose.
                let label = String(line[..<gap.lowerBound])
                let textStart = line.distance(from: line.startIndex, to: gap.upperBound) + line[gap.upperBound...].prefix { $0 == " " }.count
                indent = textStart
                first = label.padding(toLength: textStart, withPad: " ", startingAt: 0)
                words = line[gap.upperBound...].split(separator: " ").map(String.init)
            }
            while index < lines.count, !lines[index].isEmpty, lines[index].prefix(while: { $0 == " " }).count == indent {
                words += lines[index].split(separator: " ").map(String.init)
                index += 1
            }
            out += wrap(words, width: width, first: first, indent: String(repeating: " ", count: indent))
        }
        return out
    }

    static func wrap(_ words: [String], width: Int, first: String, indent: String) -> [String] {
        // A line that fits keeps its own spacing ("Help:  --repo <folder>  The plan…").
        let whole = first + words.joined(separator: " ")
        if whole.count <= width { return [whole] }
        var out: [String] = []
        var current = first
        var empty = true
        for word in words {
            if !empty && current.count + 1 + word.count > width {
                out.append(current)
                current = indent + word
            } else {
                current += (empty ? "" : " ") + word
            }
            empty = false
        }
        out.append(current)
        return out
    }
}

/// `{name}` templates used as patterns: "Unknown option '{name}'" matches "Unknown option
/// '--bogus'" with name = --bogus. Each placeholder takes the shortest text that lets the rest
/// match, the last one everything to the end.
enum Template {
    /// Longer texts are not matched (a hostile argument of 100 000 quotes must not make the
    /// search slow); they are then shown as ArgumentParser wrote them.
    static let longest = 4000

    static func match(_ template: String, _ text: String) -> [String: String]? {
        guard text.count <= longest else { return nil }
        var pieces: [(literal: String, name: String?)] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            pieces.append((String(rest[..<open]), String(rest[rest.index(after: open)..<close])))
            rest = rest[rest.index(after: close)...]
        }
        pieces.append((String(rest), nil))
        return match(pieces[...], Substring(text), into: [:])
    }

    private static func match(_ pieces: ArraySlice<(literal: String, name: String?)>, _ text: Substring,
                              into found: [String: String]) -> [String: String]? {
        guard let piece = pieces.first else { return text.isEmpty ? found : nil }
        guard text.hasPrefix(piece.literal) else { return nil }
        let after = text.dropFirst(piece.literal.count)
        guard let name = piece.name else { return after.isEmpty ? found : nil }
        let remaining = pieces.dropFirst()
        let next = remaining.first?.literal ?? ""
        // The value ends where the next literal starts (never empty: "Unknown option ''" says nothing).
        var from = after.index(after.startIndex, offsetBy: 1, limitedBy: after.endIndex) ?? after.endIndex
        while from <= after.endIndex {
            let end: Substring.Index
            if next.isEmpty {
                end = remaining.count <= 1 ? after.endIndex : from
            } else {
                guard let literal = after.range(of: next, range: from..<after.endIndex) else { return nil }
                end = literal.lowerBound
            }
            var more = found
            more[name] = String(after[..<end])
            if end > after.startIndex, let result = match(remaining, after[end...], into: more) { return result }
            guard end < after.endIndex else { return nil }
            from = after.index(after: end)
        }
        return nil
    }
}

extension String {
    /// The rest of the string after `prefix`, or nil when it does not start so.
    func dropping(prefix: String) -> String? { hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil }

}
