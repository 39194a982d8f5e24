import Foundation
import Records
@testable import Report
import XCTest

/// The outputs opened by the programs people use: headless Chromium reads the dashboard from
/// disk (screenshot kept in test-artifacts/report/), LibreOffice converts the .docx to PDF and
/// pdftotext reads every commitment's title back. In CI (CI=true) a missing program fails the
/// test; elsewhere it is skipped. Debian packages: chromium, libreoffice-writer-nogui, poppler-utils.
final class ExternalToolsTests: XCTestCase {
    static func normalised(_ s: String) -> String {
        s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    func artifacts(_ name: String) throws -> URL {
        let dir = Fixtures.artifacts.appendingPathComponent(name)
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    func testChromiumOpensTheDashboardFromDisk() throws {
        let chromium = try Fixtures.requireTool("chromium", "chromium-browser", "google-chrome", package: "chromium")
        let pdftotext = try Fixtures.requireTool("pdftotext", package: "poppler-utils")
        let site = try artifacts("dashboard-en")
        try Dashboard(snapshot: Fixtures.snapshot(), language: .en, asOf: Fixtures.asOf).write(to: site)
        XCTAssertEqual(try SiteLinks.brokenLinks(in: site), [])
        let profile = try Fixtures.temporaryDirectory(self, "chromium")
        let common = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                      "--user-data-dir=\(profile.path)", "--hide-scrollbars"]
        for page in ["index.html", "commitment-05.html", "calendar.html"] {
            let shot = site.deletingLastPathComponent().appendingPathComponent("dashboard-en-\(page).png")
            try? FileManager.default.removeItem(at: shot)
            let result = try Fixtures.run(chromium, common + ["--window-size=1280,2400", "--screenshot=\(shot.path)",
                                                            site.appendingPathComponent(page).absoluteString])
            let size = (try? FileManager.default.attributesOfItem(atPath: shot.path)[.size] as? Int) ?? 0
            XCTAssertGreaterThan(size, 10_000, "no screenshot of \(page): \(result.output)")
        }
        // Printed through the print style sheet, the overview still holds every commitment's title.
        let pdf = site.deletingLastPathComponent().appendingPathComponent("dashboard-en-index.pdf")
        try? FileManager.default.removeItem(at: pdf)
        let printed = try Fixtures.run(chromium, common + ["--print-to-pdf=\(pdf.path)", "--no-pdf-header-footer",
                                                          site.appendingPathComponent("index.html").absoluteString])
        XCTAssertTrue(FileManager.default.fileExists(atPath: pdf.path), printed.output)
        let text = Self.normalised(try Fixtures.run(pdftotext, ["-layout", pdf.path, "-"]).output)
        XCTAssertTrue(text.contains("Commitment completion dashboard"))
        for folder in Fixtures.snapshot().sortedCommitments {
            let title = try XCTUnwrap(folder.commitment?.record?.title.value(in: "en"))
            // Table cells wrap: look for the title's first words.
            XCTAssertTrue(text.contains(Self.normalised(String(title.prefix(18)))), title)
        }
    }

    func testLibreOfficeConvertsTheDocxAndThePDFHoldsEveryTitle() throws {
        let soffice = try Fixtures.requireTool("soffice", "libreoffice", package: "libreoffice-writer-nogui")
        let pdftotext = try Fixtures.requireTool("pdftotext", package: "poppler-utils")
        let dir = try artifacts("self-assessment")
        let profile = try Fixtures.temporaryDirectory(self, "lo-profile")
        for language in ReportLanguage.allCases {
            let docx = dir.appendingPathComponent("self-assessment-mid-\(language.rawValue).docx")
            try SelfAssessment(snapshot: Fixtures.snapshot(), term: .midTerm, language: language, asOf: Fixtures.asOf)
                .render(format: .docx).write(to: docx)
            for format in [SelfAssessment.Format.md, .html] {
                try SelfAssessment(snapshot: Fixtures.snapshot(), term: .midTerm, language: language, asOf: Fixtures.asOf)
                    .render(format: format).write(to: dir.appendingPathComponent("self-assessment-mid-\(language.rawValue).\(format.rawValue)"))
            }
            let result = try Fixtures.run(soffice, ["-env:UserInstallation=\(profile.absoluteString)", "--headless", "--norestore",
                                                    "--convert-to", "pdf", "--outdir", dir.path, docx.path])
            let pdf = docx.deletingPathExtension().appendingPathExtension("pdf")
            XCTAssertTrue(FileManager.default.fileExists(atPath: pdf.path), "LibreOffice did not convert: \(result.output)")
            let text = Self.normalised(try Fixtures.run(pdftotext, [pdf.path, "-"]).output)
            for folder in Fixtures.snapshot().sortedCommitments {
                let title = try XCTUnwrap(folder.commitment?.record?.title.value(in: language.rawValue, planLanguage: "fr"))
                XCTAssertTrue(text.contains(Self.normalised(title)), "\(language): \(title) not in the PDF")
            }
            XCTAssertTrue(text.contains(language == .fr ? "7. Conclusion" : "7. Conclusion"))
        }
    }
}
