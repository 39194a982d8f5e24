import Foundation
import TestSupport
import XCTest

/// A ministry's day in French, then in English, with the language chosen by the locale as a
/// person's machine would choose it: edit, status, show, a refused edit, a sync that meets a
/// concurrent edit, conflicts, resolve, validate. What the CLI itself says must be all in one
/// language. (Lines other parts of Carnet write — diagnostics, the sync engine's summary,
/// commit messages — are set aside by LanguageLeaks.ours until their branches speak French.)
final class LanguageJourneyTests: CLITestCase {
    private func speaking(_ locale: String, _ arguments: [String], in directory: String? = nil,
                          extra: [String: String] = [:]) throws -> ShellResult {
        var environment = [
            "HOME": home.path, "XDG_CONFIG_HOME": home.path, "GIT_CONFIG_NOSYSTEM": "1", "CARNET_TODAY": "2026-11-27",
            "CARNET_SAMPLES": RepositoryPaths.root().appendingPathComponent("Samples").path,
            "CARNET_LANG": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": locale, "COLUMNS": "80",
        ]
        for (k, v) in extra { environment[k] = v }
        return try Shell.run([RepositoryPaths.carnetBinary] + arguments, in: directory ?? work.path, environment: environment)
    }

    /// Two copies of one plan on a hub on a path, as the point of contact's colleagues.
    private func twoCopies() throws -> (a: String, b: String) {
        let plan = try samplePlan()
        let hub = work.path + "/hub.git"
        XCTAssertEqual(try carnet("hub", "init", hub, "--from", plan).status, 0)
        for name in ["a", "b"] {
            let cloned = try carnet("clone", hub, name, "--point-of-contact")
            XCTAssertEqual(cloned.status, 0, cloned.stderr)
            XCTAssertEqual(try carnet("whoami", "--name", "Agent \(name)", "--email", "\(name)@example.org", in: work.path + "/" + name).status, 0)
        }
        return (work.path + "/a", work.path + "/b")
    }

    private func journey(_ locale: String, check: (String, String) -> Void) throws {
        let (a, b) = try twoCopies()
        // The values the records and history hold are the plan's, not the CLI's words.
        var notOurs: [String] = []
        func json(_ arguments: [String], in copy: String) throws {
            notOurs += LanguageLeaks.strings(inJSON: try speaking(locale, arguments + ["--json"], in: copy).stdout)
        }

        XCTAssertEqual(try speaking(locale, ["milestone", "set", "05", "m1", "--note", "Atelier A"], in: a).status, 0)
        XCTAssertEqual(try speaking(locale, ["sync"], in: a).status, 0)
        XCTAssertEqual(try speaking(locale, ["milestone", "set", "05", "m1", "--note", "Atelier B"], in: b).status, 0)
        let sync = try speaking(locale, ["sync"], in: b)
        XCTAssertEqual(sync.status, 0, sync.stderr)
        // The sync's own report (the engine's words: merged, conflict kept, sent) in full.
        check(LanguageLeaks.ours(sync.stdout + sync.stderr, notOurs: ["Atelier A", "Atelier B"]), "sync with a conflict")

        let conflicts = try speaking(locale, ["conflicts"], in: b)
        XCTAssertEqual(conflicts.status, 0, conflicts.stderr)
        XCTAssertTrue(conflicts.stdout.contains("05 m1.note"), conflicts.stdout)
        try json(["conflicts"], in: b)
        try json(["status"], in: b)
        try json(["show", "05"], in: b)
        check(LanguageLeaks.ours(conflicts.stdout + conflicts.stderr, notOurs: notOurs), "conflicts")

        let status = try speaking(locale, ["status"], in: b)
        XCTAssertEqual(status.status, 0, status.stderr)
        check(LanguageLeaks.ours(status.stdout + status.stderr, notOurs: notOurs), "status")

        let show = try speaking(locale, ["show", "5"], in: b)
        XCTAssertEqual(show.status, 0, show.stderr)
        check(LanguageLeaks.ours(show.stdout + show.stderr, notOurs: notOurs), "show")

        let resolve = try speaking(locale, ["resolve", "05", "m1.note", "--keep"], in: b)
        XCTAssertEqual(resolve.status, 0, resolve.stderr)
        check(LanguageLeaks.ours(resolve.stdout + resolve.stderr, notOurs: notOurs), "resolve")
        XCTAssertEqual(LanguageLeaks.strings(inJSON: try speaking(locale, ["conflicts", "--json"], in: b).stdout), [], "settled")

        // A refused edit: the frame and the workspace's words of the refusal, in full.
        let refusedEdit = try speaking(locale, ["milestone", "set", "05", "m9", "--note", "x"], in: b)
        XCTAssertNotEqual(refusedEdit.status, 0)
        check(refusedEdit.stderr, "refused edit")

        let refused = try speaking(locale, ["resolve", "05", "m1.note"], in: b)
        XCTAssertEqual(refused.status, 64, refused.stderr)
        check(refused.stderr, "resolve without a choice")

        let broken = b + "/commitments/02/progress.yaml"
        try (try String(contentsOfFile: broken, encoding: .utf8) + "humeur: 1\n").write(toFile: broken, atomically: true, encoding: .utf8)
        let validate = try speaking(locale, ["validate", "commitments/02/progress.yaml"], in: b)
        XCTAssertEqual(validate.status, 65, validate.stderr)
        check(LanguageLeaks.ours(validate.stdout + validate.stderr), "validate")
        let afterEdit = try speaking(locale, ["status"], in: b)
        check(LanguageLeaks.ours(afterEdit.stdout + afterEdit.stderr, notOurs: notOurs), "status with an invalid file")
    }

    func testAFrenchDayHasNoEnglishInTheCLIsOwnWords() throws {
        var seen: [String: String] = [:]
        try journey("fr_FR.UTF-8") { text, what in
            seen[what] = text
            assertNoEnglish(text, what)
        }
        XCTAssertTrue(seen["conflicts"]?.contains("1 conflit à régler") == true, seen["conflicts"] ?? "")
        XCTAssertTrue(seen["conflicts"]?.contains("gardée\u{A0}: ") == true, seen["conflicts"] ?? "")
        XCTAssertTrue(seen["status"]?.contains("étapes clés") == true, seen["status"] ?? "")
        XCTAssertTrue(seen["status"]?.contains("[1 conflit à régler]") == true, seen["status"] ?? "")
        XCTAssertTrue(seen["show"]?.contains("Niveau d'achèvement\u{A0}:") == true, seen["show"] ?? "")
        XCTAssertTrue(seen["show"]?.contains("du 1er septembre 2025 au 30 juin 2027") == true, seen["show"] ?? "")
        XCTAssertTrue(seen["show"]?.contains("aujourd'hui, ") == true, seen["show"] ?? "")
        XCTAssertTrue(seen["resolve"]?.contains("valeur actuelle gardée") == true, seen["resolve"] ?? "")
        XCTAssertTrue(seen["resolve without a choice"]?.contains("indiquez la valeur à garder") == true, seen["resolve without a choice"] ?? "")
        XCTAssertTrue(seen["validate"]?.contains("1 erreur, 0 avertissement dans 60 fichiers") == true, seen["validate"] ?? "")
        XCTAssertTrue(seen["refused edit"]?.hasPrefix("carnet\u{A0}: erreur\u{A0}: l'engagement 05 n'a pas d'étape clé") == true, seen["refused edit"] ?? "")
        XCTAssertTrue(seen["status with an invalid file"]?.contains("NON VALIDE") == true, seen["status with an invalid file"] ?? "")
    }

    func testAnEnglishDayHasNoFrenchInTheCLIsOwnWords() throws {
        var seen: [String: String] = [:]
        try journey("en_GB.UTF-8") { text, what in
            seen[what] = text
            assertNoFrench(text, what)
        }
        XCTAssertTrue(seen["conflicts"]?.contains("1 conflict to settle") == true, seen["conflicts"] ?? "")
        XCTAssertTrue(seen["show"]?.contains("1 September 2025 to 30 June 2027") == true, seen["show"] ?? "")
        XCTAssertTrue(seen["validate"]?.contains("1 error, 0 warnings in 60 records") == true, seen["validate"] ?? "")
    }

    /// --lang beats CARNET_LANG beats the copy's setting beats the locale beats the plan: each
    /// step changes the language, so each source is seen to win over the next.
    func testTheLanguageIsChosenInTheDocumentedOrder() throws {
        let plan = try samplePlan()
        // The plan speaks English first here (uncommitted: the choice reads the files).
        let planFile = plan + "/plan.yaml"
        try (try String(contentsOfFile: planFile, encoding: .utf8)).replacingOccurrences(of: "  - fr\n  - en\n", with: "  - en\n  - fr\n")
            .write(toFile: planFile, atomically: true, encoding: .utf8)
        func ask(_ locale: String, _ extra: [String: String] = [:], _ flag: [String] = []) throws -> String {
            let result = try speaking(locale, ["language"] + flag, in: plan, extra: extra)
            XCTAssertEqual(result.status, 0, result.stderr)
            return result.stdout
        }
        XCTAssertTrue(try ask("C").contains("This copy's messages are in English (en), chosen by the plan's first language"))
        XCTAssertTrue(try ask("fr_FR.UTF-8").contains("Les messages de cette copie sont en français (fr), choisi par la langue du système"))

        let set = try speaking("fr_FR.UTF-8", ["language", "en"], in: plan)
        XCTAssertEqual(set.status, 0, set.stderr)
        XCTAssertEqual(set.stdout, "Messages in this copy are now in English.\n")
        XCTAssertEqual(try git("config", "carnet.language", in: plan), "en\n")
        XCTAssertTrue(try ask("fr_FR.UTF-8").contains("English (en), chosen by this copy's setting"))
        XCTAssertTrue(try ask("fr_FR.UTF-8", ["CARNET_LANG": "fr"]).contains("français (fr), choisi par la variable CARNET_LANG"))
        XCTAssertTrue(try ask("fr_FR.UTF-8", ["CARNET_LANG": "fr"], ["--lang", "en"]).contains("English (en), chosen by the --lang option"))
        // The choice reaches every command, and the parser's own words.
        let status = try speaking("C", ["status", "--lang", "fr"], in: plan)
        XCTAssertTrue(status.stdout.contains("Auteur\u{A0}: "), status.stdout)
        XCTAssertTrue(try speaking("C", ["status", "--bogus"], in: plan, extra: ["CARNET_LANG": "fr"]).stderr.hasPrefix("Erreur\u{A0}: "))
        // A language Carnet does not speak: passed over for messages, refused as a setting.
        XCTAssertTrue(try ask("de_DE.UTF-8", ["CARNET_LANG": "de"]).contains("English (en), chosen by this copy's setting"))
        let unknown = try speaking("fr_FR.UTF-8", ["language", "de"], in: plan)
        XCTAssertEqual(unknown.status, 64)
        XCTAssertTrue(unknown.stderr.contains("Carnet does not speak 'de': use one of en, fr."), unknown.stderr)
        XCTAssertEqual(try git("config", "carnet.language", in: plan), "en\n")
    }

    /// Days said as a person says them: aujourd'hui, hier, il y a 3 jours; 3 days ago.
    func testStatusSaysWhenTheLastSyncWasInWords() throws {
        let (a, _) = try twoCopies()
        let calendar = Calendar(identifier: .gregorian)
        for (daysAgo, french, english) in [(1, "hier, ", "yesterday, "), (3, "il y a 3 jours, ", "3 days ago, ")] {
            let noon = calendar.date(bySettingHour: 12, minute: 0, second: 0, of: Date())!
            let at = ISO8601DateFormatter().string(from: calendar.date(byAdding: .day, value: -daysAgo, to: noon)!)
            try #"{"at":"\#(at)","result":"in-sync","exitCode":0,"summary":""}"#
                .write(toFile: a + "/.git/carnet-last-sync.json", atomically: true, encoding: .utf8)
            let fr = try speaking("fr_FR.UTF-8", ["status"], in: a).stdout
            XCTAssertTrue(fr.contains("dernière synchronisation\u{A0}: " + french), fr)
            XCTAssertTrue(fr.contains("— synchronisé (code de sortie 0)"), fr)
            let en = try speaking("en_GB.UTF-8", ["status"], in: a).stdout
            XCTAssertTrue(en.contains("last sync: " + english), en)
        }
    }
}
