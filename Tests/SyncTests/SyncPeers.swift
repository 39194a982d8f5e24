import Foundation
import XCTest
import Git
import Records
import Workspace
import TestSupport
@testable import Sync

/// Real peers for sync tests: a bare hub made by libgit2, working copies that clone it, and
/// helpers to edit records the way a person would (the file, then sync), with git as the oracle.
final class SyncPeers {
    let temp = TemporaryDirectory("carnet-sync")
    let hubPath: String
    private(set) var copies: [String: String] = [:]

    init(hubURL: ((String) -> String)? = nil) throws {
        hubPath = temp.url.appendingPathComponent("hub.git").path
        _ = try Repository.create(hubPath, bare: true)
    }

    func path(_ name: String) -> String { temp.url.appendingPathComponent(name).path }

    /// The point of contact creates the plan from the sample and publishes it to the empty hub.
    @discardableResult
    func publish(as name: String = "poc", hub: String? = nil, transport: (SyncSettings) -> SyncSettings = { $0 }) throws -> SyncOutcome {
        let dir = path(name)
        let author = Signature(name: "Point of Contact", email: "poc@example.org")
        _ = try WorkingCopy.create(at: dir, sample: RepositoryPaths.sample, author: author)
        try WorkingCopy(at: dir).setAuthor(name: author.name, email: author.email)
        let engine = try SyncEngine(at: dir)
        try engine.configure(transport(SyncSettings(hub: hub ?? hubPath, ministry: nil)))
        copies[name] = dir
        let outcome = engine.sync()
        XCTAssertEqual(outcome.status, .inSync, outcome.summary)
        return outcome
    }

    /// A copy of the hub, the point of contact's by default: these tests are about merging, and
    /// the point of contact may write every record (a ministry's copy keeps back, before it
    /// commits, what its hub would refuse: GuardrailTests).
    @discardableResult
    func clone(_ name: String, ministry: String? = nil, hub: String? = nil,
               transport: (SyncSettings) -> SyncSettings = { $0 }) throws -> SyncOutcome {
        let dir = path(name)
        let outcome = SyncEngine.clone(transport(SyncSettings(hub: hub ?? hubPath, ministry: ministry)), into: dir)
        if outcome.status == .inSync {
            try WorkingCopy(at: dir).setAuthor(name: "Agent \(name)", email: "\(name)@example.org")
            copies[name] = dir
        }
        return outcome
    }

    func sync(_ name: String) throws -> SyncOutcome {
        try SyncEngine(at: copies[name]!).sync()
    }

    // MARK: - Editing records as a person does

    func read(_ name: String, _ relative: String) throws -> String {
        try String(contentsOfFile: copies[name]! + "/" + relative, encoding: .utf8)
    }

    func write(_ name: String, _ relative: String, _ text: String) throws {
        let url = URL(fileURLWithPath: copies[name]! + "/" + relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func progress(_ name: String, _ commitment: String) throws -> CommitmentProgress {
        let relative = PlanLayout.progressFile(commitment)
        let source = RecordSource(bytes: Array(try read(name, relative).utf8), path: relative)
        return try XCTUnwrap(CommitmentProgress.read(source, expectedID: commitment), "\(source.diagnostics)")
    }

    func editProgress(_ name: String, _ commitment: String, _ change: (inout CommitmentProgress) -> Void) throws {
        var p = try progress(name, commitment)
        change(&p)
        try write(name, PlanLayout.progressFile(commitment), p.canonicalYAML)
    }

    /// Sets a milestone's note (adding the milestone's progress when missing).
    func setNote(_ name: String, _ commitment: String, _ milestone: String, _ note: String) throws {
        try editProgress(name, commitment) { p in
            if let i = p.milestones.firstIndex(where: { $0.id == milestone }) {
                p.milestones[i].note = .plain(note)
            } else {
                var m = CommitmentProgress.MilestoneProgress(id: milestone, completion: .limited)
                m.note = .plain(note)
                p.milestones.append(m)
            }
        }
    }

    // MARK: - Oracles

    func head(_ name: String) throws -> ObjectID? { try Repository.open(copies[name]!).headCommitID() }
    func hubHead() throws -> ObjectID? { try Repository.open(hubPath).referenceTarget("refs/heads/main") }

    func tree(_ name: String) throws -> String {
        try Shell.git(["rev-parse", "HEAD^{tree}"], in: copies[name]!).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `git fsck --strict` accepts the repository.
    func assertFsck(_ repository: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let result = try Shell.git(["fsck", "--strict", "--no-progress"], in: repository)
        XCTAssertEqual(result.status, 0, "git fsck in \(repository): \(result.stdout)\(result.stderr)", file: file, line: line)
    }

    /// `git status` shows nothing to commit (the working tree and the index match HEAD).
    func assertClean(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let result = try Shell.git(["status", "--porcelain"], in: copies[name]!)
        XCTAssertEqual(result.stdout, "", "git status in \(name)", file: file, line: line)
    }
}
