import Foundation
import Messages
@testable import Report
import XCTest

/// What the dashboard says of evidence it does not publish: in the reader's language (the
/// catalogue's tidy.evidence.* keys), naming the file, and nothing written to the site.
final class EvidenceWarningsTests: XCTestCase {
    func testUnpublishedEvidenceIsToldInTheReadersLanguage() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("carnet-evidence-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: root) }
        let plan = root.appendingPathComponent("plan"), site = root.appendingPathComponent("site")
        try FileManager.default.createDirectory(at: plan.appendingPathComponent("commitments/05/evidence"), withIntermediateDirectories: true)
        let before = Catalogue.language
        defer { Catalogue.language = before }

        Catalogue.language = "fr"
        let copier = EvidenceCopier(planRoot: plan, siteRoot: site)
        XCTAssertNil(copier.copy(commitment: "05", file: "evidence/absent.pdf"))
        XCTAssertNil(copier.copy(commitment: "05", file: "../../plan.yaml"))
        XCTAssertEqual(copier.warnings.count, 2, "\(copier.warnings)")
        XCTAssertTrue(copier.warnings[0].hasPrefix("commitments/05/evidence/absent.pdf\u{A0}: fichier introuvable"), copier.warnings[0])
        XCTAssertTrue(copier.warnings[0].hasSuffix("il n'est pas publié"), copier.warnings[0])
        XCTAssertTrue(copier.warnings[1].contains("n'est pas un fichier du dossier evidence/"), copier.warnings[1])

        Catalogue.language = "en"
        let english = EvidenceCopier(planRoot: plan, siteRoot: site)
        XCTAssertNil(english.copy(commitment: "05", file: "evidence/absent.pdf"))
        XCTAssertEqual(english.warnings, ["commitments/05/evidence/absent.pdf: missing or not a regular file; not published"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: site.path), "nothing published")
    }
}
