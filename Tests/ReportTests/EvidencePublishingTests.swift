import Foundation
import Records
@testable import Report
import XCTest

/// The dashboard never publishes evidence a browser would run at the site's origin: anyone
/// filing evidence could otherwise put a page with a script on the national OGP site. Decided
/// on the file's name (a static host serves by extension); what the site holds and where its
/// links point are read back from the written files.
final class EvidencePublishingTests: XCTestCase {
    static let page = "<html><body><script>alert(document.domain)</script></body></html>"

    /// A copy of the sample with these files filed as evidence of commitment 05 (e10, e11, …).
    func plan(with names: [String], content: (String) -> String = { _ in page }) throws -> URL {
        let plan = try Fixtures.sampleCopy(self)
        let progress = plan.appendingPathComponent("commitments/05/progress.yaml")
        var text = try Fixtures.read(progress)
        for (i, name) in names.enumerated() {
            let file = plan.appendingPathComponent("commitments/05/evidence").appendingPathComponent(name)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(content(name).utf8).write(to: file)
            text += "  - id: e\(10 + i)\n    title: \"Document \(10 + i)\"\n    file: \"evidence/\(name)\"\n    added: 2026-11-01\n"
        }
        try text.write(to: progress, atomically: true, encoding: .utf8)
        return plan
    }

    /// Every `<a>` of a page whose href starts with `evidence/`: href (decoded) → has `download`.
    static func evidenceLinks(_ html: String) throws -> [String: Bool] {
        let tag = try NSRegularExpression(pattern: #"<a\s([^>]*)>"#)
        let href = try NSRegularExpression(pattern: #"href="([^"]*)""#)
        var links: [String: Bool] = [:]
        for match in tag.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
            let attributes = String(html[Range(match.range(at: 1), in: html)!])
            guard let h = href.firstMatch(in: attributes, range: NSRange(attributes.startIndex..., in: attributes)) else { continue }
            let target = String(attributes[Range(h.range(at: 1), in: attributes)!])
            guard target.hasPrefix("evidence/") else { continue }
            let withoutHref = attributes.replacingCharacters(in: Range(h.range, in: attributes)!, with: "")
            links[target.removingPercentEncoding ?? target] = withoutHref.range(of: #"(^|\s)download(=|\s|$)"#, options: .regularExpression) != nil
        }
        return links
    }

    /// The entries of a ZIP archive, read by Python's zipfile module: name → text.
    static func unzip(_ file: URL) throws -> [String: String] {
        let python = try Fixtures.requireTool("python3", package: "python3")
        let script = "import json, sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\n"
            + "print(json.dumps({n: z.read(n).decode() for n in z.namelist()}))"
        let result = try Fixtures.run(python, ["-c", script, file.path])
        XCTAssertEqual(result.status, 0, result.output)
        return try JSONDecoder().decode([String: String].self, from: Data(result.output.utf8))
    }

    func testOnlyFilesABrowserShowsWithoutRunningAnythingOpenInline() throws {
        let zipped = ["x.html", "x.svg", "x.xhtml", "x.xml", "x.js", "x", "X.HTML", "x.pdf.html", "notes.md"]
        let inline = ["x.png", "x.pdf"]
        let plan = try plan(with: zipped + inline + ["Rapport.PDF", "budget.ods"]) { name in
            name.hasSuffix(".pdf") ? "%PDF-1.4\n%%EOF\n" : Self.page
        }
        for language in ReportLanguage.allCases {
            let site = try Fixtures.temporaryDirectory(self, "site")
            let result = try Dashboard(snapshot: Fixtures.snapshot(plan), language: language, asOf: Fixtures.asOf).write(to: site)
            XCTAssertEqual(result.warnings, [])
            let html = try Fixtures.read(site.appendingPathComponent("commitment-05.html"))
            let links = try Self.evidenceLinks(html)
            let folder = site.appendingPathComponent("evidence/05")

            for name in zipped {
                // Not in the site as itself: only inside an archive, linked for download.
                XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path), name)
                XCTAssertEqual(links["evidence/05/\(name).zip"], true, "\(name): \(links)")
                XCTAssertEqual(try Self.unzip(folder.appendingPathComponent("\(name).zip")), [name: Self.page], name)
            }
            // A .png holding HTML is still an image by its name: shown inline, as hosts serve
            // it by extension (and must send nosniff: docs/DASHBOARD.md).
            XCTAssertEqual(links["evidence/05/x.png"], false, "\(links)")
            XCTAssertEqual(links["evidence/05/x.pdf"], false, "\(links)")
            XCTAssertEqual(try Data(contentsOf: folder.appendingPathComponent("x.pdf")), Data("%PDF-1.4\n%%EOF\n".utf8))
            XCTAssertEqual(links["evidence/05/Rapport.pdf"], false, "an allowed extension is written in lower case: \(links)")
            XCTAssertEqual(links["evidence/05/budget.ods"], true, "an office document is offered for download: \(links)")
            // The sample's own Markdown minutes: zipped too (Jekyll would turn Markdown into a page).
            XCTAssertEqual(links["evidence/05/compte-rendu-atelier.md.zip"], true, "\(links)")

            // Nothing under evidence/ has a name a browser would open as a page.
            let shown: Set<String> = ["pdf", "png", "jpg", "jpeg", "gif", "webp", "txt", "csv", "zip", "ods"]
            let evidence = site.appendingPathComponent("evidence")
            for file in try FileManager.default.subpathsOfDirectory(atPath: evidence.path)
            where !isDirectory(evidence.appendingPathComponent(file)) {
                let ext = (file as NSString).pathExtension
                XCTAssertTrue(shown.contains(ext), "evidence/\(file)")
            }
            // The page says so, in its language, and every link leads somewhere.
            let rule = Localizer(language: language, planLanguage: "fr")[.evidenceDownloadRule]
            XCTAssertTrue(html.contains(rule.replacingOccurrences(of: "'", with: "&#39;")) || html.contains(rule), language.rawValue)
            XCTAssertEqual(try SiteLinks.brokenLinks(in: site), [])
            // The open data points to the same files.
            let json = try Fixtures.read(site.appendingPathComponent("data.json"))
            XCTAssertTrue(json.contains(#""file" : "evidence/05/x.html.zip""#), json)
        }
    }

    func testHostileEvidenceNamesAreNotPublished() throws {
        let plan = try plan(with: ["ok.pdf", ".htaccess", "sub/.hidden.pdf"]) { _ in "AddType text/html .pdf\n" }
        let progress = plan.appendingPathComponent("commitments/05/progress.yaml")
        var text = try Fixtures.read(progress)
        // Names no file system check would stop: a way out, an escape sequence, a backslash,
        // a git control name.
        for (i, name) in [#"evidence/../../../plan.yaml"#, #"evidence/a\e[2J.pdf"#, #"evidence/a\\..\\..\\plan.pdf"#,
                          #"evidence/.git/config"#, #"evidence/./ok.pdf"#, #"evidence//ok.pdf"#].enumerated() {
            text += "  - id: e\(30 + i)\n    title: \"Hostile \(i)\"\n    file: \"\(name)\"\n"
        }
        try text.write(to: progress, atomically: true, encoding: .utf8)
        try Data("x".utf8).write(to: plan.appendingPathComponent("commitments/05/evidence/a\u{1B}[2J.pdf"))

        let parent = try Fixtures.temporaryDirectory(self, "site")
        let site = parent.appendingPathComponent("out")
        let result = try Dashboard(snapshot: Fixtures.snapshot(plan), language: .en, asOf: Fixtures.asOf).write(to: site)
        XCTAssertEqual(result.files.filter { $0.hasPrefix("evidence/05/") }.sorted(),
                       ["evidence/05/compte-rendu-atelier.md.zip", "evidence/05/ok.pdf"])
        XCTAssertEqual(result.warnings.count, 8, result.warnings.joined(separator: "\n"))
        // Nothing was written beside the site folder, and every file in it is one the result names.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: parent.path), ["out"])
        let written = Set(result.files)
        for file in try FileManager.default.subpathsOfDirectory(atPath: site.path)
        where !isDirectory(site.appendingPathComponent(file)) && file != SiteFolder.markerName {
            XCTAssertTrue(written.contains(file), file)
        }
        XCTAssertEqual(try SiteLinks.brokenLinks(in: site), [])
    }

    func isDirectory(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
