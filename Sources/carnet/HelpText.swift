import Messages

/// A command's discussion as help shows it: its paragraphs, if any, then its one example.
/// Paragraphs are written without line breaks in the catalogue, so the parser wraps them to
/// the terminal's width; the example is one short line of its own.
enum HelpText {
    static func discussion(_ paragraphs: String? = nil, example: String) -> String {
        let shown = Catalogue.text("help.example", ["command": .text(example)])
        return paragraphs.map { $0 + "\n\n" + shown } ?? shown
    }
}
