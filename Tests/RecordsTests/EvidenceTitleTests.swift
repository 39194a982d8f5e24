import XCTest
import Records

/// The default title of an evidence document, made from its file name (docs/RECORDS.md).
final class EvidenceTitleTests: XCTestCase {
    private func title(_ name: String, _ language: String = "fr") -> String {
        EvidenceTitle.fromFileName(name, language: language)
    }

    func testSeparatorsBecomeSpacesAndATrailingMonthBecomesReadable() {
        XCTAssertEqual(title("proces-verbal_remise-des-titres_2026-11.pdf"), "Proces verbal remise des titres (nov. 2026)")
        XCTAssertEqual(title("proces-verbal_remise-des-titres_2026-11.pdf", "en"), "Proces verbal remise des titres (Nov. 2026)")
        XCTAssertEqual(title("rapport__final--2026-02-05.docx"), "Rapport final (5 févr. 2026)")
        XCTAssertEqual(title("minutes 2026-11.pdf", "xx"), "Minutes (2026-11)")
    }

    func testANameWithSpacesKeepsItsHyphensAndAccents() {
        XCTAssertEqual(title("Procès-verbal remise des titres (nov. 2026).pdf"), "Procès-verbal remise des titres (nov. 2026)")
        // A decomposed name (as some systems write it) gives the composed accents.
        XCTAssertEqual(title("e\u{301}tat des lieux.odt"), "État des lieux")
    }

    func testWhatIsNotAnExtensionOrADateStays() {
        XCTAssertEqual(title("compte rendu v1.2"), "Compte rendu v1.2")
        XCTAssertEqual(title("budget-2026-13.pdf"), "Budget 2026 13")
        XCTAssertEqual(title("photo2026-11.jpg"), "Photo2026 11")
        XCTAssertEqual(title(".pdf"), ".pdf")
        XCTAssertEqual(title("___.pdf"), "___.pdf")
        XCTAssertEqual(title("2026-11.pdf"), "Nov. 2026")
        XCTAssertEqual(title("dossier/sous-dossier/note_interne.txt"), "Note interne")
    }
}
