import Foundation
import Records
@testable import Report
import XCTest
import ZIPFoundation
#if canImport(FoundationXML)
import FoundationXML
#endif

final class SelfAssessmentTests: XCTestCase {
    func render(_ format: SelfAssessment.Format, _ language: ReportLanguage, term: SelfAssessmentTerm = .midTerm,
                root: URL = Fixtures.sample) throws -> Data {
        try SelfAssessment(snapshot: Fixtures.snapshot(root), term: term, language: language, asOf: Fixtures.asOf).render(format: format)
    }

    func titles(_ language: ReportLanguage) throws -> [String] {
        Fixtures.snapshot().sortedCommitments.compactMap { $0.commitment?.record?.title.value(in: language.rawValue, planLanguage: "fr") }
    }

    func testSevenSectionsInOrder() throws {
        for language in ReportLanguage.allCases {
            let md = String(decoding: try render(.md, language), as: UTF8.self)
            let headings = md.split(separator: "\n").filter { $0.hasPrefix("## ") }.map { String($0.dropFirst(3)) }
            XCTAssertEqual(headings.map { String($0.prefix(2)) }, ["1.", "2.", "3.", "4.", "5.", "6.", "7."], "\(language): \(headings)")
        }
    }

    func testSectionFourHasATemplatePerCommitmentAndASummaryTable() throws {
        let md = String(decoding: try render(.md, .fr), as: UTF8.self)
        XCTAssertTrue(md.contains("Tableau récapitulatif des progrès"))
        for title in try titles(.fr) {
            XCTAssertTrue(md.contains(DocMarkdown.escape(title)), title)
        }
        XCTAssertEqual(md.components(separatedBy: "Statut des étapes clés").count - 1, 9)
        XCTAssertEqual(md.components(separatedBy: "**☒ ").count - 1, 9, "one level ticked per commitment")
        XCTAssertTrue(md.contains("☐ Non débuté"))
        XCTAssertTrue(md.contains("> *\\[À rédiger"), "placeholders say what to write")
    }

    func testEnglishMarksFieldsWithoutEnglishText() throws {
        let md = String(decoding: try render(.md, .en), as: UTF8.self)
        XCTAssertTrue(md.contains("*120 000 000 francs valdoriens"))
        XCTAssertTrue(md.contains("**\\[not translated\\]**"))
        let html = String(decoding: try render(.html, .en), as: UTF8.self)
        XCTAssertTrue(html.contains(#"<span lang="fr" class="untranslated">120 000 000 francs valdoriens"#))
    }

    func testMarkupInRecordsStaysText() throws {
        let plan = try Fixtures.sampleCopy(self)
        try Fixtures.edit(plan, "commitments/01/commitment.yaml",
                          replacing: #"en: "Citizens' budget and open budget data""#,
                          with: #"en: "<script>alert(1)</script> | *x* & \u0001 done""#)
        let html = String(decoding: try render(.html, .en, root: plan), as: UTF8.self)
        XCTAssertFalse(html.contains("<script>"))
        XCTAssertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        let md = String(decoding: try render(.md, .en, root: plan), as: UTF8.self)
        XCTAssertFalse(md.contains("<script>"))
        XCTAssertTrue(md.contains(#"\<script\>alert(1)\</script\> \| \*x\* \&"#))
        let docx = try render(.docx, .en, root: plan)
        let xml = try documentXML(docx)
        XCTAssertTrue(xml.contains("&lt;script&gt;alert(1)&lt;/script&gt; | *x* &amp;  done"))
        XCTAssertTrue(try parses(xml))
    }

    func documentXML(_ docx: Data) throws -> String {
        let archive = try Archive(data: docx, accessMode: .read)
        let entry = try XCTUnwrap(archive["word/document.xml"])
        var data = Data()
        _ = try archive.extract(entry) { data.append($0) }
        return String(decoding: data, as: UTF8.self)
    }

    func parses(_ xml: String) throws -> Bool {
        let parser = XMLParser(data: Data(xml.utf8))
        let ok = parser.parse()
        if !ok { XCTFail("XML error: \(String(describing: parser.parserError))") }
        return ok
    }

    func testDocxIsAValidPackageHoldingEveryTitle() throws {
        for language in ReportLanguage.allCases {
            let docx = try render(.docx, language)
            let archive = try Archive(data: docx, accessMode: .read)
            let names = Set(archive.map(\.path))
            for part in ["[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml", "word/_rels/document.xml.rels", "docProps/core.xml"] {
                XCTAssertTrue(names.contains(part), part)
                let entry = try XCTUnwrap(archive[part])
                var data = Data()
                _ = try archive.extract(entry) { data.append($0) }
                XCTAssertTrue(try parses(String(decoding: data, as: UTF8.self)), part)
            }
            let xml = try documentXML(docx)
            for title in try titles(language) {
                XCTAssertTrue(xml.contains(DocxDocument.xml(title)), "\(language): \(title)")
            }
            XCTAssertTrue(xml.contains(#"<w:pStyle w:val="Heading1"/>"#))
        }
        XCTAssertEqual(try render(.docx, .fr), try render(.docx, .fr), "same records, same bytes")
    }

    func testEndTermDraft() throws {
        let md = String(decoding: try render(.md, .en, term: .endTerm), as: UTF8.self)
        XCTAssertTrue(md.hasPrefix("**Republic of Valdoria**"))
        XCTAssertTrue(md.contains("# End-of-term self-assessment report"))
        XCTAssertTrue(md.contains("due on 30 September 2027"))
    }
}
