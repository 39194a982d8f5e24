import Foundation
import Records
@testable import Report
import XCTest

/// plan.yaml's optional `logo` (issue 16 item 9): on the self-assessment's cover (docx: a real
/// picture part, checked in the package; html: inline) and in the dashboard's header; a name
/// outside the plan, a non-picture or a picture too big is refused with a message, never used.
final class PlanLogoTests: XCTestCase {
    /// A real 1×1 PNG.
    static let png = Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")!

    func plan(logo: String, bytes: Data? = png, file: String = "logo.png") throws -> URL {
        let plan = try Fixtures.sampleCopy(self)
        try Fixtures.edit(plan, "plan.yaml", replacing: "stale_after_days: 60\n", with: "stale_after_days: 60\nlogo: \"\(logo)\"\n")
        if let bytes { try bytes.write(to: plan.appendingPathComponent(file)) }
        return plan
    }

    func testTheLogoIsOnTheCoverAndInTheHeader() throws {
        let root = try plan(logo: "logo.png")
        let snapshot = Fixtures.snapshot(root)
        XCTAssertEqual(snapshot.plan?.record?.logo, "logo.png")
        XCTAssertEqual(PlanLogo.size(of: Self.png, kind: .png)?.width, 1)

        let out = try Fixtures.temporaryDirectory(self, "logo-site")
        let result = try Dashboard(snapshot: snapshot, language: .en, asOf: Fixtures.asOf).write(to: out)
        XCTAssertTrue(result.files.contains("logo.png"))
        XCTAssertEqual(try Data(contentsOf: out.appendingPathComponent("logo.png")), Self.png)
        let index = try Fixtures.read(out.appendingPathComponent("index.html"))
        XCTAssertTrue(index.contains("<img src=\"logo.png\" alt=\"\" class=\"logo\"/>"), index)

        let report = SelfAssessment(snapshot: snapshot, term: .midTerm, language: .en, asOf: Fixtures.asOf)
        XCTAssertNil(report.logoProblem())
        let html = String(decoding: try report.render(format: .html), as: UTF8.self)
        XCTAssertTrue(html.contains("src=\"data:image/png;base64,\(Self.png.base64EncodedString())\""))
        let docx = out.appendingPathComponent("draft.docx")
        try report.render(format: .docx).write(to: docx)
        // The package read by Python's zipfile: the picture part, its relationship and its use.
        let python = try Fixtures.requireTool("python3", package: "python3")
        let read = try Fixtures.run(python, ["-c", """
            import sys, zipfile
            z = zipfile.ZipFile(sys.argv[1])
            print(z.read('word/media/logo.png') == open(sys.argv[2], 'rb').read())
            print('Target="media/logo.png"' in z.read('word/_rels/document.xml.rels').decode())
            print('r:embed="rIdLogo"' in z.read('word/document.xml').decode())
            print('Extension="png"' in z.read('[Content_Types].xml').decode())
            """, docx.path, root.appendingPathComponent("logo.png").path])
        XCTAssertEqual(read.output, "True\nTrue\nTrue\nTrue\n", read.output)
    }

    func testAHostileOrBrokenLogoIsRefusedWithAMessage() throws {
        for (logo, key) in [("../logo.png", "pp.records.logo-path"), ("logo.svg", "pp.records.logo-kind"), (".git/logo.png", "pp.records.logo-path")] {
            let root = try plan(logo: logo, bytes: nil)
            let snapshot = Fixtures.snapshot(root)
            XCTAssertNil(snapshot.plan?.record?.logo, logo)
            let problems = PlanValidator(today: Fixtures.asOf).validate(snapshot)
            XCTAssertTrue(problems.contains { $0.code == key && $0.path == "plan.yaml" && $0.severity == .error }, "\(logo): \(problems)")
        }
        // A page named .png, and a picture over the cap: left out, said as a warning.
        let html = try plan(logo: "logo.png", bytes: Data("<html><script>alert(1)</script>".utf8))
        let out = try Fixtures.temporaryDirectory(self, "logo-bad")
        let result = try Dashboard(snapshot: Fixtures.snapshot(html), language: .en, asOf: Fixtures.asOf).write(to: out)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.appendingPathComponent("logo.png").path))
        XCTAssertTrue(result.warnings.contains { $0.contains("is not a PNG or JPEG picture") }, "\(result.warnings)")
        XCTAssertFalse(try Fixtures.read(out.appendingPathComponent("index.html")).contains("class=\"logo\""))

        var big = Self.png
        big.append(Data(count: PlanLogo.maxBytes))
        let large = try plan(logo: "logo.png", bytes: big)
        let report = SelfAssessment(snapshot: Fixtures.snapshot(large), term: .midTerm, language: .fr, asOf: Fixtures.asOf)
        XCTAssertTrue(report.logoProblem()?.contains("bigger than") == true, report.logoProblem() ?? "")
        let missing = try plan(logo: "absent.png", bytes: nil)
        XCTAssertTrue(SelfAssessment(snapshot: Fixtures.snapshot(missing), term: .midTerm, language: .en, asOf: Fixtures.asOf)
            .logoProblem()?.contains("there is no such file") == true)
        // A link pointing outside the plan folder is not followed.
        let linked = try plan(logo: "logo.png", bytes: nil)
        let outside = try Fixtures.temporaryDirectory(self, "outside").appendingPathComponent("secret.png")
        try Self.png.write(to: outside)
        try FileManager.default.createSymbolicLink(at: linked.appendingPathComponent("logo.png"), withDestinationURL: outside)
        XCTAssertNotNil(SelfAssessment(snapshot: Fixtures.snapshot(linked), term: .midTerm, language: .en, asOf: Fixtures.asOf).logoProblem())
    }
}
