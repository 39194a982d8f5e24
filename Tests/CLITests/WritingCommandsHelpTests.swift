import Foundation
import TestSupport
import XCTest

/// The writing and admin commands' help, in French and in English: it fits 80 columns, gives
/// one example, and speaks the language asked for.
final class WritingCommandsHelpTests: CLITestCase {
    static let commands: [[String]] = [
        ["milestone"], ["milestone", "set"], ["commitment"], ["commitment", "set"],
        ["evidence"], ["evidence", "add"], ["evidence", "remove"], ["evidence", "title"], ["whoami"],
        ["plan"], ["plan", "init"], ["member"], ["member", "add"], ["log"], ["commit"], ["format"],
        ["hub"], ["hub", "init"], ["hub", "authorized-keys"], ["hub", "status"],
        ["hub", "serve"], ["hub", "verify"], ["hub", "record"],
        ["report"], ["report", "dashboard"], ["report", "self-assessment"], ["demo"],
    ]

    func testHelpFitsEightyColumnsWithOneExampleInBothLanguages() throws {
        for (language, example) in [("fr_FR.UTF-8", "Exemple\u{00A0}:"), ("en_GB.UTF-8", "Example:")] {
            for command in Self.commands {
                let result = try Shell.run([RepositoryPaths.carnetBinary] + command + ["--help"], in: work.path, environment: [
                    "HOME": home.path, "CARNET_LANG": "", "LANG": language, "COLUMNS": "80"])
                let shown = "\(language) carnet \(command.joined(separator: " ")) --help:\n\(result.stdout)"
                XCTAssertEqual(result.status, 0, shown + result.stderr)
                for line in result.stdout.split(separator: "\n", omittingEmptySubsequences: false) {
                    XCTAssertLessThanOrEqual(line.count, 80, "\(line)\n\(shown)")
                }
                let examples = result.stdout.components(separatedBy: example).count - 1
                XCTAssertEqual(examples, 1, shown)
                // An example is a command line of its own, never wrapped into the next one.
                let after = result.stdout.components(separatedBy: example + "\n").last ?? ""
                XCTAssertTrue(after.hasPrefix("  carnet "), shown)
                let lines = after.split(separator: "\n", omittingEmptySubsequences: false)
                var last = 0
                while last + 1 < lines.count, lines[last].hasSuffix("\\") {
                    XCTAssertTrue(lines[last + 1].hasPrefix("      --"), "a continued example goes on indented\n" + shown)
                    last += 1
                }
                XCTAssertTrue(last + 1 < lines.count && lines[last + 1].isEmpty, "the example ends its line\n" + shown)
            }
        }
    }

    func testFrenchHelpNamesTheManualsConcepts() throws {
        let env = ["HOME": home.path, "CARNET_LANG": "", "LANG": "fr_FR.UTF-8", "COLUMNS": "80"]
        let milestone = try Shell.run([RepositoryPaths.carnetBinary, "milestone", "set", "--help"], environment: env).stdout
        XCTAssertTrue(milestone.contains("étape clé"), milestone)
        XCTAssertTrue(milestone.contains("niveau d'achèvement"), milestone)
        let member = try Shell.run([RepositoryPaths.carnetBinary, "member", "add", "--help"], environment: env).stdout
        XCTAssertTrue(member.contains("point de contact"), member)
        let english = try Shell.run([RepositoryPaths.carnetBinary, "milestone", "set", "--help"],
                                    environment: ["HOME": home.path, "CARNET_LANG": "en", "COLUMNS": "80"]).stdout
        XCTAssertTrue(english.contains("completion level"), english)
        XCTAssertFalse(english.contains("étape"), english)
    }
}
