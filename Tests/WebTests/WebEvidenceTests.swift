import Foundation
import TestSupport
import XCTest

/// Evidence from the page: the engine of `carnet evidence add` (size limit, safe names, one
/// commit), with the browser's file name never used as a path.
final class WebEvidenceTests: WebTestCase {
    private func csrf() throws -> String {
        try XCTUnwrap(hiddenValue("csrf", in: try server.get("/c/05").body))
    }

    private func commitCount() throws -> Int { Int(try git("rev-list", "--count", "HEAD"))! }

    func testAnUploadedDocumentIsOneCommitUnderASafeName() throws {
        try start()
        let before = try commitCount()
        let pdf = Array("%PDF-1.4\n% compte rendu\n".utf8)
        let answer = try server.postMultipart("/c/05/evidence", [("csrf", try csrf()), ("milestone", "m4"), ("title", "")],
                                              file: ("../../../.git/hooks/pre-commit\u{202E}fdp.pdf", pdf))
        XCTAssertEqual(answer.status, 303, answer.body)
        XCTAssertEqual(answer.header("Location"), "/c/05?added=1#evidence")
        XCTAssertEqual(try commitCount(), before + 1, "one commit")
        XCTAssertFalse(FileManager.default.fileExists(atPath: plan + "/.git/hooks/pre-commit"))
        let added = try git("show", "--name-only", "--format=", "HEAD").split(separator: "\n").map(String.init)
        let document = try XCTUnwrap(added.first { $0.hasPrefix("commitments/05/evidence/") }, "\(added)")
        XCTAssertEqual(document, "commitments/05/evidence/pre-commit-fdp.pdf")
        XCTAssertEqual(FileManager.default.contents(atPath: plan + "/" + document), Data(pdf))
        XCTAssertEqual(try git("status", "--porcelain"), "")
        XCTAssertTrue(try server.get("/c/05?added=1").body.contains("Evidence added."))

        // The same document again: the engine's duplicate check, nothing written.
        let head = try git("rev-parse", "HEAD")
        let again = try server.postMultipart("/c/05/evidence", [("csrf", try csrf())], file: ("autre.pdf", pdf))
        XCTAssertEqual(again.status, 422)
        XCTAssertTrue(again.body.contains("already evidence"), again.body)
        XCTAssertEqual(try git("rev-parse", "HEAD"), head)
        XCTAssertEqual(try git("status", "--porcelain"), "")
    }

    func testALinkIsAddedAndABadAddressIsRefused() throws {
        try start()
        let ok = try server.post("/c/05/evidence", [("csrf", try csrf()), ("url", "https://example.org/registre"), ("milestone", "m3")])
        XCTAssertEqual(ok.status, 303, ok.body)
        XCTAssertTrue(try String(contentsOfFile: plan + "/commitments/05/progress.yaml", encoding: .utf8).contains("https://example.org/registre"))
        let head = try git("rev-parse", "HEAD")
        let bad = try server.post("/c/05/evidence", [("csrf", try csrf()), ("url", "javascript:alert(1)")])
        XCTAssertEqual(bad.status, 422)
        XCTAssertEqual(try git("rev-parse", "HEAD"), head)
    }

    func testUploadsAreBoundedAndOnlyAcceptedForEvidence() throws {
        try start()
        let head = try git("rev-parse", "HEAD")
        let token = try csrf()
        // Over the limit of `carnet evidence add` (25 MiB): refused before anything is written.
        let huge = [UInt8](repeating: 0x41, count: (25 << 20) + (128 << 10))
        let tooLarge = try server.postMultipart("/c/05/evidence", [("csrf", token)], file: ("gros.pdf", huge))
        XCTAssertEqual(tooLarge.status, 413)
        // Just over 25 MiB but within the form's allowance: the engine's own limit.
        let over = try server.postMultipart("/c/05/evidence", [("csrf", token)], file: ("limite.pdf", [UInt8](repeating: 0x42, count: (25 << 20) + 1)))
        XCTAssertEqual(over.status, 422, over.body)
        XCTAssertTrue(over.body.contains("25 MiB"), over.body)
        // Multipart anywhere else, or without the token, or from another origin: refused.
        XCTAssertEqual(try server.postMultipart("/c/05/m/m4", [("csrf", token)], file: nil).status, 415)
        XCTAssertEqual(try server.postMultipart("/sync", [("csrf", token)], file: nil).status, 415)
        XCTAssertEqual(try server.postMultipart("/c/05/evidence", [], file: ("a.pdf", [1, 2, 3])).status, 403)
        XCTAssertEqual(try server.postMultipart("/c/05/evidence", [("csrf", token)], file: ("a.pdf", [1, 2, 3]),
                                               headers: ["Origin": "http://evil.example"]).status, 403)
        XCTAssertEqual(try git("rev-parse", "HEAD"), head)
        XCTAssertEqual(try git("status", "--porcelain"), "")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: plan + "/commitments/05/evidence")
        XCTAssertFalse(leftovers.contains { $0.hasPrefix("gros") || $0.hasPrefix("limite") }, "\(leftovers)")
    }

    func testRemovingEvidenceAsksThenIsOneCommit() throws {
        try start()
        let progress = try String(contentsOfFile: plan + "/commitments/05/progress.yaml", encoding: .utf8)
        XCTAssertTrue(progress.contains("compte-rendu-atelier.md"))
        let before = try commitCount()
        let question = try server.get("/c/05/evidence/e1/remove")
        XCTAssertEqual(question.status, 200)
        XCTAssertTrue(question.body.contains("Remove this evidence?"), question.body)
        XCTAssertEqual(try commitCount(), before, "asking writes nothing")
        let token = try XCTUnwrap(hiddenValue("csrf", in: question.body))
        let answer = try server.post("/c/05/evidence/e1/remove", [("csrf", token)])
        XCTAssertEqual(answer.status, 303, answer.body)
        XCTAssertEqual(try commitCount(), before + 1)
        XCTAssertFalse(FileManager.default.fileExists(atPath: plan + "/commitments/05/evidence/compte-rendu-atelier.md"))
        XCTAssertEqual(try git("status", "--porcelain"), "")
        XCTAssertEqual(try server.get("/c/05/evidence/e1/remove").status, 404, "gone")
        XCTAssertEqual(try server.post("/c/05/evidence/e1/remove", [("csrf", token)]).status, 422)
        XCTAssertEqual(try server.post("/c/05/evidence/e2/remove", []).status, 403, "no token")
    }
}
