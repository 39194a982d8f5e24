import Foundation
import XCTest
import Git
import Records
import TestSupport
@testable import Sync

/// `carnet conflicts` says who wrote both values; `carnet resolve` takes the short form and a
/// value of one's own. Conflicts made by a real sync between two copies and a hub; the real
/// binary; git as the oracle for who wrote what.
final class ConflictSettlingTests: XCTestCase {
    private let home = TemporaryDirectory("carnet-home")

    private func carnet(_ arguments: String..., in directory: String) throws -> ShellResult {
        try Shell.run([RepositoryPaths.carnetBinary] + arguments, in: directory, environment: [
            "HOME": home.path, "XDG_CONFIG_HOME": home.path, "GIT_CONFIG_NOSYSTEM": "1", "CARNET_TODAY": "2026-11-27",
        ])
    }

    /// a's note and a's completion reach the hub; the point of contact then changes another file
    /// and merges (so the hub's tip is the point of contact's merge, not a's commit); b, offline,
    /// changed the same two fields and syncs.
    private func conflicted() throws -> SyncPeers {
        let peers = try SyncPeers()
        try peers.publish()
        try peers.clone("a")
        try peers.clone("b")
        try peers.setNote("a", "03", "m1", "value from a")
        try peers.editProgress("a", "03") { $0.milestones[1].completion = .complete }
        XCTAssertEqual(try peers.sync("a").status, .inSync)
        // The point of contact, not yet up to date, changes another file: its sync merges, and
        // a's file reaches the hub's tip through that merge's second parent.
        try peers.setNote("poc", "01", "m1", "a later change by the point of contact")
        XCTAssertEqual(try peers.sync("poc").status, .inSync)
        try peers.setNote("b", "03", "m1", "value from b")
        try peers.editProgress("b", "03") { $0.milestones[1].completion = .limited }
        XCTAssertEqual(try peers.sync("b").conflicts.count, 2)
        return peers
    }

    private func count(_ copy: String) throws -> String {
        try Shell.git(["rev-list", "--count", "HEAD"], in: copy).stdout
    }

    func testConflictsSayWhoWroteTheKeptValueAndWhen() throws {
        let peers = try conflicted()
        let b = peers.copies["b"]!
        // The oracle: git's own answer to "who last changed this file on the hub's side of b's merge".
        let oracle = try Shell.git(["log", "-1", "--format=%an <%ae>|%at", "HEAD^2", "--", "commitments/03/progress.yaml"], in: b)
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "|").map(String.init)
        XCTAssertEqual(oracle.first, "Agent a <a@example.org>")
        XCTAssertEqual(try Shell.git(["log", "-1", "--format=%p", "HEAD^2"], in: b).stdout.split(separator: " ").count, 2,
                       "the hub's tip is the point of contact's merge")
        XCTAssertEqual(try Shell.git(["log", "-1", "--format=%an", "HEAD^2"], in: b).stdout, "Point of Contact\n")

        let listed = try carnet("conflicts", "--json", in: b)
        XCTAssertEqual(listed.status, 0, listed.stderr)
        let entries = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(entries.count, 2)
        for entry in entries {
            XCTAssertEqual(entry["keptBy"] as? String, "Agent a <a@example.org>", "\(entry)")
            XCTAssertEqual(entry["lostBy"] as? String, "Agent b <b@example.org>", "\(entry)")
            let keptAt = try XCTUnwrap(ISO8601DateFormatter().date(from: entry["keptAt"] as? String ?? ""), "\(entry)")
            XCTAssertEqual(keptAt.timeIntervalSince1970, TimeInterval(oracle[1])!)
        }
        let text = try carnet("conflicts", in: b).stdout
        XCTAssertTrue(text.contains("kept: value from a   (Agent a <a@example.org>, "), text)
        XCTAssertTrue(text.contains("lost: value from b   (Agent b <b@example.org>, "), text)
        XCTAssertTrue(text.contains("settle: carnet resolve 03 m1.note --keep | --take-lost | --value TEXT"), text)

        let shown = try carnet("show", "3", "--json", in: b)
        let sheet = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        let conflicts = sheet["conflicts"] as? [[String: Any]]
        XCTAssertEqual(conflicts?.count, 2)
        XCTAssertEqual(conflicts?.first?["keptBy"] as? String, "Agent a <a@example.org>")
    }

    func testResolveTakesTheShortFormAndACombinedValueAsOneCommit() throws {
        let peers = try conflicted()
        let b = peers.copies["b"]!
        let before = try count(b)

        let unknown = try carnet("resolve", "3", "m9.note", "--keep", in: b)
        XCTAssertEqual(unknown.status, 64, unknown.stderr)
        XCTAssertTrue(unknown.stderr.contains("its conflicts are on milestones.m1.note, milestones.m2.completion"), unknown.stderr)
        XCTAssertEqual(try carnet("resolve", "3", "m1.note", "--keep", "--value", "x", in: b).status, 64)
        XCTAssertEqual(try carnet("resolve", "42", "m1.note", "--keep", in: b).status, 64)

        // A value that would make the record invalid is refused, and nothing is written.
        let file = try peers.read("b", "commitments/03/progress.yaml")
        let invalid = try carnet("resolve", "03", "m2.completion", "--value", "almost", in: b)
        XCTAssertEqual(invalid.status, 65, invalid.stderr)
        XCTAssertEqual(try peers.read("b", "commitments/03/progress.yaml"), file)
        XCTAssertEqual(try count(b), before)

        let combined = try carnet("resolve", "3", "m1.note", "--value", "value from a, and from b", in: b)
        XCTAssertEqual(combined.status, 0, combined.stderr)
        XCTAssertEqual(try Shell.git(["log", "-1", "--format=%s", "--name-only"], in: b).stdout,
                       "Resolve commitments/03/progress.yaml milestones.m1.note: wrote a new value\n\ncommitments/03/progress.yaml\n")
        let p = try peers.progress("b", "03")
        XCTAssertEqual(p.milestone("m1")?.note, .plain("value from a, and from b"))
        XCTAssertEqual(p.conflicts.map(\.field), ["milestones.m2.completion"])

        let lost = try carnet("resolve", "03", "milestones.m2.completion", "--take-lost", in: b)
        XCTAssertEqual(lost.status, 0, lost.stderr)
        XCTAssertEqual(try peers.progress("b", "03").milestone("m2")?.completion, .limited)
        XCTAssertEqual(Int(try count(b).trimmingCharacters(in: .newlines)), Int(before.trimmingCharacters(in: .newlines))! + 2)
        try peers.assertClean("b")
        XCTAssertEqual(try carnet("conflicts", in: b).stdout, "No conflicts to settle.\n")
        XCTAssertEqual(try carnet("validate", in: b).status, 0)
    }

    /// The hub's deletion of a milestone's progress loses to b's edit: the kept value is b's own,
    /// and `--value` refuses to put one string in place of a whole item.
    func testWhenTheHubsDeletionLostTheKeptValueIsOurs() throws {
        let peers = try SyncPeers()
        try peers.publish()
        try peers.clone("a")
        try peers.clone("b")
        try peers.editProgress("a", "03") { $0.milestones.removeAll { $0.id == "m3" } }
        XCTAssertEqual(try peers.sync("a").status, .inSync)
        try peers.setNote("b", "03", "m3", "b's note on m3")
        let outcome = try peers.sync("b")
        XCTAssertEqual(outcome.conflicts.map(\.field), ["milestones.m3"], outcome.summary)
        let b = peers.copies["b"]!
        let oracle = try Shell.git(["log", "-1", "--format=%an <%ae>", "HEAD^1", "--", "commitments/03/progress.yaml"], in: b).stdout
        XCTAssertEqual(oracle, "Agent b <b@example.org>\n")

        let listed = try carnet("conflicts", "--json", in: b)
        let entries = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(entries.first?["lost"] as? String, "~")
        XCTAssertEqual(entries.first?["lostBy"] as? String, "Agent a <a@example.org>")
        XCTAssertEqual(entries.first?["keptBy"] as? String, "Agent b <b@example.org>")

        let before = try count(b)
        let whole = try carnet("resolve", "03", "m3", "--value", "a single text", in: b)
        XCTAssertEqual(whole.status, 64, whole.stderr)
        XCTAssertTrue(whole.stderr.contains("holds more than one value"), whole.stderr)
        XCTAssertEqual(try count(b), before)
        try peers.assertClean("b")
        XCTAssertEqual(try carnet("resolve", "03", "m3", "--keep", in: b).status, 0)
        XCTAssertEqual(try peers.progress("b", "03").milestone("m3")?.note, .plain("b's note on m3"))
    }
}
