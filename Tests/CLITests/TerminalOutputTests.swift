import Foundation
import TestSupport
import XCTest

/// Text from records, commit messages and the hub reaches a terminal with no control sequence
/// in it: the bytes the real binary prints are checked, not a function's result.
final class TerminalOutputTests: CLITestCase {
    /// Each one drives a terminal: retitle the window (OSC … BEL), clear the screen (CSI),
    /// overwrite the line so far (a lone CR), show the rest reversed (RIGHT-TO-LEFT OVERRIDE),
    /// and the 8-bit CSI.
    static let attacks = ["\u{1B}]0;pwned\u{07}", "\u{1B}[2J", "safe\rFAKE", "\u{202E}txt.exe", "\u{9B}31m", "\u{1B}P1$r\u{1B}\\"]

    static func assertSafe(_ output: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        if let found = TerminalOracle.firstControl(in: output) {
            XCTFail("\(what): \(found) in \(output.debugDescription)", file: file, line: line)
        }
        // The sequences are gone whole: not only their ESC byte.
        XCTAssertFalse(output.contains("]0;pwned"), what, file: file, line: line)
        XCTAssertFalse(output.contains("[2J"), what, file: file, line: line)
    }

    func testLogShowsACommitsMessageAndAuthorWithoutControlSequences() throws {
        let plan = try samplePlan()
        let file = plan + "/commitments/05/progress.yaml"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try text.replacingOccurrences(of: "completion: substantial", with: "completion: complete", options: [], range: nil)
            .write(toFile: file, atomically: true, encoding: .utf8)
        let message = "Subject " + Self.attacks.joined(separator: " ") + "\u{2028}second half\n\nbody " + Self.attacks.joined()
        // Another user's git, as a hostile peer would write the commit: any bytes in the message and the name.
        let commit = try Shell.run(["git", "-c", "user.name=Eve\u{1B}[2J\u{202E}", "-c", "user.email=eve@x.example",
                                    "commit", "-q", "-a", "--cleanup=verbatim", "-m", message], in: plan)
        XCTAssertEqual(commit.status, 0, commit.stderr)

        let log = try carnet("log", "05", "--limit", "1", "-C", plan)
        XCTAssertEqual(log.status, 0, log.stderr)
        Self.assertSafe(log.stdout + log.stderr, "carnet log")
        let lines = log.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        // The subject is one line: the U+2028 inside it does not start another one.
        XCTAssertTrue(lines.contains { $0.hasPrefix("    Subject ") && $0.contains("second half") }, log.stdout)
        XCTAssertTrue(log.stdout.contains("safe FAKE"), "a lone CR in a line is a space: \(log.stdout.debugDescription)")

        // --json stays exact JSON: the message comes back byte for byte, and the raw output
        // holds no control either (JSONEncoder escapes C0; C1 and bidi are escaped as \uXXXX).
        let json = try carnet("log", "05", "--limit", "1", "--json", "-C", plan)
        XCTAssertEqual(json.status, 0, json.stderr)
        Self.assertSafe(json.stdout.replacingOccurrences(of: "]0;pwned", with: "").replacingOccurrences(of: "[2J", with: ""), "carnet log --json")
        let changes = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(changes.first?["message"] as? String, message)
        XCTAssertEqual(changes.first?["author"] as? String, "Eve\u{1B}[2J\u{202E}")
    }

    func testStatusAndValidateShowRecordTextWithoutControlSequences() throws {
        let plan = try samplePlan()
        // YAML escapes put the controls in the values (the raw bytes are refused by the reader).
        let hostile = #"Public\e]0;pwned\a land\e[2J re\rcords\u202E \x9b31m\nsecond line"#
        let commitment = plan + "/commitments/05/commitment.yaml"
        try String(contentsOfFile: commitment, encoding: .utf8)
            .replacingOccurrences(of: #"fr: "Documents publics relatifs aux terres""#, with: "fr: \"\(hostile)\"")
            .write(toFile: commitment, atomically: true, encoding: .utf8)
        let progress = plan + "/commitments/02/progress.yaml"
        try String(contentsOfFile: progress, encoding: .utf8)
            .replacingOccurrences(of: "\"02\"\ncompletion: limited\n", with: "\"02\"\ncompletion: \"\\e]0;pwned\\a\\e[2Jnearly\\r\\u202E\"\n")
            .write(toFile: progress, atomically: true, encoding: .utf8)

        let status = try carnet("status", "-C", plan)
        Self.assertSafe(status.stdout + status.stderr, "carnet status")
        // The title is on one line, the one of commitment 05.
        XCTAssertTrue(status.stdout.split(separator: "\n").contains { $0.contains("05") && $0.contains("second line") }, status.stdout)

        let validate = try carnet("validate", in: plan)
        XCTAssertEqual(validate.status, 65, validate.stderr)
        Self.assertSafe(validate.stdout + validate.stderr, "carnet validate")
        // The one text rule (TextRule) refuses the value and names the character, not the text.
        XCTAssertTrue(validate.stdout.contains("'completion' holds U+001B"), validate.stdout)

        let commit = try carnet("commit", "-C", plan)
        Self.assertSafe(commit.stdout + commit.stderr, "carnet commit")
    }

    func testConflictsShowTheLostValueWithoutControlSequences() throws {
        let plan = try samplePlan()
        let progress = plan + "/commitments/04/progress.yaml"
        let text = try String(contentsOfFile: progress, encoding: .utf8) + """
        conflicts:
          - field: milestones.m2.note
            kept: "ok"
            lost: "\\e]0;pwned\\a\\e[2Jlost\\rFAKE\\u202E"
            lost_by: "Eve \\e[2J<eve@x.example>"
            lost_at: "2026-11-20T10:00:00Z"

        """
        try text.write(toFile: progress, atomically: true, encoding: .utf8)
        let conflicts = try carnet("conflicts", "-C", plan)
        XCTAssertEqual(conflicts.status, 0, conflicts.stderr)
        XCTAssertTrue(conflicts.stdout.contains("milestones.m2.note"), conflicts.stdout)
        Self.assertSafe(conflicts.stdout + conflicts.stderr, "carnet conflicts")
    }

    /// What was typed comes back in ArgumentParser's errors and in our own refusals of a value
    /// ("Unknown option '--…'", "'…' is not a date"): a script passing a record's text as an
    /// argument must not drive the terminal either.
    func testArgumentErrorsQuoteWhatWasTypedWithoutControlSequences() throws {
        let plan = try samplePlan()
        for attack in Self.attacks where !attack.contains("\r") {
            let unknown = try carnet("status", "--x" + attack, "-C", plan)
            XCTAssertEqual(unknown.status, 64, unknown.stderr)
            Self.assertSafe(unknown.stdout + unknown.stderr, "an unknown option")
            let extra = try carnet("status", "-C", plan, "extra" + attack)
            XCTAssertEqual(extra.status, 64, extra.stderr)
            Self.assertSafe(extra.stdout + extra.stderr, "an unexpected argument")
            let date = try carnet("report", "self-assessment", "--as-of", "1 " + attack, "-C", plan)
            XCTAssertNotEqual(date.status, 0, date.stderr)
            Self.assertSafe(date.stdout + date.stderr, "a date that is not one")
        }
    }
}
