import ArgumentParser
import Foundation
import Messages
import Records

struct FormatCommand: ParsableCommand {
    static let configuration: CommandConfiguration = {
        CommandConfiguration(
            commandName: "format", abstract: Catalogue.text("help.format.abstract"),
            discussion: HelpText.discussion(Catalogue.text("help.format.discussion"),
                                            example: Catalogue.text("help.format.example")))
    }()

    @Argument(help: ArgumentHelp(Catalogue.text("help.format.directory"))) var folder: String?
    /// Optional, so that the help says the default in words, not as "(default: .)".
    private var directory: String { folder ?? "." }
    @Flag(help: ArgumentHelp(Catalogue.text("help.format.check"))) var check = false
    @OptionGroup var language: LanguageOption

    func run() throws {
        guard let root = ValidateCommand.planRoot(above: URL(fileURLWithPath: directory).standardizedFileURL) else {
            Console.error(Catalogue.text("cli.no-plan-here", ["path": .text(directory)]))
            throw ExitCode(66)
        }
        var changed = 0
        for (path, text) in PlanSnapshot(root: root).canonicalTexts() {
            let url = root.appendingPathComponent(path)
            guard (try? String(contentsOf: url, encoding: .utf8)) != text else { continue }
            changed += 1
            Console.line(path)
            if !check {
                do { try Data(text.utf8).write(to: url, options: .atomic) } catch {
                    Console.error(Catalogue.text("cli.cannot-write", ["path": .text(path), "reason": .text(Catalogue.reason(for: error))]))
                    throw ExitCode(74)
                }
            }
        }
        if check && changed > 0 { throw ExitCode(1) }
    }
}
