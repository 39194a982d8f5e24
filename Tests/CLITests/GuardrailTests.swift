import Foundation
import TestSupport
import XCTest

/// A copy cloned for a ministry refuses locally what its hub would refuse (issue 11): a mistaken
/// edit never becomes a commit that can never be sent. The real binary; git as the oracle.
final class GuardrailTests: CLITestCase {
    /// A hub made from the sample, and a copy of it cloned for autorite-terres (which leads 05).
    private func terresCopy() throws -> String {
        let plan = try samplePlan()
        XCTAssertEqual(try carnet("hub", "init", work.path + "/hub.git", "--from", plan).status, 0)
        let clone = try carnet("clone", work.path + "/hub.git", "terres", "--ministry", "autorite-terres")
        XCTAssertEqual(clone.status, 0, clone.stderr)
        let copy = work.path + "/terres"
        XCTAssertEqual(try carnet("whoami", "--name", "Rosine Abessolo", "--email", "rosine@terres.example", in: copy).status, 0)
        return copy
    }

    private func status(_ copy: String) throws -> String { try git("status", "--porcelain", in: copy) }

    func testEditsOfAnotherMinistrysCommitmentAreRefusedBeforeAnythingIsWritten() throws {
        let copy = try terresCopy()
        let before = try head(copy)
        let set = try carnet("milestone", "set", "02", "m1", "--note", "pas à nous", in: copy)
        XCTAssertEqual(set.status, 77, set.stderr)
        XCTAssertTrue(set.stderr.contains("min-justice"), set.stderr)
        XCTAssertTrue(set.stderr.contains("Étienne Lavalou"), "says whom to ask: \(set.stderr)")
        let commitment = try carnet("commitment", "set", "02", "--results", "x", in: copy)
        XCTAssertEqual(commitment.status, 77, commitment.stderr)
        let document = work.path + "/pv.txt"
        try "procès-verbal".write(toFile: document, atomically: true, encoding: .utf8)
        let evidence = try carnet("evidence", "add", "02", document, in: copy)
        XCTAssertEqual(evidence.status, 77, evidence.stderr)
        XCTAssertEqual(try head(copy), before)
        XCTAssertEqual(try status(copy), "", "nothing written")
        // Its own commitment is edited as before.
        XCTAssertEqual(try carnet("milestone", "set", "05", "m1", "--note", "à nous", in: copy).status, 0)
    }

    func testCommitLeavesOutWhatTheHubWouldRefuseAndNamesIt() throws {
        let copy = try terresCopy()
        func edit(_ path: String, _ old: String, _ new: String) throws {
            let text = try String(contentsOfFile: copy + "/" + path, encoding: .utf8)
            XCTAssertTrue(text.contains(old), path)
            try text.replacingOccurrences(of: old, with: new).write(toFile: copy + "/" + path, atomically: true, encoding: .utf8)
        }
        // A valid hand edit of 02's progress (the sample's own file, with a note) …
        let original = try git("show", "HEAD:commitments/02/progress.yaml", in: copy)
        try original.replacingOccurrences(of: "commitment: \"02\"", with: "# note de terres\ncommitment: \"02\"")
            .write(toFile: copy + "/commitments/02/progress.yaml", atomically: true, encoding: .utf8)
        // … a change of a commitment definition, and a valid edit of our own.
        try edit("commitments/05/commitment.yaml", "number: 5", "number: 50")
        try edit("ministries/autorite-terres.yaml", "+00 123 45678", "+00 123 45679")
        let before = try head(copy)
        let result = try carnet("commit", in: copy)
        XCTAssertEqual(result.status, 77, result.stdout + result.stderr)
        XCTAssertTrue(result.stderr.contains("commitments/02/progress.yaml"), result.stderr)
        XCTAssertTrue(result.stderr.contains("only the lead ministry of commitment 02 (min-justice)"), result.stderr)
        XCTAssertTrue(result.stderr.contains("commitments/05/commitment.yaml"), result.stderr)
        XCTAssertEqual(try git("diff", "--name-only", before.trimmingCharacters(in: .whitespacesAndNewlines), "HEAD", in: copy),
                       "ministries/autorite-terres.yaml\n")
        // The refused files stay in the work tree, untouched.
        XCTAssertTrue(try String(contentsOfFile: copy + "/commitments/02/progress.yaml", encoding: .utf8).contains("# note de terres"))
        XCTAssertEqual(try status(copy), " M commitments/02/progress.yaml\n M commitments/05/commitment.yaml\n")
    }

    func testCommitRefusesWhatIsInvalidAcrossFiles() throws {
        let copy = try terresCopy()
        let before = try head(copy)
        // A referenced evidence file deleted by hand.
        try FileManager.default.removeItem(atPath: copy + "/commitments/05/evidence/compte-rendu-atelier.md")
        // A symbolic link in evidence/.
        try FileManager.default.createSymbolicLink(atPath: copy + "/commitments/05/evidence/lien.pdf", withDestinationPath: "/etc/hostname")
        let result = try carnet("commit", in: copy)
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("compte-rendu-atelier.md"), result.stderr)
        XCTAssertTrue(result.stderr.contains("lien.pdf"), result.stderr)
        XCTAssertEqual(try head(copy), before, "nothing the hub would refuse was committed")

        // A progress record with no commitment.yaml beside it.
        try FileManager.default.removeItem(atPath: copy + "/commitments/05/evidence/lien.pdf")
        XCTAssertEqual(try git("checkout", "--", "commitments/05/evidence/compte-rendu-atelier.md", in: copy), "")
        try FileManager.default.createDirectory(atPath: copy + "/commitments/99", withIntermediateDirectories: true)
        try git("show", "HEAD:commitments/05/progress.yaml", in: copy).replacingOccurrences(of: "commitment: \"05\"", with: "commitment: \"99\"")
            .write(toFile: copy + "/commitments/99/progress.yaml", atomically: true, encoding: .utf8)
        let orphan = try carnet("commit", in: copy)
        XCTAssertNotEqual(orphan.status, 0)
        XCTAssertTrue(orphan.stderr.contains("commitments/99/progress.yaml"), orphan.stderr)
        XCTAssertEqual(try head(copy), before)
    }
}
