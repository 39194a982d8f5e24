import Foundation
import TestSupport
import XCTest

/// The working copy's and sync's sentences in French, through the real binary (issue 12): a
/// guardrail refusal, a sync that keeps a conflict, a file held back for the hub. Each is
/// checked for French words and for English words leaking through.
final class EngineFrenchTests: CLITestCase {
    /// Words that give English away in a French text.
    static let englishTells = [" the ", " and ", " with ", " from ", " your ", " is "]

    /// carnet as a French-speaking person runs it: no CARNET_LANG, a French locale.
    private func carnetInFrench(_ arguments: String..., in directory: String) throws -> ShellResult {
        try Shell.run([RepositoryPaths.carnetBinary] + arguments, in: directory, environment: [
            "HOME": home.path, "XDG_CONFIG_HOME": home.path, "GIT_CONFIG_NOSYSTEM": "1",
            "CARNET_SAMPLES": RepositoryPaths.root().appendingPathComponent("Samples").path,
            "CARNET_TODAY": "2026-11-27", "CARNET_LANG": "", "LANG": "fr_FR.UTF-8", "LC_ALL": "", "LC_MESSAGES": "",
        ])
    }

    private func assertFrench(_ text: String, _ words: [String], file: StaticString = #filePath, line: UInt = #line) {
        for word in words { XCTAssertTrue(text.contains(word), "no '\(word)' in: \(text)", file: file, line: line) }
        for tell in Self.englishTells { XCTAssertFalse(text.contains(tell), "English '\(tell)' in: \(text)", file: file, line: line) }
    }

    /// A hub on a path made from the sample, and copies cloned for ministries.
    private func hubAndCopy(_ name: String, ministry: String, author: (String, String)) throws -> String {
        if !FileManager.default.fileExists(atPath: work.path + "/hub.git") {
            let plan = try samplePlan()
            XCTAssertEqual(try carnet("hub", "init", work.path + "/hub.git", "--from", plan).status, 0)
        }
        let clone = try carnet("clone", work.path + "/hub.git", name, "--ministry", ministry)
        XCTAssertEqual(clone.status, 0, clone.stderr)
        let copy = work.path + "/" + name
        XCTAssertEqual(try carnet("whoami", "--name", author.0, "--email", author.1, in: copy).status, 0)
        return copy
    }

    func testAGuardrailRefusalIsInFrench() throws {
        let copy = try hubAndCopy("terres", ministry: "autorite-terres", author: ("Rosine Abessolo", "rosine@terres.example"))
        let set = try carnetInFrench("milestone", "set", "02", "m1", "--note", "pas à nous", in: copy)
        XCTAssertEqual(set.status, 77, set.stderr)
        assertFrench(set.stderr, ["refusé", "seul l'organisme d'exécution de l'engagement 02 (min-justice)",
                                  "adressez-vous à min-justice (Étienne Lavalou", "rien n'a été écrit"])
        let unknown = try carnetInFrench("milestone", "set", "05", "m9", "--note", "x", in: copy)
        XCTAssertEqual(unknown.status, 64, unknown.stderr)
        assertFrench(unknown.stderr, ["l'engagement 05 n'a pas d'étape clé", "m9"])
    }

    func testASyncThatKeepsAConflictSaysSoInFrench() throws {
        let first = try hubAndCopy("terres-1", ministry: "autorite-terres", author: ("Rosine Abessolo", "rosine@terres.example"))
        let second = try hubAndCopy("terres-2", ministry: "autorite-terres", author: ("Rosine Abessolo", "rosine@terres.example"))
        XCTAssertEqual(try carnet("milestone", "set", "05", "m1", "--note", "Version du bureau", in: first).status, 0)
        XCTAssertEqual(try carnet("sync", in: first).status, 0)
        XCTAssertEqual(try carnet("milestone", "set", "05", "m1", "--note", "Version du terrain", in: second).status, 0)
        let sync = try carnetInFrench("sync", in: second)
        XCTAssertEqual(sync.status, 0, sync.stdout + sync.stderr)
        assertFrench(sync.stdout, ["conflit dans commitments/05/progress.yaml milestones.m1.note",
                                   "la valeur du hub, Version du bureau, a été gardée", "Version du terrain est conservée",
                                   "modifications du hub fusionnées avec les nôtres", "nos commits ont été envoyés au hub"])
    }

    func testAFileHeldBackForTheHubIsExplainedInFrench() throws {
        let copy = try hubAndCopy("terres", ministry: "autorite-terres", author: ("Rosine Abessolo", "rosine@terres.example"))
        let path = copy + "/commitments/05/commitment.yaml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "number: 5", with: "number: 50").write(toFile: path, atomically: true, encoding: .utf8)
        let commit = try carnetInFrench("commit", in: copy)
        XCTAssertEqual(commit.status, 77, commit.stdout + commit.stderr)
        // The diagnostic is the working copy's; the line the command adds around it is the CLI's.
        let diagnostic = commit.stderr.split(separator: "\n").filter { $0.contains("commitments/05/commitment.yaml:") }.joined(separator: "\n")
        assertFrench(diagnostic, ["le hub le refuserait", "les définitions des engagements sont écrites par le point de contact seulement"])
    }
}
