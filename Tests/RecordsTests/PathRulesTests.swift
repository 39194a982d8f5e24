import Records
import XCTest

/// The one path rule (PathRules), used by the hub, sync, clone, validation and the reports.
final class PathRulesTests: XCTestCase {
    func testPlanPathsAreSafe() {
        for path in ["plan.yaml", "ministries/min-justice.yaml", "commitments/05/progress.yaml",
                     "commitments/05/evidence/compte-rendu.pdf", "commitments/05/evidence/Procès-verbal (nov. 2026).pdf",
                     "commitments/05/evidence/a.b.c", "commitments/05/evidence/gitignore.txt", "commitments/05/evidence/my.git"] {
            XCTAssertNil(PathRules.problem(in: path), path)
        }
    }

    func testEveryUnsafeSpellingIsRefused() {
        let unsafe = [
            "", "/etc/passwd", "commitments/05/evidence/../../x", "../x", "a/./b", "a//b", "a/", ".",
            ".git/config", ".GIT/config", ".Git/hooks/post-checkout", "git~1/config", "GIT~1/config", "git~9/x",
            ".git./config", ".git /config", ".git. . /config", ".g\u{200C}it/config", "\u{FEFF}.git/config",
            ".gitattributes", "commitments/05/evidence/.gitattributes", ".gitignore", ".gitmodules", ".GitIgnore",
            "a\u{0}b", "a\nb", "a\rb", "a\u{1B}[31mb", "a\u{7F}", "a\u{85}b", "a\\b",
            "commitments/05/evidence/rapport\u{202E}lmth.pdf", "a\u{2066}b",
        ]
        for path in unsafe {
            XCTAssertNotNil(PathRules.problem(in: path), "accepted: \(path.debugDescription)")
        }
    }
}
