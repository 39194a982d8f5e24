import Foundation
import TestSupport
import XCTest

/// The hub's hook invocations skip ArgumentParser's tree (HubHookEntry): what they do and say
/// must be what the full parser's route does, and everything else must still reach the parser.
final class HubHookEntryTests: CLITestCase {
    /// `--lang en` sends the same invocation through the full parser: both routes must agree.
    private func bothRoutes(_ arguments: [String]) throws -> (fast: ShellResult, parsed: ShellResult) {
        let fast = try Shell.run([RepositoryPaths.carnetBinary] + arguments, in: work.path, environment: ["HOME": home.path])
        let parsed = try Shell.run([RepositoryPaths.carnetBinary] + arguments + ["--lang", "en"], in: work.path, environment: ["HOME": home.path])
        return (fast, parsed)
    }

    func testHookInvocationsDoWhatTheParsedCommandDoes() throws {
        let missing = work.path + "/no-such-hub"
        for arguments in [["hub", "serve", "--hub", missing, "--identity", "not a token"],
                          ["hub", "serve", "--identity=not-base64!", "--hub=\(missing)"],
                          ["hub", "verify", "--hub", missing],
                          ["hub", "record", "--hub=\(missing)"],
                          ["hub", "merge", "--hub", missing],
                          // Repeated: the fast route declines it, the parser takes the last one.
                          ["hub", "verify", "--hub", work.path, "--hub", missing]] {
            let (fast, parsed) = try bothRoutes(arguments)
            XCTAssertNotEqual(fast.status, 0, "\(arguments)")
            XCTAssertEqual(fast.status, parsed.status, "\(arguments): \(fast.stderr) / \(parsed.stderr)")
            XCTAssertEqual(fast.stderr, parsed.stderr, "\(arguments)")
            XCTAssertEqual(fast.stdout, parsed.stdout, "\(arguments)")
        }
    }

    func testAnythingElseStillMeetsTheParser() throws {
        // Unknown options, a missing value, serve without its identity: the parser's usage
        // errors (64), never a hook run with half its arguments.
        for arguments in [["hub", "verify", "--bogus"], ["hub", "verify", "--hub"],
                          ["hub", "serve", "--hub", "x"], ["hub", "record", "--identity", "x"], ["hub", "verify", "--hub", "--identity"]] {
            let result = try carnet(arguments)
            XCTAssertEqual(result.status, 64, "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("carnet hub"), "\(arguments): the parser's usage line: \(result.stderr)")
        }
        let help = try carnet(["hub", "verify", "--help"])
        XCTAssertEqual(help.status, 0, help.stderr)
        XCTAssertTrue(help.stdout.contains("carnet hub verify"), help.stdout)
    }

    private func carnet(_ arguments: [String]) throws -> ShellResult {
        try Shell.run([RepositoryPaths.carnetBinary] + arguments, in: work.path, environment: ["HOME": home.path])
    }
}
