import Foundation
import Records
@testable import Report
import XCTest
import ZIPFoundation

/// The draft as people open it: Markdown whose bold labels render, a cover page, every Word
/// table using the page's width with a row that repeats on each page, and per milestone its
/// note and evidence; placeholders only where the records have nothing.
final class SelfAssessmentDraftTests: XCTestCase {
    func render(_ format: SelfAssessment.Format, _ language: ReportLanguage, root: URL = Fixtures.sample) throws -> String {
        let data = try SelfAssessment(snapshot: Fixtures.snapshot(root), term: .midTerm, language: language, asOf: Fixtures.asOf).render(format: format)
        guard format == .docx else { return String(decoding: data, as: UTF8.self) }
        let archive = try Archive(data: data, accessMode: .read)
        var xml = Data()
        _ = try archive.extract(try XCTUnwrap(archive["word/document.xml"])) { xml.append($0) }
        return String(decoding: xml, as: UTF8.self)
    }

    /// CommonMark closes `**` only after a non-space: "**Label : **text" shows its asterisks.
    func testMarkdownEmphasisNeverStartsOrEndsWithASpace() throws {
        for language in ReportLanguage.allCases {
            let md = try render(.md, language)
            var hits: [String] = []
            for line in md.split(separator: "\n") {
                // Markers pair up in order on a line (a record's own asterisks are escaped).
                let parts = line.components(separatedBy: "**")
                for i in stride(from: 1, to: parts.count - 1, by: 2) {
                    let inner = parts[i]
                    if inner.first?.isWhitespace == true || inner.last?.isWhitespace == true { hits.append(inner) }
                }
            }
            XCTAssertEqual(hits, [], "\(language)")
            XCTAssertNotNil(md.range(of: #"\*\*[^*]+:\*\* \*?120 000 000"#, options: .regularExpression), "\(language): a bold label then its value")
        }
    }

    func testCoverPageThenTheReport() throws {
        let xml = try render(.docx, .en)
        let cover = try XCTUnwrap(xml.range(of: "<w:br w:type=\"page\"/>")).lowerBound
        let front = String(xml[..<cover])
        XCTAssertTrue(front.contains("Valdoria"))
        XCTAssertTrue(front.contains("Mid-term"), front)
        XCTAssertTrue(front.contains("1 December 2026"), "the report's date")
        XCTAssertFalse(front.contains("1. "), "the report's sections start after the cover")
    }

    func testEveryWordTableRepeatsItsFirstRowAndUsesThePageWidth() throws {
        let xml = try render(.docx, .fr)
        let tables = xml.components(separatedBy: "<w:tbl>").dropFirst()
        XCTAssertGreaterThan(tables.count, 20)
        for table in tables {
            XCTAssertTrue(table.contains("<w:tblW w:w=\"5000\" w:type=\"pct\"/>"))
            let firstRow = try XCTUnwrap(table.components(separatedBy: "<w:tr>").dropFirst().first)
            XCTAssertTrue(firstRow.contains("<w:tblHeader/>"), String(firstRow.prefix(300)))
        }
    }

    func testMilestoneNotesAndFilledFieldsWithoutPlaceholders() throws {
        let md = try render(.md, .fr)
        // Commitment 01's milestones carry notes; its additional information is filled.
        XCTAssertTrue(md.contains("Données publiées le 15 de chaque mois pour le mois précédent."))
        let template = try XCTUnwrap(md.range(of: "Citoyens").map { String(md[$0.lowerBound...].prefix(6000)) }
            ?? md.range(of: "budget citoyen").map { String(md[$0.lowerBound...].prefix(6000)) })
        XCTAssertTrue(template.contains("120 000 000 francs valdoriens"))
        let plan = try Fixtures.sampleCopy(self)
        try Fixtures.edit(plan, "commitments/01/commitment.yaml",
                          replacing: "additional_information:\n",
                          with: "additional_information:\n  other: \"Voir aussi le portail budgétaire.\"\n")
        let filled = try render(.md, .fr, root: plan)
        let other = try XCTUnwrap(filled.range(of: "Voir aussi le portail budgétaire."))
        // The text sits in the additional information row, with the other fields: no placeholder before it.
        let row = filled[filled[..<other.lowerBound].range(of: "\n", options: .backwards)!.upperBound..<other.upperBound]
        XCTAssertFalse(row.contains("À rédiger"), String(row))
    }
}
