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

    /// A folder the dashboard refuses is explained in the reader's language, with the exit code
    /// the help documents (73), and nothing of it is touched. The message was English-only.
    func testARefusedFolderIsExplainedInFrench() throws {
        let plan = try samplePlan()
        let theirs = work.path + "/their-site"
        try FileManager.default.createDirectory(atPath: theirs, withIntermediateDirectories: true)
        try Data("<h1>Notre site</h1>".utf8).write(to: URL(fileURLWithPath: theirs + "/index.html"))
        let file = work.path + "/a-file"
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        for (out, words) in [(theirs, ["n'est pas vide", "n'a pas été écrit par carnet", ".carnet-dashboard", "rien n'y a été écrit"]),
                             (file, ["n'est pas un dossier", "--out"])] {
            let result = try Shell.run([RepositoryPaths.carnetBinary, "report", "dashboard", "-C", plan, "--out", out], in: work.path,
                                       environment: ["HOME": home.path, "XDG_CONFIG_HOME": home.path, "CARNET_LANG": "", "LANG": "fr_FR.UTF-8"])
            XCTAssertEqual(result.status, 73, result.stderr)
            for word in words { XCTAssertTrue(result.stderr.contains(word), "no '\(word)' in: \(result.stderr)") }
            for tell in [" is not ", " was not ", " nothing ", " give "] {
                XCTAssertFalse(result.stderr.contains(tell), "English '\(tell)' in: \(result.stderr)")
            }
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: theirs), ["index.html"])
        XCTAssertEqual(try String(contentsOfFile: theirs + "/index.html", encoding: .utf8), "<h1>Notre site</h1>")
    }

    /// Why the site could not be written is said in the reader's language too (exit 74): it was
    /// Foundation's English sentence inside the French message.
    func testWhyTheSiteCannotBeWrittenIsInFrench() throws {
        let plan = try samplePlan()
        let result = try Shell.run([RepositoryPaths.carnetBinary, "report", "dashboard", "-C", plan, "--out", "/dev/null/site"], in: work.path,
                                   environment: ["HOME": home.path, "XDG_CONFIG_HOME": home.path, "CARNET_LANG": "", "LANG": "fr_FR.UTF-8"])
        XCTAssertEqual(result.status, 74, result.stderr)
        for words in ["impossible d'écrire /dev/null/site", "une partie du chemin est un fichier, pas un dossier"] {
            XCTAssertTrue(result.stderr.contains(words), result.stderr)
        }
        for tell in [" the ", " file ", "couldn", "could not", "operation"] {
            XCTAssertFalse(result.stderr.contains(tell), "English '\(tell)' in: \(result.stderr)")
        }
    }
}
