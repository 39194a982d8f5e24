import Foundation
import TestSupport
import XCTest

/// The point of contact's definitions in the web app (docs/WEB.md, "Definitions"): a commitment's
/// definition and an organisation, each save one commit or refused next to its field with
/// nothing written; a ministry's copy is refused the pages.
final class WebDefinitionTests: WebTestCase {
    private func commits() throws -> Int { Int(try git("rev-list", "--count", "HEAD"))! }

    private func form(_ path: String) throws -> (csrf: String, version: String, body: String) {
        let page = try server.get(path)
        XCTAssertEqual(page.status, 200, page.body)
        return (try XCTUnwrap(hiddenValue("csrf", in: page.body)), try XCTUnwrap(hiddenValue("version", in: page.body)), page.body)
    }

    func testThePointOfContactChangesACommitmentsDefinitionInOneCommit() throws {
        try start()
        XCTAssertTrue(try server.get("/c/01").body.contains("href=\"/c/01/define\""), "the commitment's page links to its definition")
        let (csrf, version, body) = try form("/c/01/define")
        XCTAssertTrue(body.contains("Budget citoyen et données budgétaires ouvertes"), "texts in the plan's first language")
        let before = try commits()
        let saved = try server.post("/c/01/define", [
            ("csrf", csrf), ("version", version),
            ("title", "Budget citoyen ouvert"), ("code", "VAL-01"), ("m.m1.end", "2026-12"),
            ("new.activity", "Former les journalistes à lire le budget."), ("new.start", "2027-01"), ("new.end", "2027-03"),
            ("new.lead", "min-justice"),
        ])
        XCTAssertEqual(saved.status, 303, saved.body)
        XCTAssertEqual(saved.header("Location"), "/c/01/define?saved=1")
        XCTAssertEqual(try commits(), before + 1, "one commit")
        XCTAssertEqual(try git("status", "--porcelain"), "", "everything written is committed")
        XCTAssertEqual(try git("diff", "--name-only", "HEAD~1", "HEAD"), "commitments/01/commitment.yaml")
        // The oracle: the record as carnet reads it, and carnet validate on the copy.
        let shown = try carnet("show", "-C", plan, "01", "--json")
        XCTAssertEqual(shown.status, 0, shown.stderr)
        let yaml = try String(contentsOfFile: plan + "/commitments/01/commitment.yaml", encoding: .utf8)
        XCTAssertTrue(yaml.contains("fr: \"Budget citoyen ouvert\""), yaml)
        XCTAssertTrue(yaml.contains("en: \"Citizens' budget and open budget data\""), "the English title is kept: \(yaml)")
        XCTAssertTrue(yaml.contains("code: \"VAL-01\""), yaml)
        XCTAssertTrue(yaml.contains("Former les journalistes à lire le budget."), yaml)
        XCTAssertTrue(yaml.contains("lead_agency: min-justice"), yaml)
        let valid = try carnet("validate", plan)
        XCTAssertEqual(valid.status, 0, valid.stdout + valid.stderr)
        XCTAssertTrue(try server.get("/c/01/define?saved=1").body.contains("Definition saved."))
    }

    func testARefusedDefinitionShowsTheMessageNextToItsFieldAndWritesNothing() throws {
        try start()
        let (csrf, version, _) = try form("/c/01/define")
        let before = try git("rev-parse", "HEAD")
        let yaml = try String(contentsOfFile: plan + "/commitments/01/commitment.yaml", encoding: .utf8)
        let refused = try server.post("/c/01/define", [("csrf", csrf), ("version", version), ("lead", "nobody-at-all"), ("title", "Nouveau titre")])
        XCTAssertEqual(refused.status, 422, refused.body)
        let lead = try XCTUnwrap(refused.body.range(of: "id=\"def-lead-error\""), "the validator's message is next to the lead agency: \(refused.body)")
        XCTAssertTrue(refused.body[lead.upperBound...].prefix(400).contains("nobody-at-all"), String(refused.body[lead.upperBound...].prefix(400)))
        XCTAssertTrue(refused.body.contains("aria-invalid=\"true\""))
        XCTAssertTrue(refused.body.contains("Nouveau titre"), "what was typed is kept in the form")
        // A value the form checks itself: an empty title, a date that is no date.
        let checked = try server.post("/c/01/define", [("csrf", csrf), ("version", version), ("title", " "), ("start", "soon")])
        XCTAssertEqual(checked.status, 422)
        XCTAssertTrue(checked.body.contains("id=\"def-title-error\""), checked.body)
        XCTAssertTrue(checked.body.contains("id=\"def-start-error\""), checked.body)
        XCTAssertEqual(try git("rev-parse", "HEAD"), before, "nothing committed")
        XCTAssertEqual(try String(contentsOfFile: plan + "/commitments/01/commitment.yaml", encoding: .utf8), yaml, "nothing written")
    }

    func testADefinitionChangedSinceTheFormWasLoadedIsNotOverwritten() throws {
        try start()
        let (csrf, version, _) = try form("/c/01/define")
        // A text editor changes the file meanwhile (not committed).
        let path = plan + "/commitments/01/commitment.yaml"
        let edited = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "lead_agency: min-finances", with: "lead_agency: min-numerique")
        try edited.write(toFile: path, atomically: true, encoding: .utf8)
        let before = try git("rev-parse", "HEAD")
        let answer = try server.post("/c/01/define", [("csrf", csrf), ("version", version), ("title", "Titre de la personne")])
        XCTAssertEqual(answer.status, 409, answer.body)
        XCTAssertTrue(answer.body.contains("since you opened the page"), answer.body)
        XCTAssertTrue(answer.body.contains("Titre de la personne"), "what the person typed is shown beside the form")
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), edited, "the editor's change is kept")
        XCTAssertEqual(try git("rev-parse", "HEAD"), before)
    }

    func testThePointOfContactChangesAnOrganisationsParentAndName() throws {
        try start()
        XCTAssertTrue(try server.get("/organisations").body.contains("href=\"/organisations/ins\""))
        let (csrf, version, _) = try form("/organisations/ins")
        let before = try commits()
        let saved = try server.post("/organisations/ins", [("csrf", csrf), ("version", version),
                                                           ("name", "Institut national de la statistique et des études"), ("parent", "min-finances")])
        XCTAssertEqual(saved.status, 303, saved.body)
        XCTAssertEqual(try commits(), before + 1)
        XCTAssertEqual(try git("diff", "--name-only", "HEAD~1", "HEAD"), "ministries/ins.yaml")
        let yaml = try String(contentsOfFile: plan + "/ministries/ins.yaml", encoding: .utf8)
        XCTAssertTrue(yaml.contains("parent: min-finances"), yaml)
        XCTAssertTrue(yaml.contains("Institut national de la statistique et des études"), yaml)
        let valid = try carnet("validate", plan)
        XCTAssertEqual(valid.status, 0, valid.stdout + valid.stderr)

        // An organisation as its own grandparent is refused, next to the field, with nothing written.
        let again = try form("/organisations/min-finances")
        let head = try git("rev-parse", "HEAD")
        let loop = try server.post("/organisations/min-finances", [("csrf", again.csrf), ("version", again.version),
                                                                   ("name", "Ministère des Finances"), ("parent", "ins")])
        XCTAssertEqual(loop.status, 422, loop.body)
        XCTAssertTrue(loop.body.contains("id=\"org-parent-error\"") || loop.body.contains("class=\"problems\""), loop.body)
        XCTAssertEqual(try git("rev-parse", "HEAD"), head)
        XCTAssertEqual(try git("status", "--porcelain"), "")
    }

    func testAMinistrysCopyIsRefusedTheDefinitionPages() throws {
        let hub = work.path + "/hub.git"
        XCTAssertEqual(try carnet("hub", "init", hub, "--from", plan).status, 0)
        let clone = try Shell.run([RepositoryPaths.carnetBinary, "clone", hub, "terres", "--ministry", "autorite-terres"], in: work.path, environment: [
            "HOME": home.path, "XDG_CONFIG_HOME": home.path + "/config", "GIT_CONFIG_NOSYSTEM": "1", "CARNET_TODAY": "2026-11-27",
        ])
        XCTAssertEqual(clone.status, 0, clone.stderr)
        plan = work.path + "/terres"
        XCTAssertEqual(try carnet("whoami", "-C", plan, "--name", "Rosine", "--email", "rosine@terres.example").status, 0)
        try start()
        XCTAssertFalse(try server.get("/c/01").body.contains("/c/01/define"), "no link in a ministry's copy")
        XCTAssertFalse(try server.get("/").body.contains("href=\"/organisations\""))
        for path in ["/c/01/define", "/organisations", "/organisations/autorite-terres"] {
            let answer = try server.get(path)
            XCTAssertEqual(answer.status, 403, path)
            XCTAssertTrue(answer.body.contains("for the point of contact"), answer.body)
        }
        let csrf = try XCTUnwrap(hiddenValue("csrf", in: try server.get("/c/01").body))
        let before = try git("rev-parse", "HEAD")
        for path in ["/c/01/define", "/organisations/autorite-terres"] {
            let answer = try server.post(path, [("csrf", csrf), ("version", "x"), ("title", "Pris"), ("name", "Pris")])
            XCTAssertEqual(answer.status, 403, path)
        }
        XCTAssertEqual(try git("rev-parse", "HEAD"), before)
    }
}

/// My commitments for a parent organisation (issue 14's web leftover): when the plan says
/// `parents_write_for_units`, the Treasury's page lists what its unit, the procurement office,
/// leads — as the one access rule lets it write — and not otherwise.
final class WebParentUnitsTests: WebTestCase {
    private func northmere(parentsWrite: Bool) throws {
        plan = work.path + "/northmere"
        try FileManager.default.copyItem(atPath: RepositoryPaths.root().appendingPathComponent("Samples/northmere").path, toPath: plan)
        // 02 is the Cabinet Office's; its m3 goes to the Treasury's unit for this test.
        let file = plan + "/commitments/02/commitment.yaml"
        try (try String(contentsOfFile: file, encoding: .utf8)).replacingOccurrences(of: "  - id: m3\n", with: "  - id: m3\n    lead_agency: procurement-office\n")
            .write(toFile: file, atomically: true, encoding: .utf8)
        if !parentsWrite {
            let planFile = plan + "/plan.yaml"
            try (try String(contentsOfFile: planFile, encoding: .utf8)).replacingOccurrences(of: "parents_write_for_units: true\n", with: "")
                .write(toFile: planFile, atomically: true, encoding: .utf8)
        }
        _ = try git("init", "-q", "-b", "main")
        _ = try git("-c", "user.name=Ingrid", "-c", "user.email=ingrid@cabinet.northmere.example", "add", "-A")
        _ = try git("-c", "user.name=Ingrid", "-c", "user.email=ingrid@cabinet.northmere.example", "commit", "-q", "-m", "Northmere")
        _ = try git("config", "carnet.role", "ministry")
        _ = try git("config", "carnet.ministry", "treasury")
        XCTAssertEqual(try carnet("whoami", "-C", plan, "--name", "Ingrid", "--email", "ingrid@treasury.northmere.example").status, 0)
    }

    func testAParentListsItsUnitsCommitmentsWhenThePlanLetsItWriteForThem() throws {
        try northmere(parentsWrite: true)
        try start()
        let page = try server.get("/")
        XCTAssertEqual(page.status, 200, page.body)
        XCTAssertTrue(page.body.contains("href=\"/c/01\""), "its own commitment")
        XCTAssertTrue(page.body.contains("href=\"/c/02\""), "its unit leads a milestone of 02: \(page.body)")
        XCTAssertFalse(page.body.contains("href=\"/c/03\""), "03 is neither its own nor its unit's")
        // The oracle: the CLI's guardrails let it write there.
        let set = try carnet("milestone", "set", "-C", plan, "02", "m3", "--note", "Pour notre office des marchés")
        XCTAssertEqual(set.status, 0, set.stderr)
    }

    func testWithoutThePlansWordAParentListsOnlyItsOwn() throws {
        try northmere(parentsWrite: false)
        try start()
        let page = try server.get("/").body
        XCTAssertTrue(page.contains("href=\"/c/01\""))
        XCTAssertFalse(page.contains("href=\"/c/02\""), page)
        let set = try carnet("milestone", "set", "-C", plan, "02", "m3", "--note", "Non")
        XCTAssertNotEqual(set.status, 0, "the CLI refuses it too")
    }
}
