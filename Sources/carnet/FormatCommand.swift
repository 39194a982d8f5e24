import ArgumentParser
import Foundation
import Records

struct FormatCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "format",
        abstract: "Rewrite valid records in Carnet's canonical layout (after hand edits), without committing.",
        discussion: "Invalid records are left untouched. Comments in rewritten files are not kept.")

    @Argument(help: "The plan folder (default: the current folder).") var directory: String = "."
    @Flag(help: "Only list the files that would change; exit 1 if any would.") var check = false

    func run() throws {
        guard let root = ValidateCommand.planRoot(above: URL(fileURLWithPath: directory).standardizedFileURL) else {
            Console.error("no plan.yaml in \(directory) or above")
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
                    Console.error("cannot write \(path): \(error.localizedDescription)")
                    throw ExitCode(74)
                }
            }
        }
        if check && changed > 0 { throw ExitCode(1) }
    }
}
