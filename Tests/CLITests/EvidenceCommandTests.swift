import Foundation
import TestSupport
import XCTest

/// `carnet evidence add` and `carnet evidence remove`, with git as the oracle.
final class EvidenceCommandTests: CLITestCase {
    private func progress(_ plan: String, _ id: String = "05") throws -> String {
        try String(contentsOfFile: plan + "/commitments/\(id)/progress.yaml", encoding: .utf8)
    }

    func testRemoveTakesTheEntryAndItsFileInOneCommit() throws {
        let plan = try samplePlan()
        let before = try head(plan)
        let result = try carnet("evidence", "remove", "5", "e1", "-C", plan)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try git("rev-list", "--count", "\(before.trimmingCharacters(in: .newlines))..HEAD", in: plan), "1\n")
        XCTAssertEqual(try git("show", "--name-status", "--format=%s", "HEAD", in: plan),
                       "Commitment 05: evidence e1 removed (evidence/compte-rendu-atelier.md)\n\n"
                       + "D\tcommitments/05/evidence/compte-rendu-atelier.md\nM\tcommitments/05/progress.yaml\n")
        XCTAssertFalse(try progress(plan).contains("id: e1\n"))
        XCTAssertEqual(try git("status", "--porcelain", "--untracked-files=all", in: plan), "")
        XCTAssertEqual(try carnet("validate", plan).status, 0)
    }

    func testRemovingALinkRemovesOnlyTheEntry() throws {
        let plan = try samplePlan()
        let result = try carnet("evidence", "remove", "05", "e3", "-C", plan)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try git("show", "--name-only", "--format=", "HEAD", in: plan), "commitments/05/progress.yaml\n")
        XCTAssertFalse(try progress(plan).contains("registre-foncier.valdoria.example/tapir-river\""))
        XCTAssertTrue(try progress(plan).contains("id: e4"))
    }

    func testRemovingAnUnknownEntryIsRefusedNamingTheKnownOnes() throws {
        let plan = try samplePlan()
        let before = try head(plan)
        let unknown = try carnet("evidence", "remove", "05", "e9", "-C", plan)
        XCTAssertEqual(unknown.status, 64, unknown.stderr)
        XCTAssertTrue(unknown.stderr.contains("no evidence 'e9'"), unknown.stderr)
        XCTAssertTrue(unknown.stderr.contains("e1, e2, e3, e4"), unknown.stderr)
        XCTAssertFalse(unknown.stderr.contains("Fatal"), unknown.stderr)
        XCTAssertEqual(try carnet("evidence", "remove", "42", "e1", "-C", plan).status, 64)
        XCTAssertEqual(try head(plan), before)
        XCTAssertEqual(try git("status", "--porcelain", "--untracked-files=all", in: plan), "")
    }

    func testTheSameContentTwiceIsADuplicateWhateverItsName() throws {
        let plan = try samplePlan()
        try work.write("pv.pdf", "%PDF-1.4 the minutes")
        try work.write("copie du pv.pdf", "%PDF-1.4 the minutes")
        XCTAssertEqual(try carnet("evidence", "add", "05", work.path + "/pv.pdf", "-C", plan).status, 0)
        let before = try head(plan)
        let again = try carnet("evidence", "add", "05", work.path + "/copie du pv.pdf", "-C", plan)
        XCTAssertEqual(again.status, 64, again.stderr)
        XCTAssertTrue(again.stderr.contains("entry e5 (evidence/pv.pdf) has the same content"), again.stderr)
        // The sample's own document, added again under another name, is found too.
        try FileManager.default.copyItem(atPath: plan + "/commitments/05/evidence/compte-rendu-atelier.md", toPath: work.path + "/cr.md")
        let sample = try carnet("evidence", "add", "05", work.path + "/cr.md", "-C", plan)
        XCTAssertEqual(sample.status, 64, sample.stderr)
        XCTAssertTrue(sample.stderr.contains("entry e1"), sample.stderr)
        XCTAssertEqual(try head(plan), before)
        XCTAssertEqual(try git("status", "--porcelain", "--untracked-files=all", in: plan), "", "no pv-2.pdf left behind")
        let link = try carnet("evidence", "add", "05", "--url", "https://registre-foncier.valdoria.example/tapir-river", "-C", plan)
        XCTAssertEqual(link.status, 64, link.stderr)
        XCTAssertTrue(link.stderr.contains("entry e3"), link.stderr)
    }

    func testADocumentReachedThroughASymlinkIsCopiedAsAPlainFile() throws {
        let plan = try samplePlan()
        try work.write("documents/proces-verbal_remise-des-titres_2026-11.pdf", "%PDF-1.4 remise des titres")
        try FileManager.default.createSymbolicLink(atPath: work.path + "/raccourci.pdf",
                                                   withDestinationPath: work.path + "/documents/proces-verbal_remise-des-titres_2026-11.pdf")
        let result = try carnet("evidence", "add", "05", work.path + "/raccourci.pdf", "--milestone", "m3", "-C", plan)
        XCTAssertEqual(result.status, 0, result.stderr)
        // git's own view: a plain file (mode 100644) holding the target's bytes.
        let tree = try git("ls-tree", "HEAD", "commitments/05/evidence/raccourci.pdf", in: plan)
        XCTAssertTrue(tree.hasPrefix("100644 blob "), tree)
        XCTAssertEqual(try git("show", "HEAD:commitments/05/evidence/raccourci.pdf", in: plan), "%PDF-1.4 remise des titres")
        var isLink = false
        if let type = try FileManager.default.attributesOfItem(atPath: plan + "/commitments/05/evidence/raccourci.pdf")[.type] as? FileAttributeType {
            isLink = type == .typeSymbolicLink
        }
        XCTAssertFalse(isLink)
        XCTAssertEqual(try carnet("validate", plan).status, 0)
    }

    func testTheDefaultTitleIsReadable() throws {
        let plan = try samplePlan()
        try work.write("proces-verbal_remise-des-titres_2026-11.pdf", "%PDF-1.4 remise")
        let result = try carnet("evidence", "add", "05", work.path + "/proces-verbal_remise-des-titres_2026-11.pdf", "-C", plan)
        XCTAssertEqual(result.status, 0, result.stderr)
        let first = try progress(plan)
        XCTAssertTrue(first.contains("title: \"Proces verbal remise des titres (nov. 2026)\"\n    file: \"evidence/proces-verbal_remise-des-titres_2026-11.pdf\""), first)
        try work.write("Procès-verbal remise des titres (déc. 2026).pdf", "%PDF-1.4 autre")
        XCTAssertEqual(try carnet("evidence", "add", "05", work.path + "/Procès-verbal remise des titres (déc. 2026).pdf", "-C", plan).status, 0)
        let second = try progress(plan)
        XCTAssertTrue(second.contains("title: \"Procès-verbal remise des titres (déc. 2026)\""), second)
    }

    func testADocumentPutInTheEvidenceFolderByHandIsRecordedWhereItIs() throws {
        let plan = try samplePlan()
        try work.write("plan/commitments/05/evidence/arrete_ouverture_2026-07.pdf", "%PDF-1.4 arrêté")
        // Refused (no such milestone): the document put there by hand stays where it was.
        let refused = try carnet("evidence", "add", "05", "commitments/05/evidence/arrete_ouverture_2026-07.pdf", "--milestone", "m9", in: plan)
        XCTAssertEqual(refused.status, 64, refused.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: plan + "/commitments/05/evidence/arrete_ouverture_2026-07.pdf"))

        let added = try carnet("evidence", "add", "05", "commitments/05/evidence/arrete_ouverture_2026-07.pdf", in: plan)
        XCTAssertEqual(added.status, 0, added.stderr)
        XCTAssertEqual(try git("show", "--name-only", "--format=", "HEAD", in: plan),
                       "commitments/05/evidence/arrete_ouverture_2026-07.pdf\ncommitments/05/progress.yaml\n")
        XCTAssertTrue(try progress(plan).contains("title: \"Arrete ouverture (juil. 2026)\"\n    file: \"evidence/arrete_ouverture_2026-07.pdf\""))
        XCTAssertEqual(try git("status", "--porcelain", "--untracked-files=all", in: plan), "", "no copy made")

        // A link put there by hand becomes the plain file it points to.
        try work.write("elsewhere/bilan.pdf", "%PDF-1.4 bilan")
        try FileManager.default.createSymbolicLink(atPath: plan + "/commitments/05/evidence/bilan.pdf", withDestinationPath: work.path + "/elsewhere/bilan.pdf")
        let linked = try carnet("evidence", "add", "05", plan + "/commitments/05/evidence/bilan.pdf", in: work.path)
        XCTAssertEqual(linked.status, 66, "no plan in the current folder: \(linked.stderr)")
        let viaLink = try carnet("evidence", "add", "05", plan + "/commitments/05/evidence/bilan.pdf", "-C", plan)
        XCTAssertEqual(viaLink.status, 0, viaLink.stderr)
        XCTAssertTrue(try git("ls-tree", "HEAD", "commitments/05/evidence/bilan.pdf", in: plan).hasPrefix("100644 blob "))
        XCTAssertEqual(try git("show", "HEAD:commitments/05/evidence/bilan.pdf", in: plan), "%PDF-1.4 bilan")
        XCTAssertEqual(try git("status", "--porcelain", "--untracked-files=all", in: plan), "")
        XCTAssertEqual(try carnet("validate", plan).status, 0)
    }
}
