import Foundation
import TestSupport
import XCTest

/// `carnet validate` judges a folder as the hub judges a commit: a plan holds only plain files,
/// and an evidence path stays inside its commitment's evidence folder, by its components.
final class PlainFilesTests: CLITestCase {
    func testValidateRefusesASymlinkInEvidence() throws {
        let plan = try samplePlan()
        // A link that stays inside the evidence folder is refused too: no link is followed.
        let evidence = plan + "/commitments/05/evidence"
        try FileManager.default.createSymbolicLink(atPath: evidence + "/copie.md", withDestinationPath: "compte-rendu-atelier.md")
        try FileManager.default.createSymbolicLink(atPath: evidence + "/passwd", withDestinationPath: "/etc/passwd")
        let result = try carnet("validate", in: plan)
        XCTAssertEqual(result.status, 65, result.stdout + result.stderr)
        let output = result.stdout + result.stderr
        XCTAssertTrue(output.contains("commitments/05/evidence/copie.md:1:1: error: a plan holds only plain files: commitments/05/evidence/copie.md is a symbolic link"), output)
        XCTAssertTrue(output.contains("commitments/05/evidence/passwd:1:1: error: a plan holds only plain files"), output)
    }

    func testValidateRefusesAnEvidenceFileWithDotDot() throws {
        let plan = try samplePlan()
        let progress = plan + "/commitments/05/progress.yaml"
        for (file, message) in [
            ("../../../../tmp/pwned", "is outside commitments/05/evidence/"),
            ("evidence/../progress.yaml", "is outside commitments/05/evidence/"),
            ("evidence/./compte-rendu-atelier.md", "is not a path a plan may hold (the path has a '.' component)"),
            ("evidence//compte-rendu-atelier.md", "is not a path a plan may hold (the path has an empty component)"),
            ("evidence/.git/config", "is not a path a plan may hold ('.git' is a git control name"),
        ] {
            let original = try String(contentsOfFile: progress, encoding: .utf8)
            try original.replacingOccurrences(of: "file: \"evidence/compte-rendu-atelier.md\"", with: "file: \"\(file)\"")
                .write(toFile: progress, atomically: true, encoding: .utf8)
            let result = try carnet("validate", in: plan)
            XCTAssertEqual(result.status, 65, "\(file): " + result.stdout + result.stderr)
            XCTAssertTrue((result.stdout + result.stderr).contains("evidence file '\(file)' \(message)"), result.stdout + result.stderr)
            try original.write(toFile: progress, atomically: true, encoding: .utf8)
        }
        XCTAssertEqual(try carnet("validate", in: plan).status, 0)
    }
}
