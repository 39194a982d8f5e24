import Foundation
import TestSupport
import XCTest

/// Without --lang, `carnet report` writes in the plan's first language, whatever language the
/// person reads Carnet's messages in (here a French locale).
final class ReportDefaultLanguageTests: CLITestCase {
    /// The dashboard's index page, made by carnet run in a French locale.
    func index(_ plan: String, _ name: String, _ extra: String...) throws -> String {
        let out = work.path + "/" + name
        let arguments = ["report", "dashboard", "-C", plan, "--out", out, "--as-of", "2026-11-27"] + extra
        let result = try Shell.run([RepositoryPaths.carnetBinary] + arguments, in: work.path, environment: [
            "HOME": home.path, "XDG_CONFIG_HOME": home.path, "GIT_CONFIG_NOSYSTEM": "1",
            "CARNET_LANG": "", "LANG": "fr_FR.UTF-8", "CARNET_TODAY": "2026-11-27",
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
        return try String(contentsOfFile: out + "/index.html", encoding: .utf8)
    }

    func testTheDashboardFollowsThePlan() throws {
        let plan = try samplePlan()
        let french = try index(plan, "fr-site")
        XCTAssertTrue(french.contains("<html lang=\"fr\""))
        XCTAssertFalse(french.contains("[not translated]"))

        // The same plan made English-only: English headings, and nothing marked untranslated
        // (a plain string is in the plan's first language).
        let file = plan + "/plan.yaml"
        let yaml = try String(contentsOfFile: file, encoding: .utf8)
        XCTAssertTrue(yaml.contains("languages:\n  - fr\n  - en\n"))
        try yaml.replacingOccurrences(of: "languages:\n  - fr\n  - en\n", with: "languages:\n  - en\n")
            .write(toFile: file, atomically: true, encoding: .utf8)
        let english = try index(plan, "en-site")
        XCTAssertTrue(english.contains("<html lang=\"en\""))
        XCTAssertTrue(english.contains("Commitment completion dashboard"))
        XCTAssertFalse(english.contains("[non traduit]"))
        XCTAssertFalse(english.contains("[not translated]"))
        // --lang still chooses.
        XCTAssertTrue(try index(plan, "fr-again", "--lang", "fr").contains("<html lang=\"fr\""))
    }
}
